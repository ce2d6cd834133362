using System.Runtime.CompilerServices;

namespace Autograd;

/// <summary>
/// Note [Forward AD]: forward-mode automatic differentiation, PyTorch's <c>torch.autograd.forward_ad</c>. A dual
/// tensor is a tensor with a tangent (its forward gradient) at the one open level. Tangents live in a weak table
/// of the level (primal -> tangent), so a tensor has no field for them and exiting the level drops them all at
/// once. Ops need no code of their own for forward mode: <see cref="Graph.Needs(Tensor)"/> also answers true for
/// an input with a tangent, the op builds its node as for backward, and <see cref="Graph.Connect{T}(T, Tensor, Tensor)"/>
/// asks the node for its JVP (<see cref="Node.Jvp"/>, written next to its <c>Apply</c>) and stores the outputs'
/// tangents; history is recorded only when grad mode would record it. With no open level, the cost is one
/// static read in <c>Needs</c> (when it would answer false) and one in <c>Connect</c>.
/// Tangent formulas run with forward mode paused on the calling thread (they see primals, never their
/// tangents) and with grad mode as it is, so a tangent that requires grad, or a formula reading a primal that
/// does, is itself differentiable (reverse over forward).
/// </summary>
internal static partial class ForwardAD
{
    private static readonly object s_lock = new();
    private static ConditionalWeakTable<Tensor, Tensor>? s_tangents; // the open level's tangents; null when none
    private static ConditionalWeakTable<Tensor, object>? s_duals;    // make_dual's results, unpack_dual's primals: their own forward bases
    [ThreadStatic] private static int t_paused;

