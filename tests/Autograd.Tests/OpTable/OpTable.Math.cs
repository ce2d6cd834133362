using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

public static partial class OpTable
{
    [OpCases]
    private static IEnumerable<OpCase> TrigOps()
    {
        foreach (var c in Unary("tan", x => x.tan(), x => x.tan(), Domain.Unit)) yield return c;
        foreach (var c in Unary("asin", x => x.asin(), x => x.asin(), Domain.Unit)) yield return c;
        foreach (var c in Unary("acos", x => x.acos(), x => x.acos(), Domain.Unit)) yield return c;
        foreach (var c in Unary("atan", x => x.atan(), x => x.atan())) yield return c;
        foreach (var c in Unary("sinh", x => x.sinh(), x => x.sinh())) yield return c;
        foreach (var c in Unary("cosh", x => x.cosh(), x => x.cosh())) yield return c;
        foreach (var c in Unary("asinh", x => x.asinh(), x => x.asinh())) yield return c;
        foreach (var c in Unary("acosh", x => (x + 1).acosh(), x => (x + 1).acosh(), Domain.Positive)) yield return c;
        foreach (var c in Unary("atanh", x => x.atanh(), x => x.atanh(), Domain.Unit)) yield return c;
        foreach (var c in Unary("arcsin", x => x.arcsin(), x => x.arcsin(), Domain.Unit)) yield return c;
        foreach (var c in Unary("arccos", x => x.arccos(), x => x.arccos(), Domain.Unit)) yield return c;
        foreach (var c in Unary("arctan", x => x.arctan(), x => x.arctan())) yield return c;
        foreach (var c in Unary("arcsinh", x => x.arcsinh(), x => x.arcsinh())) yield return c;
        foreach (var c in Unary("arccosh", x => (x + 1).arccosh(), x => (x + 1).arccosh(), Domain.Positive)) yield return c;
        foreach (var c in Unary("arctanh", x => x.arctanh(), x => x.arctanh(), Domain.Unit)) yield return c;
        foreach (var c in Unary("torch.tan", x => torch.tan(x), x => ts.tan(x), Domain.Unit)) yield return c;
        foreach (var c in Unary("tan_", x => (x * 1.0).tan_(), x => (x * 1.0).tan_(), Domain.Unit)) yield return c;
        // (LibTorch has no derivative for atanh_ and throws; ours records AtanhBackward0 like atanh)
        foreach (var c in Unary("asin_", x => (x * 1.0).asin_(), x => (x * 1.0).asin_(), Domain.Unit)) yield return c;
        foreach (var c in Binary("atan2", (a, b) => a.atan2(b), (a, b) => a.atan2(b), b: Domain.AwayFromZero)) yield return c;
        foreach (var c in Binary("arctan2", (a, b) => a.arctan2(b), (a, b) => a.arctan2(b), b: Domain.AwayFromZero)) yield return c;
        foreach (var c in Binary("torch.atan2", (a, b) => torch.atan2(a, b), (a, b) => ts.atan2(a, b), b: Domain.AwayFromZero)) yield return c;
    }

    [OpCases]
    private static IEnumerable<OpCase> SpecialOps()
    {
        foreach (var c in Unary("exp2", x => x.exp2(), x => x.exp2())) yield return c;
        foreach (var c in Unary("expm1", x => x.expm1(), x => x.expm1())) yield return c;
        foreach (var c in Unary("log2", x => x.log2(), x => x.log2(), Domain.Positive)) yield return c;
        foreach (var c in Unary("log10", x => x.log10(), x => x.log10(), Domain.Positive)) yield return c;
        foreach (var c in Unary("erf", x => x.erf(), x => x.erf())) yield return c;
        foreach (var c in Unary("erfc", x => x.erfc(), x => x.erfc())) yield return c;
        foreach (var c in Unary("erfinv", x => x.erfinv(), x => x.erfinv(), Domain.Unit)) yield return c;
        foreach (var c in Unary("lgamma", x => x.lgamma(), x => x.lgamma(), Domain.Positive)) yield return c;
        foreach (var c in Unary("lgamma_negative", x => (x.neg() - 0.5).lgamma(), x => (x.neg() - 0.5).lgamma(), Domain.Unit)) yield return c;
        foreach (var c in Unary("digamma", x => x.digamma(), x => x.digamma(), Domain.Positive)) yield return c;
        foreach (var c in Unary("digamma_negative", x => (x.neg() - 0.5).digamma(), x => (x.neg() - 0.5).digamma(), Domain.Unit)) yield return c;
        foreach (var c in Unary("polygamma", x => x.polygamma(1), x => x.polygamma(1), Domain.Positive)) yield return c;
        foreach (var c in Unary("polygamma_2", x => x.polygamma(2), x => x.polygamma(2), Domain.Positive)) yield return c;
        foreach (var c in Unary("torch.polygamma", x => torch.polygamma(3, x), x => ts.polygamma(x, 3), Domain.Positive)) yield return c;
        foreach (var c in Unary("reciprocal", x => x.reciprocal(), x => x.reciprocal(), Domain.AwayFromZero)) yield return c;
        foreach (var c in Unary("square", x => x.square(), x => x.square())) yield return c;
        foreach (var c in Unary("sinc", x => x.sinc(), x => x.sinc())) yield return c;
        // TorchSharp 0.107's static torch.erfinv returns erf(x) (its values match erf, not erfinv), so the
        // static form is checked against the Tensor method, which calls LibTorch's erfinv.
        foreach (var c in Unary("torch.erfinv", x => torch.erfinv(x), x => x.erfinv(), Domain.Unit)) yield return c;
        foreach (var c in Unary("expm1_", x => (x * 1.0).expm1_(), x => (x * 1.0).expm1_())) yield return c;
        foreach (var c in Unary("digamma_", x => (x * 1.0).digamma_(), x => (x * 1.0).digamma_(), Domain.Positive)) yield return c;
        foreach (var c in Unary("square_", x => (x * 1.0).square_(), x => (x * 1.0).pow_(2))) yield return c;
    }

