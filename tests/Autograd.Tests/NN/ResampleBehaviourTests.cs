using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;
using InterpolationMode = Autograd.torch.InterpolationMode;

namespace Autograd.Tests;

/// <summary>pad, unfold/fold, interpolate and bilinear: bad input rejected with LibTorch's words (ours throws,
/// LibTorch throws, and LibTorch's message begins with ours), node names, and the adjoint pair.</summary>
public class ResampleBehaviourTests
{
    private static Tensor Z(params long[] shape) => torch.zeros(shape);
    private static ts.Tensor TZ(params long[] shape) => ts.zeros(shape);

    private static void SameError(Func<Tensor> ours, Func<ts.Tensor> theirs)
    {
        Exception e = Assert.ThrowsAny<Exception>(() => ours());
        Assert.True(e is ArgumentException or NotSupportedException or NotImplementedException, e.GetType().Name + ": " + e.Message);
        Exception t = Assert.ThrowsAny<Exception>(() => theirs());
        Assert.True(t.Message.StartsWith(e.Message, StringComparison.Ordinal), $"ours: {e.Message}\ntheirs: {t.Message}");
    }

    [Fact]
    public void Pad_rejects_bad_sizes_with_libtorchs_words()
    {
        SameError(() => F.pad(Z(1, 3, 4), [1, 2, 3]), () => TF.pad(TZ(1, 3, 4), [1, 2, 3]));
        SameError(() => F.pad(Z(1, 3, 4), [1, 1, 1, 1, 1, 1, 1, 1]), () => TF.pad(TZ(1, 3, 4), [1, 1, 1, 1, 1, 1, 1, 1]));
        SameError(() => F.pad(Z(1, 3, 4), [-3, -2]), () => TF.pad(TZ(1, 3, 4), [-3, -2]));
    }

    [Fact]
    public void Reflection_must_be_smaller_than_the_dim()
    {
        SameError(() => F.pad(Z(1, 3, 4), [4, 0], PaddingModes.Reflect), () => TF.pad(TZ(1, 3, 4), [4, 0], TorchSharp.PaddingModes.Reflect));
        SameError(() => F.pad(Z(1, 2, 3, 4), [1, 1, 3, 0], PaddingModes.Reflect),
                  () => TF.pad(TZ(1, 2, 3, 4), [1, 1, 3, 0], TorchSharp.PaddingModes.Reflect));
    }

    [Fact]
    public void Non_constant_modes_reject_unsupported_ranks_and_values()
    {
        SameError(() => F.pad(Z(4), [1, 1], PaddingModes.Reflect), () => TF.pad(TZ(4), [1, 1], TorchSharp.PaddingModes.Reflect));
        SameError(() => F.pad(Z(1, 3, 4), [1, 1, 1, 1, 0, 0], PaddingModes.Replicate),
                  () => TF.pad(TZ(1, 3, 4), [1, 1, 1, 1, 0, 0], TorchSharp.PaddingModes.Replicate));
        SameError(() => F.pad(Z(1, 3, 4), [5, 0], PaddingModes.Circular), () => TF.pad(TZ(1, 3, 4), [5, 0], TorchSharp.PaddingModes.Circular));
        SameError(() => F.pad(Z(1, 3, 4), [-3, -2], PaddingModes.Replicate), () => TF.pad(TZ(1, 3, 4), [-3, -2], TorchSharp.PaddingModes.Replicate));
        SameError(() => F.pad(Z(1, 3, 0), [1, 1], PaddingModes.Replicate), () => TF.pad(TZ(1, 3, 0), [1, 1], TorchSharp.PaddingModes.Replicate));
        SameError(() => F.pad(Z(1, 3, 4), [1, 1], PaddingModes.Reflect, 2), () => TF.pad(TZ(1, 3, 4), [1, 1], TorchSharp.PaddingModes.Reflect, 2));
    }

