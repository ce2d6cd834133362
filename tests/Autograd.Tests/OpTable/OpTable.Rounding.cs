using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

public static partial class OpTable
{
    /// <summary>x with +inf above 1, -inf below -1 and NaN where |x| &lt; 0.3 (the same in both libraries).</summary>
    private static Tensor WithSpecials(Tensor x) =>
        x.masked_fill(x.gt(1), double.PositiveInfinity).masked_fill(x.lt(-1), double.NegativeInfinity).masked_fill(x.abs().lt(0.3), double.NaN);
    private static ts.Tensor WithSpecials(ts.Tensor x) =>
        x.masked_fill(x.gt(1), double.PositiveInfinity).masked_fill(x.lt(-1), double.NegativeInfinity).masked_fill(x.abs().lt(0.3), double.NaN);

    [OpCases]
    private static IEnumerable<OpCase> RoundingOps()
    {
        // the gradient of the rounding ops is 0 (finite differences agree away from the jumps, which
        // random inputs almost surely avoid)
        foreach (var c in Unary("floor", x => x.floor(), x => x.floor())) yield return c;
        foreach (var c in Unary("ceil", x => x.ceil(), x => x.ceil())) yield return c;
        foreach (var c in Unary("trunc", x => x.trunc(), x => x.trunc())) yield return c;
        foreach (var c in Unary("fix", x => x.fix(), x => x.fix())) yield return c;
        foreach (var c in Unary("round", x => x.round(), x => x.round())) yield return c;
        foreach (var c in Unary("round_decimals", x => x.round(2), x => x.round(2))) yield return c;
        foreach (var c in Unary("round_negative_decimals", x => (x * 100).round(-1), x => (x * 100).round(-1))) yield return c;
        foreach (var c in Unary("frac", x => x.frac(), x => x.frac())) yield return c;
        foreach (var c in Unary("torch.floor", x => torch.floor(x), x => ts.floor(x))) yield return c;
        foreach (var c in Unary("torch.round", x => torch.round(x, 1), x => ts.round(x, 1))) yield return c;
        foreach (var c in Unary("floor_", x => (x * 1.0).floor_(), x => (x * 1.0).floor_())) yield return c;
        foreach (var c in Unary("round_", x => (x * 1.0).round_(1), x => (x * 1.0).round_(1))) yield return c;
        foreach (var c in Unary("frac_", x => (x * 1.0).frac_(), x => (x * 1.0).frac_())) yield return c;
        foreach (var c in Binary("fmod", (a, b) => a.fmod(b), (a, b) => a.fmod(b), b: Domain.AwayFromZero)) yield return c;
        foreach (var c in Binary("remainder", (a, b) => a.remainder(b), (a, b) => a.remainder(b), b: Domain.AwayFromZero)) yield return c;
        foreach (var c in Unary("fmod_scalar", x => x.fmod(-0.7), x => x.fmod(-0.7))) yield return c;
        foreach (var c in Unary("remainder_scalar", x => x.remainder(-0.7), x => x.remainder(-0.7))) yield return c;
        foreach (var c in Binary("fmod_", (a, b) => (a * 1.0).fmod_(b), (a, b) => (a * 1.0).fmod_(b), b: Domain.AwayFromZero).Where(c => c.Variant is "same" or "broadcast_row")) yield return c;
        foreach (var c in Binary("remainder_", (a, b) => (a * 1.0).remainder_(b), (a, b) => (a * 1.0).remainder_(b), b: Domain.AwayFromZero).Where(c => c.Variant is "same" or "scalar_tensor")) yield return c;
        foreach (var c in Binary("torch.remainder", (a, b) => torch.remainder(a, b), (a, b) => ts.remainder(a, b), b: Domain.AwayFromZero)) yield return c;
        // LibTorch records floor_divide but cannot differentiate it (FloorDivideTests checks that backward throws its error)
        foreach (var c in Binary("floor_divide", (a, b) => a.floor_divide(b), (a, b) => a.floor_divide(b), b: Domain.AwayFromZero, differentiable: false)) yield return c;
        foreach (var c in Unary("floor_divide_scalar", x => x.floor_divide(-0.7), x => x.floor_divide(-0.7), differentiable: false)) yield return c;
        foreach (var c in Binary("floor_divide_", (a, b) => (a * 1.0).floor_divide_(b), (a, b) => (a * 1.0).floor_divide_(b), b: Domain.AwayFromZero, differentiable: false).Where(c => c.Variant is "same" or "broadcast_row")) yield return c;
        foreach (var c in Binary("torch.floor_divide", (a, b) => torch.floor_divide(a, b), (a, b) => ts.floor_divide(a, b), b: Domain.AwayFromZero, differentiable: false)) yield return c;
        foreach (var c in Binary("true_divide", (a, b) => a.true_divide(b), (a, b) => a.true_divide(b), b: Domain.AwayFromZero)) yield return c;
        foreach (var c in Binary("torch.true_divide_", (a, b) => torch.true_divide_(a * 1.0, b), (a, b) => ts.true_divide_(a * 1.0, b), b: Domain.AwayFromZero).Where(c => c.Variant is "same")) yield return c;
    }

