using Autograd;
using Autograd.Modules;
using static Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Conv1d, Conv2d and ConvTranspose2d modules: built from the same seed as TorchSharp's they hold the same
/// weights bit for bit and compute the same outputs and gradients; PyTorch's printout; bad input rejected with
/// PyTorch's words and nothing modified.</summary>
public class ConvModuleTests
{
    public static IEnumerable<object[]> Dtypes() => [[ScalarType.Float32], [ScalarType.Float64]];

    [Theory, MemberData(nameof(Dtypes))]
    public void Conv1d_matches_torchsharp_from_the_same_seed(ScalarType dtype)
    {
        var (ours, theirs) = ModuleParity.Seeded(11, () => nn.Conv1d(3, 8, 5, stride: 2, padding: 1, dilation: 2, dtype: dtype),
                                                 () => ts.nn.Conv1d(3, 8, 5, stride: 2, padding: 1, dilation: 2, dtype: Oracle.Ts(dtype)));
        ModuleParity.SameState(ours, theirs);
        ModuleParity.SameForwardBackward(ours, theirs, "conv1d", dtype, 2, 3, 17);
    }

    [Theory, MemberData(nameof(Dtypes))]
    public void Conv2d_matches_torchsharp_from_the_same_seed(ScalarType dtype)
    {
        var (ours, theirs) = ModuleParity.Seeded(1, () => nn.Conv2d(3, 32, 3, padding: 1, dtype: dtype),
                                                 () => ts.nn.Conv2d(3, 32, 3, padding: 1, dtype: Oracle.Ts(dtype)));
        ModuleParity.SameState(ours, theirs);
        ModuleParity.SameForwardBackward(ours, theirs, "conv2d", dtype, 2, 3, 8, 8);
    }

    [Fact]
    public void Grouped_strided_conv2d_without_bias_matches_torchsharp()
    {
        var (ours, theirs) = ModuleParity.Seeded(5, () => nn.Conv2d(4, 6, (3, 2), stride: (2, 1), padding: (1, 0), groups: 2, bias: false),
                                                 () => ts.nn.Conv2d(4, 6, (3, 2), stride: (2, 1), padding: (1, 0), groups: 2, bias: false));
        Assert.Null(ours.bias);
        ModuleParity.SameState(ours, theirs);
        ModuleParity.SameForwardBackward(ours, theirs, "conv2d-groups", ScalarType.Float32, 2, 4, 7, 6);
    }

    [Fact]
    public void Same_and_valid_padding_match_torchsharp()
    {
        var (same, tsame) = ModuleParity.Seeded(3, () => nn.Conv2d(2, 3, 4, Padding.Same, dilation: 2),
                                                () => ts.nn.Conv2d(2, 3, 4, TorchSharp.Padding.Same, dilation: 2));
        ModuleParity.SameState(same, tsame);
        ModuleParity.SameForwardBackward(same, tsame, "conv2d-same", ScalarType.Float32, 1, 2, 9, 7);
        Assert.Equal([1L, 3, 9, 7], same.call(torch.zeros(1, 2, 9, 7)).shape);
        var (valid, tvalid) = ModuleParity.Seeded(4, () => nn.Conv1d(2, 3, 4, Padding.Valid), () => ts.nn.Conv1d(2, 3, 4, TorchSharp.Padding.Valid));
        ModuleParity.SameState(valid, tvalid);
        ModuleParity.SameForwardBackward(valid, tvalid, "conv1d-valid", ScalarType.Float32, 2, 2, 9);
    }

    public static IEnumerable<object[]> PaddingModeCases() =>
        [[PaddingModes.Reflect], [PaddingModes.Replicate], [PaddingModes.Circular]];

