using Autograd;
using static Autograd.torch.nn;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;

namespace Autograd.Tests;

/// <summary>softmax / loss behaviour beyond the op table: PyTorch's error messages (raised before any
/// kernel runs), numerical stability, double backward, node names.</summary>
public class LossBehaviourTests
{
    private static Tensor Logits() => torch.tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3], requires_grad: true);

    [Fact]
    public void Cross_entropy_target_out_of_bounds_throws_pytorchs_message()
    {
        Tensor x = Logits();
        var ex = Assert.Throws<IndexOutOfRangeException>(() => F.cross_entropy(x, torch.tensor(new long[] { 0, 5 })));
        Assert.Equal("Target 5 is out of bounds.", ex.Message);
        ex = Assert.Throws<IndexOutOfRangeException>(() => F.nll_loss(x, torch.tensor(new long[] { -1, 0 })));
        Assert.Equal("Target -1 is out of bounds.", ex.Message);
        Assert.Null(x.grad_fn); // nothing recorded, nothing written
        Assert.Equal([1.0, 2, 3, 4, 5, 6], x.ToArray<double>());
    }

    [Fact]
    public void Nll_loss_batch_mismatch_throws_pytorchs_message()
    {
        var ex = Assert.Throws<ArgumentException>(() => F.nll_loss(Logits(), torch.tensor(new long[] { 0, 1, 2 })));
        Assert.Equal("Expected input batch_size (2) to match target batch_size (3).", ex.Message);
    }

    [Fact]
    public void Nll_loss_rejects_float_targets_and_bad_weights()
    {
        var ex = Assert.Throws<ArgumentException>(() => F.nll_loss(Logits(), torch.tensor(new float[] { 0, 1 })));
        Assert.Equal("expected scalar type Long but found Float", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => F.nll_loss(Logits(), torch.tensor(new long[] { 0, 1 }), torch.ones(2, dtype: torch.float64)));
        Assert.Equal("weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [2]", ex.Message);
    }

    [Fact]
    public void Cross_entropy_ignores_ignore_index_and_averages_over_the_rest()
    {
        Tensor x = Logits();
        Tensor loss = F.cross_entropy(x, torch.tensor(new long[] { 2, -100 }));
        // only row 0 counts: -log_softmax([1,2,3])[2] = log(e^-2 + e^-1 + 1)
        Assert.Equal(Math.Log(Math.Exp(-2) + Math.Exp(-1) + 1), loss.item<double>(), 12);
        loss.backward();
        Assert.Equal([0.0, 0.0, 0.0], x.grad!.ToArray<double>()[3..]);
    }

    [Fact]
    public void Nll_loss_of_all_ignored_targets_is_nan_with_mean()
    {
        Tensor loss = F.nll_loss(Logits(), torch.tensor(new long[] { -100, -100 }));
        Assert.True(double.IsNaN(loss.item<double>()));
    }

    [Fact]
    public void Softmax_is_stable_for_large_logits()
    {
        var x = torch.tensor(new double[] { 1000, 1001, 1002 });
        double[] p = x.softmax(0).ToArray<double>();
        Assert.All(p, v => Assert.False(double.IsNaN(v)));
        Assert.Equal(1.0, p.Sum(), 12);
        Assert.Equal(-Math.Log(1 + Math.Exp(-1) + Math.Exp(-2)), x.log_softmax(0).ToArray<double>()[2], 12);
    }

    [Fact]
    public void Softmax_of_an_int_tensor_needs_a_floating_dtype()
    {
        var x = torch.tensor(new long[] { 1, 2 });
        var ex = Assert.Throws<NotSupportedException>(() => x.softmax(0));
        Assert.Equal("\"softmax_lastdim_kernel_impl\" not implemented for 'Long'", ex.Message);
        Assert.Equal(ScalarType.Float64, x.softmax(0, ScalarType.Float64).dtype);
    }

    [Fact]
    public void Softmax_dim_out_of_range_throws()
    {
        var ex = Assert.Throws<IndexOutOfRangeException>(() => Logits().softmax(2));
        Assert.Equal("Dimension out of range (expected to be in range of [-2, 1], but got 2)", ex.Message);
    }

    [Fact]
    public void Bce_with_logits_is_stable_for_large_logits()
    {
        var x = torch.tensor(new double[] { 1000, -1000 }, requires_grad: true);
        var y = torch.tensor(new double[] { 0, 1 });
        Tensor loss = F.binary_cross_entropy_with_logits(x, y, reduction: Reduction.Sum);
        Assert.Equal(2000.0, loss.item<double>(), 9);
        loss.backward();
        Assert.Equal([1.0, -1.0], x.grad!.ToArray<double>());
    }

    [Fact]
    public void Bce_with_logits_size_mismatch_throws_pytorchs_message()
    {
        var ex = Assert.Throws<ArgumentException>(() => F.binary_cross_entropy_with_logits(torch.zeros(2, 3), torch.zeros(3)));
        Assert.Equal("Target size (torch.Size([3])) must be the same as input size (torch.Size([2, 3]))", ex.Message);
    }

    [Theory]
    [InlineData("softmax", "SoftmaxBackward0")]
    [InlineData("log_softmax", "LogSoftmaxBackward0")]
    [InlineData("nll_loss", "NllLossBackward0")]
    [InlineData("mse_loss", "MseLossBackward0")]
    [InlineData("bce", "BinaryCrossEntropyWithLogitsBackward0")]
    public void Grad_fn_names_are_pytorchs(string op, string expected)
    {
        Tensor x = Logits();
        Tensor y = op switch
        {
            "softmax" => x.softmax(1), "log_softmax" => x.log_softmax(1),
            "nll_loss" => F.nll_loss(x, torch.tensor(new long[] { 0, 1 })),
            "mse_loss" => F.mse_loss(x, torch.zeros_like(x)),
            _ => F.binary_cross_entropy_with_logits(x, torch.zeros_like(x)),
        };
        Assert.Equal(expected, y.grad_fn!.name());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Softmax_double_backward_matches_libtorch(bool log)
    {
        // create_graph switches the fused backward to composite ops; the second derivative must match.
        double[] v = [0.1, -0.4, 0.9, 1.3, -1.1, 0.2];
        double[] w = [0.3, -0.2, 0.5, 1.0, 0.7, -0.6];
        var x = torch.tensor(v, [2, 3], requires_grad: true);
        Tensor y = log ? x.log_softmax(1) : x.softmax(1);
        (y * torch.tensor(w, [2, 3])).sum().backward(create_graph: true);
        Tensor g = x.grad!;
        x.grad = null;
        (g * g).sum().backward();

        var tx = ts.tensor(v, [2, 3]).requires_grad_(true);
        var ty = log ? tx.log_softmax(1) : tx.softmax(1);
        var tg = ts.autograd.grad([(ty * ts.tensor(w, [2, 3])).sum()], [tx], retain_graph: true, create_graph: true)[0];
        (tg * tg).sum().backward();
        Oracle.AssertClose(tx.grad!, x.grad!, ScalarType.Float64, 1e-10);
    }

    [Fact]
    public void Cross_entropy_double_backward_matches_libtorch()
    {
        double[] v = [0.1, -0.4, 0.9, 1.3, -1.1, 0.2];
        var x = torch.tensor(v, [2, 3], requires_grad: true);
        F.cross_entropy(x, torch.tensor(new long[] { 2, 0 })).backward(create_graph: true);
        Tensor g = x.grad!;
        x.grad = null;
        (g * g).sum().backward();

        var tx = ts.tensor(v, [2, 3]).requires_grad_(true);
        var tg = ts.autograd.grad([ts.nn.functional.cross_entropy(tx, ts.tensor(new long[] { 2, 0 }))], [tx], retain_graph: true, create_graph: true)[0];
        (tg * tg).sum().backward();
        Oracle.AssertClose(tx.grad!, x.grad!, ScalarType.Float64, 1e-10);
    }

    [Fact]
    public void Weight_that_requires_grad_is_rejected_like_pytorch()
    {
        var w = torch.ones(3, dtype: torch.float64, requires_grad: true);
        var ex = Assert.Throws<NotSupportedException>(() => F.nll_loss(Logits(), torch.tensor(new long[] { 0, 1 }), w));
        Assert.Equal("the derivative for 'weight' is not implemented.", ex.Message);
    }
}