    [OpCases]
    private static IEnumerable<OpCase> CombineOps()
    {
        foreach (var c in Binary("hypot", (a, b) => a.hypot(b), (a, b) => a.hypot(b), a: Domain.AwayFromZero)) yield return c;
        foreach (var c in Binary("logaddexp", (a, b) => a.logaddexp(b), (a, b) => a.logaddexp(b))) yield return c;
        foreach (var c in Binary("xlogy", (a, b) => a.xlogy(b), (a, b) => a.xlogy(b), b: Domain.Positive)) yield return c;
        foreach (var c in Unary("xlogy_scalar", x => x.xlogy(2.5), x => x.xlogy(2.5))) yield return c;
        foreach (var c in Unary("xlogy_scalar_x", x => torch.xlogy(1.5, x), x => ts.xlogy(ts.tensor(1.5).to(x.dtype), x), Domain.Positive)) yield return c;
        foreach (var c in Binary("lerp", (a, b) => a.lerp(b, 0.3), (a, b) => a.lerp(b, 0.3))) yield return c;
        foreach (var c in Binary("lerp_far", (a, b) => a.lerp(b, 0.8), (a, b) => a.lerp(b, 0.8))) yield return c;
        foreach (var (name, ours, theirs) in Ternary())
            foreach (var (variant, x, y, z) in new (string, In, In, In)[]
                     {
                         ("same", new In([2, 3]), new In([2, 3]), new In([2, 3], Domain.AwayFromZero)),
                         ("broadcast", new In([2, 3]), new In([3]), new In([2, 1], Domain.AwayFromZero)),
                         ("scalar_operands", new In([4]), new In([]), new In([], Domain.AwayFromZero)),
                         ("transposed", new In([3, 4], Transposed: true), new In([4]), new In([3, 4], Domain.AwayFromZero)),
                         ("empty", new In([0, 3]), new In([3]), new In([1, 3], Domain.AwayFromZero)),
                     })
                yield return new OpCase { Op = name, Variant = variant, Inputs = [x, y, z], Ours = t => ours(t[0], t[1], t[2]), Theirs = t => theirs(t[0], t[1], t[2]) };
        foreach (var c in Binary("lerp_", (a, b) => (a * 1.0).lerp_(b, 0.6), (a, b) => (a * 1.0).lerp_(b, 0.6)).Where(c => c.Variant is "same" or "broadcast_row")) yield return c;
        yield return new OpCase { Op = "addcmul_", Variant = "broadcast", Inputs = [new In([2, 3]), new In([3]), new In([2, 1])],
                                  Ours = t => (t[0] * 1.0).addcmul_(t[1], t[2], 0.5), Theirs = t => (t[0] * 1.0).addcmul_(t[1], t[2], 0.5) };
        yield return new OpCase { Op = "addcdiv_", Variant = "broadcast", Inputs = [new In([2, 3]), new In([3]), new In([2, 1], Domain.AwayFromZero)],
                                  Ours = t => (t[0] * 1.0).addcdiv_(t[1], t[2], 0.5), Theirs = t => (t[0] * 1.0).addcdiv_(t[1], t[2], 0.5) };
    }

    /// <summary>Ops of three tensors; the third operand is a divisor for addcdiv (away from zero).</summary>
    private static (string, Func<Tensor, Tensor, Tensor, Tensor>, Func<ts.Tensor, ts.Tensor, ts.Tensor, ts.Tensor>)[] Ternary() =>
    [
        ("lerp_tensor", (a, b, w) => a.lerp(b, w), (a, b, w) => a.lerp(b, w)),
        ("addcmul", (a, b, c) => a.addcmul(b, c, 0.7), (a, b, c) => a.addcmul(b, c, 0.7)),
        ("addcdiv", (a, b, c) => a.addcdiv(b, c, -1.5), (a, b, c) => a.addcdiv(b, c, -1.5)),
        ("torch.addcmul", (a, b, c) => torch.addcmul(a, b, c, 2), (a, b, c) => ts.addcmul(a, b, c, 2)),
        ("torch.addcdiv", (a, b, c) => torch.addcdiv(a, b, c), (a, b, c) => ts.addcdiv(a, b, c, 1)),
    ];
}
