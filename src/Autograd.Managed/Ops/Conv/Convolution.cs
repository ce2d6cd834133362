using Autograd.Native;

namespace Autograd.Ops;

/// <summary>The geometry of a 1-d or 2-d convolution: per spatial dim the stride, the zero padding before
/// the input (the padding after it is implied by the output size) and the dilation; and the groups.</summary>
internal sealed record ConvGeometry(long[] Stride, long[] PadBefore, long[] Dilation, long Groups)
{
    /// <summary>The native parameters: a 1-d convolution is a 2-d one of height 1.</summary>
    internal AgnConv2dParams Native => Stride.Length == 1
        ? new AgnConv2dParams
        {
            StrideH = 1, StrideW = Stride[0], PadH = 0, PadW = PadBefore[0], DilationH = 1, DilationW = Dilation[0], Groups = Groups,
        }
        : new AgnConv2dParams
        {
            StrideH = Stride[0], StrideW = Stride[1], PadH = PadBefore[0],
            PadW = PadBefore[1], DilationH = Dilation[0], DilationW = Dilation[1], Groups = Groups,
        };
}

/// <summary>
/// Note [Convolution triple]: a convolution y = conv(x, w) is a trilinear form T(x, w, gy) = &lt;conv(x, w), gy&gt;,
/// and its three partial derivatives are the three kernels: dT/dgy = conv(x, w) (<see cref="Forward"/>),
/// dT/dx = <see cref="InputGrad"/>(gy, w), dT/dw = <see cref="WeightGrad"/>(gy, x). Each is bilinear, and the
/// derivatives of each are again the other two, so backward formulas written with these three functions are
/// differentiable to any order (double backward under create_graph) while, outside create_graph, each is one
/// native kernel call. ConvTranspose's forward is <see cref="InputGrad"/>.
/// Tensors are batched: x [N, C, *spatial], w [Co, C/groups, *kernel], y [N, Co, *out], spatial rank 1 or 2.
/// </summary>
internal static class Convolution
{
    internal const string ForwardName = "ConvolutionBackward0";
    internal const string DoubleName = "ConvolutionBackwardBackward0";

    /// <summary>y = conv(x, w) (+ bias[co]) with y's spatial size <paramref name="outSpatial"/>.</summary>
    internal static Tensor Forward(Tensor x, Tensor w, Tensor? bias, ConvGeometry g, long[] outSpatial, string name = ForwardName)
    {
        Tensor y = Tensor.Empty([x._shape[0], w._shape[0], .. outSpatial], x._dtype);
        if (y._numel > 0) Kernels.Conv2d(Kernels.ConvKernel.Forward, As4D(x), As4D(w), bias, As4D(y), g.Native);
        if (bias is null ? Graph.Needs(x, w) : Graph.Needs(x, w, bias))
        {
            var node = new ConvolutionBackward(name, g, bias is not null) { X = new SavedTensor(x), W = new SavedTensor(w) };
            if (bias is null) Graph.Connect(node, y, x, w);
            else Graph.Connect(node, y, x, w, bias);
        }
        return y;
    }

    /// <summary>grad_x = the adjoint of conv in x applied to gy, with x's spatial size <paramref name="inSpatial"/>
    /// (+ bias[c]: ConvTranspose's bias).</summary>
    internal static Tensor InputGrad(Tensor gy, Tensor w, Tensor? bias, ConvGeometry g, long[] inSpatial, string name = DoubleName)
    {
        Tensor gx = Tensor.Empty([gy._shape[0], w._shape[1] * g.Groups, .. inSpatial], gy._dtype);
        if (gx._numel > 0)
        {
            Kernels.Conv2d(Kernels.ConvKernel.InputGrad, GradOut4D(gy), As4D(w), null, As4D(gx), g.Native);
            if (bias is not null) AddChannelBias(gx, bias);
        }
        if (bias is null ? Graph.Needs(gy, w) : Graph.Needs(gy, w, bias))
        {
            var node = new ConvInputGradBackward(name, g, bias is not null) { GY = new SavedTensor(gy), W = new SavedTensor(w) };
            if (bias is null) Graph.Connect(node, gx, gy, w);
            else Graph.Connect(node, gx, gy, w, bias);
        }
        return gx;
    }

