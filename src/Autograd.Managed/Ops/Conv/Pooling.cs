using Autograd.Native;

namespace Autograd.Ops;

/// <summary>Max and average pooling over the last one or two dims of a tensor (every leading dim is a plane):
/// a 1-d pooling is a 2-d one of height 1. The max's backward scatters the gradient to its indices with
/// scatter_add (differentiable: its own backward gathers, as PyTorch's double backward does); the average
/// is linear, so its backward and the backward's backward are the adjoint kernel and the forward again.</summary>
internal static class Pooling
{
    /// <summary>(values, indices) of max pooling; indices are flat positions in each input plane.</summary>
    internal static (Tensor, Tensor) Max(Tensor x, int rank, long[] outSpatial, AgnPool2dParams p, string name)
    {
        long[] shape = [.. x._shape[..^rank], .. outSpatial];
        Tensor y = Tensor.Empty(shape, x._dtype), idx = Tensor.Empty(shape, ScalarType.Int64);
        if (y._numel > 0) Kernels.MaxPool2d(As4D(x, rank), As4D(y, rank), As4D(idx, rank), p);
        if (Graph.Needs(x)) Graph.Connect(new MaxPoolBackward(name, x._shape, rank) { Indices = new SavedTensor(idx) }, y, x);
        return (y, idx);
    }

    /// <summary>Average pooling (fixed or adaptive windows, per <paramref name="p"/>).</summary>
    internal static Tensor Avg(Tensor x, int rank, long[] outSpatial, AgnPool2dParams p, string name)
    {
        Tensor y = Tensor.Empty([.. x._shape[..^rank], .. outSpatial], x._dtype);
        if (y._numel > 0) Kernels.AvgPool2d(false, As4D(x, rank), As4D(y, rank), p);
        if (Graph.Needs(x)) Graph.Connect(new AvgPoolBackward(name, x._shape, rank, p), y, x);
        return y;
    }

    /// <summary>The adjoint of <see cref="Avg"/>: a gradient of the input's shape <paramref name="inShape"/>.</summary>
    internal static Tensor AvgBackward(Tensor g, long[] inShape, int rank, AgnPool2dParams p, string name)
    {
        Tensor gi = Tensor.Empty(inShape, g._dtype);
        if (gi._numel > 0) Kernels.AvgPool2d(true, As4D(g, rank), As4D(gi, rank), p);
        if (Graph.Needs(g)) Graph.Connect(new AvgPoolBackwardBackward(name, g._shape[^rank..], rank, p), gi, g);
        return gi;
    }

    /// <summary>A contiguous [1, planes, H, W] view (H = 1 for rank 1); copies only a non-contiguous t.</summary>
    private static Tensor As4D(Tensor t, int rank)
    {
        t = Kernels.ConvertContiguous(t, t._dtype);
        long w = t._shape[^1], h = rank == 2 ? t._shape[^2] : 1, hw = h * w;
        long planes = hw == 0 ? Shape.Numel(t._shape[..^rank]) : t._numel / hw;
        long[] shape = [1, planes, h, w];
        return new Tensor(t._storage, shape, Shape.ContiguousStrides(shape), t._offset, t._dtype);
    }
}

// d max/dx: the gradient goes to each window's maximum: zeros.scatter_add(-1, indices, grad) per plane
internal sealed class MaxPoolBackward(string nodeName, long[] inShape, int rank) : Node
{
    internal SavedTensor Indices;
    public override string name() => nodeName;
    // d max = the tangent at each window's maximum
    internal override Tensor?[]? SavedJvp(Tensor?[] t, Tensor[] y)
    {
        if (t[0] is not { } v) return [null];
        long lead = Shape.Numel(inShape[..^rank]), plane = Shape.Numel(inShape[^rank..]);
        Tensor idx = Indices.Unpack(this);
        return [v.reshape(lead, plane).gather(1, idx.reshape(lead, Shape.Numel(idx._shape[^rank..]))).view(y[0]._shape)];
    }
    internal override Tensor?[] Apply(Tensor?[] grads)
    {
        Tensor g = grads[0]!, idx = Indices.Unpack(this);
        long lead = Shape.Numel(inShape[..^rank]), plane = Shape.Numel(inShape[^rank..]);
        Tensor gi = Tensor.Zeros([lead, plane], g._dtype);
        long outPlane = Shape.Numel(idx._shape[^rank..]);
        Tensor flatIdx = idx.reshape(lead, outPlane), flatG = g.reshape(lead, outPlane);
        return [gi.scatter_add(1, flatIdx, flatG).view(inShape)];
    }
    internal override void ReleaseVariables() => Indices.Release();
}

// d avg/dx = the adjoint kernel applied to grad; linear, so the JVP is the average of the tangent
internal sealed class AvgPoolBackward(string nodeName, long[] inShape, int rank, AgnPool2dParams p) : Node
{
    public override string name() => nodeName;
    internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
        [t[0] is { } v ? Pooling.Avg(v, rank, y[0]._shape[^rank..], p, nodeName) : null];
    internal override Tensor?[] Apply(Tensor?[] grads) => [Pooling.AvgBackward(grads[0]!, inShape, rank, p, nodeName.Replace("Backward0", "BackwardBackward0"))];
}

// the adjoint is linear too: its derivative is the forward average applied to grad
internal sealed class AvgPoolBackwardBackward(string nodeName, long[] outSpatial, int rank, AgnPool2dParams p) : Node
{
    public override string name() => nodeName;
    internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
        [t[0] is { } v ? Pooling.AvgBackward(v, y[0]._shape, rank, p, nodeName) : null];
    internal override Tensor?[] Apply(Tensor?[] grads) => [Pooling.Avg(grads[0]!, rank, outSpatial, p, nodeName)];
}
