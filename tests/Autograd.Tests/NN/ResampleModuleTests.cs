using Autograd;
using Autograd.Modules;
using ts = TorchSharp.torch;
using static Autograd.torch;

namespace Autograd.Tests;

/// <summary>The padding, resampling, fold and bilinear modules: seeded initialisation bit for bit with LibTorch,
/// forward equal to TorchSharp's module on the same input, PyTorch's printout.</summary>
public class ResampleModuleTests
{
    private static (Tensor ours, ts.Tensor theirs) Input(string id, params long[] shape)
    {
        var rng = new Random(Oracle.Seed(id));
        double[] v = [.. Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(_ => rng.NextDouble() * 2 - 1)];
        return (torch.tensor(v, shape).to(ScalarType.Float32), ts.tensor(v, shape).to(ts.ScalarType.Float32));
    }

    [Fact]
    public void A_seeded_bilinear_layer_has_libtorchs_weights_outputs_and_gradients()
    {
        torch.manual_seed(3);
        var ours = nn.Bilinear(3, 4, 2);
        ts.manual_seed(3);
        var theirs = ts.nn.Bilinear(3, 4, 2);
        Assert.Equal(theirs.weight.data<float>().ToArray(), ours.weight.data<float>().ToArray()); // bit for bit
        Assert.Equal(theirs.bias!.data<float>().ToArray(), ours.bias!.data<float>().ToArray());
        var (a, ta) = Input("bilinear-a", 5, 3);
        var (b, tb) = Input("bilinear-b", 5, 4);
        Tensor y = ours.call(a, b);
        ts.Tensor ty = theirs.call(ta, tb);
        Oracle.AssertClose(ty, y, ScalarType.Float32, rtol: 1e-5, what: "output");
        y.pow(2).sum().backward();
        ty.pow(2).sum().backward();
        Oracle.AssertClose(theirs.weight.grad!, ours.weight.grad!, ScalarType.Float32, rtol: 1e-5, what: "weight grad");
        Oracle.AssertClose(theirs.bias.grad!, ours.bias.grad!, ScalarType.Float32, rtol: 1e-5, what: "bias grad");
        Assert.Equal(["weight", "bias"], ours.named_parameters().Select(p => p.name));
        Assert.Null(nn.Bilinear(3, 4, 2, hasBias: false).bias);
    }

    [Fact]
    public void Padding_modules_match_libtorchs()
    {
        var (x, tx) = Input("pad-modules", 2, 3, 4, 5);
        var (x3, tx3) = Input("pad-modules-1d", 3, 4, 5);
        void Same(nn.Module<Tensor, Tensor> ours, ts.nn.Module<ts.Tensor, ts.Tensor> theirs) =>
            Oracle.AssertClose(theirs.call(tx), ours.call(x), ScalarType.Float32, what: ours.GetName());
        void Same1d(nn.Module<Tensor, Tensor> ours, ts.nn.Module<ts.Tensor, ts.Tensor> theirs) =>
            Oracle.AssertClose(theirs.call(tx3), ours.call(x3), ScalarType.Float32, what: ours.GetName());
        Same(nn.ZeroPad2d(2), ts.nn.ZeroPad2d(2));
        Same(nn.ZeroPad2d((1, 0, 2, 3)), ts.nn.ZeroPad2d((1, 0, 2, 3)));
        Same(nn.ConstantPad1d(2, 1.5), ts.nn.ConstantPad1d(2, 1.5));
        Same(nn.ConstantPad1d((1, 3), -2), ts.nn.ConstantPad1d((1, 3), -2));
        Same(nn.ConstantPad2d((1, 0, -1, 2), 4), ts.nn.ConstantPad2d((1, 0, -1, 2), 4));
        Same1d(nn.ReflectionPad1d(3), ts.nn.ReflectionPad1d(3));
        Same(nn.ReflectionPad2d((1, 2, 3, 0)), ts.nn.ReflectionPad2d((1, 2, 3, 0)));
        Same1d(nn.ReplicationPad1d((2, 4)), ts.nn.ReplicationPad1d((2, 4)));
        Same(nn.ReplicationPad2d(2), ts.nn.ReplicationPad2d(2));
        Same(nn.Upsample(scale_factor: [2, 1.5], mode: UpsampleMode.Bilinear), ts.nn.Upsample(scale_factor: [2, 1.5], mode: ts.UpsampleMode.Bilinear));
        Same(nn.Upsample(size: [5, 7]), ts.nn.Upsample(size: [5, 7]));
        Same(nn.Unfold((2, 3), stride: (1, 2)), ts.nn.Unfold((2, 3), stride: (1, 2)));
        var (c, tc) = Input("fold-module", 2, 8, 12);
        Oracle.AssertClose(ts.nn.Fold((4, 5), (2, 2)).call(tc), nn.Fold((4, 5), (2, 2)).call(c), ScalarType.Float32);
    }

    [Fact]
    public void Modules_print_as_pytorchs()
    {
        Assert.Equal("ZeroPad2d((1, 1, 2, 0))", nn.ZeroPad2d((1, 1, 2, 0)).ToString());
        Assert.Equal("ConstantPad1d(padding=(2, 2), value=3.5)", nn.ConstantPad1d(2, 3.5).ToString());
        Assert.Equal("ConstantPad2d(padding=(1, 1, 1, 1), value=0.0)", nn.ConstantPad2d(1, 0).ToString());
        Assert.Equal("ReflectionPad1d((3, 1))", nn.ReflectionPad1d((3, 1)).ToString());
        Assert.Equal("ReplicationPad2d((2, 2, 2, 2))", nn.ReplicationPad2d(2).ToString());
        Assert.Equal("Upsample(scale_factor=(2.0, 2.0), mode='bilinear')", nn.Upsample(scale_factor: [2, 2], mode: UpsampleMode.Bilinear).ToString());
        Assert.Equal("Upsample(size=(5, 7), mode='nearest')", nn.Upsample(size: [5, 7]).ToString());
        Assert.Equal("Unfold(kernel_size=(2, 3), dilation=(1, 1), padding=(0, 0), stride=(1, 2))", nn.Unfold((2, 3), stride: (1, 2)).ToString());
        Assert.Equal("Fold(output_size=(4, 5), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1))", nn.Fold((4, 5), (2, 2)).ToString());
        Assert.Equal("Bilinear(in1_features=3, in2_features=4, out_features=2, bias=True)", nn.Bilinear(3, 4, 2).ToString());
    }
}
