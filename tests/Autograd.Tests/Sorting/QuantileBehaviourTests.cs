using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>quantile / nanquantile beyond the op table: LibTorch's messages and their order, the result shape for
/// every combination of input rank, q rank, dim and keepdim, and nanquantile's non-linear modes.</summary>
public class QuantileBehaviourTests
{
    private static string? Refusal(Action call) => DtypeCases.Refusal(call);

    /// <summary>Each misuse, alone and two at a time (LibTorch checks in a fixed order), refused in LibTorch's words.</summary>
    public static TheoryData<string> Misuses() => [.. MisuseCases.Keys];

    private static readonly Dictionary<string, (Func<Tensor> Ours, Func<ts.Tensor> Theirs)> MisuseCases = new()
    {
        ["empty"] = (() => torch.zeros(0).quantile(torch.tensor(new[] { 0.5f })), () => ts.zeros(0).quantile(ts.tensor(new[] { 0.5f }))),
        ["empty_dim"] = (() => torch.zeros(3, 0).nanquantile(torch.tensor(0.5f), 1), () => ts.zeros(3, 0).nanquantile(ts.tensor(0.5f), 1)),
        ["int_input"] = (() => torch.tensor(new long[] { 1, 2 }).quantile(torch.tensor(0.5)),
            () => ts.tensor(new long[] { 1, 2 }).quantile(ts.tensor(0.5))),
        ["half_input"] = (() => torch.ones(3).half().quantile(torch.tensor(0.5).half()),
            () => ts.ones(3).half().quantile(ts.tensor(0.5).half())),
        ["q_dtype"] = (() => torch.ones(3).quantile(torch.tensor(0.5)), () => ts.ones(3).quantile(ts.tensor(0.5))),
        ["q_2d"] = (() => torch.ones(3).quantile(torch.full([1, 1], 0.5f)), () => ts.ones(3).quantile(ts.full(1, 1, 0.5f))),
        ["q_above_1"] = (() => torch.ones(3).quantile(torch.tensor(new[] { 0.5f, 1.5f })),
            () => ts.ones(3).quantile(ts.tensor(new[] { 0.5f, 1.5f }))),
        ["q_negative"] = (() => torch.ones(3).quantile(torch.tensor(-0.1f)), () => ts.ones(3).quantile(ts.tensor(-0.1f))),
        ["q_nan"] = (() => torch.ones(3).nanquantile(torch.tensor(new[] { float.NaN })),
            () => ts.ones(3).nanquantile(ts.tensor(new[] { float.NaN }))),
        ["dim"] = (() => torch.ones(2, 3).quantile(torch.tensor(0.5f), 2), () => ts.ones(2, 3).quantile(ts.tensor(0.5f), 2)),
        ["dim_of_0d"] = (() => torch.tensor(1f).quantile(torch.tensor(0.5f), 1), () => ts.tensor(1f).quantile(ts.tensor(0.5f), 1)),
        ["empty_and_q_range"] = (() => torch.zeros(0).quantile(torch.tensor(2f)), () => ts.zeros(0).quantile(ts.tensor(2f))),
        ["int_and_q_2d"] = (() => torch.ones(2, ScalarType.Int64).quantile(torch.ones(1, 1, ScalarType.Float64)),
            () => ts.ones(2, ts.int64).quantile(ts.ones(1, 1, ts.float64))),
        ["q_2d_and_dtype"] = (() => torch.ones(2).quantile(torch.ones(1, 1, ScalarType.Float64)),
            () => ts.ones(2).quantile(ts.ones(1, 1, ts.float64))),
        ["int_and_q_range"] = (() => torch.ones(2, ScalarType.Int32).quantile(torch.tensor(2f)),
            () => ts.ones(2, ts.int32).quantile(ts.tensor(2f))),
        ["int_and_dim"] = (() => torch.ones(2, ScalarType.Int64).quantile(torch.tensor(0.5), 3),
            () => ts.ones(2, ts.int64).quantile(ts.tensor(0.5), 3)),
        ["dim_and_q_range"] = (() => torch.ones(2).quantile(torch.tensor(2f), 3), () => ts.ones(2).quantile(ts.tensor(2f), 3)),
    };

    [Theory]
    [MemberData(nameof(Misuses))]
    public void Misuse_is_refused_in_libtorch_words(string name)
    {
        var (ours, theirs) = MisuseCases[name];
        string? expected = Refusal(() => theirs());
        Assert.NotNull(expected);
        Assert.Equal(expected, Refusal(() => ours()));
    }

