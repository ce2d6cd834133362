using Autograd;
using static Autograd.torch;

namespace Autograd.Samples;

/// <summary>
/// The tutorial's six programs (shared/seed/autograd-tutorial.txt), each writing what the Python
/// original prints. Random inputs come from torch.randn after <see cref="Seed"/>, so runs repeat.
/// </summary>
public static class Tutorial
{
    /// <summary>The seed used by the programs that draw random inputs.</summary>
    public const long Seed = 42;

    /// <summary>1. Gradients: y = x + 2, z = y*y*3, z.mean(), backward.</summary>
    public static void Gradients(TextWriter o)
    {
        manual_seed(Seed);
        var x = randn(3, requires_grad: true);
        var y = x + 2;
        o.WriteLine(x);
        o.WriteLine(y);
        var z = y * y * 3;
        o.WriteLine(z);
        z = z.mean();
        o.WriteLine(z);
        z.backward();
        o.WriteLine(x.grad);
    }

    /// <summary>2. The vector-Jacobian product of a non-scalar output.</summary>
    public static void Jacobian(TextWriter o)
    {
        manual_seed(Seed);
        var x = randn(3, requires_grad: true);
        var y = x * 2;
        for (int i = 0; i < 10; i++) y = y * 2;
        o.WriteLine(y);
        o.WriteLine($"torch.Size([{string.Join(", ", y.shape)}])");
        var v = tensor(new[] { 0.1f, 1.0f, 0.0001f }, dtype: float32);
        y.backward(v);
        o.WriteLine(x.grad);
    }

    /// <summary>3. Three ways to stop recording: requires_grad_(false), detach(), no_grad().</summary>
    public static void StoppingGradients(TextWriter o)
    {
        manual_seed(Seed);
        var a = randn(2, 2, requires_grad: true);
        a.requires_grad_(false);
        o.WriteLine(a.requires_grad);
        var b = a.detach();
        o.WriteLine(b.requires_grad);
        a.requires_grad_(true);
        using (no_grad())
        {
            o.WriteLine((a.pow(2)).requires_grad);
        }
    }

    /// <summary>4. Gradients accumulate: zero them before the next step.</summary>
    public static void ZeroingGradients(TextWriter o)
    {
        var weights = ones(4, requires_grad: true);
        Tensor model_output = weights;
        for (int epoch = 0; epoch < 10; epoch++)
        {
            model_output = ((weights * 2) + 1).sum();
            model_output.backward();
            o.WriteLine(weights.grad);
            using (no_grad())
            {
                weights -= 0.1 * weights.grad!;
            }
            weights.grad!.zero_();
        }
        o.WriteLine(weights);
        o.WriteLine(model_output);
    }

    /// <summary>5. Backprop for y = w * x with an L2 loss, 500 steps.</summary>
    public static void Backprop(TextWriter o)
    {
        var x = tensor(1.0);
        var y = tensor(2.0);
        var w = tensor(1.0, requires_grad: true);
        for (int epoch = 0; epoch < 500; epoch++)
        {
            var y_predicted = w * x;
            var loss = (y_predicted - y).pow(2);
            loss.backward();
            using (no_grad())
            {
                w -= 0.01 * w.grad!;
            }
            w.grad!.zero_();
        }
        o.WriteLine(w);
    }

    /// <summary>6. Linear regression f = w * x by gradient descent (the README's run command).</summary>
    public static void LinearRegression(TextWriter o)
    {
        var X = tensor(new float[] { 1, 2, 3, 4 }, dtype: float32);
        var Y = tensor(new float[] { 2, 4, 6, 8 }, dtype: float32);
        var w = tensor(0.0f, dtype: float32, requires_grad: true);

        Tensor forward(Tensor x) => w * x;
        Tensor loss(Tensor y, Tensor y_pred) => (y_pred - y).pow(2).mean();

        o.WriteLine($"Prediction before training: f(5) = {forward(5).item<float>():F3}");
        const double learning_rate = 0.01;
        const int n_iters = 100;
        for (int epoch = 0; epoch < n_iters; epoch++)
        {
            var y_pred = forward(X);
            var l = loss(Y, y_pred);
            l.backward();
            using (no_grad())
            {
                w -= learning_rate * w.grad!;
            }
            w.grad!.zero_();
            if (epoch % 10 == 0)
                o.WriteLine($"epoch {epoch + 1}: w = {w.item<float>():F3}, loss = {l.item<float>():F8}");
        }
        o.WriteLine($"Prediction after training: f(5) = {forward(5).item<float>():F3}");
    }
}