    [Fact]
    public void Huge_outputs_fail_before_any_index_is_built()
    {
        // the output's byte count overflows: the message comes before an index array of that length is made
        const long huge = long.MaxValue / 4;
        SameError(() => F.pad(Z(1, 3, 4), [huge, 0], PaddingModes.Replicate),
                  () => TF.pad(TZ(1, 3, 4), [huge, 0], TorchSharp.PaddingModes.Replicate));
        SameError(() => F.pad(Z(1, 3, 4), [huge, 0]), () => TF.pad(TZ(1, 3, 4), [huge, 0]));
        SameError(() => F.interpolate(Z(1, 3, 4), [huge]), () => TF.interpolate(TZ(1, 3, 4), [huge]));
        SameError(() => F.interpolate(Z(1, 3, 4), [huge], mode: InterpolationMode.Linear),
                  () => TF.interpolate(TZ(1, 3, 4), [huge], mode: ts.InterpolationMode.Linear));
    }

    [Fact]
    public void Pad_nodes_are_named_as_pytorchs()
    {
        Tensor x = torch.rand(1, 2, 3).requires_grad_();
        Assert.Equal("ConstantPadNdBackward0", F.pad(x, [1, 1]).grad_fn!.name());
    }

    [Fact]
    public void Unfold_and_fold_reject_bad_input_with_libtorchs_words()
    {
        SameError(() => F.unfold(Z(1, 3, 4), 2), () => TF.unfold(TZ(1, 3, 4), 2));
        SameError(() => F.unfold(Z(1, 2, 3, 4), 4), () => TF.unfold(TZ(1, 2, 3, 4), 4));
        SameError(() => F.unfold(Z(1, 2, 3, 4), 0), () => TF.unfold(TZ(1, 2, 3, 4), 0));
        SameError(() => F.unfold(Z(1, 2, 3, 4), 2, stride: 0), () => TF.unfold(TZ(1, 2, 3, 4), 2, stride: 0));
        SameError(() => F.unfold(Z(1, 2, 3, 4), 2, padding: -1), () => TF.unfold(TZ(1, 2, 3, 4), 2, padding: -1));
        SameError(() => F.unfold(Z(1, 2, 3, 4), 2, dilation: 0), () => TF.unfold(TZ(1, 2, 3, 4), 2, dilation: 0));
        SameError(() => F.unfold(Z(1, 0, 3, 4), 2), () => TF.unfold(TZ(1, 0, 3, 4), 2));
        SameError(() => F.fold(Z(1, 5, 6), 4, 2), () => TF.fold(TZ(1, 5, 6), 4, 2));
        SameError(() => F.fold(Z(1, 8, 7), 4, 2), () => TF.fold(TZ(1, 8, 7), 4, 2));
        SameError(() => F.fold(Z(1, 8, 7, 1), 4, 2), () => TF.fold(TZ(1, 8, 7, 1), 4, 2));
        SameError(() => F.fold(Z(1, 8, 9), 1, 2), () => TF.fold(TZ(1, 8, 9), 1, 2));
        SameError(() => F.fold(Z(1, 8, 9), 4, 0), () => TF.fold(TZ(1, 8, 9), 4, 0));
    }

    [Fact]
    public void Fold_is_the_adjoint_of_unfold()
    {
        // <unfold(x), c> == <x, fold(c)> for the same geometry (float64: both sides sum the same products)
        Tensor x = torch.randn([2, 3, 5, 6], dtype: ScalarType.Float64);
        Tensor u = F.unfold(x, (2L, 3L), (1L, 2L), (1L, 1L), (2L, 1L));
        Tensor c = torch.randn(u.shape, dtype: ScalarType.Float64);
        Tensor back = F.fold(c, (5L, 6L), (2L, 3L), (1L, 2L), (1L, 1L), (2L, 1L));
        Assert.Equal(u.mul(c).sum().item<double>(), x.mul(back).sum().item<double>(), 1e-12);
        Tensor xr = x.clone().requires_grad_();
        Assert.Equal("Im2ColBackward0", F.unfold(xr, 2).grad_fn!.name());
        Assert.Equal("Col2ImBackward0", F.fold(F.unfold(xr, 2), (5L, 6L), (2L, 2L)).grad_fn!.name());
    }

