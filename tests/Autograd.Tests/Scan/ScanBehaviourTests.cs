using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Scans beyond the op table: cumprod's exact gradient through zeros (first and second order,
/// against LibTorch), dtype results, node names and PyTorch's messages.</summary>
public class ScanBehaviourTests
{
    private static void Throws<TException>(string message, Func<object> call) where TException : Exception =>
        Assert.Equal(message, Assert.Throws<TException>(call).Message);

    public static IEnumerable<object[]> ZeroPatterns() =>
    [
        [new double[] { 1.5, 0, 2, -0.5, 3 }],      // one zero
        [new double[] { 0.7, 0, 2, 0, -1.5, 2 }],   // two zeros
        [new double[] { 0, 0, 1.2, 0.3 }],          // leading zeros
        [new double[] { 2, -1, 0.5, 0 }],           // zero last
    ];

    [Theory]
    [MemberData(nameof(ZeroPatterns))]
    public void Cumprod_gradient_through_zeros_matches_libtorch_to_second_order(double[] values)
    {
        // rows: the pattern, and its reverse (zeros at other positions); cumprod along dim 1
        double[] both = [.. values, .. values.Reverse()];
        long[] shape = [2, values.Length];
        var rng = new Random(values.Length);
        double[] g = both.Select(_ => rng.NextDouble() * 2 - 1).ToArray(), u = both.Select(_ => rng.NextDouble() * 2 - 1).ToArray();

        Tensor x = torch.tensor(both, shape).requires_grad_(true);
        Tensor gx = torch.autograd.grad([x.cumprod(1)], [x], [torch.tensor(g, shape)], create_graph: true)[0]!;
        Tensor gg = torch.autograd.grad([(gx * torch.tensor(u, shape)).sum()], [x])[0]!;
        Tensor x1 = torch.tensor(both, shape).requires_grad_(true);
        x1.cumprod(1).backward(torch.tensor(g, shape)); // first order alone takes the O(n) path

        ts.Tensor tx = ts.tensor(both, shape).requires_grad_(true);
        ts.Tensor tgx = ts.autograd.grad([tx.cumprod(1)], [tx], [ts.tensor(g, shape)], create_graph: true)[0];
        ts.Tensor tgg = ts.autograd.grad([(tgx * ts.tensor(u, shape)).sum()], [tx])[0];

        Oracle.AssertClose(tgx, gx, ScalarType.Float64, 1e-12, "first order (create_graph)");
        Oracle.AssertClose(tgx, x1.grad!, ScalarType.Float64, 1e-12, "first order");
        Oracle.AssertClose(tgg, gg, ScalarType.Float64, 1e-12, "second order");
    }

    [Fact]
    public void Scan_nodes_carry_pytorch_names()
    {
        Tensor x = torch.ones(3).requires_grad_(true);
        Assert.Equal("CumsumBackward0", x.cumsum(0).grad_fn!.name());
        Assert.Equal("CumprodBackward0", x.cumprod(0).grad_fn!.name());
        Assert.Equal("CummaxBackward0", x.cummax(0).values.grad_fn!.name());
        Assert.Equal("CumminBackward0", x.cummin(0).values.grad_fn!.name());
        Assert.Equal("LogcumsumexpBackward0", x.logcumsumexp(0).grad_fn!.name());
    }

    [Fact]
    public void Cumsum_dtypes_follow_pytorch()
    {
        Assert.Equal(ScalarType.Int64, torch.ones(3, ScalarType.Bool).cumsum(0).dtype);
        Assert.Equal(ScalarType.Int64, torch.ones(3, ScalarType.Int64).cumprod(0).dtype);
        Assert.Equal(ScalarType.Float64, torch.ones(3).cumsum(0, ScalarType.Float64).dtype);
        // a float input asked for int64 is converted first (truncated), as LibTorch does
        Assert.Equal([0L, 1, 3], torch.tensor(new[] { 0.5, 1.7, 2.2 }).cumsum(0, ScalarType.Int64).ToArray<long>());
        Assert.Equal(ScalarType.Bool, torch.ones(3, ScalarType.Bool).cummax(0).values.dtype);
        // a float32 gradient comes back for a float64 cumsum of a float32 input
        Tensor x = torch.ones(3).requires_grad_(true);
        x.cumsum(0, ScalarType.Float64).sum().backward();
        Assert.Equal(ScalarType.Float32, x.grad!.dtype);
        Assert.Equal([3f, 2, 1], x.grad.ToArray<float>());
    }

    [Fact]
    public void Scans_reject_bad_arguments_with_pytorch_messages()
    {
        Tensor x = torch.ones(2, 3), s = torch.tensor(3.0);
        Throws<IndexOutOfRangeException>("Dimension out of range (expected to be in range of [-2, 1], but got 2)", () => x.cumsum(2));
        Throws<IndexOutOfRangeException>("Dimension out of range (expected to be in range of [-2, 1], but got -3)", () => x.cummax(-3));
        Throws<IndexOutOfRangeException>("Dimension out of range (expected to be in range of [-1, 0], but got 1)", () => s.cumprod(1));
        Throws<NotSupportedException>("\"logcumsumexp_out_cpu\" not implemented for 'Long'", () => torch.ones(3, ScalarType.Int64).logcumsumexp(0));
        Throws<NotSupportedException>("\"logcumsumexp_out_cpu\" not implemented for 'Bool'", () => torch.ones(3, ScalarType.Bool).logcumsumexp(0));
        Throws<NotSupportedException>("\"cumprod_out_cpu\" not implemented for 'Bool'", () => x.cumprod(1, ScalarType.Bool));
        Throws<ArgumentException>("diff expects input to be at least one-dimensional", () => s.diff());
        Throws<ArgumentException>("order must be non-negative but got -1", () => x.diff(-1));
        Throws<ArgumentException>("diff expects prepend or append to be the same dimension as input", () => x.diff(1, -1, torch.ones(3)));
        Throws<ArgumentException>("diff expects the shape of tensor to prepend or append to match that of input except along the differencing " +
                                  "dimension; input.size(0) = 2, but got tensor.size(0) = 3", () => x.diff(1, -1, null, torch.ones(3, 3)));
        Assert.Equal([4L, 3], x.diff(1, 0, torch.ones(3, 3)).shape);
    }
}
