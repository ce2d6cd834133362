using Autograd;

namespace Autograd.Tests;

/// <summary>torch.autograd.grad(..., is_grads_batched: true) (Note [Batched backward]): PyTorch's own cases and rules, the
/// per-sample fallback, create_graph, and misuse with PyTorch's messages leaving the graph and every .grad as they were.</summary>
public class BatchedGradTests
{
    // PyTorch's test_grad_batched_grad: row b of the batched gradient of x.clone() is grad_output[b]
    [Fact]
    public void Each_batch_entry_is_one_vector_jacobian_product()
    {
        Tensor x = torch.randn([2, 2], requires_grad: true);
        Tensor batchedGrad = torch.arange(3).expand(2, 2, 3).transpose(0, 2).to(ScalarType.Float32); // [3, 2, 2], entry b all b
        Tensor g = torch.autograd.grad([x.clone()], [x], [batchedGrad], is_grads_batched: true)[0]!;
        Assert.Equal([3L, 2L, 2L], g.shape);
        Assert.Equal(batchedGrad.ToArray<float>(), g.ToArray<float>());
    }

    // d(sum x)/dx = ones, so entry b is grad_output[b] * ones
    [Fact]
    public void A_scalar_output_takes_a_one_dim_batch()
    {
        Tensor x = torch.randn([2, 2], requires_grad: true);
        Tensor g = torch.autograd.grad([x.sum()], [x], [torch.arange(3).to(ScalarType.Float32)], is_grads_batched: true)[0]!;
        Assert.Equal([3L, 2L, 2L], g.shape);
        Assert.Equal(new float[] { 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2 }, g.ToArray<float>());
    }

    // outputs 2x and sum(x): entry b is 2 * v[b] + w[b] (the contributions of both outputs summed per entry)
    [Fact]
    public void Several_outputs_share_the_batch()
    {
        Tensor x = torch.tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        Tensor v = torch.tensor(new double[] { 1, 0, 0, 0, 1, 0 }, [2, 3]), w = torch.tensor(new double[] { 10, 20 });
        Tensor g = torch.autograd.grad([x * 2.0, x.sum()], [x], [v, w], is_grads_batched: true)[0]!;
        Assert.Equal(new double[] { 12, 10, 10, 20, 22, 20 }, g.ToArray<double>());
    }

