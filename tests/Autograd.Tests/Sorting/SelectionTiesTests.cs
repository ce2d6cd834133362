using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>kthvalue and mode against LibTorch position for position on lines full of ties: neither of LibTorch's CPU
/// kernels is stable (kthvalue's quickselect, Note [Kthvalue ties]; mode's std::sort, agn_sort_unstable), for every
/// dtype they take, along contiguous and strided dims, lines short and long.</summary>
public class SelectionTiesTests
{
    public static TheoryData<ScalarType> Dtypes() =>
    [
        ScalarType.Float32, ScalarType.Float64, ScalarType.Int64, ScalarType.Float16, ScalarType.BFloat16,
        ScalarType.Int32, ScalarType.Int16, ScalarType.Int8, ScalarType.Byte,
    ];

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void Kthvalue_positions_among_ties_are_libtorchs(ScalarType t)
    {
        foreach (long n in new long[] { 1, 2, 3, 5, 17, 40, 101 })
        {
            var rng = new Random(Oracle.Seed($"kthvalue {t} {n}"));
            double[] pool = DType.IsFloating(t) ? [0, -0.0, 1.5, 3, double.NaN, -2] : [0, 1, 2, 3];
            double[] v = Enumerable.Range(0, (int)(3 * n)).Select(_ => pool[rng.Next(pool.Length)]).ToArray();
            foreach (bool strided in new[] { false, true })
                for (long k = 1; k <= n; k++)
                {
                    Tensor x = torch.tensor(v, [3, n]).to(t);
                    ts.Tensor tx = ts.tensor(v, [3, n]).to(Oracle.Ts(t));
                    if (strided) { x = x.t(); tx = tx.t(); }
                    int dim = strided ? 0 : 1;
                    var (values, indices) = x.kthvalue(k, dim);
                    var (tv, ti) = tx.kthvalue(k, dim);
                    DtypeCases.AssertUlps(ti, indices, 0, $"{t} n={n} k={k} strided={strided} indices");
                    DtypeCases.AssertUlps(tv, values, 0, $"{t} n={n} k={k} strided={strided} values");
                }
        }
    }

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void Mode_positions_among_ties_are_libtorchs(ScalarType t)
    {
        // no NaN: LibTorch's mode compares with <, which orders NaN with nothing (std::sort's result is then unspecified)
        foreach (long n in new long[] { 1, 2, 16, 17, 40, 101, 1000 })
        {
            var rng = new Random(Oracle.Seed($"mode {t} {n}"));
            double[] pool = DType.IsFloating(t) ? [0, -0.0, 1.5, 3, -2] : [0, 1, 2, 3];
            double[] v = Enumerable.Range(0, (int)(3 * n)).Select(_ => pool[rng.Next(pool.Length)]).ToArray();
            foreach (bool strided in new[] { false, true })
            {
                Tensor x = torch.tensor(v, [3, n]).to(t);
                ts.Tensor tx = ts.tensor(v, [3, n]).to(Oracle.Ts(t));
                if (strided) { x = x.t(); tx = tx.t(); }
                int dim = strided ? 0 : 1;
                var (values, indices) = x.mode(dim);
                var (tv, ti) = tx.mode(dim);
                DtypeCases.AssertUlps(ti, indices, 0, $"{t} n={n} strided={strided} indices");
                DtypeCases.AssertUlps(tv, values, 0, $"{t} n={n} strided={strided} values");
            }
        }
    }
}
