using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Reduction behaviour the op table can't sample: ties, zeros in prod, empty inputs, errors,
/// double backward. Expected values are PyTorch's.</summary>
public class ReductionBehaviourTests
{
    private static double[] Grad(Func<Tensor, Tensor> f, params double[] values)
    {
        var x = torch.tensor(values, requires_grad: true);
        f(x).sum().backward();
        return x.grad!.ToArray<double>();
    }

    /// <summary>Second derivative (Hessian times ones) by backward(create_graph) twice, ours and LibTorch's.</summary>
    private static void AssertDoubleBackwardMatches(Func<Tensor, Tensor> f, Func<ts.Tensor, ts.Tensor> tf, double[] values, long[] shape)
    {
        var x = torch.tensor(values, shape, requires_grad: true);
        f(x).sum().backward((Tensor?)null, create_graph: true);
        Tensor g = x.grad!;
        x.grad = null;
        (g * g).sum().backward();
        var tx = ts.tensor(values, shape).requires_grad_(true);
        ts.Tensor tg = ts.autograd.grad([tf(tx).sum()], [tx], retain_graph: true, create_graph: true)[0];
        (tg * tg).sum().backward();
        Oracle.AssertClose(tx.grad!, x.grad!, ScalarType.Float64, 1e-9, "second derivative");
    }

    [Fact]
    public void Max_of_all_shares_the_gradient_evenly_among_ties() =>
        Assert.Equal([0.0, 0.5, 0.0, 0.5], Grad(x => x.max(), 1, 3, 2, 3));

    [Fact]
    public void Max_along_a_dim_sends_the_gradient_to_the_first_maximum_only()
    {
        var x = torch.tensor(new double[] { 3, 1, 3, 2, 5, 5 }, 2, 3, requires_grad: true);
        var (values, indexes) = x.max(1);
        values.sum().backward();
        Assert.Equal([0L, 1L], indexes.ToArray<long>());
        Assert.Equal([1.0, 0, 0, 0, 1, 0], x.grad!.ToArray<double>());
        Assert.Equal("MaxBackward0", values.grad_fn!.name());
    }

    [Fact]
    public void Amax_shares_the_gradient_evenly_per_slice() =>
        Assert.Equal([0.5, 0.5, 0.0], Grad(x => x.amax([0]), 2, 2, 1));

    [Fact]
    public void Max_of_an_empty_tensor_throws_pytorchs_message()
    {
        var e = Assert.Throws<ArgumentException>(() => torch.zeros(0).max());
        Assert.Equal("max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.", e.Message);
        var e2 = Assert.Throws<ArgumentException>(() => torch.zeros(0, 3).max(0));
        Assert.Equal("max(): Expected reduction dim 0 to have non-zero size.", e2.Message);
    }

    [Fact]
    public void Max_propagates_nan() => Assert.True(double.IsNaN(torch.tensor(new[] { 1.0, double.NaN, 3 }).max().item<double>()));

    [Fact]
    public void Argmax_is_int64_in_row_major_order_and_picks_the_first_tie()
    {
        Tensor i = torch.tensor(new double[] { 1, 4, 4, 0 }, 2, 2).argmax();
        Assert.Equal(ScalarType.Int64, i.dtype);
        Assert.Equal(1L, i.item<long>());
        Assert.False(i.requires_grad);
    }

    [Fact]
    public void Prod_gradient_with_one_zero_is_the_product_of_the_others() =>
        Assert.Equal([0.0, 6.0, 0.0], Grad(x => x.prod(), 2, 0, 3));

    [Fact]
    public void Prod_gradient_with_two_zeros_is_zero() =>
        Assert.Equal([0.0, 0.0, 0.0], Grad(x => x.prod(), 2, 0, 0));

    [Fact]
    public void Prod_double_backward_with_zeros_matches_libtorch() =>
        AssertDoubleBackwardMatches(x => x.prod(1), x => x.prod(1), [2, 0, 3, 0, 0, 4, 1, 2, 3], [3, 3]);

    [Fact]
    public void Prod_of_integers_is_int64() => Assert.Equal(ScalarType.Int64, torch.tensor(new long[] { 2, 3 }).prod().dtype);

    [Fact]
    public void Var_of_one_element_unbiased_is_nan() => Assert.True(double.IsNaN(torch.tensor(new[] { 1.0 }).var().item<double>()));

    [Fact]
    public void Std_gradient_is_zero_where_std_is_zero() => Assert.Equal([0.0, 0.0], Grad(x => x.std(), 2, 2));

    [Fact]
    public void Var_rejects_integer_tensors() =>
        Assert.Throws<ArgumentException>(() => torch.tensor(new long[] { 1, 2 }).var());

    [Fact]
    public void Std_and_var_double_backward_match_libtorch()
    {
        double[] v = [0.5, -1, 2, 0.3, 1.1, -0.7];
        AssertDoubleBackwardMatches(x => x.var(1), x => x.var(1L), v, [2, 3]);
        AssertDoubleBackwardMatches(x => x.std(), x => x.std(), v, [2, 3]);
    }

    [Fact]
    public void Logsumexp_is_stable_for_large_inputs() =>
        Assert.Equal(1000 + Math.Log(2), torch.tensor(new[] { 1000.0, 1000.0 }).logsumexp(0).item<double>(), 9);

    [Fact]
    public void Logsumexp_of_all_minus_infinity_is_minus_infinity() =>
        Assert.Equal(double.NegativeInfinity, torch.tensor(new[] { double.NegativeInfinity, double.NegativeInfinity }).logsumexp(0).item<double>());

    [Fact]
    public void Logsumexp_double_backward_matches_libtorch() =>
        AssertDoubleBackwardMatches(x => x.logsumexp(1), x => x.logsumexp(1), [0.5, -1, 2, 0.3, 1.1, -0.7], [2, 3]);

    [Fact]
    public void Norm_gradient_at_zero_is_zero() => Assert.Equal([0.0, 0.0], Grad(x => x.norm(), 0, 0));

    [Fact]
    public void Norm_double_backward_matches_libtorch() =>
        AssertDoubleBackwardMatches(x => x.norm(1), x => x.norm(1), [0.5, -1, 2, 0.3, 1.1, -0.7], [2, 3]);
}
