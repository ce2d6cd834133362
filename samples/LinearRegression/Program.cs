// Linear regression f = w * x by gradient descent, with the gradient from autograd
// (the tutorial's last program, line for line). The answer is f = 2 * x, so w should approach 2.
using Autograd;
using static Autograd.torch;

var X = tensor(new float[] { 1, 2, 3, 4 }, dtype: float32);
var Y = tensor(new float[] { 2, 4, 6, 8 }, dtype: float32);
var w = tensor(0.0f, dtype: float32, requires_grad: true);

Tensor forward(Tensor x) => w * x;
Tensor loss(Tensor y, Tensor y_pred) => (y_pred - y).pow(2).mean();

Console.WriteLine($"Prediction before training: f(5) = {forward(5).item<float>():F3}");

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
        Console.WriteLine($"epoch {epoch + 1}: w = {w.item<float>():F3}, loss = {l.item<float>():F8}");
}
Console.WriteLine($"Prediction after training: f(5) = {forward(5).item<float>():F3}");
