namespace Autograd.Ops;

/// <summary>
/// Note [Formula nodes]: a pointwise op whose derivative is a short expression records a
/// <see cref="FormulaBackward"/>: PyTorch's node name, the tensors the formula reads (saved with their
/// versions), and one formula per input written with differentiable tensor ops (so double backward
/// works), or null for an input without a gradient. The op's forward and its derivative then sit on
/// neighbouring lines, as derivatives.yaml pairs them. Note [Forward AD]: a node may carry its JVP too, a
/// formula from the input tangents (null for none) and the saved tensors to the output's tangent. For a
/// pointwise op (<see cref="Pointwise(Tensor, string, Tensor[], Tensor[], Func{Tensor, Tensor[], Tensor}?[])"/>)
/// each derivative is the incoming gradient times an element-wise factor, so the same formulas give the JVP:
/// Σ_k formula_k(tangent_k) (broadcasting to the output's shape); the others use the fallback unless given one.
/// </summary>
internal static class Formula
{
    /// <summary>Records <paramref name="result"/> = op(<paramref name="inputs"/>) when some input requires
    /// grad; formula k gets (grad, saved) and returns the gradient of input k. Returns result.</summary>
    internal static Tensor Record(Tensor result, string name, Tensor[] inputs, Tensor[] saved,
                                  params Func<Tensor, Tensor[], Tensor>?[] derivatives) =>
        RecordWith(result, name, inputs, saved, null, derivatives);

    /// <summary><see cref="Record(Tensor, string, Tensor[], Tensor[], Func{Tensor, Tensor[], Tensor}?[])"/> with the
    /// op's JVP: (input tangents, saved) → the result's tangent.</summary>
    internal static Tensor RecordWith(Tensor result, string name, Tensor[] inputs, Tensor[] saved,
                                      Func<Tensor?[], Tensor[], Tensor?>? jvp, params Func<Tensor, Tensor[], Tensor>?[] derivatives) =>
        RecordWith(result, name, inputs, saved, jvp, derivatives, pointwise: false);

    private static Tensor RecordWith(Tensor result, string name, Tensor[] inputs, Tensor[] saved,
                                     Func<Tensor?[], Tensor[], Tensor?>? jvp, Func<Tensor, Tensor[], Tensor>?[] derivatives, bool pointwise)
    {
        if (!Graph.Needs(inputs)) return result;
        var node = new FormulaBackward(name, derivatives, Array.ConvertAll(saved, s => new SavedTensor(s)), jvp, pointwise);
        Graph.Connect(node, [result], inputs);
        return result;
    }

    /// <summary>A pointwise op: derivative k is the gradient times an element-wise factor, so the JVP is the sum of
    /// the derivatives applied to the tangents.</summary>
    internal static Tensor Pointwise(Tensor result, string name, Tensor[] inputs, Tensor[] saved,
                                     params Func<Tensor, Tensor[], Tensor>?[] derivatives) =>
        RecordWith(result, name, inputs, saved, (t, s) => SumOfTerms(t, s, derivatives), derivatives, pointwise: true);

    /// <summary>A unary pointwise op with one saved tensor.</summary>
    internal static Tensor Pointwise(Tensor result, string name, Tensor input, Tensor saved, Func<Tensor, Tensor, Tensor> derivative) =>
        Graph.Needs(input) ? Pointwise(result, name, [input], [saved], (g, s) => derivative(g, s[0])) : result;

    private static Tensor? SumOfTerms(Tensor?[] tangents, Tensor[] saved, Func<Tensor, Tensor[], Tensor>?[] derivatives)
    {
        Tensor? sum = null;
        for (int k = 0; k < derivatives.Length && k < tangents.Length; k++)
            if (tangents[k] is { } t && derivatives[k] is { } d)
            {
                Tensor term = d(t, saved);
                sum = sum is null ? term : sum.add(term);
            }
        return sum;
    }

    /// <summary>A unary op with one saved tensor (its input or its result).</summary>
    internal static Tensor Record(Tensor result, string name, Tensor input, Tensor saved, Func<Tensor, Tensor, Tensor> derivative) =>
        Graph.Needs(input) ? Record(result, name, [input], [saved], (g, s) => derivative(g, s[0])) : result;
}

/// <summary>The node of Note [Formula nodes].</summary>
internal sealed class FormulaBackward(string nodeName, Func<Tensor, Tensor[], Tensor>?[] derivatives, SavedTensor[] saved,
                                      Func<Tensor?[], Tensor[], Tensor?>? jvp, bool pointwise) : Node
{
    public override string name() => nodeName;

    // Note [Batched backward]: a pointwise formula broadcasts; any other runs once per batch entry
    internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => pointwise ? Apply(g) : base.ApplyBatched(g, batch);

    internal override Tensor?[]? Jvp(Tensor?[] tangents, Tensor[] inputs, Tensor[] outputs) =>
        jvp is null ? null : [jvp(tangents, Unpack())];

    private Tensor[] Unpack()
    {
        var values = new Tensor[saved.Length];
        for (int i = 0; i < saved.Length; i++) values[i] = saved[i].Unpack(this);
        return values;
    }

    internal override Tensor?[] Apply(Tensor?[] g)
    {
        Tensor[] values = Unpack();
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
