using Autograd.Native;

namespace Autograd.Ops;

// Derivatives of the unary pointwise family (Unary.cs), as in PyTorch's derivatives.yaml. Each is written
// with differentiable tensor ops, so double backward works. Each Jacobian is diagonal, so the JVP is the same
// formula applied to the tangent (Node.DiagonalJvp).

// d(log1p x)/dx = grad / (x + 1)
internal sealed class Log1PBackward0 : Node
{
    internal SavedTensor Self;
    public override string name() => "Log1PBackward0";
    internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
    internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] inputs, Tensor[] outputs) => DiagonalJvp(t);
    internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.div(Self.Unpack(this).add(1))];
    internal override void ReleaseVariables() => Self.Release();
}

// d(sqrt x)/dx = grad / (2 * sqrt(x))
internal sealed class SqrtBackward0 : Node
{
    internal SavedTensor Result;
    public override string name() => "SqrtBackward0";
    internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
    internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] inputs, Tensor[] outputs) => DiagonalJvp(t);
    internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.div(Result.Unpack(this).mul(2))];
    internal override void ReleaseVariables() => Result.Release();
}

// d(x^-1/2)/dx = -0.5 * grad * rsqrt(x)^3
internal sealed class RsqrtBackward0 : Node
{
    internal SavedTensor Result;
    public override string name() => "RsqrtBackward0";
    internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
    internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] inputs, Tensor[] outputs) => DiagonalJvp(t);
    internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.mul(Result.Unpack(this).pow(3)).mul(-0.5)];
    internal override void ReleaseVariables() => Result.Release();
}

// d|x|/dx = grad * sign(x)  (0 at the kink x == 0, as PyTorch's sgn)
internal sealed class AbsBackward0 : Node
{
    internal SavedTensor Self;
    public override string name() => "AbsBackward0";
    internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
    internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] inputs, Tensor[] outputs) => DiagonalJvp(t);
    internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.mul(Self.Unpack(this).sign())];
    internal override void ReleaseVariables() => Self.Release();
}

// d(sign x)/dx = 0
internal sealed class SignBackward0 : Node
{
    public override string name() => "SignBackward0";
    internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
    internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] inputs, Tensor[] outputs) => DiagonalJvp(t);
    internal override Tensor?[] Apply(Tensor?[] g) => [torch.zeros_like(g[0]!)];
}

// d(sin x)/dx = grad * cos(x)
internal sealed class SinBackward0 : Node
{
    internal SavedTensor Self;
    public override string name() => "SinBackward0";
    internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
    internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] inputs, Tensor[] outputs) => DiagonalJvp(t);
    internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.mul(Self.Unpack(this).cos())];
    internal override void ReleaseVariables() => Self.Release();
}

// d(cos x)/dx = -grad * sin(x)
internal sealed class CosBackward0 : Node
{
    internal SavedTensor Self;
    public override string name() => "CosBackward0";
    internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
    internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] inputs, Tensor[] outputs) => DiagonalJvp(t);
    internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.mul(Self.Unpack(this).sin().neg())];
    internal override void ReleaseVariables() => Self.Release();
}

// d(tanh x)/dx = grad * (1 - tanh(x)^2)
internal sealed class TanhBackward0 : Node
{
    internal SavedTensor Result;
    public override string name() => "TanhBackward0";
    internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
    internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] inputs, Tensor[] outputs) => DiagonalJvp(t);
    internal override Tensor?[] Apply(Tensor?[] g)
    {
        Tensor y = Result.Unpack(this);
        return [g[0]!.mul(Reverse.Sub(1, y.mul(y)))];
    }
    internal override void ReleaseVariables() => Result.Release();
}

// d(sigmoid x)/dx = grad * sigmoid(x) * (1 - sigmoid(x))
internal sealed class SigmoidBackward0 : Node
{
    internal SavedTensor Result;
    public override string name() => "SigmoidBackward0";
    internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
    internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] inputs, Tensor[] outputs) => DiagonalJvp(t);
    internal override Tensor?[] Apply(Tensor?[] g)
    {
        Tensor y = Result.Unpack(this);
        return [g[0]!.mul(y.mul(Reverse.Sub(1, y)))];
    }
    internal override void ReleaseVariables() => Result.Release();
}

// d(relu x)/dx = grad where relu(x) > 0, else 0 (0 at the kink, PyTorch's threshold_backward)
internal sealed class ReluBackward0 : Node
{
    internal SavedTensor Result;
    public override string name() => "ReluBackward0";
    internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
    internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] inputs, Tensor[] outputs) => DiagonalJvp(t);
    internal override Tensor?[] Apply(Tensor?[] g)
    {
        Tensor grad = g[0]!, result = Result.Unpack(this);
        // PyTorch's threshold_backward: one fused pass (a mask, a zeros tensor and a select before);
        // the composite where a graph of the gradient is being built
        if (GradMode.IsEnabled || grad._dtype != result._dtype)
            return [torch.where(result.le(0), torch.zeros_like(grad), grad)];
        return [Ops.Elementwise.Binary(AgnBinaryOp.ReluBackward, grad, result, grad._dtype, grad._dtype)];
    }
    internal override void ReleaseVariables() => Result.Release();
}
