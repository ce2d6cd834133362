using Autograd;

namespace Autograd.Tests;

/// <summary>PyTorch's messages for misuse of the reordering, repeating, diagonal and splitting ops (the op
/// table covers values and gradients), views where PyTorch returns views, and no write before a throw.</summary>
public class ShapeTailBehaviourTests
{
    private static readonly Tensor X = torch.arange(6.0).reshape(2, 3), V = torch.arange(5.0), S = torch.tensor(3.0);

    private static void Throws<TException>(string message, Func<object> call) where TException : Exception =>
        Assert.Equal(message, Assert.Throws<TException>(call).Message);

    [Fact]
    public void A_zero_dim_element_of_a_matrix_views_and_reshapes_to_its_own_value()
    {
        // PyTorch's computeStride: a 0-d tensor views as any shape of one element (LibTorch: x[1, 2].view(-1) is [5.])
        Tensor e = X[1, 2];
        Tensor v = e.view(-1);
        Assert.Equal([1L], v.shape);
        Assert.Equal(5f, v.item<float>());
        Assert.Same(e._storage, v._storage);
        Assert.Equal(5f, e.reshape(1, 1).item<float>());
        // a copying reshape of a contiguous tensor at an offset keeps the offset (the copy is the tensor itself)
        Tensor row = X[1].expand(2, 3).reshape(6);
        Assert.Equal(new float[] { 3, 4, 5, 3, 4, 5 }, row.data<float>().ToArray());
    }

    [Fact]
    public void Flip_roll_and_rot90_reject_bad_dims_with_pytorch_messages()
    {
        Throws<ArgumentException>("dim 1 appears multiple times in the list of dims", () => X.flip(1, -1));
        Throws<ArgumentException>("Input must be >= 2-d.", () => V.fliplr());
        Throws<ArgumentException>("Input must be >= 1-d.", () => S.flipud());
        Throws<ArgumentException>("shifts and dimensions must align. shifts: 2, dims:1", () => X.roll([1L, 2L], [0L]));
        Throws<ArgumentException>("shifts and dimensions must align. shifts: 2, dims:0", () => X.roll([1L, 2L], ReadOnlySpan<long>.Empty));
        Throws<IndexOutOfRangeException>("Dimension specified as 0 but tensor has no dimensions", () => S.roll(1, 0));
        Throws<ArgumentException>("expected total dims >= 2, but got total dims = 1", () => V.rot90());
        Throws<ArgumentException>("expected rotation dims to be different, but got dim0 = 1 and dim1 = 1", () => X.rot90(1, (1, -1)));
    }

    [Fact]
    public void Repeat_ops_reject_bad_counts_with_pytorch_messages()
    {
        Throws<ArgumentException>("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor", () => X.repeat(2));
        Throws<ArgumentException>("Trying to create tensor with negative dimension -3: [4, -3]", () => X.repeat(2, -1));
        Throws<ArgumentException>("Trying to create tensor with negative dimension -3: [2, -3]", () => X.tile([-1]));
        Throws<ArgumentException>("Repeats must be non-negative", () => X.repeat_interleave(-1));
        Throws<ArgumentException>("repeats must have the same size as input along dim, but got repeats.size(0) = 3 and input.size(0) = 2",
            () => X.repeat_interleave(torch.tensor(new long[] { 1, 2, 3 }), 0));
        Throws<NotSupportedException>("\"repeat_interleave_cpu\" not implemented for 'Float'", () => X.repeat_interleave(torch.tensor(new float[] { 1, 2 }), 0));
        Throws<ArgumentException>("repeats must be 0-dim or 1-dim tensor", () => X.repeat_interleave(torch.ones([2, 2], ScalarType.Int64), 0));
        Throws<ArgumentException>("repeat_interleave: Invalid output_size, expected 4 but got 5", () => X.repeat_interleave(2, 0, 5));
    }

    [Fact]
    public void Diagonal_ops_reject_bad_ranks_with_pytorch_messages()
    {
        Throws<ArgumentException>("diagonal dimensions cannot be identical 1, -1", () => X.diagonal(0, 1, -1));
        Throws<ArgumentException>("diagonal dimensions cannot be identical 0, 0", () => X.diag_embed(0, 0, 0));
        Throws<IndexOutOfRangeException>("Dimension out of range (expected to be in range of [-1, 0], but got 1)", () => V.diagonal());
        Throws<ArgumentException>("diag(): Supports 1D or 2D tensors. Got 3D", () => torch.zeros(2, 2, 2).diag());
        Throws<ArgumentException>("diag(): Supports 1D or 2D tensors. Got 0D", () => S.diag());
        Throws<ArgumentException>("trace: expected a matrix, but got tensor with dim 1", () => V.trace());
        Throws<ArgumentException>("tril: input tensor must have at least 2 dimensions", () => V.tril());
        Throws<ArgumentException>("triu: input tensor must have at least 2 dimensions", () => V.triu());
    }

