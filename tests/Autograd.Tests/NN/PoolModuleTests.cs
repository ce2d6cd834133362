using Autograd;
using Autograd.Modules;
using static Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Pooling modules: the same outputs, indices and gradients as TorchSharp's modules with the same settings,
/// no parameters, PyTorch's printout and errors.</summary>
public class PoolModuleTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (ScalarType t in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            yield return ["MaxPool1d(3, 2, 1, ceil)", t, new long[] { 2, 3, 10 }];
            yield return ["MaxPool2d(2)", t, new long[] { 2, 3, 8, 8 }];
            yield return ["MaxPool2d((3,2), (2,1), (1,1), dil (1,1), ceil)", t, new long[] { 1, 2, 7, 6 }];
            yield return ["AvgPool1d(3, 2, 1)", t, new long[] { 2, 3, 10 }];
            yield return ["AvgPool2d(3, 2, 1, ceil, no pad count)", t, new long[] { 2, 3, 7, 7 }];
            yield return ["AvgPool2d([2,3], divisor 5)", t, new long[] { 3, 6, 9 }];
            yield return ["AdaptiveAvgPool1d(4)", t, new long[] { 2, 3, 10 }];
            yield return ["AdaptiveAvgPool2d(1)", t, new long[] { 2, 3, 5, 5 }];
            yield return ["AdaptiveAvgPool2d((3,2))", t, new long[] { 2, 3, 7, 5 }];
            yield return ["AdaptiveMaxPool2d([3,2])", t, new long[] { 2, 3, 7, 5 }];
        }
    }

    private static (nn.Module<Tensor, Tensor> ours, ts.nn.Module<ts.Tensor, ts.Tensor> theirs) Build(string name) => name switch
    {
        "MaxPool1d(3, 2, 1, ceil)" => (nn.MaxPool1d(3, 2, 1, ceil_mode: true), ts.nn.MaxPool1d(3, 2, 1, ceil_mode: true)),
        "MaxPool2d(2)" => (nn.MaxPool2d(2), ts.nn.MaxPool2d(2)),
        "MaxPool2d((3,2), (2,1), (1,1), dil (1,1), ceil)" => (nn.MaxPool2d((3, 2), (2, 1), (1, 1), (1, 1), ceil_mode: true),
                                                              ts.nn.MaxPool2d((3, 2), (2, 1), (1, 1), (1, 1), ceil_mode: true)),
        "AvgPool1d(3, 2, 1)" => (nn.AvgPool1d(3, 2, 1), ts.nn.AvgPool1d(3, 2, 1)),
        "AvgPool2d(3, 2, 1, ceil, no pad count)" => (nn.AvgPool2d(3, 2, 1, ceil_mode: true, count_include_pad: false),
                                                     ts.nn.AvgPool2d(3, 2, 1, ceil_mode: true, count_include_pad: false)),
        "AvgPool2d([2,3], divisor 5)" => (nn.AvgPool2d([2, 3], divisor_override: 5), ts.nn.AvgPool2d([2, 3], divisor_override: 5)),
        "AdaptiveAvgPool1d(4)" => (nn.AdaptiveAvgPool1d(4), ts.nn.AdaptiveAvgPool1d(4)),
        "AdaptiveAvgPool2d(1)" => (nn.AdaptiveAvgPool2d(1), ts.nn.AdaptiveAvgPool2d(1)),
        "AdaptiveAvgPool2d((3,2))" => (nn.AdaptiveAvgPool2d((3, 2)), ts.nn.AdaptiveAvgPool2d((3, 2))),
        "AdaptiveMaxPool2d([3,2])" => (nn.AdaptiveMaxPool2d([3, 2]), ts.nn.AdaptiveMaxPool2d([3, 2])),
        _ => throw new ArgumentException(name),
    };

    [Theory, MemberData(nameof(Cases))]
    public void Output_and_gradient_match_torchsharps_module(string name, ScalarType dtype, long[] shape)
    {
        var (ours, theirs) = Build(name);
        Assert.Empty(ours.parameters());
        Assert.Empty(ours.state_dict());
        ModuleParity.SameForwardBackward(ours, theirs, name, dtype, shape);
    }

    [Fact]
    public void Max_pool_indices_match_torchsharps()
    {
        var (x, tx) = ModuleParity.Input("maxpool-idx", ScalarType.Float32, 2, 3, 7, 6);
        var (v, i) = nn.MaxPool2d(3, 2, 1).forward_with_indices(x);
        var (tv, ti) = ts.nn.MaxPool2d(3, 2, 1).forward_with_indices(tx);
        Bits.Equal(tv.detach(), v.detach(), "values");
        Bits.Equal(ti, i, "indices");
        var (v1, i1) = nn.MaxPool1d(3, 2, ceil_mode: true).forward_with_indices(x.reshape(6, 7, 6));
        var (tv1, ti1) = ts.nn.MaxPool1d(3, 2, ceil_mode: true).forward_with_indices(tx.reshape(6, 7, 6));
        Bits.Equal(tv1.detach(), v1.detach(), "1d values");
        Bits.Equal(ti1, i1, "1d indices");
        var (va, ia) = nn.AdaptiveMaxPool2d([3, 4]).forward_with_indices(x);
        var (tva, tia) = ts.nn.AdaptiveMaxPool2d([3, 4]).forward_with_indices(tx);
        Bits.Equal(tva.detach(), va.detach(), "adaptive values");
        Bits.Equal(tia, ia, "adaptive indices");
    }

    [Fact]
    public void Printout_is_pytorchs()
    {
        Assert.Equal("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", nn.MaxPool2d(2).ToString());
        Assert.Equal("MaxPool2d(kernel_size=(3, 2), stride=(2, 1), padding=0, dilation=1, ceil_mode=True)",
                     nn.MaxPool2d((3, 2), (2, 1), ceil_mode: true).ToString());
        Assert.Equal("MaxPool1d(kernel_size=3, stride=3, padding=0, dilation=1, ceil_mode=False)", nn.MaxPool1d(3).ToString());
        Assert.Equal("AvgPool2d(kernel_size=2, stride=2, padding=0)", nn.AvgPool2d(2).ToString());
        Assert.Equal("AvgPool2d(kernel_size=3, stride=2, padding=1)", nn.AvgPool2d(3, 2, 1).ToString());
        Assert.Equal("AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,))", nn.AvgPool1d(3).ToString());
        Assert.Equal("AdaptiveAvgPool2d(output_size=1)", nn.AdaptiveAvgPool2d(1).ToString());
        Assert.Equal("AdaptiveAvgPool2d(output_size=(5, 7))", nn.AdaptiveAvgPool2d((5, 7)).ToString());
        Assert.Equal("AdaptiveAvgPool1d(output_size=4)", nn.AdaptiveAvgPool1d(4).ToString());
        Assert.Equal("AdaptiveMaxPool2d(output_size=(3, 2))", nn.AdaptiveMaxPool2d([3, 2]).ToString());
    }

    [Fact]
    public void Pooling_modules_are_parameter_less()
    {
        var pool = nn.MaxPool2d(2);
        Assert.IsAssignableFrom<IParameterLessModule>(pool);
        Assert.Throws<InvalidOperationException>(() => pool.register_buffer("b", torch.zeros(1)));
    }

    [Fact]
    public void Bad_input_is_rejected_with_pytorchs_messages()
    {
        Assert.Equal("non-empty 3D or 4D (batch mode) tensor expected for input",
                     Assert.Throws<ArgumentException>(() => nn.MaxPool2d(2).call(torch.rand(4, 4))).Message);
        Assert.Equal("pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1",
                     Assert.Throws<ArgumentException>(() => nn.MaxPool2d(2, padding: 2).call(torch.rand(1, 4, 4))).Message);
        Assert.Equal("Given input size: (3x1x1). Calculated output size: (3x0x0). Output size is too small",
                     Assert.Throws<ArgumentException>(() => nn.AvgPool2d(2).call(torch.rand(3, 1, 1))).Message);
    }
}
