using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd.Ops
{
    // The derivatives of the arithmetic ops in Arithmetic.cs.

    // d(a + alpha*b)/da = grad; d/db = alpha * grad
    internal sealed class AddBackward0(double alpha) : Node
    {
        public override string name() => "AddBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0], NeedsInputGrad(1) ? (alpha == 1 ? g[0] : g[0]!.mul(alpha)) : null];
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [ForwardAD.Sum(t[0], alpha == 1 ? t[1] : t[1]?.mul(alpha))];
    }

    // d(a + s)/da = grad. (Python's `x + 2` wraps 2 in a tensor and records AddBackward0; so do we.)
    internal sealed class AddBackward1 : Node
    {
        public override string name() => "AddBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]];
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0]];
    }

    // d(a - alpha*b)/da = grad; d/db = -alpha * grad  (alpha stored negated)
    internal sealed class SubBackward0(double negAlpha) : Node
    {
        public override string name() => "SubBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Apply(Tensor?[] g) =>
            [g[0], NeedsInputGrad(1) ? (negAlpha == -1 ? g[0]!.neg() : g[0]!.mul(negAlpha)) : null];
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [ForwardAD.Sum(t[0], t[1]?.mul(negAlpha))];
    }

    // d(a - s)/da = grad
    internal sealed class SubBackward1 : Node
    {
        public override string name() => "SubBackward0"; // as Python records `x - 2`
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]];
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0]];
    }

    // d(a*b)/da = grad * b; d(a*b)/db = grad * a
    internal sealed class MulBackward0 : Node
    {
        internal SavedTensor Self, Other;
        public override string name() => "MulBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Apply(Tensor?[] g) =>
            [NeedsInputGrad(0) ? g[0]!.mul(Other.Unpack(this)) : null, NeedsInputGrad(1) ? g[0]!.mul(Self.Unpack(this)) : null];
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [ForwardAD.Sum(t[0]?.mul(x[1]), t[1]?.mul(x[0]))];
        internal override void ReleaseVariables() { Self.Release(); Other.Release(); }
    }

    // d(a*s)/da = grad * s
    internal sealed class MulBackward1(double scalar) : Node
    {
        public override string name() => "MulBackward0"; // as Python records `x * 2`
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.mul(scalar)];
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0]?.mul(scalar)];
    }

    // d(a/b)/da = grad / b; d(a/b)/db = -grad * a / b^2
    internal sealed class DivBackward0 : Node
    {
        internal SavedTensor Self, Other;
        public override string name() => "DivBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor b = Other.Unpack(this);
            return [NeedsInputGrad(0) ? g[0]!.div(b) : null,
                    NeedsInputGrad(1) ? g[0]!.neg().mul(Self.Unpack(this)).div(b.mul(b)) : null];
        }
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [ForwardAD.Sum(t[0]?.div(x[1]), t[1]?.neg().mul(x[0]).div(x[1].mul(x[1])))];
        internal override void ReleaseVariables() { Self.Release(); Other.Release(); }
    }

    // d(trunc(a/b))/da = d(floor(a/b))/da = 0 almost everywhere (PyTorch returns zeros)
    internal sealed class DivRoundedBackward : Node
    {
        public override string name() => "DivBackward2";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Apply(Tensor?[] g) =>
            [NeedsInputGrad(0) ? torch.zeros_like(g[0]!) : null, NeedsInputGrad(1) ? torch.zeros_like(g[0]!) : null];
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [torch.zeros_like(y[0])];
    }

    // d(a/s)/da = grad / s
    internal sealed class DivBackward1(double scalar) : Node
    {
        public override string name() => "DivBackward0"; // as Python records `x / 2`
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.div(scalar)];
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0]?.div(scalar)];
    }

    // d(-a)/da = -grad
    internal sealed class NegBackward0 : Node
    {
        public override string name() => "NegBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.neg()];
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0]?.neg()];
    }
}
