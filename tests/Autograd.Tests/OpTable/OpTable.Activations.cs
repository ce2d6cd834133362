using Autograd;
using static Autograd.torch;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

// Activations (nn.functional and their modules) against LibTorch. Piecewise ones draw from OffHalfGrid and
// have their kinks placed on multiples of 0.5 (scaling the input where the kink is elsewhere, e.g. relu6's 6).
public static partial class OpTable
{
    private static IEnumerable<OpCase> Act(string op, Func<Tensor, Tensor> ours, Func<ts.Tensor, ts.Tensor> theirs, Domain domain = Domain.Any, string suffix = "") =>
        Unary("nn.functional." + op, ours, theirs, domain).Select(c => new OpCase
        {
            Op = c.Op, Variant = c.Variant + suffix, Inputs = c.Inputs, Ours = c.Ours, Theirs = c.Theirs,
        });

    /// <summary>The in-place form on a non-leaf (a clone of the input): history goes through the op's clone and commit.</summary>
    private static OpCase InPlace(string op, Func<Tensor, Tensor> ours, Func<ts.Tensor, ts.Tensor> theirs, Domain domain = Domain.Any) => new()
    {
        Op = "nn.functional." + op, Variant = "inplace", Inputs = [new In([3, 4], domain)],
        Ours = x => ours(x[0].mul(1.0)), Theirs = x => theirs(x[0]),
    };

    /// <summary>This case restricted to <paramref name="dtypes"/>.</summary>
    private static OpCase In(this OpCase c, params ScalarType[] dtypes) => new()
    {
        Op = c.Op, Variant = c.Variant, Inputs = c.Inputs, Ours = c.Ours, Theirs = c.Theirs, Dtypes = dtypes,
    };

    [OpCases]
    private static IEnumerable<OpCase> ActivationCases()
    {
        const Domain grid = Domain.OffHalfGrid;
        foreach (var c in Act("relu6", x => F.relu6(x.mul(4.0)), x => TF.relu6(x.mul(4.0)), grid)) yield return c;
        yield return InPlace("relu6", x => F.relu6(x.mul(4.0), inplace: true), x => TF.relu6(x.mul(4.0)), grid);
        // TorchSharp 0.107's Tensor.hardtanh (behind nn.functional.hardtanh and nn.Hardtanh) returns its input unchanged
        // (it drops LibTorch's result); PyTorch's hardtanh is clamp(x, min_val, max_val), so LibTorch's clamp is the oracle
        foreach (var c in Act("hardtanh", x => F.hardtanh(x), x => x.clamp(-1.0, 1.0), grid)) yield return c;
        foreach (var c in Act("hardtanh", x => F.hardtanh(x, -0.5, 1.5), x => x.clamp(-0.5, 1.5), grid, suffix: "_bounds")) yield return c;
        yield return InPlace("hardtanh", x => F.hardtanh(x, -1, 0.5, inplace: true), x => x.clamp(-1.0, 0.5), grid);
        foreach (var c in Act("leaky_relu", x => F.leaky_relu(x), x => TF.leaky_relu(x), grid)) yield return c;
        foreach (var c in Act("leaky_relu", x => F.leaky_relu(x, 0.3), x => TF.leaky_relu(x, 0.3), grid, suffix: "_slope")) yield return c;
        yield return InPlace("leaky_relu", x => F.leaky_relu(x, 0.2, inplace: true), x => TF.leaky_relu(x, 0.2), grid);
        foreach (var c in Act("elu", x => F.elu(x, 1.0), x => TF.elu(x, 1.0))) yield return c;
        foreach (var c in Act("elu", x => F.elu(x, 0.4), x => TF.elu(x, 0.4), grid, suffix: "_alpha")) yield return c;
        yield return InPlace("elu", x => F.elu(x, 0.7, inplace: true), x => TF.elu(x, 0.7), grid);
        foreach (var c in Act("selu", x => F.selu(x), x => TF.selu(x), grid)) yield return c;
        foreach (var c in Act("celu", x => F.celu(x, 1.0), x => TF.celu(x, 1.0))) yield return c;
        // PyTorch's celu derivative uses 1.0 / alpha.toFloat() (derivatives.yaml), so LibTorch's float64 gradient carries
        // float32's rounding of alpha; float64 is checked against the math (gradcheck, ActivationTests), float32 here
        foreach (var c in Act("celu", x => F.celu(x, 0.6), x => TF.celu(x, 0.6), grid, suffix: "_alpha")) yield return c.In(ScalarType.Float32);
        foreach (var c in Act("gelu", x => F.gelu(x), x => TF.gelu(x))) yield return c;
        foreach (var c in Act("gelu", x => F.gelu(x, Modules.GELU.Approximate.tanh), x => TF.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh), suffix: "_tanh")) yield return c;
        yield return InPlace("gelu", x => F.gelu(x, true), x => TF.gelu(x));
        foreach (var c in Act("silu", x => F.silu(x), x => TF.silu(x))) yield return c;
        yield return InPlace("silu", x => F.silu(x, true), x => TF.silu(x));
        foreach (var c in Act("mish", x => F.mish(x), x => TF.mish(x))) yield return c;
        foreach (var c in Act("softplus", x => F.softplus(x), x => TF.softplus(x))) yield return c;
        // beta * x crosses the threshold at x = 1: the linear region and the smooth one both appear
        foreach (var c in Act("softplus", x => F.softplus(x, 2, 2), x => TF.softplus(x, 2, 2), grid, suffix: "_threshold")) yield return c;
        foreach (var c in Act("softsign", x => F.softsign(x), x => TF.softsign(x), Domain.AwayFromZero)) yield return c;
        foreach (var c in Act("hardswish", x => F.hardswish(x.mul(2.0)), x => TF.hardswish(x.mul(2.0)), grid)) yield return c;
        yield return InPlace("hardswish", x => F.hardswish(x.mul(2.0), inplace: true), x => TF.hardswish(x.mul(2.0)), grid);
        // LibTorch's hardsigmoid_backward multiplies by 1.0f / 6.0f, float32's 1/6 even in float64; float64 is checked
        // against the math (gradcheck, ActivationTests), float32 here
        foreach (var c in Act("hardsigmoid", x => F.hardsigmoid(x.mul(2.0)), x => TF.hardsigmoid(x.mul(2.0)), grid)) yield return c.In(ScalarType.Float32);
        foreach (var c in Act("tanhshrink", x => F.tanhshrink(x), x => TF.tanhshrink(x))) yield return c;
        foreach (var c in Act("softshrink", x => F.softshrink(x), x => TF.softshrink(x), grid)) yield return c;
        foreach (var c in Act("softshrink", x => F.softshrink(x, 1.0), x => TF.softshrink(x, 1.0), grid, suffix: "_lambda")) yield return c;
        foreach (var c in Act("hardshrink", x => F.hardshrink(x), x => TF.hardshrink(x), grid)) yield return c;
        foreach (var c in Act("threshold", x => F.threshold(x, 0.5, -2), x => TF.threshold(x, 0.5, -2), grid)) yield return c;
        yield return InPlace("threshold", x => F.threshold(x, -0.5, 3, inplace: true), x => TF.threshold(x, -0.5, 3), grid);
        foreach (var c in Act("logsigmoid", x => F.logsigmoid(x), x => TF.logsigmoid(x))) yield return c;
        // outside [-threshold, threshold] softplus switches to its linear region: logsigmoid(x) ≈ x there
        yield return new OpCase { Op = "nn.functional.logsigmoid", Variant = "large", Inputs = [new In([6], Domain.Positive)],
                                  Ours = x => F.logsigmoid(x[0].mul(-20.0)), Theirs = x => TF.logsigmoid(x[0].mul(-20.0)) };

