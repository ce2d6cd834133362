namespace Autograd;

/// <summary>An edge of the backward graph: the <paramref name="Function"/> that receives a gradient and
/// which of its inputs (<paramref name="InputNr"/>) the gradient is for. A null function means the
/// corresponding forward input did not require grad.</summary>
public readonly record struct Edge(Node? Function, int InputNr);

/// <summary>What a node knows about one forward input: the edge its gradient travels along, plus the
/// shape and dtype the engine checks that gradient against. The edge is stored flat so the dtype
/// fits in its padding (24 bytes per input, not 32: one per input of every recorded op).</summary>
internal readonly struct InputInfo(Edge edge, long[] shape, ScalarType type, bool tangent = false)
{
    private readonly Node? _function = edge.Function;
    internal readonly long[] Shape = shape;
    private readonly int _inputNr = edge.InputNr;
    internal readonly ScalarType Type = type;
    /// <summary>Note [Forward AD]: the input has a tangent, so the op computes and saves what its derivative needs
    /// even without an edge (in the padding after <see cref="Type"/>: no bytes added).</summary>
    internal readonly bool Tangent = tangent;

    internal Edge Edge => new(_function, _inputNr);
    internal Node? Function => _function;
}

/// <summary>
/// A backward function (PyTorch's <c>torch::autograd::Node</c>): created by an op that records
/// history, it maps gradients of the op's outputs to gradients of its inputs. <see cref="name"/> is
/// PyTorch's (<c>MulBackward0</c>, ...); <see cref="next_functions"/> are the edges to the inputs'
/// functions.
/// </summary>
public abstract partial class Node
{
    // One entry per forward input: the edge its gradient travels along, plus the shape and dtype the
    // engine checks that gradient against (Note [Broadcast reduction]). One array, not three: nodes are
    // created on every recorded op.
    internal InputInfo[] _inputs = [];
    internal bool _released;
    internal bool _hasRetained; // some output called retain_grad (the list lives in s_retained: rare)
    internal bool _hasHooks;    // some hook is registered (the lists live in NodeHooks' side table: rare)

