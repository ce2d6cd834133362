using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Scatter-like writes and multi-tensor indexing beyond the op table: LibTorch's messages, and
/// nothing written by a call that throws.</summary>
public class IndexingTailBehaviourTests
{
    private static void Throws<TException>(string message, Func<object> call) where TException : Exception =>
        Assert.Equal(message, Assert.Throws<TException>(call).Message);

    private static Tensor L(params long[] v) => torch.tensor(v);

    [Fact]
    public void Scatter_with_an_empty_index_leaves_self_unchanged_whatever_src_is()
    {
        // LibTorch's scatter_shape_check returns at once for an empty index, so a 0-d src is not compared with it
        Tensor x = torch.ones(2, 0, 3);
        Tensor y = x.scatter(1, torch.zeros(2, 0, 3, ScalarType.Int64), torch.tensor(5f));
        Assert.Equal(x.shape, y.shape);
        Tensor z = torch.ones(2, 3).scatter_(1, torch.zeros(2, 0, ScalarType.Int64), torch.tensor(5f));
        Assert.True(torch.equal(z, torch.ones(2, 3)));
    }

    [Fact]
    public void Scatter_ops_reject_bad_arguments_with_libtorch_messages()
    {
        Tensor x = torch.arange(6, ScalarType.Float64).reshape(2, 3);
        Throws<ArgumentException>("scatter(): Expected self.dtype to be equal to src.dtype", () => x.scatter(1, L(0, 0).reshape(2, 1), L(1, 1).reshape(2, 1)));
        Throws<IndexOutOfRangeException>("index 5 is out of bounds for dimension 1 with size 3", () => x.scatter(1, L(5, 5).reshape(2, 1), torch.ones(2, 1, ScalarType.Float64)));
        Throws<ArgumentException>("Index tensor must have the same number of dimensions as self tensor", () => x.scatter(1, L(0, 0), torch.ones(2, ScalarType.Float64)));
        Throws<ArgumentException>("scatter(): Expected dtype int64 for index", () => x.scatter(1, torch.zeros(2, 1, ScalarType.Float64), torch.ones(2, 1, ScalarType.Float64)));
        Throws<ArgumentException>("Expected index [3, 1] to be no larger than self [2, 3] apart from dimension 1 and to be no larger size than src [3, 1]",
            () => x.scatter(1, torch.zeros(3, 1, ScalarType.Int64), torch.ones(3, 1, ScalarType.Float64)));
        Throws<ArgumentException>("reduce argument must be either sum, prod, mean, amax or amin, got foo",
            () => x.scatter_reduce(1, L(0, 0).reshape(2, 1), torch.ones(2, 1, ScalarType.Float64), "foo"));
        Throws<ArgumentException>("Index has to be a vector/scalar", () => x.index_fill(1, L(0).reshape(1, 1), 2.0));
        Throws<IndexOutOfRangeException>("index 3 is out of bounds for dimension 1 with size 3", () => x.index_fill(1, L(3), 2.0));
        Throws<IndexOutOfRangeException>("index_copy_(): index 3 is out of bounds for dimension 1 with size 3", () => x.index_copy(1, L(3), torch.ones(2, 1, ScalarType.Float64)));
        Throws<IndexOutOfRangeException>("index_copy_(): Number of indices (1) should be equal to source.size(dim) (2)", () => x.index_copy(1, L(1), torch.ones(2, 2, ScalarType.Float64)));
        Throws<ArgumentException>("masked_scatter: expected self and source to have same dtypes but gotDouble and Float", () => x.masked_scatter(x.gt(2), torch.ones(6)));
        Throws<IndexOutOfRangeException>("out of range: tried to access index 6 on a tensor of 6 elements.", () => x.take(L(6)));
        Throws<IndexOutOfRangeException>("out of range: tried to access index -7 on a tensor of 6 elements.", () => x.take(L(-7)));
        Throws<ArgumentException>("take(): Expected a long tensor for index, but got Float", () => x.take(torch.ones(1)));
        Throws<ArgumentException>("torch.take_along_dim(): input and indices should have the same number of dimensions, but got 2 dimensions for input, and 1 dimensions for indices",
            () => x.take_along_dim(L(0, 0), 1));
        Throws<ArgumentException>("torch.take_along_dim(): dtype of indices should be Long but got Float", () => x.take_along_dim(torch.zeros(2, 1), 1));
    }

    /// <summary>LibTorch's message: the first line of TorchSharp's exception text.</summary>
    private static string LibTorch(Action call) => Assert.ThrowsAny<Exception>(call).Message.Split('\n')[0];

