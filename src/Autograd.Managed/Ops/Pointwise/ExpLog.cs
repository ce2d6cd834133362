using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>e ** this (integer inputs compute in float32).</summary>
            public Tensor exp() => Ops.ExpLog.Exp(this);
            /// <summary>Natural logarithm (log of a negative number is NaN, of 0 is -inf).</summary>
            public Tensor log() => Ops.ExpLog.Log(this);
        }
    }

    public static partial class torch
    {
        /// <summary>e ** input.</summary>
        public static Tensor exp(Tensor input) => input.exp();
        /// <summary>Natural logarithm of input.</summary>
        public static Tensor log(Tensor input) => input.log();
    }
}

namespace Autograd.Ops
{
    /// <summary>exp and log.</summary>
    internal static class ExpLog
    {
        internal static Tensor Exp(Tensor x)
        {
            Tensor result = Unary(AgnUnaryOp.Exp, AsFloating(x));
            if (Graph.Needs(x)) Graph.Connect(new ExpBackward0 { Result = new SavedTensor(result) }, result, x);
            return result;
        }

        internal static Tensor Log(Tensor x)
        {
            Tensor result = Unary(AgnUnaryOp.Log, AsFloating(x));
            if (Graph.Needs(x)) Graph.Connect(new LogBackward0 { Self = new SavedTensor(x) }, result, x);
            return result;
        }
    }

    // d(exp x)/dx = grad * exp(x)
    internal sealed class ExpBackward0 : Node
    {
        internal SavedTensor Result;
        public override string name() => "ExpBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => DiagonalJvp(t);
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.mul(Result.Unpack(this))];
        internal override void ReleaseVariables() => Result.Release();
    }

    // d(log x)/dx = grad / x
    internal sealed class LogBackward0 : Node
    {
        internal SavedTensor Self;
        public override string name() => "LogBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => DiagonalJvp(t);
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.div(Self.Unpack(this))];
        internal override void ReleaseVariables() => Self.Release();
    }
}
