using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Elementwise maximum of this and other, broadcast; NaN propagates. On ties the gradient
            /// is split evenly between the two inputs, as in PyTorch.</summary>
            public Tensor maximum(Tensor other) => Ops.MinMax.Run(this, other, max: true);
            /// <summary>Elementwise minimum of this and other, broadcast; NaN propagates. On ties the gradient
            /// is split evenly between the two inputs, as in PyTorch.</summary>
            public Tensor minimum(Tensor other) => Ops.MinMax.Run(this, other, max: false);
        }
    }

    public static partial class torch
    {
        /// <summary>Elementwise maximum of input and other; see <see cref="Tensor.maximum(Tensor)"/>.</summary>
        public static Tensor maximum(Tensor input, Tensor other) => input.maximum(other);
        /// <summary>Elementwise minimum of input and other; see <see cref="Tensor.minimum(Tensor)"/>.</summary>
        public static Tensor minimum(Tensor input, Tensor other) => input.minimum(other);
    }
}

namespace Autograd.Ops
{
    /// <summary>maximum and minimum of two tensors.</summary>
    internal static class MinMax
    {
        internal static Tensor Run(Tensor a, Tensor b, bool max)
        {
            ScalarType t = ResultType(a, b);
            Tensor result = Binary(max ? AgnBinaryOp.Maximum : AgnBinaryOp.Minimum, a, b, t, t);
            if (Graph.Needs(a, b))
                Graph.Connect(new MinMaxBackward(max) { Self = new SavedTensor(a), Other = new SavedTensor(b) }, result, a, b);
            return result;
        }
    }

    // maximum: d/da = grad where a > b, grad/2 where a == b, else 0; d/db symmetric (minimum mirrors it)
    internal sealed class MinMaxBackward(bool max) : Node
    {
        internal SavedTensor Self, Other;
        public override string name() => max ? "MaximumBackward0" : "MinimumBackward0";
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [Tangent(t[0] ?? torch.zeros_like(y[0]), t[1] ?? torch.zeros_like(y[0]), x[0], x[1])];

        // the tangent of the selected operand; the mean of both at a tie, as the backward splits
        private Tensor Tangent(Tensor ta, Tensor tb, Tensor a, Tensor b) =>
            torch.where(max ? a.gt(b) : a.lt(b), ta, torch.where(a.eq(b), ta.add(tb).div(2), tb));
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor a = Self.Unpack(this), b = Other.Unpack(this), grad = g[0]!;
            Tensor zero = torch.zeros_like(grad);
            Tensor split = torch.where(a.eq(b), grad.div(2), grad);
            Tensor? ga = NeedsInputGrad(0) ? torch.where(max ? a.lt(b) : a.gt(b), zero, split) : null;
            Tensor? gb = NeedsInputGrad(1) ? torch.where(max ? a.gt(b) : a.lt(b), zero, split) : null;
            return [ga, gb];
        }
        internal override void ReleaseVariables() { Self.Release(); Other.Release(); }
    }
}
