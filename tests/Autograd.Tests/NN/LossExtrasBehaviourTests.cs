using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

/// <summary>Messages of the losses and functional extras (raised before anything runs), and defaults
/// that follow TorchSharp.</summary>
public class LossExtrasBehaviourTests
{
    [Fact]
    public void Binary_cross_entropy_rejects_inputs_outside_zero_one_and_other_shapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => F.binary_cross_entropy(torch.tensor(new[] { 0.5, 1.5 }), torch.tensor(new[] { 0.0, 1 })));
        Assert.Equal("all elements of input should be between 0 and 1", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => F.binary_cross_entropy(torch.tensor(new[] { 0.5, double.NaN }), torch.tensor(new[] { 0.0, 1 })));
        Assert.Equal("all elements of input should be between 0 and 1", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => F.binary_cross_entropy(torch.full(2, 3, 0.5), torch.full(3, 0.5)));
        Assert.Equal("Using a target size (torch.Size([3])) that is different to the input size (torch.Size([2, 3])) is deprecated. Please ensure they have the same size.", ex.Message);
    }

    [Fact]
    public void Binary_cross_entropy_of_exact_zeros_and_ones_is_finite_like_libtorch()
    {
        double[] x = [0, 1, 0, 1], y = [0, 1, 1, 0];
        Tensor ours = F.binary_cross_entropy(torch.tensor(x), torch.tensor(y), reduction: torch.nn.Reduction.None);
        Oracle.AssertClose(TF.binary_cross_entropy(ts.tensor(x), ts.tensor(y), reduction: ts.nn.Reduction.None), ours, ScalarType.Float64);
    }

    [Fact]
    public void Smooth_l1_and_huber_reject_bad_thresholds()
    {
        Tensor a = torch.ones(3), b = torch.zeros(3);
        Assert.Equal("smooth_l1_loss does not support negative values for beta.", Assert.Throws<ArgumentException>(() => F.smooth_l1_loss(a, b, beta: -1)).Message);
        Assert.Equal("huber_loss does not support non-positive values for delta.", Assert.Throws<ArgumentException>(() => F.huber_loss(a, b, 0)).Message);
    }

    [Fact]
    public void Kl_div_defaults_to_torchsharps_log_target()
    {
        double[] x = [-1, -2, -0.5], y = [-0.3, -1, -2];
        Oracle.AssertClose(TF.kl_div(ts.tensor(x), ts.tensor(y)), F.kl_div(torch.tensor(x), torch.tensor(y)), ScalarType.Float64);
    }

    [Fact]
    public void Margin_losses_check_dims()
    {
        var ex = Assert.Throws<ArgumentException>(() => F.margin_ranking_loss(torch.ones(3), torch.ones(3), torch.ones(1, 3)));
        Assert.Equal("margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: torch.Size([3]), input2: torch.Size([3]), target: torch.Size([1, 3]) ", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => F.triplet_margin_loss(torch.ones(2, 3), torch.ones(2, 3), torch.ones(3)));
        Assert.Equal("The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: anchor 2D, positive 2D, and negative 1D inputs", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => F.cosine_embedding_loss(torch.ones(3), torch.ones(3), torch.ones(3)));
        Assert.Equal("1D target tensor expects 2D input tensors, but found inputs with sizes [3] and [3].", ex.Message);
    }

    [Fact]
    public void One_hot_checks_class_values()
    {
        Assert.Equal("Class values must be non-negative.", Assert.Throws<ArgumentException>(() => F.one_hot(torch.tensor(new long[] { 1, -1 }))).Message);
        Assert.Equal("Class values must be smaller than num_classes.", Assert.Throws<ArgumentException>(() => F.one_hot(torch.tensor(new long[] { 1, 3 }), 3)).Message);
        Assert.Equal("Can not infer total number of classes from empty tensor.", Assert.Throws<ArgumentException>(() => F.one_hot(torch.zeros(0, dtype: torch.int64))).Message);
        Assert.Equal("one_hot is only applicable to index tensor of type LongTensor.", Assert.Throws<ArgumentException>(() => F.one_hot(torch.ones(2))).Message);
    }

    [Fact]
    public void Attention_rejects_a_mask_with_causal_and_dropout()
    {
        Tensor q = torch.ones(2, 3);
        var ex = Assert.Throws<ArgumentException>(() => F.scaled_dot_product_attention(q, q, q, torch.ones(2, 2), is_causal: true));
        Assert.Equal("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True", ex.Message);
        Assert.Throws<NotSupportedException>(() => F.scaled_dot_product_attention(q, q, q, p: 0.1));
    }
}
