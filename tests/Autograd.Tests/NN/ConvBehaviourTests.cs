using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

/// <summary>Convolutions: node names, bad input rejected with LibTorch's words before anything runs,
/// double backward through both inputs.</summary>
public class ConvBehaviourTests
{
    private static Tensor Rand(params long[] shape) => torch.rand(shape);

    /// <summary>Ours throws, LibTorch throws, and LibTorch's message begins with ours.</summary>
    private static void SameError(Func<Tensor> ours, Action theirs)
    {
        Exception e = Assert.ThrowsAny<Exception>(() => ours());
        Assert.True(e is ArgumentException or NotSupportedException, e.GetType().Name);
        Exception t = Assert.ThrowsAny<Exception>(theirs);
        Assert.True(t.Message.StartsWith(e.Message, StringComparison.Ordinal), $"ours: {e.Message}\ntheirs: {t.Message}");
    }

    [Fact]
    public void Conv_results_carry_ConvolutionBackward0()
    {
        Tensor w = Rand(2, 3, 3, 3).requires_grad_(true);
        Assert.Equal("ConvolutionBackward0", F.conv2d(Rand(1, 3, 5, 5), w).grad_fn!.name());
        Assert.Equal("ConvolutionBackward0", F.conv1d(Rand(1, 3, 5), Rand(2, 3, 3).requires_grad_(true)).grad_fn!.name());
        Assert.Equal("ConvolutionBackward0", F.conv_transpose2d(Rand(1, 2, 3, 3), w).grad_fn!.name());
    }

    [Fact]
    public void Wrong_input_rank_is_rejected_with_pytorchs_message()
    {
        var e = Assert.Throws<ArgumentException>(() => F.conv2d(Rand(3, 5), Rand(2, 3, 3, 3)));
        Assert.Equal("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [3, 5]", e.Message);
        SameError(() => F.conv2d(Rand(1, 1, 3, 5, 5), Rand(2, 3, 3, 3)), () => TF.conv2d(ts.rand([1, 1, 3, 5, 5]), ts.rand(2, 3, 3, 3)));
        SameError(() => F.conv1d(Rand(5), Rand(2, 3, 3)), () => TF.conv1d(ts.rand(5), ts.rand(2, 3, 3)));
    }

    [Fact]
    public void Channel_mismatch_is_rejected_with_pytorchs_message() =>
        SameError(() => F.conv2d(Rand(1, 4, 5, 5), Rand(2, 3, 3, 3)), () => TF.conv2d(ts.rand(1, 4, 5, 5), ts.rand(2, 3, 3, 3)));

    [Fact]
    public void Unbatched_channel_mismatch_is_rejected_with_pytorchs_message() =>
        SameError(() => F.conv2d(Rand(4, 5, 5), Rand(2, 3, 3, 3)), () => TF.conv2d(ts.rand(4, 5, 5), ts.rand(2, 3, 3, 3)));

    [Fact]
    public void Kernel_larger_than_padded_input_is_rejected_with_pytorchs_message()
    {
        var e = Assert.Throws<ArgumentException>(() => F.conv2d(Rand(1, 3, 2, 4), Rand(2, 3, 3, 3)));
        Assert.Equal("Calculated padded input size per channel: (2 x 4). Kernel size: (3 x 3). Kernel size can't be greater than actual input size", e.Message);
        SameError(() => F.conv2d(Rand(1, 3, 2, 4), Rand(2, 3, 3, 3), dilation: [2], padding: [1]),
                  () => TF.conv2d(ts.rand(1, 3, 2, 4), ts.rand(2, 3, 3, 3), dilation: [2], padding: [1]));
    }

