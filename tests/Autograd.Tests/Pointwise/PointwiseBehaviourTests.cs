using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Pointwise behaviour the op table can't sample: kinks, ties, NaN, dtypes, in-place rules.
/// Expected values are PyTorch's (derivatives.yaml subgradients noted per test).</summary>
public class PointwiseBehaviourTests
{
    private static double[] Grad(Func<Tensor, Tensor> f, params double[] values)
    {
        var x = torch.tensor(values, requires_grad: true);
        f(x).sum().backward();
        return x.grad!.ToArray<double>();
    }

    [Fact]
    public void Add_with_alpha_is_one_fused_pass_with_pytorchs_rounding_and_checks()
    {
        // PyTorch computes a + alpha * b with alpha rounded to the tensor's dtype first
        float[] a = [1.5f, -2f, 3.25f], b = [0.1f, 7f, -1e-3f];
        var x = torch.tensor(a); var y = torch.tensor(b);
        var expected = ts.tensor(a).add(ts.tensor(b), 0.3);
        Oracle.AssertClose(expected, x.add(y, 0.3), ScalarType.Float32);
        Oracle.AssertClose(ts.tensor(a).add(ts.tensor(b), -0.3), x.sub(y, 0.3), ScalarType.Float32); // TorchSharp has no sub(alpha)
        x.add_(y, -2.5);
        Oracle.AssertClose(ts.tensor(a).add_(ts.tensor(b), -2.5), x, ScalarType.Float32);
        // integer tensors take integer alphas only; bool alphas only for bool results (PyTorch's alpha_check)
        var i = torch.tensor(new long[] { 1, 2 });
        Assert.Equal(new long[] { 7, 14 }, i.add(i, 6).ToArray<long>());
        Assert.Equal(new long[] { -5, -10 }, i.sub(i, 6).ToArray<long>());
        Assert.Equal("For integral input tensors, argument alpha must not be a floating point number.",
            Assert.Throws<ArgumentException>(() => i.add(i, 0.5)).Message);
        Assert.Throws<ArgumentException>(() => i.add_(i, 2.0));
        Assert.Equal(new long[] { 1, 2 }, i.ToArray<long>()); // the failed in-place call changed nothing
        Assert.Equal("Boolean alpha only supported for Boolean results.",
            Assert.Throws<ArgumentException>(() => torch.ones(2).add(torch.ones(2), true)).Message);
    }

    [Fact]
    public void Bool_pow_in_place_is_refused_before_writing()
    {
        // LibTorch: "pow" not implemented for 'Bool', for pow_ as for pow (the in-place form has no bool kernel either)
        Tensor x = torch.tensor(new[] { true, false });
        var e = Assert.Throws<NotSupportedException>(() => x.pow_(torch.tensor(new[] { true, true })));
        Assert.Equal("\"pow\" not implemented for 'Bool'", e.Message);
        Assert.Equal(new[] { true, false }, x.data<bool>().ToArray());
        // what LibTorch says for the same call
        var te = Assert.ThrowsAny<Exception>(() => ts.tensor(new[] { true, false }).pow_(ts.tensor(new[] { true, true })));
        Assert.Contains("\"pow\" not implemented for 'Bool'", te.Message);
    }

    [Fact]
    public void Abs_gradient_at_zero_is_zero() => Assert.Equal([-1.0, 0.0, 1.0], Grad(x => x.abs(), -2, 0, 3));

    [Fact]
    public void Relu_gradient_at_zero_is_zero() => Assert.Equal([0.0, 0.0, 1.0], Grad(x => x.relu(), -2, 0, 3));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Relu_gradient_matches_libtorch_at_zero_and_nan(bool createGraph)
    {
        // threshold_backward: result <= 0 ? 0 : grad, so a NaN input passes its gradient; the fused
        // kernel (no graph) and the differentiable composite (create_graph) must agree with LibTorch
        double[] v = [-1, 0, double.NaN, 2, -0.0];
        var x = torch.tensor(v, requires_grad: true);
        var t = ts.tensor(v).requires_grad_();
        torch.nn.functional.relu(x).mul(torch.tensor(new double[] { 1, 2, 3, 4, 5 })).sum().backward(create_graph: createGraph);
        ts.nn.functional.relu(t).mul(ts.tensor(new double[] { 1, 2, 3, 4, 5 })).sum().backward();
        Oracle.AssertClose(t.grad!, x.grad!.detach(), ScalarType.Float64);
    }

    [Fact]
    public void Sign_gradient_is_zero() => Assert.Equal([0.0, 0.0, 0.0], Grad(x => x.sign(), -2, 0, 3));

