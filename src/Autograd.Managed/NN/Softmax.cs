namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>exp(x) / sum(exp(x)) along <paramref name="dim"/>, computed stably (max subtracted).
            /// With <paramref name="dtype"/> the input is converted first (the gradient flows back through the
            /// conversion). Integer inputs need a floating <paramref name="dtype"/>, as in PyTorch.</summary>
            /// <exception cref="IndexOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
            public Tensor softmax(long dim, ScalarType? dtype = null) => Ops.SoftmaxOps.Run(this, dim, dtype, log: false);
            /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed as x - max - log(sum(exp(x - max))).</summary>
            /// <exception cref="IndexOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
            public Tensor log_softmax(long dim, ScalarType? dtype = null) => Ops.SoftmaxOps.Run(this, dim, dtype, log: true);
        }
    }

    public static partial class torch
    {
        /// <summary>Softmax of input along dim; see <see cref="Tensor.softmax(long, ScalarType?)"/>.</summary>
        public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) => input.softmax(dim, dtype);
        /// <summary>Softmax of input along dim (TorchSharp's int-dim form).</summary>
        public static Tensor softmax(Tensor input, int dim, ScalarType? dtype = null) => input.softmax(dim, dtype);
        /// <summary>Log-softmax of input along dim; see <see cref="Tensor.log_softmax(long, ScalarType?)"/>.</summary>
        public static Tensor log_softmax(Tensor input, long dim, ScalarType? dtype = null) => input.log_softmax(dim, dtype);

        /// <summary>PyTorch's <c>torch.nn</c>: functional forms and loss options.</summary>
        public static partial class nn
        {
            /// <summary>PyTorch's <c>torch.nn.functional</c>: activations and losses as functions.</summary>
            public static partial class functional
            {
                /// <summary>Softmax of input along dim; see <see cref="Tensor.softmax(long, ScalarType?)"/>.</summary>
                public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) => input.softmax(dim, dtype);
                /// <summary>Log-softmax of x along dim; see <see cref="Tensor.log_softmax(long, ScalarType?)"/>.</summary>
                public static Tensor log_softmax(Tensor x, long dim, ScalarType? dtype = null) => x.log_softmax(dim, dtype);
            }
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>softmax and log_softmax on the native kernel, with a fused backward.</summary>
    internal static class SoftmaxOps
    {
        internal static Tensor Run(Tensor x, long dim, ScalarType? dtype, bool log)
        {
            int d = Shape.WrapDim(dim, x._shape.Length);
            if (dtype is ScalarType t)
            {
                if (!DType.IsFloating(t)) throw Unsupported(log, t);
                x = x.to(t);
            }
            if (!DType.IsFloating(x._dtype)) throw Unsupported(log, x._dtype);
            // the kernel wants at least one dim; a 0-d tensor is a 1-element row
            Tensor input = x._shape.Length == 0 ? new Tensor(x._storage, [1], [1], x._offset, x._dtype) : x;
            Tensor result = Tensor.Empty(input._shape, input._dtype);
            if (result._numel > 0) Kernels.Softmax(input, d, log, result);
            if (x._shape.Length == 0) result = new Tensor(result._storage, [], [], 0, result._dtype);
            if (Graph.Needs(x)) Graph.Connect(new SoftmaxBackward(log, d) { Result = new SavedTensor(result) }, result, x);
            return result;
        }

        private static NotSupportedException Unsupported(bool log, ScalarType t) =>
            new($"\"{(log ? "log_softmax_lastdim_kernel_impl" : "softmax_lastdim_kernel_impl")}\" not implemented for " +
                $"'{DType.ShortName(t)}'");

        /// <summary>The composite (differentiable) form of the softmax backward, used under create_graph:
        /// softmax: y * (g - sum(g * y)); log_softmax: g - exp(y) * sum(g).</summary>
        internal static Tensor BackwardComposite(Tensor g, Tensor y, int dim, bool log)
        {
            if (y._shape.Length == 0) return log ? g.sub(y.exp().mul(g)) : y.mul(g.sub(g.mul(y)));
            return log ? g.sub(y.exp().mul(g.sum(dim, keepdim: true)))
                       : y.mul(g.sub(g.mul(y).sum(dim, keepdim: true)));
        }
    }

    // d(softmax x)/dx = y * (grad - sum(grad * y, dim));  d(log_softmax x)/dx = grad - exp(y) * sum(grad, dim)
    internal sealed class SoftmaxBackward(bool log, int dim) : Node
    {
        internal SavedTensor Result;
        public override string name() => log ? "LogSoftmaxBackward0" : "SoftmaxBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0] is { } v ? Tangent(v.to(y[0]._dtype), y[0]) : null];

        // d softmax = y (t - Σ y t); d log_softmax = t - Σ softmax·t, the sums over dim
        private Tensor Tangent(Tensor t, Tensor y) =>
            log ? t.sub(y.exp().mul(t).sum(dim, keepdim: true)) : y.mul(t.sub(y.mul(t).sum(dim, keepdim: true)));
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor y = Result.Unpack(this), grad = g[0]!;
            if (grad._dtype != y._dtype) grad = grad.to(y._dtype);
            // Under create_graph the gradient must itself carry history: use differentiable ops. Otherwise
            // the fused kernel does it in one pass.
            if (GradMode.IsEnabled || y._shape.Length == 0) return [SoftmaxOps.BackwardComposite(grad, y, dim, log)];
            Tensor result = Tensor.Empty(y._shape, y._dtype);
            if (result._numel > 0)
            {
                long[] gs = Shape.SameShape(grad._shape, y._shape) ? grad._strides
                    : Shape.ExpandStrides(grad._shape, grad._strides, y._shape);
                Tensor gv = new(grad._storage, y._shape, gs, grad._offset, grad._dtype);
                Kernels.SoftmaxBackward(gv, y, dim, log, result);
            }
            return [result];
        }
        // Note [Batched backward]: the composite form, its sums over dim counted from the end so the batch dim is skipped
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch)
        {
            Tensor y = Result.Unpack(this), grad = g[0]!;
            return [SoftmaxOps.BackwardComposite(grad._dtype == y._dtype ? grad : grad.to(y._dtype), y, dim - y._shape.Length, log)];
        }
        internal override void ReleaseVariables() => Result.Release();
    }
}
