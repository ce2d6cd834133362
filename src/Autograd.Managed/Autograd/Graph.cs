namespace Autograd;

/// <summary>
/// Recording history: ops ask <see cref="Needs(Tensor)"/> whether to build a node, then
/// <see cref="Connect{T}(T, Tensor, Tensor)"/> wires the node's input edges and makes it the output's
/// <c>grad_fn</c>. Inputs that do not require grad get a null edge, so their gradient is never computed.
/// </summary>
internal static class Graph
{
    internal static bool Needs(Tensor a) => a.requires_grad && GradMode.IsEnabled;

    internal static bool Needs(Tensor a, Tensor b) => (a.requires_grad || b.requires_grad) && GradMode.IsEnabled;

    internal static bool Needs(Tensor a, Tensor b, Tensor c) => (a.requires_grad || b.requires_grad || c.requires_grad) && GradMode.IsEnabled;

    internal static bool Needs(Tensor[] inputs)
    {
        if (!GradMode.IsEnabled) return false;
        foreach (Tensor t in inputs) if (t.requires_grad) return true;
        return false;
    }

    /// <summary>The edge through which a gradient reaches <paramref name="t"/>.</summary>
    internal static Edge EdgeOf(Tensor t) =>
        t._gradFn is not null ? new Edge(t._gradFn, t._outputNr)
        : t._requiresGrad ? new Edge(t.GradAccumulator(), 0)
        : default;

    private static InputInfo Info(Tensor t) => new(EdgeOf(t), t._shape, t._dtype);

    internal static T Connect<T>(T node, Tensor output, Tensor a) where T : Node
    {
        node._inputs = [Info(a)];
        SetHistory(output, node, 0);
        return node;
    }

    internal static T Connect<T>(T node, Tensor output, Tensor a, Tensor b) where T : Node
    {
        node._inputs = [Info(a), Info(b)];
        SetHistory(output, node, 0);
        return node;
    }

    internal static T Connect<T>(T node, Tensor output, Tensor a, Tensor b, Tensor c) where T : Node
    {
        node._inputs = [Info(a), Info(b), Info(c)];
        SetHistory(output, node, 0);
        return node;
    }

    /// <summary>General form: any number of inputs and outputs.</summary>
    internal static T Connect<T>(T node, Tensor[] outputs, Tensor[] inputs) where T : Node
    {
        node._inputs = new InputInfo[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) node._inputs[i] = Info(inputs[i]);
        for (int i = 0; i < outputs.Length; i++) SetHistory(outputs[i], node, i);
        return node;
    }

    private static void SetHistory(Tensor output, Node node, int outputNr)
    {
        if (AnomalyMode.Enabled) AnomalyMode.Record(node);
        output._gradFn = node;
        output._outputNr = outputNr;
    }
}
