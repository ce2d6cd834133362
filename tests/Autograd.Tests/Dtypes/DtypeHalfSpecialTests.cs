using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>float16 / bfloat16 elementwise ops (the native kernels' chunked float32 path, Note [Half compute]) against
/// LibTorch at the values where rounding and conversion go wrong: NaN, infinities, signed zeros, subnormals of each
/// type, the largest finite values, sums and quotients that land exactly halfway between two representable values
/// (round to nearest even), on lines long enough to cross our chunks and LibTorch's vector loops, contiguous and
/// strided. Every element bit for bit (NaNs of any payload are equal: LibTorch's own NaN bits differ between its
/// vector loop and its tail), transcendental functions within the 1 ulp their float32 results may round apart.</summary>
public class DtypeHalfSpecialTests
{
    private sealed record Op(string Name, Func<Tensor, Tensor, Tensor> Ours, Func<ts.Tensor, ts.Tensor, ts.Tensor> Theirs, int Ulps = 0);

    private static readonly Op[] Ops =
    [
        new("add", (a, b) => a + b, (a, b) => a + b),
        new("sub", (a, b) => a - b, (a, b) => a - b),
        new("mul", (a, b) => a * b, (a, b) => a * b),
        new("div", (a, b) => a / b, (a, b) => a / b),
        new("maximum", (a, b) => a.maximum(b), (a, b) => a.maximum(b)),
        new("lt", (a, b) => a.lt(b), (a, b) => a.lt(b)),
        new("eq", (a, b) => a.eq(b), (a, b) => a.eq(b)),
        new("neg", (a, _) => a.neg(), (a, _) => a.neg()),
        new("abs", (a, _) => a.abs(), (a, _) => a.abs()),
        new("relu", (a, _) => a.relu(), (a, _) => a.relu()),
        new("add_", (a, b) => a.clone().add_(b), (a, b) => a.clone().add_(b)),
        new("mul_scalar", (a, _) => a * 0.1, (a, _) => a * 0.1),
        // float32 results of SLEEF (LibTorch) and of our kernels, each within 1-2 float32 ulps, may round to
        // neighbouring half values when they straddle a rounding boundary
        new("exp", (a, _) => a.exp(), (a, _) => a.exp(), 1),
        new("tanh", (a, _) => a.tanh(), (a, _) => a.tanh(), 1),
        new("sqrt", (a, _) => a.sqrt(), (a, _) => a.sqrt(), 1),
    ];

    [Fact]
    public void Relu_keeps_nan_and_negative_zero_as_libtorch_in_every_floating_dtype()
    {
        // LibTorch's relu is clamp_min(x, 0): x unless x < 0; 40 elements reach its vector loop and its tail
        double[] v = [.. Enumerable.Range(0, 40).Select(i => (i % 4) switch { 0 => -0.0, 1 => double.NaN, 2 => -1.5 * i, _ => 0.25 * i })];
        foreach (ScalarType t in new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16 })
            DtypeCases.AssertUlps(ts.tensor(v).to(Oracle.Ts(t)).relu(), torch.tensor(v).to(t).relu(), 0, $"relu({t})");
    }

    /// <summary>Pairs (a, b): specials against each other, exact halfway sums and products for the dtype, then seeded
    /// values of mixed magnitude; 600 elements.</summary>
    private static (double[] A, double[] B) Operands(ScalarType t)
    {
        int mantissa = t == ScalarType.Float16 ? 10 : 7;
        double tiny = t == ScalarType.Float16 ? Math.ScaleB(1, -24) : Math.ScaleB(1, -133); // smallest subnormal
        double max = t == ScalarType.Float16 ? 65504 : 3.3895313892515355E38;
        double half = Math.ScaleB(1, -mantissa - 1); // half an ulp of 1
        double[] specials = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, tiny, -tiny, 3 * tiny,
                             max, -max, 1, -1, half, 3 * half, 1 + 2 * half, 0.5, 2];
        var a = new List<double>();
        var b = new List<double>();
        foreach (double x in specials)
            foreach (double y in specials) { a.Add(x); b.Add(y); }
        // halfway cases: 1 + half and 1 + 3·half tie in a sum; tiny·0.5 and tiny·1.5 tie below the subnormals
        a.AddRange([1, 1, -1, 1 + 2 * half, tiny, 3 * tiny, max, max / 2]);
        b.AddRange([half, 3 * half, -half, half, 0.5, 0.5, half * max / 2 * 0, max / 2 + max * half]);
        var rng = new Random(Oracle.Seed($"half specials {t}"));
        while (a.Count < 600)
        {
            a.Add((rng.NextDouble() - 0.5) * Math.ScaleB(1, rng.Next(-30, 20)));
            b.Add((rng.NextDouble() - 0.5) * Math.ScaleB(1, rng.Next(-30, 20)));
        }
        return ([.. a], [.. b]);
    }

    public static TheoryData<string, ScalarType> Cases()
    {
        var data = new TheoryData<string, ScalarType>();
        foreach (Op op in Ops)
            foreach (ScalarType t in new[] { ScalarType.Float16, ScalarType.BFloat16 })
                data.Add(op.Name, t);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Special_values_and_rounding_ties_match_libtorch(string name, ScalarType t)
    {
        Op op = Ops.Single(o => o.Name == name);
        (double[] av, double[] bv) = Operands(t);
        foreach (bool strided in new[] { false, true })
        {
            Tensor a = torch.tensor(av).to(t), b = torch.tensor(bv).to(t);
            ts.Tensor ta = ts.tensor(av).to(Oracle.Ts(t)), tb = ts.tensor(bv).to(Oracle.Ts(t));
            if (strided)
            {
                a = a.reshape(20, 30).t(); b = b.reshape(20, 30).t();
                ta = ta.reshape(20, 30).t(); tb = tb.reshape(20, 30).t();
            }
            DtypeCases.AssertUlps(op.Theirs(ta, tb), op.Ours(a, b), op.Ulps, $"{name}({t}{(strided ? ", strided" : "")})");
        }
    }
}
