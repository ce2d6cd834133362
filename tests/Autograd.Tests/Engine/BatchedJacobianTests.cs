using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Note [Batched backward] through jacobian(vectorize: true): for functions covering every batched rule (element-wise
/// with broadcasting, activations, matrix products, sums and means, views, softmax) and the per-sample fallback, the batched
/// Jacobian equals the row-by-row one and TorchSharp's (LibTorch, row by row), also for 0-d, empty and non-contiguous inputs.</summary>
public class BatchedJacobianTests
{
    /// <summary>A function written against both libraries; <c>Terms</c> is the longest sum a backward formula or a broadcast
    /// reduction evaluates (0: the rows need no sum, so batched and row-by-row arithmetic is the same and must agree exactly).</summary>
    public sealed record Case(string Name, long[][] Shapes, Func<Tensor[], Tensor[]> Ours, Func<ts.Tensor[], ts.Tensor[]> Theirs, int Terms,
                              bool Transposed = false, double Lo = -1, double Hi = 1, bool InTorchSharp = true)
    {
        public override string ToString() => Name;
    }

    private static double[] Values(long n, int seed, double lo, double hi)
    {
        var rng = new Random(seed);
        var v = new double[n];
        for (long i = 0; i < n; i++) v[i] = lo + (hi - lo) * rng.NextDouble();
        return v;
    }

    // a constant (or input) built the same way in both libraries; transposed: a 2-d tensor viewed through .t()
    private static Tensor Our(long[] shape, int seed, bool transposed = false, double lo = -1, double hi = 1)
    {
        double[] v = Values(shape.Aggregate(1L, (a, b) => a * b), seed, lo, hi);
        return transposed ? torch.tensor(v, [shape[1], shape[0]]).t() : torch.tensor(v, shape);
    }

    private static ts.Tensor Their(long[] shape, int seed, bool transposed = false, double lo = -1, double hi = 1)
    {
        double[] v = Values(shape.Aggregate(1L, (a, b) => a * b), seed, lo, hi);
        return transposed ? ts.tensor(v, [shape[1], shape[0]]).t() : ts.tensor(v, shape);
    }

    public static TheoryData<Case> Cases() =>
    [
        new("elementwise_broadcast", [[3, 4]],
            x => [(x[0] * Our([4], 1) - x[0] / Our([3, 1], 2, lo: 1, hi: 2) + 2.0).neg() - 1.0],
            x => [(x[0] * Their([4], 1) - x[0] / Their([3, 1], 2, lo: 1, hi: 2) + 2.0).neg() - 1.0], 0),
        // inputs broadcast into the output: their gradients are summed over the broadcast dims, the batch dim kept
        new("input_broadcast", [[4], [3, 1]],
            x => [x[0] * Our([3, 4], 3) + x[1] / 2.0 + x[0] * x[1]],
            x => [x[0] * Their([3, 4], 3) + x[1] / 2.0 + x[0] * x[1]], 4),
        new("activations", [[5]],
            x => [x[0].tanh() + x[0].sigmoid() * (x[0] - 0.6).relu() + x[0].exp() + x[0].log() + x[0].sqrt() + x[0].sin() * x[0].cos()
                  + (x[0] - 0.9).abs() + x[0].pow(3) + x[0].rsqrt() + x[0].log1p()],
            x => [x[0].tanh() + x[0].sigmoid() * (x[0] - 0.6).relu() + x[0].exp() + x[0].log() + x[0].sqrt() + x[0].sin() * x[0].cos()
                  + (x[0] - 0.9).abs() + x[0].pow(3) + x[0].rsqrt() + x[0].log1p()], 0, Lo: 0.2, Hi: 1.5),
        new("mm", [[3, 4], [4, 2]], x => [x[0].mm(x[1])], x => [x[0].mm(x[1])], 4),
        new("mv", [[4]], x => [torch.mv(Our([2, 4], 4, transposed: true), x[0])], x => [ts.mv(Their([2, 4], 4, transposed: true), x[0])], 4),
        new("linear_addmm", [[3, 4], [2, 4], [2]],
            x => [torch.nn.functional.linear(x[0], x[1], x[2])], x => [ts.nn.functional.linear(x[0], x[1], x[2])], 4),
        new("batched_matmul", [[2, 3, 4], [4, 2]], x => [x[0].matmul(x[1])], x => [x[0].matmul(x[1])], 6),
        new("dot", [[4], [4]], x => [x[0].dot(x[1])], x => [x[0].dot(x[1])], 4),
        new("sum_mean", [[3, 4]],
            x => [x[0].sum(), x[0].sum(1), x[0].sum(0, keepdim: true), x[0].mean(), x[0].mean(-1)],
            x => [x[0].sum(), x[0].sum(1), x[0].sum(0, keepdim: true), x[0].mean(), x[0].mean([-1L])], 12),
        new("views", [[2, 3, 4], [2, 1, 3]],
            x => [x[0].reshape(6, 4), x[0].view(4, 6), x[0].permute(2, 0, 1), x[0].transpose(0, 2), x[0].unsqueeze(1).expand(2, 5, 3, 4),
                  x[0].select(1, 2), x[0].narrow(2, 1, 2), x[0][1].t(), x[1].squeeze(1), x[1].squeeze()],
            x => [x[0].reshape(6, 4), x[0].view(4, 6), x[0].permute(2, 0, 1), x[0].transpose(0, 2), x[0].unsqueeze(1).expand(2, 5, 3, 4),
                  x[0].select(1, 2), x[0].narrow(2, 1, 2), x[0][1].t(), x[1].squeeze(1), x[1].squeeze()], 5),
        new("softmax", [[3, 4]],
            x => [x[0].softmax(1), x[0].log_softmax(0), x[0].softmax(-1) * Our([4], 5)],
            x => [x[0].softmax(1), x[0].log_softmax(0), x[0].softmax(-1) * Their([4], 5)], 4),
        // cumsum, cat and prod have no batched rule: the per-sample fallback runs them
        new("fallback", [[3, 4]],
            x => [x[0].cumsum(1), torch.cat([x[0], x[0] * 2.0], 0), x[0].prod(1)],
            x => [x[0].cumsum(1), ts.cat([x[0], x[0] * 2.0], 0), x[0].prod(1)], 4),
        new("zero_dim", [[]], x => [x[0] * x[0] * 3.0 + x[0].exp()], x => [x[0] * x[0] * 3.0 + x[0].exp()], 0),
        new("scalar_output", [[4]], x => [(x[0] * x[0]).sum()], x => [(x[0] * x[0]).sum()], 4),
        // TorchSharp's jacobian stacks the (empty) list of rows and throws; PyTorch's gives the [0, 3] zeros the rows give
        new("empty_output", [[3]], x => [x[0].narrow(0, 0, 0) * 2.0], x => [x[0].narrow(0, 0, 0) * 2.0], 0, InTorchSharp: false),
        new("empty_input", [[0], [2]], x => [x[0].sum() + x[1]], x => [x[0].sum() + x[1]], 0),
        new("non_contiguous", [[3, 4]],
            x => [x[0].mm(Our([4, 2], 6, transposed: true)).tanh() * x[0].sum(1, keepdim: true)],
            x => [x[0].mm(Their([4, 2], 6, transposed: true)).tanh() * x[0].sum(1, keepdim: true)], 4, Transposed: true),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Vectorized_jacobian_equals_the_rows_and_torchsharp(Case c)
    {
        Tensor[] ours = c.Shapes.Select((s, i) => Our(s, 100 + i, c.Transposed && s.Length == 2, c.Lo, c.Hi)).ToArray();
        ts.Tensor[] theirs = c.Shapes.Select((s, i) => Their(s, 100 + i, c.Transposed && s.Length == 2, c.Lo, c.Hi)).ToArray();
        if (c.Transposed) Assert.False(ours[0].is_contiguous());
        Tensor[][] rows = torch.autograd.functional.jacobian(c.Ours, ours, vectorize: false);
        Tensor[][] batched = torch.autograd.functional.jacobian(c.Ours, ours, vectorize: true);
        ts.Tensor[]? expected = c.InTorchSharp ? ts.autograd.functional.jacobian(c.Theirs, theirs).ToArray() : null;
        Assert.Equal(rows.Length, batched.Length);
        for (int i = 0, flat = 0; i < rows.Length; i++)
            for (int k = 0; k < ours.Length; k++, flat++)
            {
                string what = $"{c.Name} output {i} input {k}";
                Assert.False(batched[i][k].requires_grad);
                Assert.Equal(rows[i][k].shape, batched[i][k].shape);
                if (c.Terms == 0) Assert.Equal(rows[i][k].ToArray<double>(), batched[i][k].ToArray<double>());
                // float64 sums of at most Terms terms, rounded in both libraries (forward and backward: depth 2)
                else Oracle.AssertCloseAfterSums(Oracle.ToTorch(rows[i][k]), batched[i][k], ScalarType.Float64, c.Terms, depth: 2, what);
                if (expected is not null)
                    Oracle.AssertCloseAfterSums(expected[flat], batched[i][k], ScalarType.Float64, Math.Max(c.Terms, 1), depth: 2, what);
            }
    }

    private static Tensor Mlp(Tensor x) => torch.mv(Our([4, 3], 7), x).tanh() * x.sum();

    [Fact]
    public void Create_graph_gives_a_differentiable_vectorized_jacobian_equal_to_the_rows()
    {
        Tensor[] grads = new Tensor[2];
        for (int v = 0; v < 2; v++)
        {
            Tensor x = Our([3], 8).requires_grad_();
            Tensor j = torch.autograd.functional.jacobian(Mlp, x, create_graph: true, vectorize: v == 1);
            Assert.True(j.requires_grad);
            j.pow(2).sum().backward();
            grads[v] = x.grad!;
        }
        // second derivatives through mv (3 terms), tanh, sum: float64 sums of 3 terms, chained three deep
        Oracle.AssertCloseAfterSums(Oracle.ToTorch(grads[0]), grads[1], ScalarType.Float64, terms: 3, depth: 3);
    }

    // cumsum and cat have no batched rule: under create_graph the per-sample fallback's select and stack are recorded too
    [Fact]
    public void Create_graph_through_the_per_sample_fallback_equals_the_rows()
    {
        Func<Tensor, Tensor> f = x => torch.cat([x.cumsum(0) * x, x.tanh()]);
        Tensor[] grads = new Tensor[2];
        for (int v = 0; v < 2; v++)
        {
            Tensor x = Our([3], 10).requires_grad_();
            torch.autograd.functional.jacobian(f, x, create_graph: true, vectorize: v == 1).pow(2).sum().backward();
            grads[v] = x.grad!;
        }
        // cumsum sums up to 3 terms; the jacobian's square summed over 18 entries, chained three deep
        Oracle.AssertCloseAfterSums(Oracle.ToTorch(grads[0]), grads[1], ScalarType.Float64, terms: 18, depth: 3);
    }

    [Fact]
    public void Vectorized_hessian_equals_the_row_by_row_hessian()
    {
        Func<Tensor, Tensor> f = x => Mlp(x).sum() * x.pow(2).sum();
        Tensor x = Our([3], 9);
        Tensor rows = torch.autograd.functional.hessian(f, x);
        Tensor batched = torch.autograd.functional.hessian(f, x, vectorize: true);
        Assert.Equal([3L, 3L], batched.shape);
        Oracle.AssertCloseAfterSums(Oracle.ToTorch(rows), batched, ScalarType.Float64, terms: 4, depth: 3);
    }
}
