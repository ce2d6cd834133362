using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Binary elementwise ops on every pair of stored dtypes and every mix of dimensioned and 0-d
/// operands, against LibTorch: the result dtype, every element bit for bit (integer sums and products
/// wrap; integer division and remainder round as PyTorch's; float16/bfloat16 compute in float32 and round
/// to nearest even once), and LibTorch's message where it refuses the pair.</summary>
public class DtypeBinaryOpTests
{
    /// <param name="Ulps">Floating results may differ by this many units in the last place (0: the same bits).</param>
    /// <param name="Scale">The magnitude whose units the ulps count, when larger than the result's.</param>
    private sealed record Op(string Name, Func<Tensor, Tensor, Tensor> Ours, Func<ts.Tensor, ts.Tensor, ts.Tensor> Theirs, int Ulps = 0,
                             Func<Tensor, Tensor, Tensor>? Scale = null);

    private static readonly Op[] Ops =
    [
        new("add", (a, b) => a + b, (a, b) => a + b),
        // LibTorch's vectorised a + alpha * b is a fused multiply-add in float32/float64 (one rounding), ours
        // rounds the product first: they differ by at most one unit of the larger term, alpha * b here
        new("add_alpha", (a, b) => a.add(b, 3), (a, b) => a.add(b, 3), Ulps: 1, Scale: (a, b) => b.abs() * 3),
        new("sub", (a, b) => a - b, (a, b) => a - b),
        new("mul", (a, b) => a * b, (a, b) => a * b),
        new("div", (a, b) => a / b, (a, b) => a / b),
        new("div_trunc", (a, b) => a.div(b, RoundingMode.trunc), (a, b) => a.div(b, ts.RoundingMode.trunc)),
        new("div_floor", (a, b) => a.div(b, RoundingMode.floor), (a, b) => a.div(b, ts.RoundingMode.floor)),
        new("floor_divide", (a, b) => a.floor_divide(b), (a, b) => a.floor_divide(b)),
        new("remainder", (a, b) => a.remainder(b), (a, b) => a.remainder(b)),
        new("fmod", (a, b) => a.fmod(b), (a, b) => a.fmod(b)),
        new("maximum", (a, b) => a.maximum(b), (a, b) => a.maximum(b)),
        new("minimum", (a, b) => a.minimum(b), (a, b) => a.minimum(b)),
        new("eq", (a, b) => a.eq(b), (a, b) => a.eq(b)),
        new("lt", (a, b) => a.lt(b), (a, b) => a.lt(b)),
        new("ge", (a, b) => a.ge(b), (a, b) => a.ge(b)),
        new("bitwise_and", (a, b) => a.bitwise_and(b), (a, b) => a.bitwise_and(b)),
        new("bitwise_xor", (a, b) => a.bitwise_xor(b), (a, b) => a.bitwise_xor(b)),
        new("logical_or", (a, b) => a.logical_or(b), (a, b) => a.logical_or(b)),
        // LibTorch's vectorised atan2 is SLEEF's u10 (within 1.0 ulp; its AVX2 and AVX-512 builds round differently),
        // ours the C library's (within 1 ulp): two results within 1 ulp of the exact value may differ by 2
        new("atan2", (a, b) => a.atan2(b), (a, b) => a.atan2(b), Ulps: 2),
        new("bitwise_left_shift", (a, b) => a.bitwise_left_shift(b), (a, b) => a.bitwise_left_shift(b)),
        new("bitwise_right_shift", (a, b) => a.bitwise_right_shift(b), (a, b) => a.bitwise_right_shift(b)),
        // LibTorch's vectorised pow is SLEEF's, within 1 ulp; ours is the C library's
        new("pow", (a, b) => a.pow(b), (a, b) => a.pow(b), Ulps: 1),
    ];

    public static TheoryData<string, ScalarType, ScalarType> Cases()
    {
        var data = new TheoryData<string, ScalarType, ScalarType>();
        foreach (Op op in Ops)
            foreach (ScalarType a in DtypeCases.All)
                foreach (ScalarType b in DtypeCases.All)
                    data.Add(op.Name, a, b);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_libtorch_bit_for_bit_or_refuses_in_its_words(string name, ScalarType a, ScalarType b)
    {
        Op op = Ops.Single(o => o.Name == name);
        foreach (bool aZero in new[] { false, true })
            foreach (bool bZero in new[] { false, true })
            {
                string what = $"{name}({a}{(aZero ? " 0-d" : "")}, {b}{(bZero ? " 0-d" : "")})";
                ts.Tensor? expected = null;
                string? theirs = DtypeCases.Refusal(() => expected = op.Theirs(DtypeCases.Theirs(DtypeCases.A, a, aZero), DtypeCases.Theirs(DtypeCases.B, b, bZero)));
                Tensor? actual = null;
                Tensor x = DtypeCases.Ours(DtypeCases.A, a, aZero), y = DtypeCases.Ours(DtypeCases.B, b, bZero);
                string? ours = DtypeCases.Refusal(() => actual = op.Ours(x, y));
                Assert.True(theirs == ours, $"{what}: LibTorch says '{theirs ?? "(result)"}', we say '{ours ?? "(result)"}'");
                if (theirs is not null) continue;
                double[]? scale = op.Scale is null || !DType.IsFloating(actual!.dtype) ? null
                    : DtypeCases.Values(op.Scale(x.to(ScalarType.Float64), y.to(ScalarType.Float64)).broadcast_to(actual.shape).to(actual.dtype));
                DtypeCases.AssertUlps(expected!, actual!, op.Ulps, what, scale);
            }
    }
}
