using Autograd;
using static Autograd.torch;

namespace Autograd.Tests;

/// <summary>The README's "Extending autograd" code, copied verbatim (so it compiles), run and checked against the
/// hand-derived derivative.</summary>
public class ReadmeExtendingAutogradTests
{
    // ---- copied from README.md ("Extending autograd"); keep the two in step ---------------------------
    // y = x * exp(x), its derivative written by hand: d(x e^x)/dx = (1 + x) e^x
    public sealed class XExp : torch.autograd.SingleTensorFunction<XExp>
    {
        public override string Name => nameof(XExp);

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            ctx.save_for_backward([x]);     // inputs and outputs only: an intermediate made here has no history
            return x * x.exp();
        }

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            var x = ctx.saved_tensors[0];
            return [grad_output * (x + 1) * x.exp()];
        }
    }
    // ----------------------------------------------------------------------------------------------------

    [Fact]
    public void The_readme_function_passes_gradcheck_and_the_hook_doubles_its_gradient()
    {
        torch.manual_seed(0);
        // ---- copied from README.md ----
        var x = torch.randn(5, dtype: torch.float64, requires_grad: true);
        torch.autograd.gradcheck(t => XExp.apply(t), x);              // true, or a GradcheckError showing both Jacobians
        torch.autograd.gradgradcheck(t => XExp.apply(t[0]), [x]);     // true: backward uses differentiable ops

        var y = XExp.apply(x);                                        // y.grad_fn: <XExpBackward>
        var handle = y.register_hook(g => g * 2);                     // doubles the gradient flowing through y
        y.sum().backward();                                           // x.grad = 2 (1 + x) e^x
        handle.remove();
        // --------------------------------

        Assert.True(torch.autograd.gradcheck(t => XExp.apply(t), x));
        Assert.True(torch.autograd.gradgradcheck(t => XExp.apply(t[0]), [x]));
        Assert.Equal("<XExpBackward>", y.grad_fn!.ToString());
        double[] xs = x.detach().ToArray<double>(), g = x.grad!.ToArray<double>();
        for (int i = 0; i < xs.Length; i++) Assert.Equal(2 * (1 + xs[i]) * Math.Exp(xs[i]), g[i], 12);
    }

    [Fact]
    public void The_graph_sample_prints_dot_without_graphviz_or_writes_an_svg()
    {
        var output = new StringWriter();
        Autograd.Samples.GraphSample.Graph(output);
        string text = output.ToString();
        Assert.True(text.StartsWith("digraph {") || text.StartsWith("wrote "), text);
        if (text.StartsWith("digraph {")) Assert.Contains("label=\"w1\\n (4, 3)\" fillcolor=lightblue", text);
    }
}
