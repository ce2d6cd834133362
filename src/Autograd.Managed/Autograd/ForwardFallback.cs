namespace Autograd;

/// <summary>
/// Note [Forward fallback]: the JVP of a node that has no forward formula of its own, from its backward. The
/// vector-Jacobian product u ↦ Jᵀu that <c>Apply</c> computes is linear in u, so with v the input tangents,
/// J v = ∂/∂u ⟨Jᵀu, v⟩, which one reverse pass through <c>Apply</c>'s own graph gives (the "double vjp" trick).
/// It is exact wherever <c>Apply</c> is written with differentiable ops, which every built-in node's is (the op
/// table's second-order gradcheck checks that); it costs a backward and a double backward per op, so the
/// common ops have explicit formulas instead. <c>docs/architecture.md</c> lists the nodes that use it.
/// </summary>
internal static class ForwardFallback
{
    // a non-null edge target that marks an input as needing its gradient while Apply runs for forward mode
    private sealed class Wanted : Node
    {
        public override string name() => "ForwardADWanted";
        internal override Tensor?[] Apply(Tensor?[] g) => throw new InvalidOperationException("never run");
    }

    private static readonly Wanted s_wanted = new();

    /// <summary><c>Apply</c> with every input that has a tangent marked as needing its gradient (an input that
    /// only has a tangent has no edge; <see cref="Node._tangentInputs"/> covers the first eight only).</summary>
    internal static Tensor?[] ApplyFor(Node node, Tensor?[] grads, Tensor?[] tangents)
    {
        InputInfo[] inputs = node._inputs;
        var marked = (InputInfo[])inputs.Clone();
        for (int i = 0; i < marked.Length && i < tangents.Length; i++)
            if (tangents[i] is not null && marked[i].Function is null)
                marked[i] = new InputInfo(new Edge(s_wanted, 0), inputs[i].Shape, inputs[i].Type);
        node._inputs = marked;
        try { return node.Apply(grads); }
        finally { node._inputs = inputs; }
    }

    internal static Tensor?[] Jvp(Node node, Tensor?[] tangents, Tensor[] outputs)
    {
        bool graph = GradMode.IsEnabled && (Array.Exists(tangents, t => t is { requires_grad: true })
                                            || Array.Exists(outputs, o => o.requires_grad));
        using var enable = torch.enable_grad();
        var us = new Tensor[outputs.Length];
        // any u will do, Jᵀu being linear in u; ones rather than zeros keep formulas that take log|u| finite
        for (int k = 0; k < us.Length; k++) us[k] = torch.ones_like(outputs[k]).requires_grad_();
        Tensor?[] vjps = ApplyFor(node, us, tangents);
        Tensor? inner = null;
        for (int i = 0; i < tangents.Length && i < vjps.Length; i++)
        {
            if (tangents[i] is not { } v || vjps[i] is not { } g) continue;
            // Note [Broadcast reduction]: a backward may return the gradient in the broadcast shape; ⟨g, expand(v)⟩
            // is ⟨sum_to(g), v⟩
            Tensor term = g.mul(v.to(g._dtype)).sum();
            inner = inner is null ? term : inner.add(term);
        }
        var result = new Tensor?[outputs.Length];
        if (inner is null || !inner.requires_grad) return result; // the outputs do not depend on these inputs
        IList<Tensor?> jv = torch.autograd.grad([inner], us, retain_graph: true, create_graph: graph, allow_unused: true);
        for (int k = 0; k < result.Length; k++) result[k] = jv[k] is { } t && !graph ? t.detach() : jv[k];
        return result;
    }
}
