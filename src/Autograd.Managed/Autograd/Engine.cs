using Autograd.Native;

namespace Autograd;

/// <summary>
/// Runs backward passes: iterative (no recursion, so 100k-node chains work), dependency-counted, with
/// one gradient buffer per (node, output) summed as contributions arrive.
/// </summary>
/// <remarks>
/// Note [Engine state]: the per-pass state (dependency count, gradient buffer) lives on the nodes,
/// stamped with the pass's task id, instead of in dictionaries: a training step then allocates nothing
/// for bookkeeping. Passes are serialised by one lock so two threads never share that state; forward
/// work and grad mode stay fully thread-local.
///
/// Note [Broadcast reduction]: backward formulas may return a gradient in the broadcast (output) shape;
/// <see cref="Validate"/> is the ONE place that sums it back to the input's shape and casts it to the
/// input's dtype, as PyTorch's validate_outputs does.
///
/// Note [Gradient recycling]: a gradient of 8 KB or more this pass allocated is referenced only by the engine's
/// buffer slots, the node consuming it, and locals of one Apply, unless it leaves the engine: stolen
/// as a leaf's .grad (Storage.LeafPrivate: pooled later only if the leaf drops it before anyone read
/// it, Tensor.DropGrad), returned by autograd.grad (Storage.HandedOut), or saved by a graph built
/// with create_graph (recycling is then off). Each slot holding such a tensor counts one use of its
/// storage; a node's incoming gradients drop theirs after its outputs are distributed (outputs may be
/// views of them). At zero uses the array goes to <see cref="BufferPool"/> for the next backward.
/// </remarks>
internal static partial class Engine
{
    private static long s_lastTask;
    private static readonly Tensor s_one32 = torch.ones([], ScalarType.Float32), s_one64 = torch.ones([], ScalarType.Float64);
    private static readonly Lock s_lock = new();

    /// <summary>Passes running (in any thread; nested ones counted). While zero, nothing needs the
    /// thread-local task id, so allocating a tensor costs no thread-static read.</summary>
    private static int s_running;

    /// <summary>This thread's pass state and scratch, fetched once per pass: every [ThreadStatic] access
    /// is a __tls_get_addr call on Linux, and separate ones for each helper were ~5% of a tiny backward.</summary>
    private sealed class ThreadState
    {
        internal long Task;                 // the pass running on this thread, 0 outside backward
        internal NodeStack? Visit, Ready; // rented for a pass (a nested pass finds them taken)
        internal Tensor?[] Sent = new Tensor?[8];
        internal Tensor?[]? One = new Tensor?[1];
    }

    [ThreadStatic] private static ThreadState? t_state;

    /// <summary>The id of the backward pass running on this thread, 0 outside backward.</summary>
    internal static long CurrentTask => Volatile.Read(ref s_running) == 0 ? 0 : t_state?.Task ?? 0;

    /// <summary>
    /// Backpropagates from <paramref name="roots"/>. With <paramref name="inputs"/> null, gradients
    /// accumulate into every reached leaf's <c>.grad</c>; with <paramref name="capture"/> true they are
    /// returned for <paramref name="inputs"/> instead (torch.autograd.grad) and no <c>.grad</c> changes.
    /// </summary>
    internal static Tensor?[] Run(ReadOnlySpan<Tensor> roots, ReadOnlySpan<Tensor?> seeds, bool keepGraph, bool createGraph,
                                  Tensor[]? inputs, bool capture, bool allowUnused)
    {
        lock (s_lock)
        {
            ThreadState state = t_state ??= new ThreadState();
            long previous = state.Task;
            long task = state.Task = ++s_lastTask;
            s_running++;
            bool previousMode = GradMode.IsEnabled; // set/restore directly: no guard object per pass
            GradMode.Set(createGraph);
            try
            {
                return RunLocked(state, task, roots, seeds, keepGraph, createGraph, inputs, capture, allowUnused);
            }
            finally
            {
                GradMode.Set(previousMode);
                state.Task = previous;
                s_running--;
            }
        }
    }