    /// <summary>The one cheap test: whether any level is open (process-wide, as PyTorch's levels).</summary>
    internal static bool Active
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Volatile.Read(ref s_tangents) is not null;
    }

    /// <summary>The current level (0), or -1 when none is open.</summary>
    internal static long Level => s_tangents is null ? -1 : 0;

    internal static long Enter()
    {
        lock (s_lock)
        {
            if (s_tangents is not null) throw new InvalidOperationException("Nested forward mode AD is not supported at the moment");
            s_duals = new ConditionalWeakTable<Tensor, object>();
            s_views = new ConditionalWeakTable<Tensor, Tensor>();
            Volatile.Write(ref s_tangents, new ConditionalWeakTable<Tensor, Tensor>());
            return 0;
        }
    }

    internal static void Exit(long level)
    {
        lock (s_lock)
        {
            if (level != Level)
                throw new InvalidOperationException(
                    "Trying to exit a forward AD level that was not the last one that was created. This is not supported.");
            Volatile.Write(ref s_tangents, null);
            s_duals = null;
            s_views = null;
            t_pending = null;
        }
    }

    /// <summary>The tangent of <paramref name="t"/> at the open level, or null (also while paused): a view's is seen
    /// through its base's (Note [Forward view tangents]).</summary>
    internal static Tensor? TangentOf(Tensor t)
    {
        if (t_paused != 0 || Volatile.Read(ref s_tangents) is not { } table) return null;
        if (t_pending is not null) Flush();
        return ViewTangent(table, t) ?? (table.TryGetValue(t, out Tensor? tangent) ? tangent : null);
    }

    internal static bool HasTangent(Tensor t) => TangentOf(t) is not null;

    internal static void SetTangent(Tensor t, Tensor? tangent)
    {
        if (Volatile.Read(ref s_tangents) is not { } table) return;
        if (tangent is null) table.Remove(t);
        else table.AddOrUpdate(t, tangent);
    }

    /// <summary>Marks a view that is its own forward base (make_dual's result, unpack_dual's primal): its tangent is
    /// its own, not its base's (Note [Forward view tangents]).</summary>
    internal static void MarkDual(Tensor t)
    {
        s_views?.Remove(t);
        s_duals?.AddOrUpdate(t, t);
    }

    /// <summary>Whether an in-place op on <paramref name="self"/> (reading <paramref name="other"/>) involves a tangent,
    /// so it must go out of place and give self the result's tangent (<see cref="SetInPlaceTangent"/>).</summary>
    internal static bool InPlaceOnDual(Tensor self, Tensor? other) => HasTangent(self) || other is not null && HasTangent(other);

    /// <summary>The sum of two tangent terms, either of which may be absent (zero).</summary>
    internal static Tensor? Sum(Tensor? a, Tensor? b) => a is null ? b : b is null ? a : a.add(b);

    /// <summary>Runs a tangent formula with forward mode paused on this thread.</summary>
    internal static T Paused<T>(Func<T> formula)
    {
        t_paused++;
        try { return formula(); }
        finally { t_paused--; }
    }

    /// <summary>
    /// Called by <see cref="Graph"/>'s Connect with a level open: computes the outputs' tangents from the
    /// inputs' through the node's JVP. Returns whether the node becomes the outputs' history: always when no
    /// input has a tangent (Connect's old contract), else only when grad mode records and some input requires grad.
    /// A node whose formula reads what the op saves right after Connect (<see cref="Node.SavedJvp"/>), or that has no
    /// formula and gets the fallback (Note [Forward fallback], which runs its backward), is deferred to the thread's
    /// next tangent read (the saved tensors' version checks catch an input modified in between).
    /// </summary>
    internal static bool Propagate(Node node, Tensor[] outputs, Tensor[] inputs)
    {
        Tensor?[]? tangents = null;
        for (int i = 0; i < inputs.Length; i++)
            if (TangentOf(inputs[i]) is { } t) (tangents ??= new Tensor?[inputs.Length])[i] = t;
        if (tangents is null) return true;
        for (int i = 0; i < inputs.Length; i++)
            if (tangents[i] is not null)
            {
                InputInfo info = node._inputs[i];
                node._inputs[i] = new InputInfo(info.Edge, info.Shape, info.Type, tangent: true);
            }
        bool history = GradMode.IsEnabled && Array.Exists(inputs, x => x.requires_grad);
        if (outputs.Length == 0) return history;
        // outputs get their history first, so a formula that reads an output differentiates through it
        if (history) Graph.SetHistory(node, outputs);
        Tensor?[]? results = Paused(() => node.Jvp(tangents, inputs, outputs));
        if (results is null) (t_pending ??= []).Add((node, tangents, outputs));
        else Store(results, outputs);
        return false; // history, if any, is already set
    }

    [ThreadStatic] private static List<(Node Node, Tensor?[] Tangents, Tensor[] Outputs)>? t_pending;

    /// <summary>Runs the thread's deferred JVPs (in recording order): the node's <see cref="Node.SavedJvp"/>, else the fallback.</summary>
    private static void Flush()
    {
        List<(Node Node, Tensor?[] Tangents, Tensor[] Outputs)> pending = t_pending!;
        t_pending = null;
        foreach (var (node, tangents, outputs) in pending)
            Store(Paused(() => node.SavedJvp(tangents, outputs) ?? ForwardFallback.Jvp(node, tangents, outputs)), outputs);
    }

    private static void Store(Tensor?[] results, Tensor[] outputs)
    {
        for (int k = 0; k < outputs.Length; k++)
            if (k < results.Length && results[k] is { } r && DType.IsFloating(outputs[k]._dtype))
            {
                Tensor tangent = Conform(r, outputs[k]);
                // a tensor that views can be made of keeps its tangent in its own layout (Note [Forward view tangents])
                SetTangent(outputs[k], ReferenceEquals(ForwardBase(outputs[k]), outputs[k]) ? InLayoutOf(tangent, outputs[k]) : tangent);
            }
    }

    /// <summary>A tangent formula may leave a broadcast or a differently typed result; the tangent has the
    /// output's shape and dtype.</summary>
    private static Tensor Conform(Tensor tangent, Tensor output)
    {
        if (!Shape.SameShape(tangent._shape, output._shape)) tangent = tangent.expand(output._shape);
        return tangent._dtype == output._dtype ? tangent : tangent.to(output._dtype);
    }
}