    /// <summary>grad_w = the sum over samples and output positions of gy times the input each weight met,
    /// for a kernel of spatial size <paramref name="kernelSpatial"/>.</summary>
    internal static Tensor WeightGrad(Tensor gy, Tensor x, ConvGeometry g, long[] kernelSpatial)
    {
        Tensor gw = Tensor.Empty([gy._shape[1], x._shape[1] / g.Groups, .. kernelSpatial], gy._dtype);
        if (gw._numel > 0) Kernels.Conv2d(Kernels.ConvKernel.WeightGrad, GradOut4D(gy), As4D(x), null, As4D(gw), g.Native);
        if (Graph.Needs(gy, x))
            Graph.Connect(new ConvWeightGradBackward(g) { GY = new SavedTensor(gy), X = new SavedTensor(x) }, gw, gy, x);
        return gw;
    }

    /// <summary>The sum of a gradient over every dim but the channels: a bias's gradient.</summary>
    internal static Tensor SumToChannels(Tensor grad) =>
        Reduction.Sum(grad, grad._shape.Length == 3 ? [0, 2] : [0, 2, 3], false, null);

    internal static long[] Spatial(Tensor t) => t._shape[2..];

    /// <summary>A bias tangent [C] broadcast over <paramref name="like"/>'s channel dim (null stays null).</summary>
    internal static Tensor? PerChannel(Tensor? bias, Tensor like)
    {
        if (bias is null) return null;
        long[] shape = new long[like._shape.Length];
        Array.Fill(shape, 1L);
        shape[1] = bias._shape[0];
        return bias.reshape(shape);
    }

    /// <summary>A contiguous 4-d view (a 1-d convolution's tensors get height 1); copies only a non-contiguous t.</summary>
    private static Tensor As4D(Tensor t)
    {
        t = Kernels.ConvertContiguous(t, t._dtype);
        if (t._shape.Length == 4) return t;
        long[] shape = [t._shape[0], t._shape[1], 1, t._shape[2]];
        return new Tensor(t._storage, shape, Shape.ContiguousStrides(shape), t._offset, t._dtype);
    }

    /// <summary>The gradient-side operand of the two backward kernels, which read it in place with its strides when
    /// its pixels are evenly spaced (a sum's broadcast gradient, all strides 0, is then never written out): a 4-d
    /// view of <paramref name="gy"/>, or a contiguous copy.</summary>
    private static Tensor GradOut4D(Tensor gy)
    {
        long[] s = gy._strides, n = gy._shape;
        bool even = n.Length == 3 || n[2] <= 1 || s[2] == s[3] * n[3];
        if (!even || !Array.TrueForAll(s, v => v >= 0)) return As4D(gy);
        if (n.Length == 4) return gy;
        return new Tensor(gy._storage, [n[0], n[1], 1, n[2]], [s[0], s[1], s[2] * n[2], s[2]], gy._offset, gy._dtype);
    }

    /// <summary>out[n, c, ...] += bias[c], in place on a fresh contiguous tensor.</summary>
    private static void AddChannelBias(Tensor output, Tensor bias)
    {
        long[] strides = new long[output._shape.Length];
        strides[1] = bias._strides[0];
        Tensor b = new(bias._storage, output._shape, strides, bias._offset, bias._dtype);
        Kernels.Binary(AgnBinaryOp.Add, output, output._strides, b, strides, output);
    }
}

