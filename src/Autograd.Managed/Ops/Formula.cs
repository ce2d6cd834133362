namespace Autograd.Ops;

/// <summary>
/// Note [Formula nodes]: a pointwise op whose derivative is a short expression records a
/// <see cref="FormulaBackward"/>: PyTorch's node name, the tensors the formula reads (saved with their
/// versions), and one formula per input written with differentiable tensor ops (so double backward
/// works), or null for an input without a gradient. The op's forward and its derivative then sit on
/// neighbouring lines, as derivatives.yaml pairs them.
/// </summary>
internal static class Formula
{
    /// <summary>Records <paramref name="result"/> = op(<paramref name="inputs"/>) when some input requires
    /// grad; formula k gets (grad, saved) and returns the gradient of input k. Returns result.</summary>
    internal static Tensor Record(Tensor result, string name, Tensor[] inputs, Tensor[] saved,
                                  params Func<Tensor, Tensor[], Tensor>?[] derivatives)
    {
        if (!Graph.Needs(inputs)) return result;
        var node = new FormulaBackward(name, derivatives, Array.ConvertAll(saved, s => new SavedTensor(s)));
        Graph.Connect(node, [result], inputs);
        return result;
    }

    /// <summary>A unary op with one saved tensor (its input or its result).</summary>
    internal static Tensor Record(Tensor result, string name, Tensor input, Tensor saved, Func<Tensor, Tensor, Tensor> derivative) =>
        Graph.Needs(input) ? Record(result, name, [input], [saved], (g, s) => derivative(g, s[0])) : result;
}

/// <summary>The node of Note [Formula nodes].</summary>
internal sealed class FormulaBackward(string nodeName, Func<Tensor, Tensor[], Tensor>?[] derivatives, SavedTensor[] saved) : Node
{
    public override string name() => nodeName;

    internal override Tensor?[] Apply(Tensor?[] g)
    {
        var values = new Tensor[saved.Length];
        for (int i = 0; i < saved.Length; i++) values[i] = saved[i].Unpack(this);
        var result = new Tensor?[derivatives.Length];
        for (int k = 0; k < derivatives.Length; k++)
            if (derivatives[k] is { } d && NeedsInputGrad(k)) result[k] = d(g[0]!, values);
        return result;
    }

    internal override void ReleaseVariables()
    {
        for (int i = 0; i < saved.Length; i++) saved[i].Release();
    }
}
