using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>float16 / bfloat16 matrix products against LibTorch. Ours widens both operands to float32 once, runs the
/// float32 GEMM and rounds each result once. A product of two half-precision values is exact in float32 (at most 22
/// significant bits), so the two libraries' float32 sums differ only by accumulation order, each within
/// (K - 1)·2⁻²⁴·Σ|a||b| of the exact sum; rounding to the dtype then moves each by at most half an ulp, and a
/// rounding boundary between the two sums by one ulp. So every element is within one ulp of LibTorch's result
/// plus 2·(K - 1)·2⁻²⁴·Σ|a||b|: where the sums agree (almost always) the bits are equal.</summary>
public class DtypeMatmulTests
{
    public static TheoryData<ScalarType> HalfTypes() => new() { ScalarType.Float16, ScalarType.BFloat16 };

    [Theory]
    [MemberData(nameof(HalfTypes))]
    public void Products_round_once_from_float32_sums_as_libtorch(ScalarType t)
    {
        var rng = new Random(Oracle.Seed($"half matmul {t}"));
        foreach ((long[] sa, long[] sb, bool transposeB) in new[]
                 {
                     (new long[] { 37, 64 }, new long[] { 64, 29 }, false),
                     (new long[] { 33, 100 }, new long[] { 21, 100 }, true),
                     (new long[] { 3, 8, 16 }, new long[] { 3, 16, 5 }, false),
                 })
        {
            double[] av = [.. Enumerable.Range(0, (int)sa.Aggregate(1L, (p, s) => p * s)).Select(_ => rng.NextDouble() * 4 - 2)];
            double[] bv = [.. Enumerable.Range(0, (int)sb.Aggregate(1L, (p, s) => p * s)).Select(_ => rng.NextDouble() * 4 - 2)];
            Tensor a = torch.tensor(av, sa).to(t), b = torch.tensor(bv, sb).to(t);
            ts.Tensor ta = ts.tensor(av, sa).to(Oracle.Ts(t)), tb = ts.tensor(bv, sb).to(Oracle.Ts(t));
            if (transposeB) { b = b.t(); tb = tb.t(); }
            Tensor y = a.matmul(b);
            ts.Tensor ty = ta.matmul(tb);
            Assert.Equal(t, y.dtype);
            Assert.Equal(ty.shape, y.shape);
            long k = a.shape[^1];
            // Σ|a||b| per element, in float64 from the rounded operands
            double[] magnitude = DtypeCases.Values(a.to(ScalarType.Float64).abs().matmul(b.to(ScalarType.Float64).abs()));
            double[] e = Oracle.Values(ty.reshape(-1)), got = DtypeCases.Values(y);
            for (int i = 0; i < e.Length; i++)
            {
                double bound = DtypeCases.Ulp(Math.Abs(e[i]), t) + 2 * (k - 1) * Math.ScaleB(1, -24) * magnitude[i];
                Assert.True(Math.Abs(e[i] - got[i]) <= bound, $"{t} matmul [{string.Join(", ", sa)}]: element {i} is {got[i]}, LibTorch gives {e[i]}");
            }
        }
    }
}