    [Fact]
    public void Double_q_and_interpolation_are_checked_first_in_libtorch_words()
    {
        // TorchSharp binds neither the double-q overload nor interpolation; the words are LibTorch 2.10's (libtorch_cpu's
        // strings), its double printed by C++'s ostream
        Tensor x = torch.ones(3, ScalarType.Int64);
        static void Throws(string message, Func<object> call) => Assert.Equal(message, Assert.Throws<ArgumentException>(call).Message);
        Throws("quantile() q must be in the range [0, 1] but got 1.5", () => x.quantile(1.5));
        Throws("quantile() q must be in the range [0, 1] but got nan", () => x.nanquantile(double.NaN));
        Throws("quantile() q must be in the range [0, 1] but got -1e-07", () => x.quantile(-1e-7));
        Throws("quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, but got cubic",
            () => x.quantile(torch.full([2, 2], 0.5), interpolation: "cubic"));
        Throws("quantile() input tensor must be either float or double dtype", () => x.quantile(0.5));
    }

    public static TheoryData<int, int, long?, bool> Shapes()
    {
        var data = new TheoryData<int, int, long?, bool>();
        foreach (int rank in new[] { 0, 1, 3 })
            foreach (int qRank in new[] { 0, 1 })
                foreach (long? dim in new long?[] { null, 0, -1 })
                    foreach (bool keepdim in new[] { false, true })
                        data.Add(rank, qRank, dim, keepdim);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Result_shape_and_values_follow_libtorch(int rank, int qRank, long? dim, bool keepdim)
    {
        long[] shape = new long[] { 2, 3, 4 }[..rank];
        double[] values = Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(i => Math.Sin(7.0 * i))
            .ToArray();
        double[] qs = qRank == 0 ? [0.4] : [0.1, 0.5, 0.95];
        Tensor q = qRank == 0 ? torch.tensor(qs[0]) : torch.tensor(qs);
        ts.Tensor tq = qRank == 0 ? ts.tensor(qs[0]) : ts.tensor(qs);
        // TorchSharp's dim -1 means all elements: pass the last dim by its index
        long tdim = dim is null ? -1 : dim == -1 ? Math.Max(rank - 1, 0) : dim.Value;
        ts.Tensor expected = ts.tensor(values, shape).quantile(tq, tdim, keepdim);
        Tensor actual = torch.tensor(values, shape).quantile(q, dim, keepdim);
        Oracle.AssertClose(expected, actual, ScalarType.Float64);
        if (qRank == 0) Oracle.AssertClose(expected, torch.tensor(values, shape).quantile(qs[0], dim, keepdim), ScalarType.Float64);
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("lower")]
    [InlineData("higher")]
    [InlineData("nearest")]
    [InlineData("midpoint")]
    public void Nanquantile_is_the_quantile_of_each_line_without_its_nans(string mode)
    {
        // quantile's modes are checked against LibTorch in the op table; TorchSharp binds nanquantile for linear only
        double nan = double.NaN;
        double[,] rows =
        {
            { 3, nan, 1, 4, nan, 1.5, 9 }, { nan, nan, nan, nan, nan, nan, nan }, { 2, 7, 1, 8, 2.5, 8.5, 0.5 },
            { nan, 6, nan, nan, nan, nan, nan },
        };
        Tensor x = torch.tensor(rows), q = torch.tensor(new[] { 0.0, 0.25, 0.5, 0.6, 1.0 });
        Tensor actual = x.nanquantile(q, 1, interpolation: mode);
        Assert.Equal([5L, 4L], actual.shape);
        for (int r = 0; r < 4; r++)
        {
            Tensor line = x[r].masked_select(x[r].isnan().logical_not());
            Tensor expected = line.numel() == 0 ? torch.full([5], nan, ScalarType.Float64)
                : line.quantile(q, 0, interpolation: mode);
            Oracle.AssertClose(expected.ToArray<double>(), actual.select(1, r).contiguous().ToArray<double>(), 0, 0, $"{mode} line {r}");
        }
    }

    [Fact]
    public void A_line_holding_nan_gives_nan_in_every_mode()
    {
        Tensor x = torch.tensor(new[,] { { 1.0, double.NaN, 3 }, { 4, 5, 6 } });
        foreach (string mode in new[] { "linear", "lower", "higher", "nearest", "midpoint" })
        {
            Tensor y = x.quantile(0.3, 1, interpolation: mode);
            Assert.True(double.IsNaN(y[0].item<double>()), mode);
            Assert.False(double.IsNaN(y[1].item<double>()), mode);
        }
    }
}
