using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Sorting and selection beyond the op table: LibTorch's messages, node names, gradients of
/// selections with ties against LibTorch, result dtypes.</summary>
public class SortingBehaviourTests
{
    private static void Throws<TException>(string message, Func<object> call) where TException : Exception =>
        Assert.Equal(message, Assert.Throws<TException>(call).Message);

    [Fact]
    public void Selections_reject_bad_arguments_with_libtorch_messages()
    {
        Tensor v = torch.arange(5.0), x = torch.ones(2, 3), s = torch.tensor(3.0);
        // LibTorch 2.10's CPU topk words it this way for every bad k (negative, or past the dim's size)
        Throws<ArgumentException>("selected index k out of range", () => v.topk(7));
        Throws<ArgumentException>("selected index k out of range", () => v.topk(-1));
        Throws<ArgumentException>("selected index k out of range", () => s.topk(2));
        Throws<ArgumentException>("kthvalue(): selected number k out of range for dimension 0", () => v.kthvalue(6, 0));
        Throws<ArgumentException>("kthvalue(): selected number k out of range for dimension 0", () => v.kthvalue(0, 0));
        Throws<ArgumentException>("kthvalue(): Expected reduction dim 0 to have non-zero size.", () => torch.zeros(0).kthvalue(1, 0));
        Throws<ArgumentException>("mode(): Expected reduction dim 1 to have non-zero size.", () => torch.zeros(2, 0).mode(1));
        Throws<IndexOutOfRangeException>("Dimension out of range (expected to be in range of [-2, 1], but got 2)", () => x.sort(2));
        Throws<IndexOutOfRangeException>("Dimension out of range (expected to be in range of [-2, 1], but got 3)", () => x.unique(dim: 3));
        Throws<ArgumentException>("boundaries tensor must be 1 dimension, but got dim(2)", () => torch.bucketize(torch.ones(2), x));
        Throws<ArgumentException>("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor and " +
                                  "input value tensor must match, but we got boundaries tensor [2, 3] and input value tensor [3, 2]",
            () => torch.searchsorted(x, torch.ones(3, 2)));
        Throws<ArgumentException>("torch.searchsorted(): boundary and sorter must have the same size, but got boundary tensor [3]and got sorter tensor [2]",
            () => torch.searchsorted(torch.arange(3.0), torch.ones(2), sorter: torch.tensor(new long[] { 0, 1 })));
        Throws<ArgumentException>("torch.searchsorted(): sorter index out of range",
            () => torch.searchsorted(torch.arange(3.0), torch.ones(2), sorter: torch.tensor(new long[] { 0, 1, 5 })));
        Throws<ArgumentException>("torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True",
            () => torch.searchsorted(torch.arange(3.0), torch.ones(2), right: true, side: "left"));
    }

    [Fact]
    public void Sort_and_selection_nodes_carry_pytorch_names()
    {
        Tensor x = torch.tensor(new[] { 3.0, 1, 2 }).requires_grad_(true);
        Assert.Equal("SortBackward0", x.sort().Values.grad_fn!.name());
        Assert.Equal("TopkBackward0", x.topk(2).values.grad_fn!.name());
        Assert.Equal("KthvalueBackward0", x.kthvalue(2).values.grad_fn!.name());
        Assert.Equal("MedianBackward0", x.median().grad_fn!.name());
        Assert.Equal("MedianBackward1", x.median(0).values.grad_fn!.name());
        Assert.Equal("ModeBackward0", x.mode().values.grad_fn!.name());
    }

    [Fact]
    public void Median_gradient_with_ties_is_shared_as_in_libtorch()
    {
        double[] values = [1, 2, 2, 5, 2, 7, 0];
        Tensor x = torch.tensor(values).requires_grad_(true);
        x.median().backward();
        ts.Tensor tx = ts.tensor(values).requires_grad_(true);
        tx.median().backward();
        Oracle.AssertClose(tx.grad!, x.grad!, ScalarType.Float64, 1e-12, "median()");
    }

    [Fact]
    public void Mode_gradient_goes_to_the_position_it_reports_as_in_libtorch()
    {
        double[] values = [1, 2, 2, 5, 2, 1, 1, 3];
        Tensor x = torch.tensor(values, [2, 4]).requires_grad_(true);
        var (mv, mi) = x.mode(1);
        mv.backward(torch.tensor(new[] { 1.0, 2.0 }));
        ts.Tensor tx = ts.tensor(values, [2, 4]).requires_grad_(true);
        var (tv, ti) = tx.mode(1);
        tv.backward([ts.tensor(new[] { 1.0, 2.0 })]);
        Oracle.AssertClose(ti, mi, ScalarType.Int64, 0, "indices");
        Oracle.AssertClose(tx.grad!, x.grad!, ScalarType.Float64, 1e-12, "mode");
    }

    [Fact]
    public void Index_results_have_pytorch_dtypes_and_shapes()
    {
        Tensor x = torch.tensor(new[] { 0.0, 1, 0, 2 });
        Assert.Equal(ScalarType.Int32, torch.bucketize(x, torch.tensor(new[] { 0.5, 1.5 }), outInt32: true).dtype);
        Assert.Equal([2L, 1], x.nonzero().shape);
        Assert.Equal([1L, 0], torch.tensor(3.0).nonzero().shape);
        Assert.Equal([0L, 0], torch.tensor(0.0).nonzero().shape);
        Assert.Equal(2, x.nonzero_as_list()[0].numel());
        var (u, inverse, counts) = x.unique();
        Assert.Null(inverse);
        Assert.Null(counts);
        Assert.Equal([0.0, 1, 2], u.ToArray<double>());
        Assert.False(x.requires_grad_(true).unique().output.requires_grad);
    }
}
