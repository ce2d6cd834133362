using Autograd;
using Autograd.Samples;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>
/// The tutorial's programs (samples/AutogradTutorial) print what LibTorch computes. LibTorch runs the
/// same computation on the same inputs through TorchSharp; the expected lines are formatted from its
/// values. grad_fn names are PyTorch's.
/// </summary>
public class SeedProgramTests
{
    private static string Run(Action<TextWriter> program)
    {
        var sw = new StringWriter { NewLine = "\n" };
        program(sw);
        return sw.ToString();
    }

    /// <summary>Our tensor with LibTorch's values, printed with the given autograd suffix.</summary>
    private static string Print(ts.Tensor t, string suffix = "")
    {
        Tensor ours = torch.tensor(Oracle.Values(t), t.shape).to((ScalarType)(sbyte)t.dtype);
        string s = ours.ToString();
        return suffix.Length == 0 ? s : s[..^1] + ", " + suffix + ")";
    }

    private static float[] RandnValues(int n)
    {
        torch.manual_seed(Tutorial.Seed);
        return torch.randn(n).ToArray<float>();
    }

    [Fact]
    public void Linear_regression_prints_exactly_what_libtorch_computes()
    {
        var X = ts.tensor(new float[] { 1, 2, 3, 4 });
        var Y = ts.tensor(new float[] { 2, 4, 6, 8 });
        var w = ts.tensor(0.0f).requires_grad_(true);
        var expected = new StringWriter { NewLine = "\n" };
        expected.WriteLine($"Prediction before training: f(5) = {(w * 5).item<float>():F3}");
        for (int epoch = 0; epoch < 100; epoch++)
        {
            var l = (w * X - Y).pow(2).mean();
            l.backward();
            using (ts.no_grad()) w.sub_(w.grad! * 0.01);
            w.grad!.zero_();
            if (epoch % 10 == 0) expected.WriteLine($"epoch {epoch + 1}: w = {w.item<float>():F3}, loss = {l.item<float>():F8}");
        }
        expected.WriteLine($"Prediction after training: f(5) = {(w * 5).item<float>():F3}");
        string actual = Run(Tutorial.LinearRegression);
        Assert.Equal(expected.ToString(), actual);
        Assert.StartsWith("Prediction before training: f(5) = 0.000\n", actual);
        Assert.EndsWith("Prediction after training: f(5) = 10.000\n", actual);
    }

    [Fact]
    public void Gradients_program_matches_libtorch()
    {
        var x = ts.tensor(RandnValues(3)).requires_grad_(true);
        var y = x + 2;
        var z = y * y * 3;
        var m = z.mean();
        m.backward();
        string expected = string.Join("\n",
            Print(x, "requires_grad=True"), Print(y, "grad_fn=<AddBackward0>"), Print(z, "grad_fn=<MulBackward0>"),
            Print(m, "grad_fn=<MeanBackward0>"), Print(x.grad!)) + "\n";
        Assert.Equal(expected, Run(Tutorial.Gradients));
    }

    [Fact]
    public void Jacobian_program_matches_libtorch()
    {
        var x = ts.tensor(RandnValues(3)).requires_grad_(true);
        var y = x * 2;
        for (int i = 0; i < 10; i++) y = y * 2;
        y.backward([ts.tensor(new float[] { 0.1f, 1.0f, 0.0001f })]);
        string expected = string.Join("\n", Print(y, "grad_fn=<MulBackward0>"), "torch.Size([3])", Print(x.grad!)) + "\n";
        Assert.Equal(expected, Run(Tutorial.Jacobian));
    }

    [Fact]
    public void Stopping_gradients_program_prints_false_three_times()
    {
        // PyTorch: a.requires_grad_(False) -> False; a.detach() -> False; (a ** 2) under no_grad -> False
        Assert.Equal("False\nFalse\nFalse\n", Run(Tutorial.StoppingGradients));
    }

    [Fact]
    public void Zeroing_gradients_program_matches_libtorch()
    {
        var weights = ts.ones(4).requires_grad_(true);
        var lines = new List<string>();
        ts.Tensor output = weights;
        for (int epoch = 0; epoch < 10; epoch++)
        {
            output = ((weights * 2) + 1).sum();
            output.backward();
            lines.Add(Print(weights.grad!));
            using (ts.no_grad()) weights.sub_(weights.grad! * 0.1);
            weights.grad!.zero_();
        }
        lines.Add(Print(weights, "requires_grad=True"));
        lines.Add(Print(output, "grad_fn=<SumBackward0>"));
        Assert.Equal(string.Join("\n", lines) + "\n", Run(Tutorial.ZeroingGradients));
    }

    [Fact]
    public void Backprop_program_matches_libtorch()
    {
        var x = ts.tensor(1.0);
        var y = ts.tensor(2.0);
        var w = ts.tensor(1.0).requires_grad_(true);
        for (int epoch = 0; epoch < 500; epoch++)
        {
            var loss = (w * x - y).pow(2);
            loss.backward();
            using (ts.no_grad()) w.sub_(w.grad! * 0.01);
            w.grad!.zero_();
        }
        Assert.Equal(Print(w, "requires_grad=True") + "\n", Run(Tutorial.Backprop));
    }
}
