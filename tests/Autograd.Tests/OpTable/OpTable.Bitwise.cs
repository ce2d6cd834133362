using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

public static partial class OpTable
{
    /// <summary>Bitwise ops on int64 values in [-50, 50) and shift counts in [0, 70) (64 and more exercise
    /// PyTorch's out-of-range rule), and on bools; integer results, no gradients.</summary>
    [OpCases]
    private static IEnumerable<OpCase> BitwiseOps()
    {
        In Ints(params long[] shape) => new(shape, Domain.Index, IndexBound: 100);
        foreach (var (name, ours, theirs) in new (string, Func<Tensor, Tensor, Tensor>, Func<ts.Tensor, ts.Tensor, ts.Tensor>)[]
                 {
                     ("bitwise_and", (a, b) => a.bitwise_and(b), (a, b) => a.bitwise_and(b)),
                     ("bitwise_or", (a, b) => a.bitwise_or(b), (a, b) => a.bitwise_or(b)),
                     ("bitwise_xor", (a, b) => a.bitwise_xor(b), (a, b) => a.bitwise_xor(b)),
                     ("torch.bitwise_and", (a, b) => torch.bitwise_and(a, b), (a, b) => ts.bitwise_and(a, b)),
                     ("operator_and", (a, b) => a & b, (a, b) => a & b),
                     ("operator_or", (a, b) => a | b, (a, b) => a | b),
                     ("operator_xor", (a, b) => a ^ b, (a, b) => a ^ b),
                     ("logical_xor", (a, b) => a.logical_xor(b), (a, b) => a.logical_xor(b)),
                 })
        {
            yield return new OpCase { Op = name, Variant = "int64", Inputs = [Ints(2, 3), Ints(3)], Differentiable = false,
                                      Ours = t => ours(t[0] - 50, t[1] - 50), Theirs = t => theirs(t[0] - 50, t[1] - 50) };
            yield return new OpCase { Op = name, Variant = "bool", Inputs = [new In([2, 3], Domain.Mask), new In([2, 1], Domain.Mask)], Differentiable = false,
                                      Ours = t => ours(t[0], t[1]), Theirs = t => theirs(t[0], t[1]) };
        }
        yield return new OpCase { Op = "bitwise_and", Variant = "scalar", Inputs = [Ints(4)], Differentiable = false, Ours = t => (t[0] - 50).bitwise_and(6), Theirs = t => (t[0] - 50).bitwise_and(6) };
        yield return new OpCase { Op = "logical_xor", Variant = "float", Inputs = [new In([3]), new In([3])], Differentiable = false, Ours = t => t[0].gt(0).logical_xor(t[1]), Theirs = t => t[0].gt(0).logical_xor(t[1]) };
        foreach (var v in new[] { "int64", "bool" })
            yield return new OpCase { Op = "bitwise_not", Variant = v, Inputs = [v == "bool" ? new In([2, 3], Domain.Mask) : Ints(2, 3)], Differentiable = false,
                                      Ours = t => v == "bool" ? t[0].bitwise_not() : (~(t[0] - 50)), Theirs = t => v == "bool" ? t[0].bitwise_not() : (~(t[0] - 50)) };
        yield return new OpCase { Op = "bitwise_left_shift", Variant = "counts", Inputs = [Ints(2, 3), new In([3], Domain.Index, IndexBound: 70)], Differentiable = false,
                                  Ours = t => (t[0] - 50).bitwise_left_shift(t[1]), Theirs = t => (t[0] - 50).bitwise_left_shift(t[1]) };
        yield return new OpCase { Op = "bitwise_right_shift", Variant = "counts", Inputs = [Ints(2, 3), new In([3], Domain.Index, IndexBound: 70)], Differentiable = false,
                                  Ours = t => (t[0] - 50).bitwise_right_shift(t[1]), Theirs = t => (t[0] - 50).bitwise_right_shift(t[1]) };
        yield return new OpCase { Op = "operator_shifts", Variant = "scalar_counts", Inputs = [Ints(5)], Differentiable = false,
                                  Ours = t => ((t[0] - 50) << 3) + ((t[0] - 50) >> 2), Theirs = t => (t[0] - 50).bitwise_left_shift(3) + (t[0] - 50).bitwise_right_shift(2) };
        foreach (var c in Binary("isclose", (a, b) => a.isclose(a + b * 1e-5), (a, b) => a.isclose(a + b * 1e-5), differentiable: false)) yield return c;
        yield return new OpCase { Op = "bitwise_xor_", Variant = "int64", Inputs = [Ints(2, 3), Ints(3)], Differentiable = false,
                                  Ours = t => (t[0] - 50).bitwise_xor_(t[1]), Theirs = t => (t[0] - 50).bitwise_xor_(t[1]) };
        yield return new OpCase { Op = "bitwise_left_shift_", Variant = "int64", Inputs = [Ints(2, 3), new In([3], Domain.Index, IndexBound: 70)], Differentiable = false,
                                  Ours = t => (t[0] - 50).bitwise_left_shift_(t[1]), Theirs = t => (t[0] - 50).bitwise_left_shift_(t[1]) };
    }
}