        foreach (var (variant, shape, dim) in new (string, long[], long)[] { ("last", [3, 4], -1), ("dim0", [4, 3], 0), ("3d", [2, 6, 2], 1), ("vector", [6], 0) })
        {
            yield return new OpCase { Op = "nn.functional.glu", Variant = variant, Inputs = [new In(shape)], Ours = x => F.glu(x[0], dim), Theirs = x => TF.glu(x[0], dim) };
            yield return new OpCase { Op = "nn.functional.softmin", Variant = variant, Inputs = [new In(shape)], Ours = x => F.softmin(x[0], dim), Theirs = x => TF.softmin(x[0], dim) };
        }
        yield return new OpCase { Op = "nn.functional.glu", Variant = "transposed", Inputs = [new In([4, 6], Transposed: true)], Ours = x => F.glu(x[0], 1), Theirs = x => TF.glu(x[0], 1) };
        yield return new OpCase { Op = "nn.functional.glu", Variant = "empty", Inputs = [new In([0, 4])], Ours = x => F.glu(x[0]), Theirs = x => TF.glu(x[0]) };

        foreach (var (variant, x, w) in new (string, In, In)[]
                 {
                     ("channels", new In([2, 3, 4], grid), new In([3], Domain.Unit)), ("single", new In([3, 4], grid), new In([1], Domain.Unit)),
                     ("vector", new In([5], grid), new In([1], Domain.Unit)), ("matrix", new In([4, 3], grid), new In([3], Domain.Unit)),
                     ("scalar", new In([], grid), new In([1], Domain.Unit)), ("4d", new In([2, 2, 3, 2], grid), new In([2], Domain.Unit)),
                 })
            yield return new OpCase { Op = "nn.functional.prelu", Variant = variant, Inputs = [x, w], Ours = t => F.prelu(t[0], t[1]), Theirs = t => TF.prelu(t[0], t[1]) };
    }

    [OpCases]
    private static IEnumerable<OpCase> ActivationModuleCases()
    {
        // each module against LibTorch's module of the same settings: the module adds nothing to its functional form
        var pairs = new (string, Func<nn.Module<Tensor, Tensor>>, Func<ts.nn.Module<ts.Tensor, ts.Tensor>>, Domain)[]
        {
            ("ReLU", () => nn.ReLU(), () => ts.nn.ReLU(), Domain.AwayFromZero),
            ("ReLU6", () => nn.ReLU6(), () => ts.nn.ReLU6(), Domain.AwayFromZero),
            ("LeakyReLU", () => nn.LeakyReLU(0.2), () => ts.nn.LeakyReLU(0.2), Domain.AwayFromZero),
            ("ELU", () => nn.ELU(0.5), () => ts.nn.ELU(0.5), Domain.AwayFromZero),
            ("SELU", () => nn.SELU(), () => ts.nn.SELU(), Domain.AwayFromZero),
            ("CELU", () => nn.CELU(2.0), () => ts.nn.CELU(2.0), Domain.AwayFromZero),
            ("GELU", () => nn.GELU(), () => ts.nn.GELU(), Domain.Any),
            ("GELU_tanh", () => nn.GELU(Modules.GELU.Approximate.tanh), () => ts.nn.GELU(TorchSharp.Modules.GELU.Approximate.tanh), Domain.Any),
            ("SiLU", () => nn.SiLU(), () => ts.nn.SiLU(), Domain.Any),
            ("Mish", () => nn.Mish(), () => ts.nn.Mish(), Domain.Any),
            ("Softplus", () => nn.Softplus(2, 3), () => ts.nn.Softplus(2, 3), Domain.OffHalfGrid),
            ("Softsign", () => nn.Softsign(), () => ts.nn.Softsign(), Domain.AwayFromZero),
            ("Hardswish", () => nn.Hardswish(), () => ts.nn.Hardswish(), Domain.Any),
            ("Sigmoid", () => nn.Sigmoid(), () => ts.nn.Sigmoid(), Domain.Any),
            ("Tanh", () => nn.Tanh(), () => ts.nn.Tanh(), Domain.Any),
            ("Tanhshrink", () => nn.Tanhshrink(), () => ts.nn.Tanhshrink(), Domain.Any),
            ("Softshrink", () => nn.Softshrink(0.5), () => ts.nn.Softshrink(0.5), Domain.OffHalfGrid),
            ("Hardshrink", () => nn.Hardshrink(1), () => ts.nn.Hardshrink(1), Domain.OffHalfGrid),
            ("Threshold", () => nn.Threshold(0.5, 7), () => ts.nn.Threshold(0.5, 7), Domain.OffHalfGrid),
            ("GLU", () => nn.GLU(), () => ts.nn.GLU(), Domain.Any),
            ("LogSigmoid", () => nn.LogSigmoid(), () => ts.nn.LogSigmoid(), Domain.Any),
            ("Softmax", () => nn.Softmax(1), () => ts.nn.Softmax(1), Domain.Any),
            ("LogSoftmax", () => nn.LogSoftmax(0), () => ts.nn.LogSoftmax(0), Domain.Any),
            ("Softmin", () => nn.Softmin(1), () => ts.nn.Softmin(1), Domain.Any),
        };
        foreach (var (name, ours, theirs, domain) in pairs)
            yield return new OpCase { Op = "nn." + name, Variant = "module", Inputs = [new In([3, 4], domain)],
                                      Ours = x => ours().call(x[0]), Theirs = x => theirs().call(x[0]) };
        // nn.Hardtanh: TorchSharp's module goes through its broken Tensor.hardtanh (see ActivationCases)
        yield return new OpCase { Op = "nn.Hardtanh", Variant = "module", Inputs = [new In([3, 4], Domain.OffHalfGrid)],
                                  Ours = x => nn.Hardtanh(-0.5, 1).call(x[0]), Theirs = x => x[0].clamp(-0.5, 1.0) };
        yield return new OpCase { Op = "nn.Hardsigmoid", Variant = "module", Inputs = [new In([3, 4])], Dtypes = [ScalarType.Float32],
                                  Ours = x => nn.Hardsigmoid().call(x[0]), Theirs = x => ts.nn.Hardsigmoid().call(x[0]) };
        // PReLU's slopes are its parameter, made in the input's dtype (prelu refuses to promote). TorchSharp fills them in
        // float32 and then converts, PyTorch fills them in the dtype: an init exact in float32 makes both the same
        yield return new OpCase { Op = "nn.PReLU", Variant = "module", Inputs = [new In([2, 3, 2], Domain.AwayFromZero)],
                                  Ours = x => nn.PReLU(3, 0.125, dtype: x[0].dtype).call(x[0]),
                                  Theirs = x => ts.nn.PReLU(3, 0.125, dtype: x[0].dtype).call(x[0]) };
    }
}
