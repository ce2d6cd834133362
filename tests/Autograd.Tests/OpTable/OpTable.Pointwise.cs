using Autograd;
using ts = TorchSharp.torch;
using TsScalar = TorchSharp.Scalar;

namespace Autograd.Tests;

public static partial class OpTable
{
    [OpCases]
    private static IEnumerable<OpCase> UnaryPointwise()
    {
        foreach (var c in Unary("log1p", x => x.log1p(), x => x.log1p(), Domain.Unit)) yield return c;
        foreach (var c in Unary("sqrt", x => x.sqrt(), x => x.sqrt(), Domain.Positive)) yield return c;
        foreach (var c in Unary("rsqrt", x => x.rsqrt(), x => x.rsqrt(), Domain.Positive)) yield return c;
        foreach (var c in Unary("abs", x => x.abs(), x => x.abs(), Domain.AwayFromZero)) yield return c;
        foreach (var c in Unary("sign", x => x.sign(), x => x.sign(), Domain.AwayFromZero)) yield return c;
        foreach (var c in Unary("sin", x => x.sin(), x => x.sin())) yield return c;
        foreach (var c in Unary("cos", x => x.cos(), x => x.cos())) yield return c;
        foreach (var c in Unary("tanh", x => x.tanh(), x => x.tanh())) yield return c;
        foreach (var c in Unary("sigmoid", x => x.sigmoid(), x => x.sigmoid())) yield return c;
        foreach (var c in Unary("relu", x => x.relu(), x => x.relu(), Domain.AwayFromZero)) yield return c;
        foreach (var c in Unary("torch.sqrt", x => torch.sqrt(x), x => ts.sqrt(x), Domain.Positive)) yield return c;
        foreach (var c in Unary("nn.functional.relu", x => torch.nn.functional.relu(x), x => ts.nn.functional.relu(x), Domain.AwayFromZero)) yield return c;
        foreach (var c in Unary("nn.functional.sigmoid", x => torch.nn.functional.sigmoid(x), x => ts.nn.functional.sigmoid(x))) yield return c;
        foreach (var c in Unary("nn.functional.tanh", x => torch.nn.functional.tanh(x), x => ts.nn.functional.tanh(x))) yield return c;
    }

    /// <summary>In-place forms run on a non-leaf copy (x * 1), so they record history through Commit.</summary>
    [OpCases]
    private static IEnumerable<OpCase> UnaryInPlace()
    {
        foreach (var c in Unary("exp_", x => (x * 1.0).exp_(), x => (x * 1.0).exp_())) yield return c;
        foreach (var c in Unary("log_", x => (x * 1.0).log_(), x => (x * 1.0).log_(), Domain.Positive)) yield return c;
        foreach (var c in Unary("log1p_", x => (x * 1.0).log1p_(), x => (x * 1.0).log1p_(), Domain.Unit)) yield return c;
        foreach (var c in Unary("sqrt_", x => (x * 1.0).sqrt_(), x => (x * 1.0).sqrt_(), Domain.Positive)) yield return c;
        foreach (var c in Unary("rsqrt_", x => (x * 1.0).rsqrt_(), x => (x * 1.0).rsqrt_(), Domain.Positive)) yield return c;
        foreach (var c in Unary("abs_", x => (x * 1.0).abs_(), x => (x * 1.0).abs_(), Domain.AwayFromZero)) yield return c;
        foreach (var c in Unary("sign_", x => (x * 1.0).sign_(), x => (x * 1.0).sign_(), Domain.AwayFromZero)) yield return c;
        foreach (var c in Unary("sin_", x => (x * 1.0).sin_(), x => (x * 1.0).sin_())) yield return c;
        foreach (var c in Unary("cos_", x => (x * 1.0).cos_(), x => (x * 1.0).cos_())) yield return c;
        foreach (var c in Unary("tanh_", x => (x * 1.0).tanh_(), x => (x * 1.0).tanh_())) yield return c;
        foreach (var c in Unary("sigmoid_", x => (x * 1.0).sigmoid_(), x => (x * 1.0).sigmoid_())) yield return c;
        foreach (var c in Unary("relu_", x => (x * 1.0).relu_(), x => (x * 1.0).relu_(), Domain.AwayFromZero)) yield return c;
        foreach (var c in Unary("clamp_", x => (x * 1.0).clamp_(-0.5, 0.7), x => (x * 1.0).clamp_((TsScalar)(-0.5), (TsScalar)0.7))) yield return c;
        foreach (var c in Unary("clamp_min_", x => (x * 1.0).clamp_min_(-0.5), x => (x * 1.0).clamp_min_(-0.5))) yield return c;
        foreach (var c in Unary("clamp_max_", x => (x * 1.0).clamp_max_(0.7), x => (x * 1.0).clamp_max_(0.7))) yield return c;
    }

