namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>log(sum(exp(this))) over <paramref name="dim"/>, computed stably (the max is subtracted
            /// first); an empty extent gives -inf.</summary>
            public Tensor logsumexp(long dim, bool keepdim = false) => Ops.Reduction.LogSumExp(this, [dim], keepdim);
            /// <summary>log(sum(exp(this))) over several dims.</summary>
            public Tensor logsumexp(long[] dims, bool keepdim = false) => Ops.Reduction.LogSumExp(this, dims, keepdim);
            /// <summary>The p-norm of all elements, (Σ|x|^p)^(1/p); p = 2 by default, ±infinity gives max/min |x|,
            /// 0 counts nonzeros. The gradient at a zero norm is 0.</summary>
            public Tensor norm(float p = 2) => Ops.Reduction.Norm(this, p, null, false);
            /// <summary>The p-norm along <paramref name="dim"/>.</summary>
            public Tensor norm(int dim, bool keepdim = false, float p = 2) => Ops.Reduction.Norm(this, p, [dim], keepdim);
        }
    }

    public static partial class torch
    {
        /// <summary>input.logsumexp(dim, keepdim).</summary>
        public static Tensor logsumexp(Tensor input, long dim, bool keepdim = false) => input.logsumexp(dim, keepdim);
        /// <summary>input.norm(p).</summary>
        public static Tensor norm(Tensor input, float p = 2) => input.norm(p);
        /// <summary>input.norm(dimension, keepdim, p).</summary>
        public static Tensor norm(Tensor input, int dimension, bool keepdim = false, float p = 2) => input.norm(dimension, keepdim, p);

        /// <summary>PyTorch's torch.linalg (the vector norm lives here; other members elsewhere).</summary>
        public static partial class linalg
        {
            /// <summary>The <paramref name="ord"/>-norm over <paramref name="dims"/> (all when null) of the
            /// input seen as a vector.</summary>
            public static Tensor vector_norm(Tensor input, double ord = 2, long[]? dims = null, bool keepdim = false) =>
                Ops.Reduction.Norm(input, ord, dims, keepdim);
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>logsumexp and the vector p-norm.</summary>
    internal static partial class Reduction
    {
        internal static Tensor LogSumExp(Tensor x, long[] dims, bool keepdim)
        {
            Tensor input = Elementwise.AsFloating(x);
            bool[] mask = ReducedMask(input, dims);
            long[] reduced = MaskDims(mask);
            var (_, final) = Shapes(input, mask, keepdim);
            Tensor result;
            using (torch.no_grad())
            {
                if (input._numel == 0)
                    result = input.exp().sum(reduced, keepdim).log();
                else
                {
                    // shifting by an infinite max would give inf - inf: shift by 0 there instead
                    Tensor m = input.amax(reduced, keepdim: true);
                    Tensor infinite = m.eq(double.PositiveInfinity).logical_or(m.eq(double.NegativeInfinity));
                    m = torch.where(infinite, torch.zeros_like(m), m);
                    result = input.sub(m).exp().sum(reduced, keepdim: true).log().add(m).reshape(final);
                }
            }
            if (Graph.Needs(input))
            {
                var node = Graph.Connect(new LogsumexpBackward0(mask, keepdim), result, input);
                node.Self = new SavedTensor(input);
                node.Result = new SavedTensor(result);
            }
            return result;
        }

        internal static Tensor Norm(Tensor x, double p, long[]? dims, bool keepdim)
        {
            if (!DType.IsFloating(x._dtype))
                throw new ArgumentException("linalg.vector_norm: Expected a floating point or complex tensor as input. Got " +
                                            $"{DType.ShortName(x._dtype)}");
            bool[] mask = ReducedMask(x, dims);
            long[] reduced = MaskDims(mask);
            Tensor result;
            using (torch.no_grad())
            {
                Tensor a = x.abs();
                result = p switch
                {
                    2 => x.mul(x).sum(reduced, keepdim).sqrt(),
                    1 => a.sum(reduced, keepdim),
                    0 => x.ne(0).to(x._dtype).sum(reduced, keepdim),
                    double.PositiveInfinity => a.amax(reduced, keepdim),
                    double.NegativeInfinity => a.amin(reduced, keepdim),
                    _ => a.pow(p).sum(reduced, keepdim).pow(1.0 / p),
                };
            }
            if (Graph.Needs(x))
            {
                var node = Graph.Connect(new NormBackward(p, mask, keepdim), result, x);
                node.Self = new SavedTensor(x);
                node.Result = new SavedTensor(result);
            }
            return result;
        }
    }

    // d(logsumexp x)/dx = grad * exp(x - result)
    internal sealed class LogsumexpBackward0(bool[] mask, bool keepdim) : Node
    {
        internal SavedTensor Self, Result;
        public override string name() => "LogsumexpBackward0";
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [t[0] is { } v ? Reduction.ReduceTangent(v.mul(x[0].sub(Reduction.ExpandBack(y[0], mask, keepdim, x[0]._shape)).exp()), mask,
                                                     keepdim, y[0]._shape) : null];
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            long[] shape = _inputs[0].Shape;
            Tensor result = Reduction.ExpandBack(Result.Unpack(this), mask, keepdim, shape);
            return [Reduction.ExpandBack(g[0]!, mask, keepdim, shape).mul(Self.Unpack(this).sub(result).exp())];
        }
        internal override void ReleaseVariables() { Self.Release(); Result.Release(); }
    }

    // d||x||_p/dx = x |x|^(p-2) / ||x||^(p-1) * grad (p=2: x / ||x||; p=1: sgn x; p=inf: sgn x split
    // evenly among the maxima); 0 where the norm is 0 (PyTorch's norm_backward). The JVP is the same factor times
    // the tangent, summed over the reduced dims (PyTorch's norm_jvp).
    internal sealed class NormBackward(double p, bool[] mask, bool keepdim) : Node
    {
        internal SavedTensor Self, Result;
        public override string name() => "LinalgVectorNormBackward0";
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [t[0] is { } v ? Reduction.ReduceTangent(Scaled(x[0], Reduction.ExpandBack(y[0], mask, keepdim, x[0]._shape), v), mask, keepdim,
                                                     y[0]._shape) : null];
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            long[] shape = _inputs[0].Shape;
            Tensor norm = Reduction.ExpandBack(Result.Unpack(this), mask, keepdim, shape);
            return [Scaled(Self.Unpack(this), norm, Reduction.ExpandBack(g[0]!, mask, keepdim, shape))];
        }

        // the derivative times grad, element by element (norm and grad broadcast to x's shape)
        private Tensor Scaled(Tensor x, Tensor norm, Tensor grad)
        {
            if (p == 0) return torch.zeros_like(x);
            if (p == 1) return x.sign().mul(grad);
            if (double.IsInfinity(p))
            {
                Tensor hit = x.abs().eq(norm);
                Tensor count = hit.to(x._dtype).sum(Reduction.MaskDims(mask), keepdim: true);
                return x.sign().mul(torch.where(hit, grad.div(count), torch.zeros_like(grad)));
            }
            Tensor scaled = p == 2 ? x.div(norm) : x.mul(x.abs().pow(p - 2)).div(norm.pow(p - 1));
            return torch.where(norm.eq(0), torch.zeros_like(x), scaled.mul(grad));
        }
        internal override void ReleaseVariables() { Self.Release(); Result.Release(); }
    }
}
