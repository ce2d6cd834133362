using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>torch.autograd.grad / backward against LibTorch and hand-derived values.</summary>
public class AutogradGradTests
{
    [Fact]
    public void Grad_returns_gradients_without_touching_dot_grad()
    {
        var x = torch.tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        var y = (x * x * x).sum();           // dy/dx = 3x^2
        var g = torch.autograd.grad([y], [x]);
        Assert.Equal(new double[] { 3, 12, 27 }, g[0]!.ToArray<double>());
        Assert.Null(x.grad);
    }

    [Fact]
    public void Second_derivative_through_create_graph_matches_libtorch()
    {
        double[] v = { 0.5, -1.25, 2.0 };
        var x = torch.tensor(v, requires_grad: true);
        var (gx, ggx) = Second(x);
        var tx = ts.tensor(v).requires_grad_(true);
        var ty = (tx.sin() * tx).sum();
        var tg = ts.autograd.grad([ty], [tx], create_graph: true, retain_graph: true)[0];
        var tgg = ts.autograd.grad([tg.sum()], [tx])[0];
        Oracle.AssertClose(tg, gx, ScalarType.Float64);
        Oracle.AssertClose(tgg, ggx, ScalarType.Float64);
    }

    private static (Tensor, Tensor) Second(Tensor x)
    {
        var y = (x.sin() * x).sum();
        var g = torch.autograd.grad([y], [x], create_graph: true)[0]!;
        var gg = torch.autograd.grad([g.sum()], [x])[0]!;
        return (g, gg);
    }

    [Fact]
    public void Unused_input_is_an_error_unless_allowed()
    {
        var x = torch.tensor(1.0, requires_grad: true);
        var z = torch.tensor(2.0, requires_grad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => torch.autograd.grad([x * 2.0], [x, z]));
        Assert.StartsWith("One of the differentiated Tensors appears to not have been used in the graph.", ex.Message);
        var g = torch.autograd.grad([x * 2.0], [x, z], allow_unused: true);
        Assert.Equal(2.0, g[0]!.item<double>());
        Assert.Null(g[1]);
    }

    [Fact]
    public void Backward_with_inputs_accumulates_only_into_those()
    {
        var a = torch.tensor(1.0, requires_grad: true);
        var b = torch.tensor(2.0, requires_grad: true);
        (a * b).backward(inputs: [a]);      // d(ab)/da = b = 2
        Assert.Equal(2.0, a.grad!.item<double>());
        Assert.Null(b.grad);
    }
}