// d conv(x, w)/dx = InputGrad(grad, w);  d/dw = WeightGrad(grad, x);  d/dbias = sum of grad over all but channels.
// Bilinear: the JVP is conv(dx, w) + conv(x, dw) + dbias per channel (PyTorch's convolution_jvp)
internal sealed class ConvolutionBackward(string nodeName, ConvGeometry g, bool hasBias) : Node
{
    internal SavedTensor X, W;
    public override string name() => nodeName;
    internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y)
    {
        long[] outSpatial = Convolution.Spatial(y[0]);
        Tensor? sum = t[0] is { } tx ? Convolution.Forward(tx, x[1], null, g, outSpatial, nodeName) : null;
        if (t[1] is { } tw) sum = ForwardAD.Sum(sum, Convolution.Forward(x[0], tw, null, g, outSpatial, nodeName));
        return [ForwardAD.Sum(sum, hasBias ? Convolution.PerChannel(t[2], y[0]) : null)];
    }
    internal override Tensor?[] Apply(Tensor?[] grads)
    {
        Tensor h = grads[0]!, x = X.Unpack(this), w = W.Unpack(this);
        Tensor? gx = NeedsInputGrad(0) ? Convolution.InputGrad(h, w, null, g, Convolution.Spatial(x)) : null;
        Tensor? gw = NeedsInputGrad(1) ? Convolution.WeightGrad(h, x, g, Convolution.Spatial(w)) : null;
        if (!hasBias) return [gx, gw];
        return [gx, gw, NeedsInputGrad(2) ? Convolution.SumToChannels(h) : null];
    }
    internal override void ReleaseVariables() { X.Release(); W.Release(); }
}

// InputGrad(gy, w) is bilinear: d/dgy = conv(grad, w);  d/dw = WeightGrad(gy, grad);  d/dbias = sum of grad over all but channels.
// JVP: InputGrad(dgy, w) + InputGrad(gy, dw) + dbias per channel
internal sealed class ConvInputGradBackward(string nodeName, ConvGeometry g, bool hasBias) : Node
{
    internal SavedTensor GY, W;
    public override string name() => nodeName;
    internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y)
    {
        long[] inSpatial = Convolution.Spatial(y[0]);
        Tensor? sum = t[0] is { } tgy ? Convolution.InputGrad(tgy, x[1], null, g, inSpatial, nodeName) : null;
        if (t[1] is { } tw) sum = ForwardAD.Sum(sum, Convolution.InputGrad(x[0], tw, null, g, inSpatial, nodeName));
        return [ForwardAD.Sum(sum, hasBias ? Convolution.PerChannel(t[2], y[0]) : null)];
    }
    internal override Tensor?[] Apply(Tensor?[] grads)
    {
        Tensor h = grads[0]!, gy = GY.Unpack(this), w = W.Unpack(this);
        Tensor? dgy = NeedsInputGrad(0) ? Convolution.Forward(h, w, null, g, Convolution.Spatial(gy), Convolution.DoubleName) : null;
        Tensor? dw = NeedsInputGrad(1) ? Convolution.WeightGrad(gy, h, g, Convolution.Spatial(w)) : null;
        if (!hasBias) return [dgy, dw];
        return [dgy, dw, NeedsInputGrad(2) ? Convolution.SumToChannels(h) : null];
    }
    internal override void ReleaseVariables() { GY.Release(); W.Release(); }
}

// WeightGrad(gy, x) is bilinear: d/dgy = conv(x, grad);  d/dx = InputGrad(gy, grad)
internal sealed class ConvWeightGradBackward(ConvGeometry g) : Node
{
    internal SavedTensor GY, X;
    public override string name() => Convolution.DoubleName;
    // JVP: WeightGrad(dgy, x) + WeightGrad(gy, dx)
    internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y)
    {
        long[] kernel = Convolution.Spatial(y[0]);
        Tensor? sum = t[0] is { } tgy ? Convolution.WeightGrad(tgy, x[1], g, kernel) : null;
        return [ForwardAD.Sum(sum, t[1] is { } tx ? Convolution.WeightGrad(x[0], tx, g, kernel) : null)];
    }
    internal override Tensor?[] Apply(Tensor?[] grads)
    {
        Tensor h = grads[0]!, gy = GY.Unpack(this), x = X.Unpack(this);
        Tensor? dgy = NeedsInputGrad(0) ? Convolution.Forward(x, h, null, g, Convolution.Spatial(gy), Convolution.DoubleName) : null;
        Tensor? dx = NeedsInputGrad(1) ? Convolution.InputGrad(gy, h, null, g, Convolution.Spatial(x)) : null;
        return [dgy, dx];
    }
    internal override void ReleaseVariables() { GY.Release(); X.Release(); }
}
