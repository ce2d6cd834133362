using Autograd;

namespace Autograd.Tests;

/// <summary>once_differentiable (PyTorch's semantics): the backward runs with grad mode off, a first derivative is
/// unaffected, and a second derivative through its results throws PyTorch's error.</summary>
public class OnceDifferentiableTests
{
    // y = x^3 with a backward that is not itself differentiable
    private sealed class OnceCube : torch.autograd.SingleTensorFunction<OnceCube>
    {
        internal static bool GradModeInBackward = true;
        public override string Name => "OnceCube";

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            ctx.save_for_backward([x]);
            return x * x * x;
        }

        [torch.autograd.once_differentiable]
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            GradModeInBackward = torch.is_grad_enabled();
            Tensor x = ctx.saved_tensors[0];
            return [grad_output * 3.0 * x * x]; // d(x^3)/dx = 3x^2
        }
    }

    [Fact]
    public void The_first_derivative_is_unaffected()
    {
        var x = torch.tensor(new double[] { 1, -2, 0.5 }).requires_grad_();
        OnceCube.apply(x).sum().backward();
        Assert.Equal(new double[] { 3, 12, 0.75 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void Under_create_graph_the_backward_runs_without_recording_and_its_results_still_require_grad()
    {
        var x = torch.tensor(new double[] { 1, -2 }).requires_grad_();
        // the incoming gradient (x, from the product) requires grad, so PyTorch wraps the results
        Tensor y = OnceCube.apply(x);
        Tensor g = torch.autograd.grad([y], [x], [x], create_graph: true)[0]!;
        Assert.False(OnceCube.GradModeInBackward);
        Assert.Equal(new double[] { 3, -24 }, g.ToArray<double>()); // x * 3x^2
        Assert.True(g.requires_grad);
        Assert.Equal("torch::autograd::DelayedError", g.grad_fn!.name());
    }

    [Fact]
    public void Differentiating_twice_throws_pytorchs_error()
    {
        var x = torch.tensor(new double[] { 1, -2 }).requires_grad_();
        // d/dx sum(x * x^3) = x^3 + x * 3x^2 = 4x^3: the second term comes from the once-differentiable backward
        Tensor g = torch.autograd.grad([(OnceCube.apply(x) * x).sum()], [x], create_graph: true)[0]!;
        Assert.Equal(new double[] { 4, -32 }, g.ToArray<double>());
        var ex = Assert.Throws<InvalidOperationException>(() => g.sum().backward());
        Assert.Equal("trying to differentiate twice a function that was marked with @once_differentiable", ex.Message);
        Assert.Null(x.grad);
    }

    [Fact]
    public void A_gradient_that_does_not_require_grad_leaves_the_results_without_history_as_pytorch()
    {
        // PyTorch wraps only when an incoming gradient requires grad: here it is sum's constant ones
        var x = torch.tensor(new double[] { 1, -2 }).requires_grad_();
        Tensor g = torch.autograd.grad([OnceCube.apply(x).sum()], [x], create_graph: true)[0]!;
        Assert.Equal(new double[] { 3, 12 }, g.ToArray<double>());
        Assert.False(g.requires_grad);
    }

    [Fact]
    public void Without_create_graph_the_results_have_no_history()
    {
        var x = torch.tensor(new double[] { 2 }).requires_grad_();
        Tensor g = torch.autograd.grad([OnceCube.apply(x).sum()], [x])[0]!;
        Assert.False(g.requires_grad);
        Assert.Equal(new double[] { 12 }, g.ToArray<double>());
    }
}