    // Non-leaf outputs whose .grad is retained (retain_grad): output index -> tensor. A side table, as
    // a field would cost every node 8 bytes for a debugging feature.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Node, List<(
        int Output, Tensor Tensor)>> s_retained = new();

    internal List<(int Output, Tensor Tensor)> Retained() => s_retained.GetOrCreateValue(this);

    // Engine scratch of the one backward pass that claimed this node (Note [Engine state]); 0 when free.
    internal long _task;
    internal int _dependencies;
    internal Tensor?[]? _buffer; // gradients per output of a multi-output node
    internal Tensor? _grad0;     // the gradient of a single-output node (no array per node and pass)

    /// <summary>PyTorch's name of this backward function, e.g. <c>MulBackward0</c>.</summary>
    public abstract string name();

    /// <summary>How many forward outputs this function has (gradients it receives).</summary>
    internal virtual int NumOutputs => 1;

    /// <summary>The edges to the functions of this node's forward inputs.</summary>
    public IReadOnlyList<(Node? Function, int InputNr)> next_functions =>
        Array.ConvertAll(_inputs, i => (i.Edge.Function, i.Edge.InputNr));

    /// <summary>Whether the gradient for input <paramref name="i"/> is needed at all.</summary>
    internal bool NeedsInputGrad(int i) => _inputs[i].Function is not null || _inputs[i].Tangent;

    /// <summary>Computes input gradients from output gradients (one per output; null means zero).
    /// Returns one entry per input edge; entries for inputs that need no gradient may be null.</summary>
    internal abstract Tensor?[] Apply(Tensor?[] gradOutputs);

    /// <summary>Note [Forward AD]: the tangents of the outputs (one per output; null for none) given the tangents of
    /// the inputs (one per input; null for a zero tangent). Runs with forward mode paused, right after the op
    /// connected the node, so it may read <paramref name="inputs"/>, <paramref name="outputs"/> and tensors saved
    /// before Connect. Null (the default) means no formula: the fallback of Note [Forward fallback] runs instead,
    /// correct wherever <c>Apply</c> is differentiable.</summary>
    internal virtual Tensor?[]? Jvp(Tensor?[] tangents, Tensor[] inputs, Tensor[] outputs) => null;

    /// <summary>Note [Forward AD]: a forward formula that reads what the op saves after Connect (indices, targets,
    /// <c>Apply</c>'s saved tensors). Asked only when <see cref="Jvp"/> answered null, when the deferred JVP runs
    /// (at the thread's next tangent read); null here too means the fallback of Note [Forward fallback].</summary>
    internal virtual Tensor?[]? SavedJvp(Tensor?[] tangents, Tensor[] outputs) => null;

    /// <summary>The JVP of an element-wise op whose input and output have one shape: its Jacobian is diagonal, so
    /// J t = Jᵀ t is <c>Apply</c> of the tangent.</summary>
    internal Tensor?[] DiagonalJvp(Tensor?[] tangents) => tangents[0] is { } t ? Apply([t]) : [null];

    /// <summary>Note [Batched backward]: <c>Apply</c> for gradients that each carry a leading batch dim of size
    /// <paramref name="batch"/> (<c>[batch, *output shape]</c>; null still means zero). Returns per input a gradient of
    /// shape <c>[batch, *s]</c> where s sums to the input's shape as in Note [Broadcast reduction] (the engine reduces
    /// it keeping the batch dim), or null. The default runs <c>Apply</c> once per batch entry and stacks the results:
    /// right for every node. A node whose formula broadcasts (element-wise, matrix products) overrides it with
    /// <c>Apply</c> itself; one whose formula names dims or shapes, with the same formula shifted past the batch dim.</summary>
    internal virtual Tensor?[] ApplyBatched(Tensor?[] gradOutputs, long batch) => Engine.ApplyPerSample(this, gradOutputs, batch);

    /// <summary>Note [Gradient sinks]: whether the sinks overload of <c>Apply</c> can
    /// accumulate the gradient of some input straight into a leaf's <c>.grad</c> (see <see cref="CanSink"/>).</summary>
    internal virtual bool AcceptsSinks => false;

    /// <summary>Note [Gradient sinks]: whether the gradient of input <paramref name="input"/> can be accumulated
    /// into a sink instead of being returned.</summary>
    internal virtual bool CanSink(int input) => false;

    /// <summary>Note [Gradient sinks]: <c>Apply</c>, except that the gradient of an input with a
    /// non-empty sink (one entry per input) may be accumulated into it, and then null is returned for that input.</summary>
    internal virtual Tensor?[] Apply(Tensor?[] gradOutputs, ReadOnlySpan<GradientSink> sinks) => Apply(gradOutputs);

    /// <summary>Note [Gradient sinks]: a node whose gradient for its one input is a view of its incoming gradient
    /// (a transpose) returns, for a tensor <paramref name="inputGrad"/> laid out as that input, the view of it laid out
    /// as the incoming gradient, so the node before can accumulate through it; null when it cannot.</summary>
    internal virtual Tensor? SinkView(Tensor inputGrad) => null;

    /// <summary>Frees saved tensors after a backward pass without retain_graph.</summary>
    internal virtual void ReleaseVariables() { }

    internal void Release()
    {
        _released = true;
        ReleaseVariables();
    }

    internal void ThrowIfReleased()
    {
        if (_released)
            throw new InvalidOperationException(
                "Trying to backward through the graph a second time (or directly access saved tensors after they have " +
                "already been freed). Saved intermediate values of the graph are freed when you call .backward() or " +
                "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or " +
                "if you need to access saved tensors after calling backward.");
    }

    /// <inheritdoc/>
    public override string ToString() => $"<{name()}>";
}

/// <summary>The function at a leaf that requires grad: adds incoming gradients into <c>.grad</c>.</summary>
internal sealed class AccumulateGrad : Node
{
    internal readonly Tensor Variable;

    internal AccumulateGrad(Tensor variable) => Variable = variable;

    public override string name() => "torch::autograd::AccumulateGrad";

    internal override Tensor?[] Apply(Tensor?[] gradOutputs) => throw new InvalidOperationException("AccumulateGrad is run by the engine.");
}