    private static Tensor?[] RunLocked(ThreadState state, long task, ReadOnlySpan<Tensor> roots, ReadOnlySpan<Tensor?> seeds, bool keepGraph,
                                       bool createGraph, Tensor[]? inputs, bool capture, bool allowUnused)
    {
        // Seeds: validated before any state changes, so a misuse error leaves everything as it was.
        // One root (every tensor.backward()) needs no arrays: spans over two locals.
        Edge edge0 = default;
        Tensor seed0 = null!;
        Span<Edge> rootEdges = roots.Length == 1 ? new Span<Edge>(ref edge0) : new Edge[roots.Length];
        Span<Tensor> seedGrads = roots.Length == 1 ? new Span<Tensor>(ref seed0) : new Tensor[roots.Length];
        for (int i = 0; i < roots.Length; i++)
        {
            rootEdges[i] = Graph.EdgeOf(roots[i]);
            if (rootEdges[i].Function is null)
                throw new InvalidOperationException($"element {i} of tensors does not require grad and does not have a grad_fn");
            seedGrads[i] = Seed(roots[i], seeds[i], i, createGraph);
        }
        Target[] targets = inputs is null ? [] : Targets(inputs);

        // Pass 1: count, for every reachable node, how many edges lead into it.
        // The two work stacks are reused across passes on this thread (rented, so a backward that
        // runs inside a node's Apply gets fresh ones).
        NodeStack stack = state.Visit ?? new NodeStack();
        NodeStack ready = state.Ready ?? new NodeStack();
        state.Visit = state.Ready = null;
        try
        {
            return Passes(state, task, rootEdges, seedGrads, targets, stack, ready, keepGraph, createGraph, capture, allowUnused);
        }
        finally
        {
            stack.Clear();
            ready.Clear();
            state.Visit = stack;
            state.Ready = ready;
        }
    }

    private static Tensor?[] Passes(ThreadState state, long task, ReadOnlySpan<Edge> rootEdges, ReadOnlySpan<Tensor> seedGrads,
                                    Target[] targets, NodeStack stack, NodeStack ready, bool keepGraph, bool createGraph,
                                    bool capture, bool allowUnused)
    {
        foreach (Edge e in rootEdges) Visit(e.Function!, task, stack);
        while (stack.Count > 0)
        {
            Node node = stack.Pop();
            foreach (InputInfo input in node._inputs)
            {
                Edge e = input.Edge;
                if (e.Function is null) continue;
                Visit(e.Function, task, stack);
                e.Function._dependencies++;
            }
        }

        var results = targets.Length == 0 ? [] : new Tensor?[targets.Length];
        long owner = createGraph ? 0 : task; // the task whose storage may be recycled (0: none)
        for (int i = 0; i < rootEdges.Length; i++) AddToBuffer(rootEdges[i], seedGrads[i], owner);
        foreach (Edge e in rootEdges)
            if (e.Function!._dependencies == 0 && (e.Function._grad0 is not null || e.Function._buffer is not null)
                && !ready.Contains(e.Function))
                ready.Push(e.Function);

        // Pass 2: run every node once all its gradient contributions have arrived.
        while (ready.Count > 0)
        {
            Node node = ready.Pop();
            Tensor?[] grads = TakeGrads(state, node);
            for (int t = 0; t < targets.Length; t++)
                if (targets[t].Node == node && grads[targets[t].Output] is Tensor g)
                {
                    // the shared seed (or a view of it, e.g. sum's expanded gradient) stays ours
                    if (capture && (g._storage == s_one32._storage || g._storage == s_one64._storage)) g = g.clone();
                    results[t] = g;
                    if (capture) g._storage.OwnerTask = Storage.HandedOut;
                }

            if (node is AccumulateGrad acc)
            {
                if (!capture && grads[0] is Tensor g && (targets.Length == 0 || IsTarget(targets, node)))
                    Accumulate(acc.Variable, g, task, createGraph);
                DropUses(grads, owner);
                ReturnGrads(state, grads);
                continue;
            }
            if (node._hasRetained) RetainGrads(node, grads);

            Tensor?[] outputs;
            if (!HasAny(grads)) outputs = new Tensor?[node._inputs.Length];
            else
            {
                // planned right before the Apply that takes (and clears) them, so none outlives this pass
                if (node is Ops.MatmulBackward mm && owner != 0 && !capture && targets.Length == 0) PlanSinks(mm, task);
                outputs = node.Apply(grads);
            }
            if (!keepGraph) node.Release();
            Distribute(state, node, task, owner, outputs, ready);
            DropUses(grads, owner);
            ReturnGrads(state, grads);
        }

        for (int t = 0; t < targets.Length; t++)
            if (results[t] is null && !allowUnused && capture)
                throw new InvalidOperationException(
                    "One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.");
        return results;
    }

    /// <summary>The node's incoming gradients as the array Apply takes. A single-output node keeps its one
    /// gradient in a field, so it is passed in a per-thread array instead of a fresh one per node; no
    /// backward runs inside Apply, so the array is free again by the time the next node needs it.</summary>
    private static Tensor?[] TakeGrads(ThreadState state, Node node)
    {
        if (node._buffer is { } buffer)
        {
            node._buffer = null;
            return buffer;
        }
        if (node.NumOutputs != 1) return new Tensor?[node.NumOutputs];
        Tensor?[] one = state.One ?? new Tensor?[1];
        state.One = null; // in use until ReturnGrads
        one[0] = node._grad0;
        node._grad0 = null;
        return one;
    }

