using Autograd;
using F = Autograd.torch.nn.functional;

namespace Autograd.Tests;

/// <summary>Dropout's contract: which elements survive and by how much they are scaled, channel-wise masks,
/// the gradient being the mask, the evaluation-mode identity, in-place behaviour and messages.</summary>
public class DropoutBehaviourTests
{
    private static Tensor Input(params long[] shape) => torch.arange(1, Shape(shape) + 1, dtype: torch.float64).reshape(shape);
    private static long Shape(long[] s) => s.Aggregate(1L, (a, b) => a * b);

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Dropout_keeps_elements_scaled_by_one_over_one_minus_p(double p)
    {
        torch.manual_seed(3);
        Tensor x = Input(40, 25);
        double[] y = F.dropout(x, p).ToArray<double>(), xv = x.ToArray<double>();
        int kept = 0;
        for (int i = 0; i < y.Length; i++)
        {
            if (y[i] == 0) continue;
            kept++;
            Assert.Equal(xv[i] * (1 / (1 - p)), y[i]); // x times the noise 1 / (1 - p), exactly
        }
        // 1000 Bernoulli(1 - p) draws: the kept count lies within 5 standard deviations of its mean
        double mean = 1000 * (1 - p), sd = Math.Sqrt(1000 * p * (1 - p));
        Assert.InRange(kept, mean - 5 * sd, mean + 5 * sd);
    }

    [Fact]
    public void Dropout_gradient_is_the_mask()
    {
        torch.manual_seed(5);
        Tensor x = Input(6, 7).requires_grad_(true);
        Tensor y = F.dropout(x, 0.3);
        y.backward(torch.ones_like(y));
        double[] yv = y.detach().ToArray<double>(), xv = x.detach().ToArray<double>(), g = x.grad!.ToArray<double>();
        for (int i = 0; i < yv.Length; i++) Assert.Equal(yv[i] / xv[i], g[i], 12);
    }

    [Fact]
    public void Dropout2d_zeroes_whole_channels()
    {
        torch.manual_seed(11);
        Tensor y = F.dropout2d(Input(4, 6, 3, 2), 0.5);
        double[] v = y.ToArray<double>();
        for (int channel = 0; channel < 24; channel++)
        {
            var plane = v.Skip(channel * 6).Take(6).ToArray();
            Assert.True(plane.All(e => e == 0) || plane.All(e => e != 0), $"channel {channel} is partly dropped");
        }
    }

    [Fact]
    public void Dropout1d_accepts_unbatched_input_and_zeroes_whole_channels()
    {
        torch.manual_seed(2);
        Tensor y = F.dropout1d(Input(8, 5), 0.5);
        Assert.Equal([8L, 5], y.shape);
        double[] v = y.ToArray<double>();
        for (int channel = 0; channel < 8; channel++)
        {
            var row = v.Skip(channel * 5).Take(5).ToArray();
            Assert.True(row.All(e => e == 0) || row.All(e => e != 0));
        }
        var ex = Assert.Throws<ArgumentException>(() => F.dropout1d(Input(2, 2, 2, 2)));
        Assert.StartsWith("dropout1d: Expected 2D or 3D input, but received a 4D input.", ex.Message);
    }

    [Fact]
    public void Evaluation_mode_and_p_zero_return_the_input_itself()
    {
        Tensor x = Input(3, 4);
        Assert.Same(x, F.dropout(x, 0.5, training: false));
        Assert.Same(x, F.dropout(x, 0.0));
        Assert.Same(x, F.dropout2d(x, 0.5, training: false));
        Assert.Same(x, F.alpha_dropout(x, 0.5));
    }

    [Fact]
    public void P_one_gives_zeros_and_inplace_writes_the_input()
    {
        Assert.All(F.dropout(Input(3, 4), 1.0).ToArray<double>(), v => Assert.Equal(0.0, v));
        torch.manual_seed(1);
        Tensor x = Input(5, 5);
        Tensor y = F.dropout(x, 0.5, inplace: true);
        Assert.Same(x, y);
        Assert.Contains(0.0, x.ToArray<double>());
    }

    [Fact]
    public void Alpha_dropout_maps_dropped_units_to_the_affine_image_of_minus_alpha()
    {
        const double p = 0.4, alpha = 1.7580993408473766;
        double a = 1 / Math.Sqrt((alpha * alpha * p + 1) * (1 - p)), b = alpha * a * p;
        torch.manual_seed(9);
        Tensor x = Input(10, 10);
        double[] y = F.alpha_dropout(x, p, training: true).ToArray<double>(), xv = x.ToArray<double>();
        for (int i = 0; i < y.Length; i++)
        {
            double dropped = -alpha * a + b, kept = xv[i] * a + b;
            Assert.True(Math.Abs(y[i] - dropped) < 1e-12 || Math.Abs(y[i] - kept) < 1e-12, $"element {i}: {y[i]}");
        }
    }

    [Fact]
    public void Probability_outside_zero_one_throws_pytorchs_message()
    {
        var ex = Assert.Throws<ArgumentException>(() => F.dropout(Input(2), 1.5));
        Assert.Equal("dropout probability has to be between 0 and 1, but got 1.5", ex.Message);
    }
}
