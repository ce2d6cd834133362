using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>kthvalue against LibTorch position for position on lines full of ties (its quickselect is not stable:
/// Note [Kthvalue ties]), for every dtype it takes, every k, along contiguous and strided dims, with NaN.</summary>
public class KthvalueTiesTests
{
    public static TheoryData<ScalarType> Dtypes() =>
    [
        ScalarType.Float32, ScalarType.Float64, ScalarType.Int64, ScalarType.Float16, ScalarType.BFloat16,
        ScalarType.Int32, ScalarType.Int16, ScalarType.Int8, ScalarType.Byte,
    ];

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void Positions_among_ties_are_libtorchs(ScalarType t)
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
}