    [OpCases]
    private static IEnumerable<OpCase> FloatClassification()
    {
        foreach (var c in Unary("isnan", x => WithSpecials(x).isnan(), x => WithSpecials(x).isnan(), differentiable: false)) yield return c;
        foreach (var c in Unary("isinf", x => WithSpecials(x).isinf(), x => WithSpecials(x).isinf(), differentiable: false)) yield return c;
        foreach (var c in Unary("isposinf", x => WithSpecials(x).isposinf(), x => WithSpecials(x).isposinf(), differentiable: false)) yield return c;
        foreach (var c in Unary("isneginf", x => WithSpecials(x).isneginf(), x => WithSpecials(x).isneginf(), differentiable: false)) yield return c;
        foreach (var c in Unary("isfinite", x => WithSpecials(x).isfinite(), x => WithSpecials(x).isfinite(), differentiable: false)) yield return c;
        foreach (var c in Unary("torch.isnan", x => torch.isnan(x.log()), x => ts.isnan(x.log()), differentiable: false)) yield return c;
        // x * 0 is -0.0 for negative x: signbit sees the sign of zero
        foreach (var c in Unary("signbit", x => x.signbit(), x => x.signbit(), differentiable: false)) yield return c;
        foreach (var c in Unary("signbit_zero", x => (x * 0).signbit(), x => (x * 0).signbit(), differentiable: false)) yield return c;
        foreach (var c in Unary("nan_to_num", x => WithSpecials(x).nan_to_num(), x => WithSpecials(x).nan_to_num())) yield return c;
        foreach (var c in Unary("nan_to_num_values", x => WithSpecials(x).nan_to_num(0.5, 7, -8), x => WithSpecials(x).nan_to_num(0.5, 7, -8))) yield return c;
        foreach (var c in Unary("nan_to_num_", x => WithSpecials(x).nan_to_num_(1.5), x => WithSpecials(x).nan_to_num_(1.5))) yield return c;
        foreach (var c in Binary("copysign", (a, b) => a.copysign(b), (a, b) => a.copysign(b), a: Domain.AwayFromZero)) yield return c;
        foreach (var c in Binary("copysign_signed_zero", (a, b) => a.copysign(b * 0), (a, b) => a.copysign(b * 0), a: Domain.AwayFromZero)) yield return c;
        // TorchSharp wraps the C# double as a float64 tensor (float64 result); PyTorch's result type with a
        // Python scalar is the tensor's dtype: the oracle gets the scalar as a 0-d tensor of that dtype
        foreach (var c in Unary("copysign_scalar", x => x.copysign(-1.0), x => x.copysign(ts.tensor(-1.0).to(x.dtype)), Domain.AwayFromZero)) yield return c;
    }
}