    [Theory, MemberData(nameof(PaddingModeCases))]
    public void Padding_modes_match_torchsharp(PaddingModes mode)
    {
        var tsMode = (TorchSharp.PaddingModes)(int)mode;
        var (c2, tc2) = ModuleParity.Seeded(12, () => nn.Conv2d(2, 3, (3, 2), padding: (2, 1), padding_mode: mode),
                                            () => ts.nn.Conv2d(2, 3, (3, 2), padding: (2, 1), padding_mode: tsMode));
        ModuleParity.SameForwardBackward(c2, tc2, "conv2d-" + mode, ScalarType.Float32, 2, 2, 5, 6);
        var (c1, tc1) = ModuleParity.Seeded(13, () => nn.Conv1d(2, 3, 4, Padding.Same, dilation: 2, padding_mode: mode),
                                            () => ts.nn.Conv1d(2, 3, 4, TorchSharp.Padding.Same, dilation: 2, padding_mode: tsMode));
        ModuleParity.SameForwardBackward(c1, tc1, "conv1d-" + mode, ScalarType.Float32, 2, 2, 9);
        Assert.Equal($"Conv1d(2, 3, kernel_size=(4,), stride=(1,), padding=same, dilation=(2,), padding_mode={mode.ToString().ToLowerInvariant()})",
                     c1.ToString());
    }

    [Theory, MemberData(nameof(Dtypes))]
    public void ConvTranspose2d_matches_torchsharp_from_the_same_seed(ScalarType dtype)
    {
        var (ours, theirs) = ModuleParity.Seeded(9, () => nn.ConvTranspose2d(4, 6, 3, stride: 2, padding: 1, output_padding: 1, groups: 2, dtype: dtype),
                                                 () => ts.nn.ConvTranspose2d(4, 6, 3, stride: 2, padding: 1, output_padding: 1, groups: 2,
                                                                             dtype: Oracle.Ts(dtype)));
        Assert.Equal([4L, 3, 3, 3], ours.weight.shape);
        ModuleParity.SameState(ours, theirs);
        ModuleParity.SameForwardBackward(ours, theirs, "convT2d", dtype, 2, 4, 5, 4);
    }

    [Fact]
    public void ConvTranspose2d_output_size_picks_the_output_padding()
    {
        var (ours, theirs) = ModuleParity.Seeded(2, () => nn.ConvTranspose2d(2, 3, 3, stride: 2, padding: 1),
                                                 () => ts.nn.ConvTranspose2d(2, 3, 3, stride: 2, padding: 1));
        var (x, tx) = ModuleParity.Input("convT-size", ScalarType.Float32, 1, 2, 4, 4);
        Tensor y = ours.forward(x, [8, 8]);
        ts.Tensor ty = theirs.forward(tx, [8, 8]);
        Assert.Equal([1L, 3, 8, 8], y.shape);
        Oracle.AssertClose(ty, y, ScalarType.Float32, what: "output");
        Assert.Equal([1L, 3, 7, 8], ours.forward(x, [1, 3, 7, 8]).shape);
        var e = Assert.Throws<ArgumentException>(() => ours.forward(x, [9, 8]));
        Assert.Equal("requested an output size of [9, 8], but valid sizes range from [7, 7] to [8, 8] (for an input of torch.Size([4, 4]))", e.Message);
    }

    [Fact]
    public void Printout_is_pytorchs()
    {
        Assert.Equal("Conv2d(3, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))", nn.Conv2d(3, 32, 3, padding: 1).ToString());
        Assert.Equal("Conv1d(3, 8, kernel_size=(5,), stride=(2,), dilation=(2,), bias=False)",
                     nn.Conv1d(3, 8, 5, stride: 2, dilation: 2, bias: false).ToString());
        Assert.Equal("Conv2d(4, 6, kernel_size=(3, 3), stride=(1, 1), padding=same, groups=2)", nn.Conv2d(4, 6, 3, Padding.Same, groups: 2).ToString());
        Assert.Equal("Conv1d(4, 6, kernel_size=(3,), stride=(1,), padding=valid)", nn.Conv1d(4, 6, 3, Padding.Valid).ToString());
        Assert.Equal("ConvTranspose2d(4, 6, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))",
                     nn.ConvTranspose2d(4, 6, 3, stride: 2, padding: 1, output_padding: 1).ToString());
        Assert.Equal("Sequential(\n  (0): Conv2d(1, 4, kernel_size=(5, 5), stride=(1, 1))\n  (1): ReLU()\n)",
                     nn.Sequential(nn.Conv2d(1, 4, 5), nn.ReLU()).ToString());
    }