    [Fact]
    public void Clamp_passes_the_gradient_at_the_bounds()
    {
        // clamp_backward: grad where min <= x <= max (inclusive)
        Assert.Equal([0.0, 1.0, 1.0, 1.0, 0.0], Grad(x => x.clamp(-1, 1), -2, -1, 0, 1, 2));
        Assert.Equal([0.0, 1.0, 1.0], Grad(x => x.clamp_min(0), -1, 0, 1));
        Assert.Equal([1.0, 1.0, 0.0], Grad(x => x.clamp_max(0), -1, 0, 1));
    }

    [Fact]
    public void Clamp_with_min_above_max_gives_max_and_no_input_gradient()
    {
        var x = torch.tensor(new double[] { -3, 0, 3 }, requires_grad: true);
        Tensor y = x.clamp(2, 1);
        Assert.Equal([1.0, 1.0, 1.0], y.ToArray<double>());
        y.sum().backward();
        Assert.Equal([0.0, 0.0, 0.0], x.grad!.ToArray<double>());
    }

    [Fact]
    public void Clamp_tensor_bounds_get_gradients_where_they_bind()
    {
        var x = torch.tensor(new double[] { -3, 0, 3 }, requires_grad: true);
        var lo = torch.tensor(new double[] { -1, -1, -1 }, requires_grad: true);
        var hi = torch.tensor(new double[] { 1, 1, 1 }, requires_grad: true);
        x.clamp(lo, hi).sum().backward();
        Assert.Equal([0.0, 1.0, 0.0], x.grad!.ToArray<double>());
        Assert.Equal([1.0, 0.0, 0.0], lo.grad!.ToArray<double>());
        Assert.Equal([0.0, 0.0, 1.0], hi.grad!.ToArray<double>());
    }

    [Fact]
    public void Clamp_without_bounds_throws_pytorchs_message()
    {
        var x = torch.ones(3);
        var ex = Assert.Throws<ArgumentException>(() => x.clamp((Scalar?)null, null));
        Assert.Equal("torch.clamp: At least one of 'min' or 'max' must not be None", ex.Message);
        Assert.Throws<ArgumentException>(() => x.clamp((Tensor?)null, null));
    }

    [Fact]
    public void Clamp_of_an_int_tensor_by_a_float_bound_promotes_to_float32()
    {
        var x = torch.tensor(new long[] { -2, 0, 2 });
        Assert.Equal(ScalarType.Int64, x.clamp(-1, 1).dtype);
        Tensor y = x.clamp(min: 0.5);
        Assert.Equal(ScalarType.Float32, y.dtype);
        Assert.Equal([0.5f, 0.5f, 2f], y.ToArray<float>());
    }

    [Fact]
    public void Maximum_and_minimum_split_the_gradient_on_ties()
    {
        var a = torch.tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        var b = torch.tensor(new double[] { 3, 2, 1 }, requires_grad: true);
        a.maximum(b).sum().backward();
        Assert.Equal([0.0, 0.5, 1.0], a.grad!.ToArray<double>());
        Assert.Equal([1.0, 0.5, 0.0], b.grad!.ToArray<double>());
        a.grad = null; b.grad = null;
        a.minimum(b).sum().backward();
        Assert.Equal([1.0, 0.5, 0.0], a.grad!.ToArray<double>());
        Assert.Equal([0.0, 0.5, 1.0], b.grad!.ToArray<double>());
    }