    private static void ReturnGrads(ThreadState state, Tensor?[] grads)
    {
        if (grads.Length != 1) return;
        grads[0] = null; // must not keep a gradient alive
        state.One = grads;
    }

    /// <summary>Sends each validated output to its input's buffer. Every sent tensor holds a use while
    /// the loop runs (Note [Gradient recycling]): summing into a slot drops the old sum's use, and an
    /// Apply may return one tensor for several inputs.</summary>
    private static void Distribute(ThreadState state, Node node, long task, long owner, Tensor?[] outputs, NodeStack ready)
    {
        int n = node._inputs.Length;
        Tensor?[] sent = state.Sent.Length >= n ? state.Sent : state.Sent = new Tensor?[n];
        for (int i = 0; i < n; i++)
        {
            Edge e = node._inputs[i].Edge;
            sent[i] = i < outputs.Length && outputs[i] is Tensor g && e.Function is not null && e.Function._task == task
                ? Validate(node, i, g) : null;
            if (owner != 0 && sent[i] is Tensor v) AddUse(v, owner);
        }
        for (int i = 0; i < n; i++)
        {
            Edge e = node._inputs[i].Edge;
            if (e.Function is null || e.Function._task != task) continue;
            if (sent[i] is Tensor g) AddToBuffer(e, g, owner);
            if (--e.Function._dependencies == 0) ready.Push(e.Function);
        }
        for (int i = 0; i < n; i++)
        {
            if (owner != 0 && sent[i] is Tensor v) DropUse(v, owner);
            sent[i] = null; // the scratch must not keep gradients alive
        }
    }

    /// <summary>The engine's work stacks. Node is not sealed, so every store into a Node[] (as in
    /// Stack&lt;Node&gt;) pays a covariance check (~3% of a tiny backward); slots of a struct need none.</summary>
    private sealed class NodeStack
    {
        private struct Slot { internal Node Node; }

        private Slot[] _slots = new Slot[16];
        internal int Count;

        internal void Push(Node node)
        {
            if (Count == _slots.Length) Array.Resize(ref _slots, Count * 2);
            _slots[Count++].Node = node;
        }

        internal Node Pop()
        {
            ref Slot slot = ref _slots[--Count];
            Node node = slot.Node;
            slot.Node = null!; // the rented stack must not keep the graph alive
            return node;
        }

        internal bool Contains(Node node)
        {
            for (int i = 0; i < Count; i++) if (_slots[i].Node == node) return true;
            return false;
        }

        internal void Clear()
        {
            Array.Clear(_slots, 0, Count);
            Count = 0;
        }
    }

    private readonly record struct Target(Node Node, int Output);

    private static Target[] Targets(Tensor[] inputs)
    {
        var targets = new Target[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            Edge e = Graph.EdgeOf(inputs[i]);
            if (e.Function is null) throw new InvalidOperationException("One of the differentiated Tensors does not require grad");
            targets[i] = new Target(e.Function, e.InputNr);
        }
        return targets;
    }

    private static bool IsTarget(Target[] targets, Node node)
    {
        foreach (Target t in targets) if (t.Node == node) return true;
        return false;
    }

    private static void Visit(Node node, long task, NodeStack stack)
    {
        if (node._task == task) return;
        node._task = task;
        node._dependencies = 0;
        node._buffer = null;
        node._grad0 = null;
        stack.Push(node);
    }

    private static Tensor Seed(Tensor root, Tensor? seed, int index, bool createGraph)
    {
        if (seed is null)
        {
            if (root._numel != 1) throw new InvalidOperationException("grad can be implicitly created only for scalar outputs");
            // the usual loss.backward(): one shared 1 per dtype instead of a new tensor per pass. Safe because
            // no backward formula writes into an incoming gradient, a leaf never steals it (it is not this
            // pass's storage: it gets a copy), and autograd.grad hands out a copy (see Passes). Under
            // create_graph a leaf's .grad may be the seed itself, so that path gets its own.
            if (!createGraph && root._shape.Length == 0)
                return root._dtype == ScalarType.Float32 ? s_one32 : root._dtype == ScalarType.Float64 ? s_one64 : torch.ones_like(root);
            return torch.ones_like(root);
        }
        if (!Shape.SameShape(seed._shape, root._shape))
            throw new ArgumentException(
                $"Mismatch in shape: grad_output[{index}] has a shape of torch.Size({Shape.Format(seed._shape)}) and output[{index}] has a shape of torch.Size({Shape.Format(root._shape)}).");
        if (DType.IsFloating(root._dtype) && !DType.IsFloating(seed._dtype))
            throw new ArgumentException(
                $"For complex Tensors, both grad_output and output are required to have the same dtype. Mismatch in dtype: grad_output[{index}] has a dtype of {DType.Name(seed._dtype)} and output[{index}] has a dtype of {DType.Name(root._dtype)}.");
        return seed;
    }