    [Fact]
    public void Groups_not_dividing_the_channels_are_rejected_with_pytorchs_message()
    {
        SameError(() => F.conv2d(Rand(1, 4, 5, 5), Rand(3, 2, 3, 3), groups: 2), () => TF.conv2d(ts.rand(1, 4, 5, 5), ts.rand(3, 2, 3, 3), groups: 2));
        SameError(() => F.conv2d(Rand(1, 5, 5, 5), Rand(4, 2, 3, 3), groups: 2), () => TF.conv2d(ts.rand(1, 5, 5, 5), ts.rand(4, 2, 3, 3), groups: 2));
    }

    [Fact]
    public void Wrong_bias_size_is_rejected_with_pytorchs_message() =>
        SameError(() => F.conv2d(Rand(1, 3, 5, 5), Rand(2, 3, 3, 3), Rand(3)), () => TF.conv2d(ts.rand(1, 3, 5, 5), ts.rand(2, 3, 3, 3), ts.rand(3)));

    [Fact]
    public void Bad_parameters_are_rejected_with_pytorchs_messages()
    {
        SameError(() => F.conv2d(Rand(1, 3, 5, 5), Rand(2, 3, 3, 3), strides: [0]), () => TF.conv2d(ts.rand(1, 3, 5, 5), ts.rand(2, 3, 3, 3), strides: [0]));
        SameError(() => F.conv2d(Rand(1, 3, 5, 5), Rand(2, 3, 3, 3), padding: [-1]), () => TF.conv2d(ts.rand(1, 3, 5, 5), ts.rand(2, 3, 3, 3), padding: [-1]));
        SameError(() => F.conv2d(Rand(1, 3, 5, 5), Rand(2, 3, 3, 3), dilation: [0]), () => TF.conv2d(ts.rand(1, 3, 5, 5), ts.rand(2, 3, 3, 3), dilation: [0]));
        Assert.Equal("padding='same' is not supported for strided convolutions",
                     Assert.Throws<ArgumentException>(() => F.conv2d(Rand(1, 3, 5, 5), Rand(2, 3, 3, 3), null, Padding.Same, strides: [2])).Message);
    }

    [Fact]
    public void Transposed_channel_mismatch_is_rejected_with_pytorchs_message() =>
        SameError(() => F.conv_transpose2d(Rand(1, 3, 4, 4), Rand(2, 3, 3, 3)), () => TF.conv_transpose2d(ts.rand(1, 3, 4, 4), ts.rand(2, 3, 3, 3)));

    [Fact]
    public void Double_backward_matches_libtorch()
    {
        var rng = new Random(5);
        double[] xv = Enumerable.Range(0, 2 * 2 * 5 * 5).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] wv = Enumerable.Range(0, 3 * 2 * 3 * 3).Select(_ => rng.NextDouble() - 0.5).ToArray();
        Tensor x = torch.tensor(xv, [2, 2, 5, 5]).requires_grad_(true), w = torch.tensor(wv, [3, 2, 3, 3]).requires_grad_(true);
        ts.Tensor tx = ts.tensor(xv, [2, 2, 5, 5]).requires_grad_(true), tw = ts.tensor(wv, [3, 2, 3, 3]).requires_grad_(true);
        Tensor y = F.conv2d(x, w, strides: [2], padding: [1]).pow(2).sum();
        ts.Tensor ty = TF.conv2d(tx, tw, strides: [2], padding: [1]).pow(2).sum();
        var g = torch.autograd.grad([y], [x, w], create_graph: true);
        var tg = ts.autograd.grad([ty], [tx, tw], retain_graph: true, create_graph: true);
        Tensor z = g[0]!.pow(2).sum().add(g[1]!.pow(2).sum());
        ts.Tensor tz = tg[0]!.pow(2).sum() + tg[1]!.pow(2).sum();
        var h = torch.autograd.grad([z], [x, w]);
        var th = ts.autograd.grad([tz], [tx, tw]);
        for (int k = 0; k < 2; k++)
        {
            double[] a = h[k]!.ToArray<double>(), b = th[k].data<double>().ToArray();
            for (int i = 0; i < a.Length; i++) Assert.Equal(b[i], a[i], 1e-10);
        }
    }
}