    [Fact]
    public void Bad_settings_are_rejected_with_pytorchs_messages()
    {
        Assert.Equal("groups must be a positive integer", Assert.Throws<ArgumentException>(() => nn.Conv2d(4, 6, 3, groups: 0)).Message);
        Assert.Equal("in_channels must be divisible by groups", Assert.Throws<ArgumentException>(() => nn.Conv2d(3, 6, 3, groups: 2)).Message);
        Assert.Equal("out_channels must be divisible by groups", Assert.Throws<ArgumentException>(() => nn.Conv1d(4, 5, 3, groups: 2)).Message);
        Assert.Equal("padding='same' is not supported for strided convolutions",
                     Assert.Throws<ArgumentException>(() => nn.Conv2d(4, 6, 3, Padding.Same, stride: 2)).Message);
        Assert.Equal("Only \"zeros\" padding mode is supported for ConvTranspose2d",
                     Assert.Throws<ArgumentException>(() => nn.ConvTranspose2d(4, 6, 3, padding_mode: PaddingModes.Reflect)).Message);
    }

    [Fact]
    public void Wrong_input_rank_is_rejected_with_pytorchs_message_and_nothing_changes()
    {
        var conv = nn.Conv2d(3, 4, 3);
        ModuleParity.ThrowsUnchanged<ArgumentException>(conv, "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [3, 8]",
                                                        () => conv.call(torch.rand(3, 8)));
        // a 3-d input is an unbatched image: its first dim is the channel count
        ModuleParity.ThrowsUnchanged<ArgumentException>(conv, "Given groups=1, weight of size [4, 3, 3, 3], expected input[1, 8, 3, 28] to have 3 " +
                                                              "channels, but got 8 channels instead", () => conv.call(torch.rand(8, 3, 28)));
    }

    [Fact]
    public void Kernel_larger_than_the_padded_input_is_rejected_and_nothing_changes()
    {
        var conv = nn.Conv2d(3, 4, 5, padding: 1);
        conv.call(torch.rand(1, 3, 4, 4)).sum().backward();
        ModuleParity.ThrowsUnchanged<ArgumentException>(conv, "Calculated padded input size per channel: (4 x 4). Kernel size: (5 x 5). Kernel size " +
                                                              "can't be greater than actual input size", () => conv.call(torch.rand(1, 3, 2, 2)));
        Assert.NotNull(conv.weight.grad);
    }

    [Fact]
    public void Load_state_dict_with_a_wrong_shape_names_the_parameter_and_changes_nothing()
    {
        var model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU());
        var sd = nn.Sequential(nn.Conv2d(3, 5, 3), nn.ReLU()).state_dict();
        ModuleParity.ThrowsUnchanged<InvalidOperationException>(model,
            "Error(s) in loading state_dict for Sequential:\n\t" +
            "size mismatch for 0.weight: copying a param with shape torch.Size([5, 3, 3, 3]) from checkpoint, the shape in current model is " +
            "torch.Size([4, 3, 3, 3]).\n\t" +
            "size mismatch for 0.bias: copying a param with shape torch.Size([5]) from checkpoint, the shape in current model is torch.Size([4]).",
            () => model.load_state_dict(sd));
    }

    [Fact]
    public void Conv_module_trains_with_the_registered_parameters()
    {
        var conv = nn.Conv2d(1, 2, 3);
        Assert.Equal(["weight", "bias"], conv.named_parameters().Select(p => p.name));
        conv.to(ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, conv.weight.dtype);
        Tensor y = conv.call(torch.rand(2, 1, 5, 5, dtype: ScalarType.Float64));
        y.sum().backward();
        Assert.Equal(conv.weight.shape, conv.weight.grad!.shape);
    }
}