    [OpCases]
    private static IEnumerable<OpCase> ClampMinMax()
    {
        foreach (var c in Unary("clamp", x => x.clamp(-0.5, 0.7), x => x.clamp((TsScalar)(-0.5), (TsScalar)0.7))) yield return c;
        foreach (var c in Unary("clamp_min_only", x => x.clamp(min: -0.5), x => x.clamp((TsScalar)(-0.5), (TsScalar?)null))) yield return c;
        foreach (var c in Unary("clamp_max_only", x => x.clamp(max: 0.7), x => x.clamp((TsScalar?)null, (TsScalar)0.7))) yield return c;
        foreach (var c in Unary("clamp_min", x => x.clamp_min(-0.5), x => x.clamp_min(-0.5))) yield return c;
        foreach (var c in Unary("clamp_max", x => x.clamp_max(0.7), x => x.clamp_max(0.7))) yield return c;
        foreach (var c in Unary("clip", x => x.clip(-0.5, 0.7), x => x.clip((TsScalar)(-0.5), (TsScalar)0.7))) yield return c;
        foreach (var c in Unary("torch.clamp", x => torch.clamp(x, -0.5, 0.7), x => ts.clamp(x, (TsScalar)(-0.5), (TsScalar)0.7))) yield return c;
        // Tensor bounds: differentiable in min and max too; some min > max pairs exercise "every element is max".
        foreach (var (variant, x, lo, hi) in new (string, In, In, In)[]
                 {
                     ("same", new In([2, 3]), new In([2, 3]), new In([2, 3])),
                     ("broadcast", new In([2, 3]), new In([3]), new In([2, 1])),
                     ("scalar_bounds", new In([4]), new In([]), new In([])),
                     ("transposed", new In([3, 4], Transposed: true), new In([4]), new In([3, 4])),
                 })
            yield return new OpCase
            {
                Op = "clamp_tensor", Variant = variant, Inputs = [x, lo, hi],
                Ours = t => t[0].clamp(t[1], t[2]), Theirs = t => t[0].clamp(t[1], t[2]),
            };
        yield return new OpCase { Op = "clamp_tensor", Variant = "min_only", Inputs = [new In([2, 3]), new In([3])], Ours = t => t[0].clamp(min: t[1]), Theirs = t => t[0].clamp(t[1], null) };
        yield return new OpCase { Op = "clamp_tensor", Variant = "max_only", Inputs = [new In([2, 3]), new In([3])], Ours = t => t[0].clamp(max: t[1]), Theirs = t => t[0].clamp(null, t[1]) };
        yield return new OpCase { Op = "clamp_tensor_", Variant = "broadcast", Inputs = [new In([2, 3]), new In([3]), new In([2, 1])],
                                  Ours = t => (t[0] * 1.0).clamp_(t[1], t[2]), Theirs = t => (t[0] * 1.0).clamp_(t[1], t[2]) };
        foreach (var c in Binary("maximum", (a, b) => a.maximum(b), (a, b) => a.maximum(b))) yield return c;
        foreach (var c in Binary("minimum", (a, b) => a.minimum(b), (a, b) => a.minimum(b))) yield return c;
        foreach (var c in Binary("torch.maximum", (a, b) => torch.maximum(a, b), (a, b) => ts.maximum(a, b))) yield return c;
        foreach (var c in Binary("torch.minimum", (a, b) => torch.minimum(a, b), (a, b) => ts.minimum(a, b))) yield return c;
    }
}