    [Fact]
    public void Maximum_propagates_nan_like_libtorch()
    {
        var a = torch.tensor(new double[] { double.NaN, 1 });
        var b = torch.tensor(new double[] { 0, double.NaN });
        Assert.All(a.maximum(b).ToArray<double>(), v => Assert.True(double.IsNaN(v)));
        Assert.All(a.minimum(b).ToArray<double>(), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Relu_and_clamp_keep_nan()
    {
        var x = torch.tensor(new double[] { double.NaN });
        Assert.True(double.IsNaN(x.relu().item<double>()));
        Assert.True(double.IsNaN(x.clamp(0, 1).item<double>()));
    }

    [Fact]
    public void Integer_inputs_to_float_ops_compute_in_float32()
    {
        var x = torch.tensor(new long[] { 1, 4, 9 });
        Tensor y = x.sqrt();
        Assert.Equal(ScalarType.Float32, y.dtype);
        Assert.Equal([1f, 2f, 3f], y.ToArray<float>());
        Assert.Equal(ScalarType.Float32, x.sigmoid().dtype);
        Assert.Equal(ScalarType.Int64, x.abs().dtype);
        Assert.Equal(ScalarType.Int64, x.relu().dtype);
        Assert.Equal(ScalarType.Int64, x.neg().relu().dtype);
    }

    [Fact]
    public void Float_in_place_op_on_an_int_tensor_throws_before_writing()
    {
        var x = torch.tensor(new long[] { 1, 2 });
        var ex = Assert.Throws<ArgumentException>(() => x.exp_());
        Assert.Equal("result type Float can't be cast to the desired output type Long", ex.Message);
        Assert.Equal([1L, 2L], x.ToArray<long>());
        Assert.Equal([1L, 0L], torch.tensor(new long[] { -1, 0 }).abs_().ToArray<long>()); // abs keeps the dtype
    }

    [Fact]
    public void In_place_on_a_leaf_that_requires_grad_throws()
    {
        var x = torch.tensor(new double[] { 1, 2 }, requires_grad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => x.sigmoid_());
        Assert.Equal("a leaf Variable that requires grad is being used in an in-place operation.", ex.Message);
    }

    [Fact]
    public void In_place_without_history_writes_the_storage_and_bumps_the_version()
    {
        var x = torch.tensor(new double[] { -1, 4 });
        Tensor same = x.relu_();
        Assert.Same(x, same);
        Assert.Equal([0.0, 4.0], x.ToArray<double>());
        x.sqrt_();
        Assert.Equal([0.0, 2.0], x.ToArray<double>());
    }

    [Fact]
    public void In_place_records_the_ops_backward_node()
    {
        var x = torch.tensor(new double[] { 0.5, -0.5 }, requires_grad: true);
        Tensor y = x * 1.0;
        y.tanh_();
        Assert.Equal("TanhBackward0", y.grad_fn!.name());
        y.sum().backward();
        var tx = ts.tensor(new double[] { 0.5, -0.5 }).requires_grad_(true);
        (tx * 1.0).tanh_().sum().backward();
        Oracle.AssertClose(tx.grad!, x.grad!, ScalarType.Float64);
    }

    [Fact]
    public void Modifying_a_saved_result_in_place_is_detected()
    {
        var x = torch.tensor(new double[] { 0.5 }, requires_grad: true);
        Tensor y = x.sigmoid();
        Tensor z = y * 2.0;
        y.exp_(); // y is SigmoidBackward0's saved result
        var ex = Assert.Throws<InvalidOperationException>(() => z.sum().backward());
        Assert.StartsWith("one of the variables needed for gradient computation has been modified by an inplace operation", ex.Message);
    }

    [Theory]
    [InlineData("abs", "AbsBackward0")]
    [InlineData("sqrt", "SqrtBackward0")]
    [InlineData("relu", "ReluBackward0")]
    [InlineData("clamp", "ClampBackward1")]
    [InlineData("clamp_min", "ClampMinBackward0")]
    [InlineData("maximum", "MaximumBackward0")]
    [InlineData("log1p", "Log1PBackward0")]
    public void Grad_fn_names_are_pytorchs(string op, string expected)
    {
        var x = torch.tensor(new double[] { 0.5, 2 }, requires_grad: true);
        Tensor y = op switch
        {
            "abs" => x.abs(), "sqrt" => x.sqrt(), "relu" => x.relu(), "clamp" => x.clamp(0, 1),
            "clamp_min" => x.clamp_min(0), "maximum" => x.maximum(x * 2.0), _ => x.log1p(),
        };
        Assert.Equal(expected, y.grad_fn!.name());
    }

    [Fact]
    public void Double_backward_through_unary_ops_matches_libtorch()
    {
        // d2/dx2 of sum(tanh(x) * sigmoid(x) + sqrt(x) * sin(x))
        double[] v = [0.3, 1.1, 1.7];
        var x = torch.tensor(v, requires_grad: true);
        Tensor y = (x.tanh() * x.sigmoid() + x.sqrt() * x.sin()).sum();
        y.backward(create_graph: true);
        Tensor g = x.grad!;
        x.grad = null;
        g.sum().backward();
        var tx = ts.tensor(v).requires_grad_(true);
        var ty = (tx.tanh() * tx.sigmoid() + tx.sqrt() * tx.sin()).sum();
        var tg = ts.autograd.grad([ty], [tx], retain_graph: true, create_graph: true)[0];
        tg.sum().backward();
        Oracle.AssertClose(tx.grad!, x.grad!, ScalarType.Float64, 1e-10);
    }
}
