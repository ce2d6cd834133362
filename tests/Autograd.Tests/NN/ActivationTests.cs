using Autograd;
using static Autograd.torch;
using F = Autograd.torch.nn.functional;

namespace Autograd.Tests;

/// <summary>Activation behaviour beyond the op table: float64 gradients against hand-derived math where LibTorch
/// rounds a constant to float32, PyTorch's messages, NaN propagation, no overflow in discarded branches, in-place
/// forms, and the modules' printouts.</summary>
public class ActivationTests
{
    private static Tensor X(params double[] v) => torch.tensor(v).requires_grad_();

    private static double[] Grad(Func<Tensor, Tensor> f, Tensor x)
    {
        f(x).sum().backward();
        return x.grad!.ToArray<double>();
    }

    [Fact]
    public void Hardsigmoid_gradient_is_exactly_one_sixth_inside()
    {
        // d/dx relu6(x + 3) / 6 = 1/6 for -3 < x < 3, 0 outside
        Assert.Equal([0.0, 1.0 / 6, 1.0 / 6, 0.0], Grad(x => F.hardsigmoid(x), X(-4, -1, 2.5, 3.5)));
    }

    [Fact]
    public void Celu_gradient_is_exp_of_x_over_alpha_below_zero()
    {
        const double alpha = 0.6;
        double[] xs = [-1.7, -0.3, 0.8];
        double[] g = Grad(x => F.celu(x, alpha), X(xs));
        for (int i = 0; i < 2; i++) Assert.Equal(Math.Exp(xs[i] / alpha), g[i], 1e-15);
        Assert.Equal(1.0, g[2]);
    }

    [Fact]
    public void Discarded_branches_do_not_overflow_into_nan_gradients()
    {
        Assert.Equal([1.0, 1.0], Grad(x => F.elu(x, 1.0), X(100, 1000)));
        Assert.Equal([1.0, 1.0], Grad(x => F.softplus(x), X(100, 1000)));
        Assert.Equal([1.0, 0.0], Grad(x => F.logsigmoid(x), X(-1000, 1000)));
        Assert.Equal([-1000.0, 0.0], F.logsigmoid(torch.tensor(new double[] { -1000, 1000 })).ToArray<double>());
        Assert.Equal([1.0, 1.0], Grad(x => F.mish(x), X(100, 1000)));
    }

    [Fact]
    public void Logsigmoid_is_smooth_at_zero()
    {
        Assert.Equal([0.5], Grad(x => F.logsigmoid(x), X(0)));
        Assert.Equal(-Math.Log(2), F.logsigmoid(torch.tensor(new double[] { 0 })).item<double>(), 1e-15);
    }

    [Fact]
    public void Nan_stays_nan()
    {
        Tensor nan = torch.tensor(new double[] { double.NaN });
        foreach (var f in new Func<Tensor, Tensor>[]
                 {
                     x => F.threshold(x, 0.5, 2), x => F.hardshrink(x), x => F.softshrink(x), x => F.elu(x, 1), x => F.leaky_relu(x),
                     x => F.relu6(x), x => F.hardtanh(x), x => F.gelu(x), x => F.softplus(x), x => F.logsigmoid(x), x => F.selu(x),
                 })
            Assert.True(double.IsNaN(f(nan).item<double>()));
    }

    [Fact]
    public void Bad_arguments_use_pytorch_messages()
    {
        Tensor x = torch.ones(2, 3);
        Assert.Equal("lambda must be greater or equal to 0, but found to be -0.5.", Assert.Throws<ArgumentException>(() => F.softshrink(x, -0.5)).Message);
        Assert.Equal("lambda must be greater or equal to 0, but found to be -1.0.", Assert.Throws<ArgumentException>(() => F.hardshrink(x, -1)).Message);
        Assert.Equal("min_val cannot be greater than max_val", Assert.Throws<ArgumentException>(() => F.hardtanh(x, 2, 1)).Message);
        Assert.Equal("glu does not support scalars because halving size must be even", Assert.Throws<ArgumentException>(() => F.glu(torch.tensor(1.0))).Message);
        Assert.Equal("Halving dimension must be even, but dimension 1 is size 3", Assert.Throws<ArgumentException>(() => F.glu(x)).Message);
        Assert.Equal("Mismatch of parameter numbers and input channel size. Found parameter numbers = 2 and channel size = 3.",
            Assert.Throws<ArgumentException>(() => F.prelu(x, torch.ones(2))).Message);
        Assert.Equal("Mismatch of parameter numbers and input channel size. Found parameter numbers = 3 and channel size = 1.",
            Assert.Throws<ArgumentException>(() => F.prelu(torch.ones(3), torch.ones(3))).Message);
        Assert.Equal("prelu: Type promoting not supported. Got Double and Float",
            Assert.Throws<ArgumentException>(() => F.prelu(x.to(ScalarType.Float64), torch.ones(1))).Message);
        Assert.Equal("ZeroDivisionError: alpha cannot be 0 for CELU", Assert.Throws<ArgumentException>(() => F.celu(x, 0)).Message);
        Assert.Throws<NotSupportedException>(() => F.gelu(torch.ones(2, dtype: ScalarType.Int64)));
    }