    [Fact]
    public void In_place_triangles_write_nothing_when_they_throw_and_bump_the_version_when_they_do()
    {
        Tensor v = torch.arange(3.0);
        Assert.Throws<ArgumentException>(() => v.triu_());
        Assert.Equal([0.0, 1, 2], v.ToArray<double>());
        Tensor m = torch.ones(2, 2);
        Assert.Same(m, m.tril_());
        Assert.Equal([1f, 0, 1, 1], m.ToArray<float>());
    }

    [Fact]
    public void Dim_reorderings_reject_bad_dims_with_pytorch_messages()
    {
        Throws<ArgumentException>("movedim: Invalid source or destination dims: source ([0, 1] dims) should contain the same number of dims as destination ([0] dims)",
            () => X.movedim([0L, 1L], [0L]));
        Throws<ArgumentException>("movedim: repeated dim in `source` ([0, -2])", () => X.movedim([0L, -2L], [0L, 1L]));
        Throws<ArgumentException>("movedim: repeated dim in `destination` ([1, 1])", () => X.movedim([0L, 1L], [1L, 1L]));
        Throws<ArgumentException>("tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.", () => V.mT);
        Throws<ArgumentException>("tensor.mH is only supported on matrices or batches of matrices. Got 1-D tensor.", () => V.mH);
        Throws<ArgumentException>("tensor.H is only supported on matrices (2-D tensors). Got 3-D tensor. For batches of matrices, consider using tensor.mH",
            () => torch.zeros(2, 2, 2).H);
        Throws<ArgumentException>("meshgrid expects a non-empty TensorList", () => torch.meshgrid([]));
        Throws<ArgumentException>("meshgrid expects all tensors to have the same dtype", () => torch.meshgrid([V, torch.arange(3)]));
        Throws<ArgumentException>("torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: foo", () => torch.meshgrid([V, V], "foo"));
    }

    [Fact]
    public void Splits_and_stacks_reject_bad_arguments_with_pytorch_messages()
    {
        Throws<ArgumentException>("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims", () => S.tensor_split(2));
        Throws<ArgumentException>("number of sections must be larger than 0, got 0", () => X.tensor_split(0));
        Throws<ArgumentException>("tensor_split expected tensor_indices_or_sections to have dtype of long, but got Float",
            () => X.tensor_split(torch.tensor(new float[] { 1 })));
        Throws<ArgumentException>("tensor_split expected tensor_indices_or_sections to be a zero-dimensional or one-dimensional tensor, but got a tensor with 2 dims",
            () => X.tensor_split(torch.ones([1, 1], ScalarType.Int64)));
        Throws<ArgumentException>("torch.hsplit attempted to split along dimension 1, but the size of the dimension 3 is not divisible by the split_size 2!", () => X.hsplit(2));
        Throws<ArgumentException>("torch.hsplit attempted to split along dimension 1, but the size of the dimension 3 is not divisible by the split_size 0!", () => X.hsplit(0));
        Throws<ArgumentException>("torch.hsplit requires a tensor with at least 1 dimension, but got a tensor with 0 dimensions!", () => S.hsplit(1));
        Throws<ArgumentException>("torch.vsplit requires a tensor with at least 2 dimension, but got a tensor with 1 dimensions!", () => V.vsplit(1));
        Throws<ArgumentException>("torch.dsplit requires a tensor with at least 3 dimension, but got a tensor with 2 dimensions!", () => X.dsplit(1));
        Throws<ArgumentException>("hstack expects a non-empty TensorList", () => torch.hstack(Array.Empty<Tensor>()));
        Throws<ArgumentException>("vstack expects a non-empty TensorList", () => torch.row_stack(Array.Empty<Tensor>()));
        Throws<ArgumentException>("dstack expects a non-empty TensorList", () => torch.dstack(Array.Empty<Tensor>()));
        Throws<ArgumentException>("column_stack expects a non-empty TensorList", () => torch.column_stack(Array.Empty<Tensor>()));
    }

    [Fact]
    public void Views_share_storage_and_copies_do_not()
    {
        Tensor x = torch.arange(12.0).reshape(3, 4);
        Assert.Equal(x.storage_offset() + 1, x.diagonal(1).storage_offset());
        x.diagonal().fill_(-1);
        Assert.Equal(-1f, x[2, 2].item<float>());
        Assert.Same(x._storage, x.movedim([0L], [1L])._storage);
        Tensor flipped = x.flip(0);
        flipped.fill_(7);
        Assert.NotEqual(7f, x[0, 0].item<float>());
        Tensor repeated = x.repeat(1, 1);
        repeated.fill_(8);
        Assert.NotEqual(8f, x[0, 1].item<float>());
        Assert.Same(x._storage, torch.meshgrid([x[0], x[1]])[0]._storage);
        Assert.Equal([4L, 3, 2], torch.zeros(2, 3, 4).T.shape);
    }
}
