namespace Autograd;

/// <summary>
/// Where a view and its root base sit in their shared storage (Note [Views and in-place]). Gradients move between
/// the two through a flat gradient over the storage span of the base: <see cref="ToFlat"/> places a base-shaped
/// gradient there, <see cref="FromFlat"/> reads it back, and the view's elements are the positions
/// <see cref="ViewPositions"/> in it. All of it is differentiable ops, so the nodes below support double backward.
/// </summary>
internal sealed class ViewGeometry
{
    private readonly long[] _baseShape, _baseStrides, _viewShape, _viewStrides;
    private readonly long _baseOffset, _viewOffset, _span;
    private readonly bool _baseDense; // the base covers its span in row-major order: flat and base are one reshape apart

    internal ViewGeometry(Tensor root, Tensor view)
    {
        (_baseShape, _baseStrides, _baseOffset) = (root._shape, root._strides, root._offset);
        (_viewShape, _viewStrides, _viewOffset) = (view._shape, view._strides, view._offset);
        _baseDense = root.is_contiguous();
        long last = 0;
        for (int d = 0; d < _baseShape.Length; d++)
            if (_baseShape[d] > 0) last += (_baseShape[d] - 1) * _baseStrides[d];
        _span = root._numel == 0 ? 0 : last + 1;
    }

    internal long[] ViewShape => _viewShape;

    /// <summary>The view's elements as positions in the flat gradient, in the view's row-major order.</summary>
    internal Tensor ViewPositions() => Positions(_viewShape, _viewStrides, _viewOffset - _baseOffset);

    /// <summary>A gradient laid out as the base, spread over the base's storage span.</summary>
    internal Tensor ToFlat(Tensor baseGrad)
    {
        if (_baseDense) return baseGrad.reshape(-1);
        Tensor zeros = torch.zeros([_span], baseGrad.dtype);
        return zeros.index_add(0, Positions(_baseShape, _baseStrides, 0), baseGrad.reshape(-1), 1);
    }

    /// <summary>The base's elements of a flat gradient, in the base's shape.</summary>
    internal Tensor FromFlat(Tensor flat) =>
        _baseDense ? flat.reshape(_baseShape) : flat.index_select(0, Positions(_baseShape, _baseStrides, 0)).reshape(_baseShape);

    /// <summary>The view's elements of a tensor laid out as the base.</summary>
    internal Tensor Region(Tensor baseLike) => ToFlat(baseLike).index_select(0, ViewPositions()).reshape(_viewShape);

    /// <summary><paramref name="baseLike"/> with the view's elements replaced by <paramref name="region"/> (a view
    /// that is written has no overlapping elements).</summary>
    internal Tensor Replace(Tensor baseLike, Tensor region) =>
        FromFlat(ToFlat(baseLike).index_copy(0, ViewPositions(), region.reshape(-1)));

    /// <summary>A zero flat gradient with <paramref name="viewGrad"/> added at the view's elements (overlapping
    /// elements of an expanded view accumulate).</summary>
    internal Tensor Scatter(Tensor viewGrad) =>
        torch.zeros([_span], viewGrad.dtype).index_add(0, ViewPositions(), viewGrad.reshape(-1), 1);

    // offset + sum of index * stride over every element, row-major; int64, never recorded
    private static Tensor Positions(long[] shape, long[] strides, long offset)
    {
        var positions = new long[Shape.Numel(shape)];
        var index = new long[shape.Length];
        long at = offset;
        for (long i = 0; i < positions.LongLength; i++)
        {
            positions[i] = at;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                at += strides[d];
                if (++index[d] < shape[d]) break;
                at -= strides[d] * shape[d];
                index[d] = 0;
            }
        }
        return torch.tensor(positions);
    }
}

/// <summary>The history of a view whose base changed after it was made (Note [Views and in-place]): its gradient
/// lands at its elements of a zero gradient for the base.</summary>
internal sealed class AsStridedBackward0(Tensor root, Tensor view) : Node
{
    private readonly ViewGeometry _geometry = new(root, view);

    public override string name() => "AsStridedBackward0";

    internal override Tensor?[] Apply(Tensor?[] g) => g[0] is { } grad ? [_geometry.FromFlat(_geometry.Scatter(grad))] : [null];
}

/// <summary>
/// The history of a base after an in-place op through one of its views (PyTorch's CopySlices, Note [Views and
/// in-place]). Input 0 is the base's history before the op; the others are the inputs of the op's node
/// <c>fn</c>, which produced the view's new values as its output <c>outputNr</c>.
/// </summary>
internal sealed class CopySlices : Node
{
    private readonly ViewGeometry _geometry;
    private readonly Node _fn;
    private readonly int _outputNr;

    internal CopySlices(Tensor root, Tensor view, Node fn, int outputNr)
    {
        _geometry = new ViewGeometry(root, view);
        _fn = fn;
        _outputNr = outputNr;
        _inputs = [new InputInfo(Graph.EdgeOf(root), root._shape, root._dtype), .. fn._inputs];
    }

    public override string name() => "torch::autograd::CopySlices";

    internal override Tensor?[] Apply(Tensor?[] g)
    {
        var result = new Tensor?[_inputs.Length];
        if (g[0] is not { } grad) return result;
        Tensor flat = _geometry.ToFlat(grad);
        Tensor positions = _geometry.ViewPositions();
        var fnGrads = new Tensor?[_fn.NumOutputs];
        fnGrads[_outputNr] = flat.index_select(0, positions).reshape(_geometry.ViewShape);
        Tensor?[] inputGrads = _fn.Apply(fnGrads);
        Array.Copy(inputGrads, 0, result, 1, inputGrads.Length);
        // the region was overwritten: the base's old values there reach the result only through fn's inputs
        if (NeedsInputGrad(0)) result[0] = _geometry.FromFlat(flat.index_fill(0, positions, 0));
        return result;
    }

    internal override void ReleaseVariables() => _fn.Release();
}