    [Fact]
    public void Interpolate_rejects_bad_arguments_with_libtorchs_words()
    {
        ts.Tensor t3 = TZ(1, 3, 4);
        Tensor x3 = Z(1, 3, 4);
        SameError(() => F.interpolate(x3), () => TF.interpolate(t3));
        SameError(() => F.interpolate(x3, [6], [2]), () => TF.interpolate(t3, [6], [2]));
        SameError(() => F.interpolate(x3, [6, 6]), () => TF.interpolate(t3, [6, 6]));
        SameError(() => F.interpolate(x3, null, [2, 2]), () => TF.interpolate(t3, null, [2, 2]));
        SameError(() => F.interpolate(x3, [6], align_corners: true), () => TF.interpolate(t3, [6], align_corners: true));
        SameError(() => F.interpolate(Z(3, 4), [6]), () => TF.interpolate(TZ(3, 4), [6]));
        SameError(() => F.interpolate(torch.zeros([1, 1, 4], dtype: ScalarType.Int64), [6]),
                  () => TF.interpolate(ts.zeros([1, 1, 4], dtype: ts.int64), [6]));
        SameError(() => F.interpolate(x3, [0]), () => TF.interpolate(t3, [0]));
        SameError(() => F.interpolate(Z(1, 1, 0), [6]), () => TF.interpolate(TZ(1, 1, 0), [6]));
        SameError(() => F.interpolate(x3, [6], mode: InterpolationMode.Bilinear),
                  () => TF.interpolate(t3, [6], mode: ts.InterpolationMode.Bilinear));
        SameError(() => F.interpolate(Z(1, 2, 3, 4), [6, 6], mode: InterpolationMode.Linear),
                  () => TF.interpolate(TZ(1, 2, 3, 4), [6, 6], mode: ts.InterpolationMode.Linear));
    }

    [Fact]
    public void Bilinear_rejects_mismatched_sizes_with_libtorchs_words()
    {
        SameError(() => F.bilinear(Z(2, 3), Z(2, 4), Z(5, 3, 3)), () => TF.bilinear(TZ(2, 3), TZ(2, 4), TZ(5, 3, 3)));
        SameError(() => F.bilinear(Z(2, 3), Z(2, 4), Z(5, 4, 4)), () => TF.bilinear(TZ(2, 3), TZ(2, 4), TZ(5, 4, 4)));
        SameError(() => F.bilinear(Z(2, 3), Z(2, 4), Z(5, 3, 4), Z(4)), () => TF.bilinear(TZ(2, 3), TZ(2, 4), TZ(5, 3, 4), TZ(4)));
        SameError(() => F.bilinear(Z(2, 3), Z(3, 4), Z(5, 3, 4)), () => TF.bilinear(TZ(2, 3), TZ(3, 4), TZ(5, 3, 4)));
        SameError(() => F.bilinear(Z(2, 3), Z(2, 2, 4), Z(5, 3, 4)), () => TF.bilinear(TZ(2, 3), TZ(2, 2, 4), TZ(5, 3, 4)));
        SameError(() => F.bilinear(Z(2, 3), Z(2, 4), Z(3, 4)), () => TF.bilinear(TZ(2, 3), TZ(2, 4), TZ(3, 4)));
        SameError(() => F.bilinear(Z(2, 3), torch.zeros([2, 4], dtype: ScalarType.Float64), Z(5, 3, 4)),
                  () => TF.bilinear(TZ(2, 3), ts.zeros([2, 4], dtype: ts.float64), TZ(5, 3, 4)));
    }

    [Fact]
    public void Layer_norm_without_create_graph_runs_the_fused_node()
    {
        Tensor x = torch.randn(4, 6).requires_grad_();
        Tensor y = F.layer_norm(x, [6]);
        Assert.Equal("NativeLayerNormBackward0", y.grad_fn!.name());
    }

    [Fact]
    public void Float16_norms_take_the_composite_form_and_match_float32()
    {
        Tensor x = torch.randn(3, 8), h = x.to(ScalarType.Float16);
        // float16 keeps 11 significant bits (a relative rounding of 2^-11); the composite rounds after each of
        // about six ops on values of order 1, so 1e-2 bounds their sum with room
        Assert.True(F.layer_norm(h, [8]).to(ScalarType.Float32).allclose(F.layer_norm(x, [8]), rtol: 1e-2, atol: 1e-2));
        Assert.True(F.rms_norm(h, [8], eps: 1e-6).to(ScalarType.Float32).allclose(F.rms_norm(x, [8], eps: 1e-6), rtol: 1e-2, atol: 1e-2));
    }

    [Fact]
    public void Rms_norm_without_create_graph_runs_the_fused_node()
    {
        Tensor x = torch.randn(4, 6).requires_grad_();
        Assert.Equal("FusedRmsNormBackward0", F.rms_norm(x, [6]).grad_fn!.name());
    }
}
