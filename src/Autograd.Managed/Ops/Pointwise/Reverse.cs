using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd.Ops
{
    /// <summary>scalar - tensor and scalar / tensor (PyTorch's rsub and reciprocal-multiply).</summary>
    internal static class Reverse
    {
        internal static Tensor Sub(Scalar s, Tensor x)
        {
            ScalarType t = ResultType(x, s);
            if (t == ScalarType.Bool)
                throw new ArgumentException(
                    "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use " +
                    "the `~` or `logical_not()` operator instead.");
            Tensor result = Binary(AgnBinaryOp.Sub, ScalarTensor(s, t), x, t, t);
            if (Graph.Needs(x)) Graph.Connect(new RsubBackward1(), result, x);
            return result;
        }

        internal static Tensor Div(Scalar s, Tensor x)
        {
            ScalarType t = ResultType(x, s);
            if (!DType.IsFloating(t)) t = ScalarType.Float32;
            Tensor result = Binary(AgnBinaryOp.Div, ScalarTensor(s, t), x, t, t);
            if (Graph.Needs(x)) Graph.Connect(new DivScalarBaseBackward(s.Value) { Self = new SavedTensor(x) }, result, x);
            return result;
        }
    }

    // d(s - x)/dx = -grad
    internal sealed class RsubBackward1 : Node
    {
        public override string name() => "RsubBackward1";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => DiagonalJvp(t);
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.neg()];
    }

    // d(s / x)/dx = -grad * s / x^2   (PyTorch records s / x as s * x.reciprocal(): MulBackward0 over ReciprocalBackward0;
    // we keep one node and name it after the multiply, which is what the user sees on the result)
    internal sealed class DivScalarBaseBackward(double s) : Node
    {
        internal SavedTensor Self;
        public override string name() => "MulBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => DiagonalJvp(t);
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor x = Self.Unpack(this);
            return [g[0]!.mul(-s).div(x.mul(x))];
        }
        internal override void ReleaseVariables() => Self.Release();
    }
}
