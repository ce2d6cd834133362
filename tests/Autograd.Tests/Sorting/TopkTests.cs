using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>topk against LibTorch position for position. LibTorch's CPU selection is not stable (libstdc++'s partial sort
/// when k * 64 &lt;= n, else nth_element and a sort of the first k - 1), so which of several equal elements comes back, and
/// in which order, is part of its result (native Note [Topk order]): lines full of ties, NaNs, signed zeros and infinities,
/// on both algorithms, largest and smallest, sorted or not, for every dtype topk takes, along contiguous and strided dims;
/// values and indices bit for bit, and the gradient on the returned positions.</summary>
public class TopkTests
{
    private static readonly ScalarType[] Dtypes =
    [
        ScalarType.Float32, ScalarType.Float64, ScalarType.Int64, ScalarType.Float16, ScalarType.BFloat16,
        ScalarType.Int32, ScalarType.Int16, ScalarType.Int8, ScalarType.Byte,
    ];

    /// <summary>Values from a small pool (every other element a repeat) mixed with one-decimal numbers that collide
    /// often too; NaN, infinities and -0.0 only for floating dtypes, non-negative for uint8.</summary>
    private static double[] Values(int seed, long n, ScalarType t)
    {
        var rng = new Random(seed);
        double[] pool = DType.IsFloating(t) ? [0.0, -0.0, 1.5, -1.5, 2, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 3, -7]
                                            : [0, 1, 2, 5, 3, 7];
        double lo = t == ScalarType.Byte ? 0 : -10;
        var v = new double[n];
        for (long i = 0; i < n; i++)
            v[i] = rng.Next(2) == 0 ? pool[rng.Next(pool.Length)] : DType.IsFloating(t) ? Math.Round(lo + rng.NextDouble() * 20, 1) : Math.Floor(lo + rng.NextDouble() * 20);
        return v;
    }

    private static void Check(double[] v, long[] shape, ScalarType t, int k, int dim, bool largest, bool sorted, bool transpose, string what)
    {
        Tensor x = torch.tensor(v, shape).to(t);
        ts.Tensor tx = ts.tensor(v, shape).to(Oracle.Ts(t));
        if (transpose) { x = x.t(); tx = tx.t(); }
        var (values, indices) = x.topk(k, dim, largest, sorted);
        var (tv, ti) = tx.topk(k, dim, largest, sorted);
        DtypeCases.AssertUlps(ti, indices, 0, what + " indices");
        DtypeCases.AssertUlps(tv, values, 0, what + " values");
    }

    public static TheoryData<ScalarType> AllDtypes()
    {
        var data = new TheoryData<ScalarType>();
        foreach (ScalarType t in Dtypes) data.Add(t);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllDtypes))]
    public void Lines_with_ties_give_libtorchs_positions_on_both_algorithms(ScalarType t)
    {
        foreach (long n in new long[] { 1, 7, 17, 64, 200, 1000, 5000 })
            foreach (int k in new[] { 1, 3, 15, 64, 100, (int)n })
            {
                if (k > n) continue;
                double[] v = Values(Oracle.Seed($"topk {t} {n} {k}"), n, t);
                foreach (bool largest in new[] { true, false })
                    foreach (bool sorted in new[] { true, false })
                        Check(v, [n], t, k, 0, largest, sorted, false, $"topk({t}, n {n}, k {k}, largest {largest}, sorted {sorted})");
            }
    }

    [Theory]
    [MemberData(nameof(AllDtypes))]
    public void Every_line_of_a_matrix_along_either_dim_and_through_a_transpose(ScalarType t)
    {
        double[] v = Values(Oracle.Seed($"topk matrix {t}"), 6 * 400, t);
        foreach ((int k, int dim, bool transpose) in new[] { (5, 1, false), (30, 1, false), (2, 0, false), (4, 0, true), (5, 1, true), (70, 0, true) })
            foreach (bool largest in new[] { true, false })
                Check(v, [6, 400], t, k, dim, largest, true, transpose, $"topk({t} [6, 400]{(transpose ? ".t()" : "")}, k {k}, dim {dim}, largest {largest})");
    }

    [Fact]
    public void A_long_random_line_selects_as_libtorch()
    {
        var rng = new Random(Oracle.Seed("topk long"));
        double[] v = Enumerable.Range(0, 300_000).Select(_ => rng.NextDouble() * 1000 - 500).ToArray();
        foreach (int k in new[] { 1, 100, 4000, 5000 })
            Check(v, [v.Length], ScalarType.Float32, k, 0, true, true, false, $"topk(float32 3e5, k {k})");
    }

    [Fact]
    public void The_gradient_lands_on_the_returned_positions_as_in_libtorch()
    {
        double[] v = Values(Oracle.Seed("topk grad"), 3 * 90, ScalarType.Float64).Select(d => double.IsFinite(d) ? d : 1.5).ToArray();
        foreach ((int k, int dim) in new[] { (1, 1), (40, 1), (2, 0) })
        {
            Tensor x = torch.tensor(v, [3, 90]).requires_grad_(true);
            ts.Tensor tx = ts.tensor(v, [3, 90]).requires_grad_(true);
            Tensor values = x.topk(k, dim, largest: false).values;
            double[] g = Enumerable.Range(0, (int)values.numel()).Select(i => 0.5 + i).ToArray();
            values.backward(torch.tensor(g, values.shape));
            ts.Tensor tvalues = tx.topk(k, dim, largest: false).values;
            tvalues.backward([ts.tensor(g, tvalues.shape)]);
            Oracle.AssertClose(tx.grad!, x.grad!, ScalarType.Float64, 0, $"topk grad k {k} dim {dim}");
        }
    }
}
