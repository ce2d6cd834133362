using Autograd;
using static Autograd.torch;

namespace Autograd.Tests;

/// <summary>Indexing, joining and splitting: PyTorch's messages, views vs copies, setters and the
/// in-place rules, multi-output gradients, double backward of gather/index_select.</summary>
public class IndexingBehaviourTests
{
    private static Tensor Arange(long rows, long cols) =>
        torch.tensor(Enumerable.Range(0, (int)(rows * cols)).Select(i => (double)i).ToArray(), rows, cols);

    [Fact]
    public void Index_out_of_range_has_pytorchs_message()
    {
        var e = Assert.Throws<IndexOutOfRangeException>(() => torch.zeros(3)[5]);
        Assert.Equal("index 5 is out of bounds for dimension 0 with size 3", e.Message);
    }

    [Fact]
    public void Negative_index_counts_from_the_end() => Assert.Equal(5.0, Arange(2, 3)[-1, -1].item<double>());

    [Fact]
    public void Basic_indexing_returns_views()
    {
        Tensor x = Arange(4, 3);
        Tensor v = x[1..3, TensorIndex.Slice(null, null, 2)];
        Assert.Equal([2L, 2L], v.shape);
        Assert.Equal([3.0, 5, 6, 8], v.ToArray<double>());
        v.fill_(-1);
        Assert.Equal(-1.0, x[1, 0].item<double>());
    }

    [Fact]
    public void Setter_copies_into_the_selection()
    {
        Tensor x = torch.zeros(3, 4);
        x[1] = torch.ones(4);
        x[TensorIndex.Ellipsis, 0] = 7.0;
        x[x.gt(5)] = 2.0;
        Assert.Equal([2.0, 0, 0, 0, 2, 1, 1, 1, 2, 0, 0, 0], x.ToArray<double>());
    }

    [Fact]
    public void Setter_with_a_long_tensor_index_writes_rows()
    {
        Tensor x = torch.zeros(3, 2);
        x[torch.tensor(new long[] { 2, 0 })] = torch.tensor(new[] { 1.0, 2.0 });
        Assert.Equal([1.0, 2, 0, 0, 1, 2], x.ToArray<double>());
    }

    [Fact]
    public void Setting_a_view_of_a_leaf_that_requires_grad_throws()
    {
        Tensor x = torch.zeros(3, requires_grad: true);
        Assert.Throws<InvalidOperationException>(() => x[0] = 1.0);
    }

    [Fact]
    public void Setting_an_element_of_a_non_leaf_is_differentiated()
    {
        // d/dx of sum(y) with y = 2x and y[0] overwritten by a constant: the constant cuts x[0] off
        Tensor x = torch.ones(3, requires_grad: true);
        Tensor y = x * 2;
        y[0] = 5.0;
        y.sum().backward();
        Assert.Equal([5f, 2, 2], y.detach().ToArray<float>());
        Assert.Equal([0f, 2, 2], x.grad!.ToArray<float>());
    }

    [Fact]
    public void None_adds_a_dim_and_ellipsis_fills_the_rest() =>
        Assert.Equal([2L, 3L, 1L], torch.zeros(2, 3, 4)[TensorIndex.Ellipsis, TensorIndex.None, 0].shape);

    [Fact]
    public void Select_gradient_lands_at_the_index()
    {
        Tensor x = torch.zeros(2, 3, requires_grad: true);
        x[1, 2].backward();
        Assert.Equal([0.0, 0, 0, 0, 0, 1], x.grad!.ToArray<double>());
    }

    [Fact]
    public void Cat_size_mismatch_has_pytorchs_message()
    {
        var e = Assert.Throws<ArgumentException>(() => torch.cat([torch.zeros(2, 3), torch.zeros(2, 4)], 0));
        Assert.Equal("Sizes of tensors must match except in dimension 0. Expected size 3 but got size 4 for tensor number 1 in the list.", e.Message);
    }

    [Fact]
    public void Stack_shape_mismatch_has_pytorchs_message()
    {
        var e = Assert.Throws<ArgumentException>(() => torch.stack([torch.zeros(2, 3), torch.zeros(2, 4)]));
        Assert.Equal("stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 1", e.Message);
    }

    [Fact]
    public void Cat_promotes_dtypes() =>
        Assert.Equal(ScalarType.Float64, torch.cat([torch.zeros(2), torch.zeros(2, dtype: ScalarType.Float64)]).dtype);

    [Fact]
    public void Split_pieces_are_views_sharing_one_node()
    {
        Tensor x = torch.zeros(5, requires_grad: true);
        Tensor[] parts = (x * 1).split(2);
        Assert.Equal([2L, 2L, 1L], parts.Select(p => p.shape[0]).ToArray());
        Assert.Same(parts[0].grad_fn, parts[2].grad_fn);
        Assert.Equal("SplitBackward0", parts[0].grad_fn!.name());
        // only one piece used: the others get zeros
        (parts[1] * 3).sum().backward();
        Assert.Equal([0.0, 0, 3, 3, 0], x.grad!.ToArray<double>());
    }

    [Fact]
    public void Chunk_rejects_zero_chunks() =>
        Assert.Equal("chunk expects `chunks` to be greater than 0, got: 0", Assert.Throws<ArgumentException>(() => torch.zeros(4).chunk(0)).Message);

    [Fact]
    public void Gather_index_out_of_bounds_has_pytorchs_message()
    {
        var e = Assert.Throws<IndexOutOfRangeException>(() => torch.zeros(2, 3).gather(1, torch.tensor(new long[] { 0, 3 }).reshape(1, 2)));
        Assert.Equal("index 3 is out of bounds for dimension 1 with size 3", e.Message);
    }

    [Fact]
    public void Index_select_out_of_range_has_pytorchs_message() =>
        Assert.Equal("index out of range in self", Assert.Throws<IndexOutOfRangeException>(() => torch.zeros(3).index_select(0, torch.tensor(new long[] { 3 }))).Message);

    [Fact]
    public void Gather_and_index_select_are_twice_differentiable()
    {
        Tensor x = torch.tensor(new[] { 1.0, 2, 3 }, requires_grad: true);
        Tensor idx = torch.tensor(new long[] { 0, 0, 2 });
        Tensor y = x.gather(0, idx).pow(2).sum() + x.index_select(0, idx).pow(2).sum();
        y.backward((Tensor?)null, create_graph: true);
        Tensor g = x.grad!;           // 2 * (2 x0 + 2 x0, 0, 2 x2) ...
        Assert.Equal([8.0, 0, 12], g.ToArray<double>());
        x.grad = null;
        g.sum().backward();           // d/dx of sum(g) = (8, 0, 4)
        Assert.Equal([8.0, 0, 4], x.grad!.ToArray<double>());
    }

    [Fact]
    public void Masked_fill_requires_a_bool_mask() =>
        Assert.Throws<ArgumentException>(() => torch.zeros(3).masked_fill(torch.zeros(3), 1));

    [Fact]
    public void Masked_fill_gradient_is_zero_where_filled()
    {
        Tensor x = torch.ones(3, requires_grad: true);
        x.masked_fill(torch.tensor(new[] { true, false, true }), 5).sum().backward();
        Assert.Equal([0.0, 1, 0], x.grad!.ToArray<double>());
    }
}
