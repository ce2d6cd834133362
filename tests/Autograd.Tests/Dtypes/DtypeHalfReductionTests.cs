using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>float16 / bfloat16 reductions (the native kernel widens the input a piece at a time, Note [Half reduction])
/// against LibTorch on lines long enough to cross the kernel's pieces, lane rows and 2048-element sum blocks: a line of
/// odd length, the same line read with stride 3, and a 700×1030 matrix row-major and transposed, reduced along either
/// dim (both loop shapes; kept rows wider than a 1024-output tile). Max, min and argmax also see NaN and infinities.</summary>
public class DtypeHalfReductionTests
{
    /// <param name="Ulps">Results may differ by this many units in the last place at <paramref name="Scale"/>'s
    /// magnitude or the result's, whichever is larger (0: the same bits).</param>
    private sealed record Op(string Name, Func<Tensor, Tensor> Ours, Func<ts.Tensor, ts.Tensor> Theirs, int Ulps = 0,
                             Func<Tensor, Tensor>? Scale = null, bool Specials = false, bool PowersOfTwo = false);

    // Sums: LibTorch accumulates in float32 (its cascade), we in float32 blocks added in double; each is within tens of
    // float32 ulps of sum|x| of the exact sum, far below half a float16 (2^12 float32 ulps) or bfloat16 (2^15) ulp, and
    // each rounds once to the half type, so the two straddle at most one rounding boundary: 1 ulp at sum|x|. Means are
    // those float32 sums scaled (LibTorch divides by n, we multiply by 1/n: a float32 ulp apart) and rounded once: 1 ulp
    // at mean|x|. LibTorch's float16/bfloat16 prod keeps its running products in the half type itself (binary_kernel_reduce_vec
    // over scalar_t), rounding each, where ours are double, so general long products differ by those roundings: prod is
    // tested on ±1 with a few 2 and 0.5, whose partial products stay exact in every precision: the same bits. Max, min
    // and the arg ops select an element: exact.
    private static readonly Op[] Ops =
    [
        new("sum", x => x.sum(), x => x.sum(), 1, x => x.abs().sum()),
        new("sum_last", x => x.sum(-1), x => x.sum(-1), 1, x => x.abs().sum(-1)),
        new("sum_first", x => x.sum(0), x => x.sum(0L), 1, x => x.abs().sum(0)),
        new("mean", x => x.mean(), x => x.mean(), 1, x => x.abs().mean()),
        new("mean_first", x => x.mean(0), x => x.mean([0]), 1, x => x.abs().mean(0)),
        new("prod_last", x => x.prod(-1), x => x.prod(-1), PowersOfTwo: true),
        new("amax_last", x => x.amax(-1), x => x.amax([-1]), Specials: true),
        new("amin_first", x => x.amin(0), x => x.amin([0]), Specials: true),
        new("max_last", x => x.max(-1).values, x => x.max(-1).values, Specials: true),
        new("argmax_last", x => x.argmax(-1), x => x.argmax(-1), Specials: true),
        new("argmin", x => x.argmin(), x => x.argmin(), Specials: true),
    ];

    private static readonly string[] Layouts = ["line", "stepped", "matrix", "transposed"];

    public static TheoryData<string, string, ScalarType> Cases()
    {
        var data = new TheoryData<string, string, ScalarType>();
        foreach (Op op in Ops)
            foreach (string layout in Layouts)
                foreach (ScalarType t in new[] { ScalarType.Float16, ScalarType.BFloat16 })
                    data.Add(op.Name, layout, t);
        return data;
    }

    /// <summary>Seeded values in (-2, 2), or ±1 with every 97th a 2 and the 47th after it a 0.5 (running products stay
    /// near 1); with specials, NaN, +inf and -inf at a few scattered positions.</summary>
    private static double[] Values(int n, bool specials, bool powersOfTwo, string seed)
    {
        var rng = new Random(Oracle.Seed(seed));
        var v = new double[n];
        for (int i = 0; i < n; i++)
            v[i] = !powersOfTwo ? (rng.NextDouble() - 0.5) * 4 : (rng.Next(2) * 2 - 1) * (i % 97 == 3 ? 2 : i % 97 == 50 ? 0.5 : 1);
        if (specials)
            for (int i = 0; i < n; i += 1777)
                v[i] = (i / 1777 % 3) switch { 0 => double.NaN, 1 => double.PositiveInfinity, _ => double.NegativeInfinity };
        return v;
    }

    private const int Line = 5001, Rows = 700, Cols = 1030;

    /// <summary>The same values as both libraries' tensors in <paramref name="layout"/>, and ours in float32.</summary>
    private static (Tensor Ours, ts.Tensor Theirs, Tensor Float32) Input(string layout, ScalarType t, bool specials, bool powersOfTwo)
    {
        double[] v = Values(layout is "line" or "stepped" ? 3 * Line : Rows * Cols, specials, powersOfTwo, $"half reductions {layout} {t}");
        Tensor a = torch.tensor(v).to(t);
        return (Lay(layout, a), Lay(layout, ts.tensor(v).to(Oracle.Ts(t))), Lay(layout, a.to(ScalarType.Float32)));
    }

    /// <summary>The layout's view of a 1-d tensor; <see cref="Lay(string, ts.Tensor)"/> is the same view in LibTorch.</summary>
    private static Tensor Lay(string layout, Tensor x) => layout switch
    {
        "line" => x[..Line],
        "stepped" => x.reshape(Line, 3).select(1, 1),
        "matrix" => x.reshape(Rows, Cols),
        _ => x.reshape(Cols, Rows).t(),
    };

    private static ts.Tensor Lay(string layout, ts.Tensor x) => layout switch
    {
        "line" => x[..Line],
        "stepped" => x.reshape(Line, 3).select(1, 1),
        "matrix" => x.reshape(Rows, Cols),
        _ => x.reshape(Cols, Rows).t(),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_libtorch_on_long_and_strided_inputs(string name, string layout, ScalarType t)
    {
        Op op = Ops.Single(o => o.Name == name);
        (Tensor x, ts.Tensor tx, _) = Input(layout, t, op.Specials, op.PowersOfTwo);
        Tensor actual = op.Ours(x);
        double[]? scale = op.Scale is null ? null : DtypeCases.Values(op.Scale(x.to(ScalarType.Float64)).broadcast_to(actual.shape));
        DtypeCases.AssertUlps(op.Theirs(tx), actual, op.Ulps, $"{name}({t}, {layout})", scale);
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void Sum_into_float32_is_the_sum_of_the_float32_copy(ScalarType t)
    {
        foreach (string layout in Layouts)
        {
            (Tensor x, _, Tensor widened) = Input(layout, t, specials: false, powersOfTwo: false);
            // LibTorch sums a float16/bfloat16 tensor into float32 by summing its float32 copy (in the same layout);
            // widening is exact, so reading the half input directly must give the bits of our float32 sum of that
            // copy (itself checked against LibTorch in the float32 tests)
            foreach ((Tensor expected, Tensor actual) in new[] { (widened.sum(0), x.sum(0, type: ScalarType.Float32)),
                                                                (widened.sum(), x.sum(ScalarType.Float32)) })
            {
                Assert.Equal(ScalarType.Float32, actual.dtype);
                Assert.Equal(DtypeCases.Values(expected), DtypeCases.Values(actual));
            }
        }
    }
}