    private static void AddToBuffer(Edge e, Tensor grad, long owner)
    {
        Node f = e.Function!;
        Tensor? existing;
        Tensor stored;
        if (f.NumOutputs == 1)
        {
            existing = f._grad0;
            f._grad0 = stored = existing is null ? grad : existing + grad;
        }
        else
        {
            f._buffer ??= new Tensor?[f.NumOutputs];
            existing = f._buffer[e.InputNr];
            f._buffer[e.InputNr] = stored = existing is null ? grad : existing + grad;
        }
        if (owner == 0) return;
        AddUse(stored, owner);
        if (existing is not null) DropUse(existing, owner);
    }

    /// <summary>Note [Gradient recycling]: one more holder of a gradient this pass may pool.</summary>
    private static void AddUse(Tensor grad, long owner)
    {
        if (grad._storage.Recyclable(owner)) grad._storage.EngineUses++;
    }

    /// <summary>Note [Gradient recycling]: a consumed slot's use is gone; the last one pools the array.</summary>
    private static void DropUse(Tensor grad, long owner)
    {
        Storage s = grad._storage;
        if (s.Recyclable(owner) && s.EngineUses > 0 && --s.EngineUses == 0) s.Recycle();
    }

    private static void DropUses(Tensor?[] grads, long owner)
    {
        if (owner == 0) return;
        foreach (Tensor? g in grads) if (g is not null) DropUse(g, owner);
    }

    private static bool HasAny(Tensor?[] grads)
    {
        foreach (Tensor? g in grads) if (g is not null) return true;
        return false;
    }

    /// <summary>Note [Broadcast reduction]: shape and dtype of a gradient for input <paramref name="i"/>.</summary>
    private static Tensor Validate(Node node, int i, Tensor grad)
    {
        long[] shape = node._inputs[i].Shape;
        if (!Shape.SameShape(grad._shape, shape))
        {
            if (!Ops.Reduction.CanSumTo(grad._shape, shape))
                throw new InvalidOperationException(
                    $"Function {node.name()} returned an invalid gradient at index {i} - got {Shape.Format(grad._shape)} but expected shape compatible with {Shape.Format(shape)}");
            grad = Ops.Reduction.SumTo(grad, shape);
        }
        ScalarType dtype = node._inputs[i].Type;
        return grad._dtype == dtype ? grad : grad.to(dtype);
    }

    private static void RetainGrads(Node node, Tensor?[] grads)
    {
        foreach ((int output, Tensor tensor) in node.Retained())
        {
            if (grads[output] is not Tensor g) continue;
            if (tensor._grad is null) tensor._grad = g.requires_grad ? g.clone() : g.detach().clone();
            else tensor._grad = tensor._grad + g;
        }
    }

    /// <summary>PyTorch's AccumulateGrad: the first gradient is stored (stolen when freshly computed by
    /// this pass, Note [Gradient stealing]); later ones are added in place, or out of place when
    /// building a graph of the gradient (create_graph).</summary>
    private static void Accumulate(Tensor leaf, Tensor grad, long task, bool createGraph)
    {
        if (leaf._grad is null)
        {
            if (createGraph) { leaf._grad = grad; return; }
            if (grad._storage.OwnerTask == task && grad.is_contiguous() && grad._offset == 0
                && grad._storage.ByteLength == grad._numel * DType.ElementSize(grad._dtype))
            {
                grad._storage.OwnerTask = Storage.LeafPrivate;
                leaf._grad = grad.detach();
            }
            else
            {
                leaf._grad = grad.detach().clone();
            }
            return;
        }
        if (!createGraph && !leaf._grad.requires_grad)
        {
            Tensor g = leaf._grad;
            // the usual case, a dense .grad of the gradient's own dtype and shape (Validate saw to the
            // latter two) not sharing its memory: one kernel call, without add_'s promotion, overlap
            // and autograd checks
            if (g._dtype == grad._dtype && g._storage != grad._storage && g.is_contiguous() && Shape.SameShape(g._shape, grad._shape))
            {
                Ops.Kernels.Binary(AgnBinaryOp.Add, g, g._strides, grad, grad._strides, g);
                g._storage.Version++;
            }
            else
            {
                g.add_(grad); // grad mode is already off here (Run sets it to createGraph): records nothing
            }
        }
        else
        {
            leaf._grad = leaf._grad + grad;
        }
    }
}
