namespace Autograd;

/// <summary>
/// Recording history: ops ask <see cref="Needs(Tensor)"/> whether to build a node, then
/// <see cref="Connect{T}(T, Tensor, Tensor)"/> wires the node's input edges and makes it the output's
/// <c>grad_fn</c>. Inputs that do not require grad get a null edge, so their gradient is never computed.
/// </summary>
internal static class Graph
{
    // Note [Forward AD]: an input with a tangent also needs the node (for its JVP); with no level open that
    // costs one static read, only when the answer would otherwise be false.
    internal static bool Needs(Tensor a) => a.requires_grad && GradMode.IsEnabled || ForwardAD.Active && ForwardAD.HasTangent(a);

    internal static bool Needs(Tensor a, Tensor b) =>
        (a.requires_grad || b.requires_grad) && GradMode.IsEnabled || ForwardAD.Active
            && (ForwardAD.HasTangent(a) || ForwardAD.HasTangent(b));

    internal static bool Needs(Tensor a, Tensor b, Tensor c) =>
        (a.requires_grad || b.requires_grad || c.requires_grad) && GradMode.IsEnabled
        || ForwardAD.Active && (ForwardAD.HasTangent(a) || ForwardAD.HasTangent(b) || ForwardAD.HasTangent(c));

    internal static bool Needs(Tensor[] inputs)
    {
        if (GradMode.IsEnabled)
            foreach (Tensor t in inputs) if (t.requires_grad) return true;
        return ForwardAD.Active && Array.Exists(inputs, ForwardAD.HasTangent);
    }

    /// <summary>The edge through which a gradient reaches <paramref name="t"/>.</summary>
    internal static Edge EdgeOf(Tensor t) =>
        t.CurrentGradFn() is { } fn ? new Edge(fn, t._outputNr)
        : t._requiresGrad ? new Edge(t.GradAccumulator(), 0)
        : default;

    private static InputInfo Info(Tensor t) => new(EdgeOf(t), t._shape, t._dtype);

    internal static T Connect<T>(T node, Tensor output, Tensor a) where T : Node
    {
        node._inputs = [Info(a)];
        if (ForwardAD.Active && !ForwardAD.Propagate(node, [output], [a])) return node;
        SetHistory(output, node, 0);
        return node;
    }

    internal static T Connect<T>(T node, Tensor output, Tensor a, Tensor b) where T : Node
    {
        node._inputs = [Info(a), Info(b)];
        if (ForwardAD.Active && !ForwardAD.Propagate(node, [output], [a, b])) return node;
        SetHistory(output, node, 0);
        return node;
    }

    internal static T Connect<T>(T node, Tensor output, Tensor a, Tensor b, Tensor c) where T : Node
    {
        node._inputs = [Info(a), Info(b), Info(c)];
        if (ForwardAD.Active && !ForwardAD.Propagate(node, [output], [a, b, c])) return node;
        SetHistory(output, node, 0);
        return node;
    }

    /// <summary>General form: any number of inputs and outputs.</summary>
    internal static T Connect<T>(T node, Tensor[] outputs, Tensor[] inputs) where T : Node
    {
        node._inputs = new InputInfo[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) node._inputs[i] = Info(inputs[i]);
        if (ForwardAD.Active && !ForwardAD.Propagate(node, outputs, inputs)) return node;
        SetHistory(node, outputs);
        return node;
    }

    /// <summary>Wires the node's input edges only: no tangents propagate (Note [Forward AD]) and no output gets history.</summary>
    internal static T Wire<T>(T node, Tensor[] inputs) where T : Node
    {
        node._inputs = new InputInfo[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) node._inputs[i] = Info(inputs[i]);
        return node;
    }

    internal static void SetHistory(Node node, Tensor[] outputs)
    {
        for (int i = 0; i < outputs.Length; i++) SetHistory(outputs[i], node, i);
    }

    private static void SetHistory(Tensor output, Node node, int outputNr)
    {
        if (AnomalyMode.Enabled) AnomalyMode.Record(node);
        output._gradFn = node;
        output._outputNr = outputNr;
    }
}
