namespace Autograd;

/// <summary>
/// Note [Forward fallback]: the JVP of a node that has no forward formula of its own, from its backward. The
/// vector-Jacobian product u ↦ Jᵀu that <c>Apply</c> computes is linear in u, so with v the input tangents,
/// J v = ∂/∂u ⟨Jᵀu, v⟩, which one reverse pass through <c>Apply</c>'s own graph gives (the "double vjp" trick).
/// It is exact wherever <c>Apply</c> is written with differentiable ops, which every built-in node's is (the op
/// table's second-order gradcheck checks that); it costs a backward and a double backward per op, so every built-in
/// op node has an explicit formula instead (the op table's forward-mode column checks none reaches this).
/// </summary>
internal static class ForwardFallback
{
    /// <summary>When set (by tests), collects the names of the nodes the fallback serves on this thread.</summary>
    [ThreadStatic] internal static HashSet<string>? t_served;

    internal static Tensor?[] Jvp(Node node, Tensor?[] tangents, Tensor[] outputs)
    {
        t_served?.Add(node.name());
        bool graph = GradMode.IsEnabled && (Array.Exists(tangents, t => t is { requires_grad: true })
                                            || Array.Exists(outputs, o => o.requires_grad));
        using var enable = torch.enable_grad();
        var us = new Tensor[outputs.Length];
        // any u will do, Jᵀu being linear in u; ones rather than zeros keep formulas that take log|u| finite
        for (int k = 0; k < us.Length; k++) us[k] = torch.ones_like(outputs[k]).requires_grad_();
        Tensor?[] vjps = node.Apply(us); // inputs with a tangent count as needing their gradient (InputInfo.Tangent)
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