    private sealed class Triple : torch.autograd.SingleTensorFunction<Triple>
    {
        internal static int Backwards;
        public override string Name => nameof(Triple);
        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars) => (Tensor)vars[0] * 3.0;
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            Backwards++;
            return [grad_output * 3.0];
        }
    }

    // a custom Function has no batched rule: the fallback runs its backward once per entry, on that entry's gradient
    [Fact]
    public void A_node_without_a_batched_rule_runs_once_per_batch_entry()
    {
        Tensor x = torch.tensor(new double[] { 1, 2 }, requires_grad: true);
        Tensor y = Triple.apply(x).tanh(); // dy/dx = 3 (1 - tanh(3x)^2)
        Tensor eye = torch.eye(2, dtype: ScalarType.Float64);
        Triple.Backwards = 0;
        Tensor j = torch.autograd.grad([y], [x], [eye], is_grads_batched: true)[0]!;
        Assert.Equal(2, Triple.Backwards);
        double[] t = x.detach().mul(3.0).tanh().ToArray<double>();
        // each entry is one multiply by (1 - t^2) and one by 3, in either order exact to one rounding each
        Oracle.AssertClose(new[] { 3 * (1 - t[0] * t[0]), 0, 0, 3 * (1 - t[1] * t[1]) }, j.ToArray<double>(), 4e-16, 0);
    }

    [Fact]
    public void Create_graph_makes_the_batched_gradients_differentiable()
    {
        Tensor x = torch.tensor(new double[] { 0.5, -1.5 }, requires_grad: true);
        Tensor g = torch.autograd.grad([x.pow(3)], [x], [torch.eye(2, dtype: ScalarType.Float64)], create_graph: true,
                                       is_grads_batched: true)[0]!;
        Assert.True(g.requires_grad); // diag(3x^2)
        g.sum().backward(); // d/dx sum(3x^2) = 6x
        Assert.Equal(new double[] { 3.0, -9.0 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void A_grad_output_whose_remaining_dims_differ_from_the_output_is_refused()
    {
        Tensor x = torch.randn([2, 2], requires_grad: true);
        var e = Assert.Throws<ArgumentException>(() => torch.autograd.grad([x.clone()], [x], [torch.ones(2, 2)], is_grads_batched: true));
        Assert.Equal("If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the batch dimension. " +
                     "The sizes of the remaining dimensions are expected to match the shape of corresponding output, but a " +
                     "mismatch was detected: grad_output[0] " +
                     "has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([2, 2]). If you only want some tensors in " +
                     "`grad_output` to be considered batched, consider using vmap.", e.Message);
        // PyTorch: "We consider scalar and sized-1 to be a mismatch"
        e = Assert.Throws<ArgumentException>(() =>
            torch.autograd.grad([x.sum()], [x], [torch.ones(2).unsqueeze(1)], is_grads_batched: true));
        Assert.Contains("grad_output[0] has a shape of torch.Size([1]) and output[0] has a shape of torch.Size([])", e.Message);
    }

    [Fact]
    public void Batch_sizes_must_agree()
    {
        Tensor x = torch.randn([2], requires_grad: true);
        var e = Assert.Throws<ArgumentException>(() =>
            torch.autograd.grad([x * 2.0, x.sum()], [x], [torch.ones(3, 2), torch.ones(4)], is_grads_batched: true));
        Assert.Equal("vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [3, 4] for the mapped dimension",
                     e.Message);
    }

    [Fact]
    public void No_outputs_leave_nothing_to_vmap_over()
    {
        // PyTorch vmaps the backward over the grad_outputs; with no outputs there are none (_validate_and_get_batch_size)
        Tensor x = torch.randn([2], requires_grad: true);
        var e = Assert.Throws<ArgumentException>(() =>
            torch.autograd.grad(Array.Empty<Tensor>(), [x], allow_unused: true, is_grads_batched: true));
        Assert.Equal("vmap: Expected at least one Tensor to vmap over", e.Message);
    }

    [Fact]
    public void A_grad_output_without_a_batch_entry_is_refused_as_pytorch_indexes_it()
    {
        Tensor x = torch.randn([2], requires_grad: true);
        var e0 = Assert.Throws<IndexOutOfRangeException>(() =>
            torch.autograd.grad([x.sum()], [x], [torch.ones([])], is_grads_batched: true));
        Assert.StartsWith("invalid index of a 0-dim tensor.", e0.Message);
        var empty = Assert.Throws<IndexOutOfRangeException>(() =>
            torch.autograd.grad([x * 2.0], [x], [torch.ones(0, 2)], is_grads_batched: true));
        Assert.Equal("index 0 is out of bounds for dimension 0 with size 0", empty.Message);
    }

    [Fact]
    public void A_missing_grad_output_has_no_batch_dim()
    {
        Tensor x = torch.randn([2], requires_grad: true);
        var scalar = Assert.Throws<ArgumentException>(() => torch.autograd.grad([x.sum()], [x], is_grads_batched: true));
        Assert.Equal("vmap(vjp, in_dims=0, ...)(<inputs>): Got in_dim=0 for some input, but that input is a Tensor of dimensionality 0 so " +
                     "expected in_dim to satisfy 0 <= in_dim < 0.", scalar.Message);
        var vector = Assert.Throws<InvalidOperationException>(() => torch.autograd.grad([x * 2.0], [x], is_grads_batched: true));
        Assert.Equal("grad can be implicitly created only for scalar outputs", vector.Message);
    }

    // a refused pass runs no node: the graph is not released and no .grad appears
    [Fact]
    public void Hooks_and_retain_grad_are_refused_before_anything_runs()
    {
        Tensor x = torch.tensor(new double[] { 1, 2 }, requires_grad: true);
        Tensor h = x * 3.0;
        int calls = 0;
        h.register_hook(g => { calls++; return null; });
        Tensor y = h.sum();
        var e = Assert.Throws<InvalidOperationException>(() =>
            torch.autograd.grad([y], [x], [torch.ones(2, dtype: ScalarType.Float64)], is_grads_batched: true));
        Assert.Equal("autograd.grad with is_grads_batched=True does not run hooks or retain_grad, and MulBackward0 has one registered. " +
                     "Remove it, or compute the vector-Jacobian products one at a time with is_grads_batched=False.", e.Message);
        Assert.Equal(0, calls);
        Assert.Null(x.grad);
        y.backward(); // the graph was not freed
        Assert.Equal(new double[] { 3, 3 }, x.grad!.ToArray<double>());

        Tensor z = x * 2.0;
        z.retain_grad();
        Assert.Throws<InvalidOperationException>(() =>
            torch.autograd.grad([z.sum()], [x], [torch.ones(1, dtype: ScalarType.Float64)], is_grads_batched: true));
        Assert.Null(z.grad);
    }
}