    [Theory]
    [InlineData(new long[] { 0, 3 }, 0, new long[0], new long[] { 3 })]       // ranks differ (before the index count)
    [InlineData(new long[] { 2, 3 }, 0, new long[0], new long[] { 3 })]
    [InlineData(new long[] { 2, 3 }, 0, new long[] { 2 }, new long[0])]      // a scalar source needs one index
    [InlineData(new long[] { 2, 3 }, 1, new long[] { 0 }, new long[] { 3, 1 })] // slice shapes: dim removed on both sides
    [InlineData(new long[] { 2, 3 }, 0, new long[] { 1 }, new long[0])]      // scalar source into a matrix: slice shapes
    [InlineData(new long[] { 2, 3 }, 0, new long[] { 1, 1 }, new long[] { 1, 3 })]
    [InlineData(new long[] { 2, 3 }, -1, new long[] { 0, 1 }, new long[] { 2, 3 })]
    [InlineData(new long[] { 2, 3, 4, 5 }, 1, new long[] { 1 }, new long[] { 2, 1, 3, 5 })]
    [InlineData(new long[] { 2, 3, 4 }, 2, new long[] { 3 }, new long[] { 2, 3, 2 })] // index count last
    public void Index_copy_reports_the_first_problem_libtorch_reports(long[] self, long dim, long[] indexShape, long[] source)
    {
        long n = indexShape.Aggregate(1L, (a, b) => a * b);
        Tensor x = torch.zeros(self, ScalarType.Float64), index = torch.zeros([n], ScalarType.Int64).reshape(indexShape);
        var y = ts.zeros(self, ts.ScalarType.Float64);
        string expected = LibTorch(() => y.index_copy(dim, ts.zeros([n], ts.ScalarType.Int64).reshape(indexShape), ts.ones(source, ts.ScalarType.Float64)));
        Assert.Equal(expected, Assert.ThrowsAny<Exception>(() => x.index_copy_(dim, index, torch.ones(source, ScalarType.Float64))).Message);
        Assert.Equal(0.0, x.abs().sum().item<double>());
    }

    [Fact]
    public void Index_copy_with_a_scalar_source_or_index_writes_one_slice()
    {
        // LibTorch accepts a 0-d source into a vector and a 0-d index; expected values from the definition
        Tensor v = torch.zeros(3, ScalarType.Float64).index_copy(0, torch.tensor(1L), torch.tensor(5.0));
        Assert.Equal([0.0, 5, 0], v.ToArray<double>());
        var tv = ts.zeros(3, ts.ScalarType.Float64).index_copy(0, ts.tensor(1L), ts.tensor(5.0));
        Assert.Equal(tv.data<double>().ToArray(), v.ToArray<double>());
        Tensor s = torch.zeros([], ScalarType.Float64).index_copy(0, torch.tensor(0L), torch.tensor(new[] { 7.0 }));
        Assert.Equal(7.0, s.item<double>());
        Assert.Empty(s.shape);
        // an index into an empty dim is out of bounds (LibTorch 2.10 fails later, inside setStorage, with an internal size message)
        Throws<IndexOutOfRangeException>("index_copy_(): index 0 is out of bounds for dimension 0 with size 0",
            () => torch.zeros(0, 3).index_copy(0, torch.tensor(0L), torch.ones(1, 3)));
    }

    [Fact]
    public void Multi_tensor_indexing_rejects_bad_indices_with_libtorch_messages()
    {
        Tensor x = torch.arange(6, ScalarType.Float64).reshape(2, 3);
        Throws<IndexOutOfRangeException>("shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]", () => x[L(1, 0), L(1, 1, 1)]);
        Throws<IndexOutOfRangeException>("index 3 is out of bounds for dimension 1 with size 3", () => x[L(1, 0), L(1, 3)]);
        Throws<IndexOutOfRangeException>("index 2 is out of bounds for dimension 0 with size 2", () => x[L(2, 0), L(1, 1)]);
        Throws<IndexOutOfRangeException>("too many indices for tensor of dimension 2", () => x[L(1), L(1), L(1)]);
        Throws<IndexOutOfRangeException>("tensors used as indices must be long, int, byte or bool tensors", () => x[torch.ones(1), L(1)]);
    }

    [Fact]
    public void Writes_that_throw_leave_the_tensor_untouched()
    {
        Tensor x = torch.arange(6, ScalarType.Float64).reshape(2, 3);
        double[] before = x.ToArray<double>();
        Assert.ThrowsAny<Exception>(() => x.scatter_(1, L(0, 9).reshape(2, 1), torch.ones(2, 1, ScalarType.Float64)));
        Assert.ThrowsAny<Exception>(() => x.index_put_(torch.ones(2, ScalarType.Float64), [L(0, 1), L(1, 3)], accumulate: true));
        Assert.ThrowsAny<Exception>(() => x.index_put_(torch.ones(2, ScalarType.Float64), L(0, 1), L(1, 3)));
        Assert.ThrowsAny<Exception>(() => x.put_(L(0, 6), torch.ones(2, ScalarType.Float64)));
        Assert.ThrowsAny<Exception>(() => x.index_copy_(0, L(0, 2), torch.ones(2, 3, ScalarType.Float64)));
        Assert.ThrowsAny<Exception>(() => x.masked_scatter_(x.gt(0), torch.ones(2, ScalarType.Float64)));
        Assert.Equal(before, x.ToArray<double>());
    }

    [Fact]
    public void Multi_tensor_assignment_writes_in_place()
    {
        Tensor x = torch.zeros(2, 3, ScalarType.Float64);
        x[L(0, 1), L(2, 0)] = torch.tensor(new[] { 5.0, 7 });
        Assert.Equal([0.0, 0, 5, 7, 0, 0], x.ToArray<double>());
        x.index_put_(torch.tensor(1.0), [L(0, 0), L(1, 1)], accumulate: true);
        Assert.Equal(2.0, x[0, 1].item<double>());
    }
}