    [Fact]
    public void In_place_forms_write_the_input_and_refuse_leaves_that_require_grad()
    {
        Tensor x = torch.tensor(new double[] { -2, 0.5 });
        Assert.Same(x, F.elu(x, 1.0, inplace: true));
        Assert.Equal([Math.Exp(-2) - 1, 0.5], x.ToArray<double>());
        Tensor leaf = X(1, 2);
        Assert.Equal("a leaf Variable that requires grad is being used in an in-place operation.",
            Assert.Throws<InvalidOperationException>(() => F.silu(leaf, inplace: true)).Message);
        Assert.Equal([1.0, 2.0], leaf.ToArray<double>());
    }

    [Fact]
    public void Modules_print_their_settings_as_pytorch()
    {
        Assert.Equal("ReLU6()", nn.ReLU6().ToString());
        Assert.Equal("ReLU6(inplace=True)", nn.ReLU6(true).ToString());
        Assert.Equal("LeakyReLU(negative_slope=0.01)", nn.LeakyReLU().ToString());
        Assert.Equal("LeakyReLU(negative_slope=0.2, inplace=True)", nn.LeakyReLU(0.2, true).ToString());
        Assert.Equal("ELU(alpha=1.0)", nn.ELU().ToString());
        Assert.Equal("CELU(alpha=0.5, inplace=True)", nn.CELU(0.5, true).ToString());
        Assert.Equal("SELU()", nn.SELU().ToString());
        Assert.Equal("GELU(approximate='none')", nn.GELU().ToString());
        Assert.Equal("GELU(approximate='tanh')", nn.GELU(Modules.GELU.Approximate.tanh).ToString());
        Assert.Equal("SiLU()", nn.SiLU().ToString());
        Assert.Equal("Mish()", nn.Mish().ToString());
        Assert.Equal("Softplus(beta=1.0, threshold=20.0)", nn.Softplus().ToString());
        Assert.Equal("Hardtanh(min_val=-1.0, max_val=1.0)", nn.Hardtanh().ToString());
        Assert.Equal("Hardswish()", nn.Hardswish().ToString());
        Assert.Equal("Hardsigmoid()", nn.Hardsigmoid().ToString());
        Assert.Equal("Softshrink(0.5)", nn.Softshrink().ToString());
        Assert.Equal("Hardshrink(0.5)", nn.Hardshrink().ToString());
        Assert.Equal("Threshold(threshold=0.1, value=20.0)", nn.Threshold(0.1, 20).ToString());
        Assert.Equal("GLU(dim=-1)", nn.GLU().ToString());
        Assert.Equal("LogSigmoid()", nn.LogSigmoid().ToString());
        Assert.Equal("Softmin(dim=1)", nn.Softmin(1).ToString());
        Assert.Equal("Tanhshrink()", nn.Tanhshrink().ToString());
        Assert.Equal("Softsign()", nn.Softsign().ToString());
        Assert.Equal("PReLU(num_parameters=1)", nn.PReLU(1).ToString());
    }

    [Fact]
    public void PReLU_registers_its_slopes()
    {
        var m = nn.PReLU(3, 0.25);
        Assert.Equal(["weight"], m.state_dict().Keys);
        Assert.Equal([0.25f, 0.25f, 0.25f], m.weight.data<float>().ToArray());
        m.call(torch.ones(2, 3, 4).neg()).sum().backward();
        Assert.Equal([-8f, -8f, -8f], m.weight.grad!.data<float>().ToArray());
    }
}
