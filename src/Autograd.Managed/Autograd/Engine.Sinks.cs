namespace Autograd;

/// <remarks>
/// Note [Gradient sinks]: when a leaf already has a .grad (zeroed by hand, or a second backward that
/// accumulates), AccumulateGrad adds each new gradient into it: a weight's gradient is first computed
/// into a buffer of its own size, then read again by the add. A node that can compute an input's
/// gradient straight into a given tensor (<see cref="Node.AcceptsSinks"/>, <see cref="Node.CanSink"/>:
/// a matrix product, whose kernel accumulates) is handed the .grad itself when that gradient is the leaf's
/// only contribution in this pass: one pass over the weight's memory instead of three. A view node in
/// between (the .t() of a linear layer's weight) takes part through <see cref="Node.SinkView"/>, which
/// lays the .grad out as its own incoming gradient. The nodes in between then receive no gradient, so
/// they and AccumulateGrad do nothing.
///
/// Only where nothing can tell the difference: a plain backward (no create_graph, autograd.grad or
/// inputs=); no hook on the node, the view node or the leaf; the leaf's AccumulateGrad, and the view
/// node if any, waiting for this gradient alone with nothing buffered (<see cref="Sole"/>), the view
/// node's output not retaining its grad; the .grad dense, of the input's dtype and not requiring grad,
/// as AccumulateGrad's in-place add needs it. The accumulation holds the leaf's lock and re-checks that
/// .grad is still that tensor (a concurrent pass may have replaced it), else the node computes the
/// gradient as usual. The sum is .grad + (the product) as before when K fits one of the kernel's K
/// blocks (384 float32 values here); beyond that the blocks are added into .grad one by one, a
/// different rounding of the same sum (PyTorch's own blocking differs from ours either way).
/// </remarks>
internal static partial class Engine
{
    /// <summary>Gradients accumulated through a sink since start-up (tests check that it happens).</summary>
    internal static long SunkGradients;

    /// <summary>Fills the pass's sink scratch for <paramref name="node"/>'s inputs; whether any was found.</summary>
    private static bool PlanSinks(Pass pass, Node node)
    {
        if (node._hasHooks) return false; // its post hooks would see a missing gradient
        int n = node._inputs.Length;
        if (pass.Sinks.Length < n) pass.Sinks = new GradientSink[n];
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            GradientSink sink = node.CanSink(i) ? Sink(pass, node, i) : default;
            pass.Sinks[i] = sink;
            any |= !sink.IsEmpty;
        }
        return any;
    }

    /// <summary>The leaf .grad that input <paramref name="i"/>'s gradient may be accumulated into, viewed in
    /// that input's layout, or an empty sink.</summary>
    private static GradientSink Sink(Pass pass, Node node, int i)
    {
        InputInfo input = node._inputs[i];
        Node? f = input.Function, view = null;
        if (f is not null and not AccumulateGrad && f._inputs.Length == 1 && Sole(pass, f))
        {
            view = f;
            f = f._inputs[0].Function;
        }
        if (f is not AccumulateGrad acc || !Sole(pass, acc)) return default;
        Tensor? grad = acc.Variable._grad;
        if (grad is null || grad.requires_grad || grad._dtype != input.Type || grad._shape.Length != 2
            || grad._offset != 0 || !grad.is_contiguous())
            return default;
        Tensor? laidOut = view is null ? grad : view.SinkView(grad);
        return laidOut is not null && Shape.SameShape(laidOut._shape, input.Shape) ? new GradientSink(laidOut, acc.Variable) : default;
    }

    /// <summary>Whether <paramref name="f"/> waits in this pass for exactly one more gradient and has none yet.</summary>
    private static bool Sole(Pass pass, Node f) =>
        !f._hasRetained && !f._hasHooks && pass.Dependencies(f) == 1 && pass.Grad0(f) is null && pass.Buffer(f) is null;
}

/// <summary>Note [Gradient sinks]: a leaf's <c>.grad</c> (<see cref="View"/>, laid out as the node's input) that a
/// node may accumulate one input's gradient into. The default value is the empty sink.</summary>
internal readonly struct GradientSink(Tensor view, Tensor leaf)
{
    internal readonly Tensor? View = view;
    private readonly Tensor? _leaf = leaf;

    internal bool IsEmpty => View is null;

    /// <summary>Runs <paramref name="add"/>(<see cref="View"/>, <paramref name="state"/>) under the leaf's lock if its
    /// .grad is still the planned tensor; false (nothing done) otherwise, and the caller returns the gradient as usual.</summary>
    internal bool TryAccumulate<TState>(TState state, Action<Tensor, TState> add)
    {
        if (View is null || _leaf is null) return false;
        lock (_leaf)
        {
            if (_leaf._grad is not { } g || g._storage != View._storage || g.requires_grad) return false;
            add(View, state);
            View._storage.Version++;
        }
        Interlocked.Increment(ref Engine.SunkGradients);
        return true;
    }
}
