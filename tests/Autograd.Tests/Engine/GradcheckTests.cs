using Autograd;

namespace Autograd.Tests;

/// <summary>torch.autograd.gradcheck / gradgradcheck: PyTorch's checks, parameters and messages. Expected Jacobians are
/// hand-derived; the broken Functions below are wrong on purpose, each in the one way a check must catch.</summary>
public class GradcheckTests
{
    private static Tensor X(params double[] v) => torch.tensor(v).requires_grad_();

    /// <summary>The central differences of x^2 (step 1e-6) at (a, b), as gradcheck computes them: diag((x+e)^2 - (x-e)^2) / 2e.</summary>
    private static Tensor SquareJacobian(double a, double b)
    {
        static double D(double x) => ((x + 1e-6) * (x + 1e-6) - (x - 1e-6) * (x - 1e-6)) / (2 * 1e-6);
        return torch.tensor(new double[] { D(a), 0, 0, D(b) }, [2, 2]);
    }

    // y = x^2 with a backward that forgets the factor 2: dy/dx = 2x, reported x
    private sealed class BadSquare : torch.autograd.SingleTensorFunction<BadSquare>
    {
        public override string Name => "BadSquare";
        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            ctx.save_for_backward([x]);
            return x * x;
        }
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output) => [grad_output * ctx.saved_tensors[0]];
    }

    // y = x^3 whose backward is right but built from a detached x: first order passes, second order is wrong
    private sealed class DetachedCube : torch.autograd.SingleTensorFunction<DetachedCube>
    {
        public override string Name => "DetachedCube";
        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            ctx.save_for_backward([x]);
            return x * x * x;
        }
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            Tensor x = ctx.saved_tensors[0].detach();
            return [grad_output * 3.0 * x * x]; // d(x^3)/dx = 3x^2, with no history through x
        }
    }

    // y = sin(x) whose backward adds noise: not reentrant
    private sealed class NoisySin : torch.autograd.SingleTensorFunction<NoisySin>
    {
        private static int s_calls;
        public override string Name => "NoisySin";
        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            ctx.save_for_backward([x]);
            return x.sin();
        }
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output) =>
            [grad_output * (ctx.saved_tensors[0].cos() + 1e-12 * (++s_calls))];
    }

    // y = 2x whose backward returns ones when the output gradient is zero
    private sealed class NotScaled : torch.autograd.SingleTensorFunction<NotScaled>
    {
        public override string Name => "NotScaled";
        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars) => (Tensor)vars[0] * 2.0;
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output) =>
            [grad_output.abs().sum().item<double>() == 0 ? torch.ones_like(grad_output) : grad_output * 2.0];
    }

    // (2x, 3x) with materialize_grads off. The engine never runs a node whose output gradients are all undefined, and every
    // Jacobian row pairs one defined gradient with undefined ones, so only an undefined gradient next to a zero one (the
    // check's one-at-a-time case) reaches Misbehave: it then throws or returns ones.
    private sealed class TwoOutputs : torch.autograd.MultiTensorFunction<TwoOutputs>
    {
        internal static string Misbehave = "";
        public override string Name => "TwoOutputs";
        public override List<Tensor> forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            ctx.set_materialize_grads(false);
            var x = (Tensor)vars[0];
            return [x * 2.0, x * 3.0];
        }
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, List<Tensor> grad_outputs)
        {
            Tensor? g0 = grad_outputs[0], g1 = grad_outputs[1];
            Tensor? defined = g0 ?? g1;
            if (defined is not null && (g0 is null || g1 is null) && defined.abs().sum().item<double>() == 0)
            {
                if (Misbehave == "throw") throw new InvalidOperationException("undefined gradient");
                if (Misbehave == "ones") return [torch.ones_like(defined)];
            }
            Tensor result = torch.zeros_like(defined!);
            if (g0 is not null) result = result + g0 * 2.0;
            if (g1 is not null) result = result + g1 * 3.0;
            return [result];
        }
    }

    [Fact]
    public void Correct_gradients_pass_in_slow_and_fast_mode()
    {
        Tensor a = torch.randn([3, 4], ScalarType.Float64).requires_grad_(), b = torch.randn([4, 2], ScalarType.Float64).requires_grad_();
        Tensor t = torch.randn([4, 3], ScalarType.Float64).t().requires_grad_(); // non-contiguous leaf... perturbed in place
        foreach (bool fast in new[] { false, true })
        {
            Assert.True(torch.autograd.gradcheck(x => x[0].matmul(x[1]).tanh(), [a, b], fast_mode: fast));
            Assert.True(torch.autograd.gradcheck(x => (IList<Tensor>)[x[0].sin(), (x[0] * x[1]).sum(), x[0].detach()], [a, t], fast_mode: fast));
            Assert.True(torch.autograd.gradcheck(x => x.exp(), X(0.5, -1), fast_mode: fast));
        }
        Assert.Null(a.grad); // gradcheck uses autograd.grad: nothing accumulates
    }

    [Fact]
    public void A_wrong_backward_fails_with_pytorchs_message_and_both_jacobians()
    {
        Tensor x = X(1, -2);
        var e = Assert.Throws<torch.autograd.GradcheckError>(() => torch.autograd.gradcheck(x => BadSquare.apply(x), x));
        // Jacobians are (input elements x output elements): numerical diag(2x), analytical diag(x)
        string numerical = SquareJacobian(1, -2).ToString();
        string analytical = torch.tensor(new double[] { 1, 0, -0.0, -2 }, [2, 2]).ToString(); // row 0 of x * e_0 is [1, -0]
        Assert.Equal($"Jacobian mismatch for output 0 with respect to input 0,\nnumerical:{numerical}\nanalytical:{analytical}\n", e.Message);
        Assert.False(torch.autograd.gradcheck(x => BadSquare.apply(x), x, raise_exception: false));
        Assert.Equal(new double[] { 1, -2 }, x.ToArray<double>()); // restored after perturbation
    }

    [Fact]
    public void The_message_names_the_failing_output_and_input_counting_only_those_that_require_grad()
    {
        Tensor c = X(3), x = X(1, -2);
        Func<Tensor[], IList<Tensor>> f = xs => [xs[2].detach(), xs[1] * 2.0, BadSquare.apply(xs[2])];
        var e = Assert.Throws<torch.autograd.GradcheckError>(() => torch.autograd.gradcheck(f, [torch.ones(1), c, x]));
        Assert.StartsWith("Jacobian mismatch for output 1 with respect to input 1,\n", e.Message);
    }

    [Fact]
    public void Fast_mode_reports_the_projections_then_the_slow_mode_jacobians()
    {
        var e = Assert.Throws<torch.autograd.GradcheckError>(() => torch.autograd.gradcheck(x => BadSquare.apply(x), X(1, -2), fast_mode: true));
        Assert.StartsWith("Jacobian mismatch for output 0 with respect to input 0,\nnumerical:", e.Message);
        string numerical = SquareJacobian(1, -2).ToString();
        string analytical = torch.tensor(new double[] { 1, 0, -0.0, -2 }, [2, 2]).ToString(); // row 0 of x * e_0 is [1, -0]
        Assert.Contains("in fast mode. See: https://github.com/pytorch/pytorch/issues/53876 for more background \n", e.Message);
        Assert.Contains($"Numerical:\n {numerical}\nAnalytical:\n{analytical}\n\nThe max per-element difference (slow mode) is: ", e.Message);
        Assert.DoesNotContain("might've passed in slow_mode", e.Message);
    }

    [Fact]
    public void A_non_reentrant_backward_fails_unless_nondet_tol_allows_it()
    {
        var e = Assert.Throws<torch.autograd.GradcheckError>(() => torch.autograd.gradcheck(x => NoisySin.apply(x), X(0.3, 1.1)));
        Assert.StartsWith("Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives different values, " +
                          "although analytical gradient matches numerical gradient.The tolerance for nondeterminism was 0.", e.Message);
        Assert.True(torch.autograd.gradcheck(x => NoisySin.apply(x), X(0.3, 1.1), nondet_tol: 1e-6));
    }

    [Fact]
    public void A_backward_not_scaled_by_its_gradient_fails()
    {
        var e = Assert.Throws<torch.autograd.GradcheckError>(() => torch.autograd.gradcheck(x => NotScaled.apply(x), X(0.3, 1.1)));
        Assert.Equal("backward not multiplied by grad_output", e.Message);
    }

    [Fact]
    public void Undefined_output_gradients_must_be_handled_unless_the_check_is_off()
    {
        Func<Tensor[], IList<Tensor>> f = xs => TwoOutputs.apply(xs[0]);
        Assert.True(torch.autograd.gradcheck(f, [X(0.5, 2)]));
        var error = new StringWriter();
        TextWriter previous = Console.Error;
        GradCheck.ResetWarningsForTests();
        Console.SetError(error);
        torch.autograd.GradcheckError thrown, nonzero;
        try
        {
            TwoOutputs.Misbehave = "throw";
            thrown = Assert.Throws<torch.autograd.GradcheckError>(() => torch.autograd.gradcheck(f, [X(0.5, 2)]));
            TwoOutputs.Misbehave = "ones";
            nonzero = Assert.Throws<torch.autograd.GradcheckError>(() => torch.autograd.gradcheck(f, [X(0.5, 2)]));
            Assert.True(torch.autograd.gradcheck(f, [X(0.5, 2)], check_undefined_grad: false));
        }
        finally
        {
            Console.SetError(previous);
            TwoOutputs.Misbehave = "";
        }
        Assert.Equal("Expected backward function to handle undefined output grads. ", thrown.Message);
        Assert.Equal("undefined gradient", thrown.InnerException!.Message);
        Assert.Equal("Expected all input grads to be undefined or zero when all output grads are undefined or zero.", nonzero.Message);
        Assert.Equal("UserWarning: Backwards compatibility: New undefined gradient support checking feature is enabled by default, but it may " +
                     "break existing callers of this function. If this is true for you, you can call this function with " +
                     "\"check_undefined_grad=False\" to disable the feature" + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void Float32_inputs_get_pytorchs_precision_warning()
    {
        var error = new StringWriter();
        TextWriter previous = Console.Error;
        GradCheck.ResetWarningsForTests();
        Console.SetError(error);
        try
        {
            // the float32 check passes here only with loose tolerances, as PyTorch's warning predicts
            torch.autograd.gradcheck(x => x[0] * x[1], [torch.ones(2, ScalarType.Float64).requires_grad_(), torch.ones(2).requires_grad_()],
                                     eps: 1e-2, atol: 1e-2);
        }
        finally { Console.SetError(previous); }
        Assert.Equal("UserWarning: Input #1 requires gradient and is not a double precision floating point or complex. This check will likely " +
                     "fail if all the inputs are not of double precision floating point or complex. " + Environment.NewLine, error.ToString());
    }

    [Fact]
    public void Bad_inputs_get_pytorchs_errors()
    {
        var e1 = Assert.Throws<ArgumentException>(() => torch.autograd.gradcheck(x => x.sin(), torch.ones(2, ScalarType.Float64)));
        Assert.Equal("gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True.", e1.Message);
        Tensor expanded = torch.ones(1, ScalarType.Float64).requires_grad_().expand(3);
        var e2 = Assert.Throws<InvalidOperationException>(() => torch.autograd.gradcheck(x => x[0].sin(), [torch.ones(1), expanded]));
        Assert.StartsWith("The 1th input has a dimension with stride 0. gradcheck only supports inputs that are non-overlapping", e2.Message);
    }

    [Fact]
    public void Gradgradcheck_checks_the_second_derivative()
    {
        Tensor x = X(0.5, -1.5), y = X(2, 0.25);
        Assert.True(torch.autograd.gradgradcheck(xs => xs[0].sin() * xs[1] * xs[1], [x, y]));
        Assert.True(torch.autograd.gradgradcheck(xs => xs[0].pow(3), [x], [torch.tensor(new double[] { 1, -1 }).requires_grad_()], fast_mode: true));
        Assert.True(torch.autograd.gradcheck(xs => DetachedCube.apply(xs[0]), [x])); // first order is right
        var e = Assert.Throws<torch.autograd.GradcheckError>(() => torch.autograd.gradgradcheck(xs => DetachedCube.apply(xs[0]), [x]));
        // the checked function is (x, v) -> v * 3x^2; its Jacobian w.r.t. x is diag(6 x v), analytically zero here
        Assert.StartsWith("Jacobian mismatch for output 0 with respect to input 0,\n", e.Message);
        Assert.False(torch.autograd.gradgradcheck(xs => DetachedCube.apply(xs[0]), [x], raise_exception: false));
    }
}
