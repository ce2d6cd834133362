using Autograd.Native;

namespace Autograd;

/// <summary>
/// Runs backward passes: iterative (no recursion, so 100k-node chains work), dependency-counted, with
/// one gradient buffer per (node, output) summed as contributions arrive.
/// </summary>
/// <remarks>
/// Note [Engine state]: the per-pass state (dependency count, gradient buffer) lives on the nodes
/// instead of in dictionaries, so a training step allocates nothing for bookkeeping. A pass claims each
/// node it reaches (an atomic compare-and-swap of the node's task id from 0) and frees it when it ends,
/// also by an exception. Passes over independent graphs thus run at the same time on different threads;
/// a pass that reaches a node another running pass holds (graphs sharing nodes, or a backward inside
/// a node's Apply) keeps that node's state in its own side table instead, so neither sees the other's
/// counts or buffers. Leaves shared by concurrent passes receive each pass's gradient under the leaf's
/// lock: accumulation into <c>.grad</c> is atomic per pass, as PyTorch's. Forward work and grad mode are
/// thread-local.
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
/// Task ids are unique per pass, so only the pass that allocated a storage ever counts its uses.
/// </remarks>
internal static partial class Engine
{
    private static long s_taskBlocks;
    private const long TaskBlock = 1 << 20; // task ids a thread takes at once, so a pass needs no shared counter
    private static readonly Tensor s_one32 = NormalOne(ScalarType.Float32), s_one64 = NormalOne(ScalarType.Float64);

    // The shared implicit seeds are made on whichever thread first touches the engine (every allocation reads
    // CurrentTask), which may be inside inference mode: they must not be inference tensors, which cannot be saved.
    internal static Tensor NormalOne(ScalarType dtype)
    {
        using var _ = torch.inference_mode(false);
        return torch.ones([], dtype);
    }

    /// <summary>Passes running (in any thread; nested ones counted). While zero, nothing needs the
    /// thread-local task id, so allocating a tensor costs no thread-static read.</summary>
    private static int s_running;

    /// <summary>This thread's pass state, fetched once per pass: every [ThreadStatic] access is a
    /// __tls_get_addr call on Linux.</summary>
    private sealed class ThreadState
    {
        internal long Task;              // the pass running on this thread, 0 outside backward
        internal long NextTask, LastTask; // this thread's block of unused task ids
        internal Pass? Spare;            // rented for a pass (a nested pass finds it taken)

        internal long NewTask()
        {
            if (NextTask == LastTask)
            {
                NextTask = Interlocked.Increment(ref s_taskBlocks) * TaskBlock;
                LastTask = NextTask + TaskBlock;
            }
            return NextTask++;
        }
    }

    [ThreadStatic] private static ThreadState? t_state;

    /// <summary>The id of the backward pass running on this thread, 0 outside backward.</summary>
    internal static long CurrentTask => Volatile.Read(ref s_running) == 0 ? 0 : t_state?.Task ?? 0;

    /// <summary>
    /// Backpropagates from <paramref name="roots"/>. With <paramref name="inputs"/> null, gradients
    /// accumulate into every reached leaf's <c>.grad</c>; with <paramref name="capture"/> true they are
    /// returned for <paramref name="inputs"/> instead (torch.autograd.grad) and no <c>.grad</c> changes. With
    /// <paramref name="batched"/> (capture only) the seeds carry a leading batch dim (Note [Batched backward]).
    /// </summary>
    internal static Tensor?[] Run(ReadOnlySpan<Tensor> roots, ReadOnlySpan<Tensor?> seeds, bool keepGraph, bool createGraph,
                                  Tensor[]? inputs, bool capture, bool allowUnused, bool batched = false)
    {
        ThreadState state = t_state ??= new ThreadState();
        Pass pass = state.Spare ?? new Pass();
        state.Spare = null;
        long previous = state.Task;
        long task = pass.Task = state.Task = state.NewTask();
        pass.Owner = createGraph ? 0 : task;
        Interlocked.Increment(ref s_running);
        bool previousMode = GradMode.IsEnabled; // set/restore directly: no guard object per pass
        GradMode.Set(createGraph);
        try
        {
            return Start(pass, roots, seeds, keepGraph, createGraph, inputs, capture, allowUnused, batched);
        }
        finally
        {
            pass.Finish();
            GradMode.Set(previousMode);
            state.Task = previous;
            Interlocked.Decrement(ref s_running);
            state.Spare = pass;
        }
    }

    private static Tensor?[] Start(Pass pass, ReadOnlySpan<Tensor> roots, ReadOnlySpan<Tensor?> seeds, bool keepGraph,
                                   bool createGraph, Tensor[]? inputs, bool capture, bool allowUnused, bool batched)
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
            seedGrads[i] = batched ? BatchedSeed(roots[i], seeds[i], i) : Seed(roots[i], seeds[i], i, createGraph);
        }
        pass.Batch = batched ? BatchSize(seedGrads) : -1;
        Target[] targets = inputs is null ? [] : Targets(inputs);
        return Passes(pass, rootEdges, seedGrads, targets, keepGraph, createGraph, capture, allowUnused);
    }

    private static Tensor?[] Passes(Pass pass, ReadOnlySpan<Edge> rootEdges, ReadOnlySpan<Tensor> seedGrads, Target[] targets,
                                    bool keepGraph, bool createGraph, bool capture, bool allowUnused)
    {
        // Pass 1: claim every reachable node and count how many edges lead into it.
        NodeStack stack = pass.Stack, ready = pass.Ready;
        foreach (Edge e in rootEdges) pass.Visit(e.Function!);
        while (stack.Count > 0)
        {
            Node node = stack.Pop();
            if (pass.Batch >= 0 && (node._hasHooks || node._hasRetained)) RefuseHooks(node); // Note [Batched backward]
            foreach (InputInfo input in node._inputs)
            {
                if (input.Function is not Node f) continue;
                pass.Visit(f);
                pass.Dependencies(f)++;
            }
        }

        var results = targets.Length == 0 ? [] : new Tensor?[targets.Length];
        long task = pass.Task, owner = pass.Owner;
        for (int i = 0; i < rootEdges.Length; i++) AddToBuffer(pass, rootEdges[i], seedGrads[i]);
        foreach (Edge e in rootEdges)
        {
            Node f = e.Function!;
            if (pass.Dependencies(f) == 0 && (pass.Grad0(f) is not null || pass.Buffer(f) is not null) && !ready.Contains(f))
                ready.Push(f);
        }
        bool sinks = owner != 0 && !capture && targets.Length == 0;

        // Pass 2: run every node once all its gradient contributions have arrived.
        while (ready.Count > 0)
        {
            Node node = ready.Pop();
            Tensor?[] grads = TakeGrads(pass, node);
            if (node._hasHooks) TensorPreHooks(node, grads); // Note [Hooks]
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
                if (!capture && grads[0] is not null && (targets.Length == 0 || IsTarget(targets, node)))
                {
                    if (acc._hasHooks) PreHooks(acc, grads);
                    if (grads[0] is Tensor g) lock (acc.Variable) Accumulate(acc.Variable, g, task, createGraph);
                    if (acc._hasHooks)
                    {
                        PostAccumulateHooks(acc);
                        PostHooks(acc, [], grads);
                    }
                }
                DropUses(grads, owner);
                ReturnGrads(pass, grads);
                continue;
            }
            if (node._hasRetained) RetainGrads(node, grads);
            if (node._hasHooks) PreHooks(node, grads);

            Tensor?[] outputs;
            if (!HasAny(grads)) outputs = new Tensor?[node._inputs.Length];
            else if (sinks && node.AcceptsSinks && PlanSinks(pass, node))
            {
                outputs = node.Apply(grads, pass.Sinks.AsSpan(0, node._inputs.Length));
                Array.Clear(pass.Sinks); // planned for this Apply only: none outlives it
            }
            else outputs = pass.Batch < 0 ? node.Apply(grads) : node.ApplyBatched(grads, pass.Batch);
            if (AnomalyMode.Enabled) AnomalyMode.Check(node, outputs);
            if (node._hasHooks) outputs = PostHooks(node, outputs, grads);
            if (!keepGraph) node.Release();
            Distribute(pass, node, outputs);
            DropUses(grads, owner);
            ReturnGrads(pass, grads);
        }

        for (int t = 0; t < targets.Length; t++)
            if (results[t] is null && !allowUnused && capture)
                throw new InvalidOperationException(
                    "One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if " +
                    "this is the desired behavior.");
        return results;
    }

    /// <summary>The node's incoming gradients as the array Apply takes. A single-output node keeps its one
    /// gradient in a field, so it is passed in a per-pass array instead of a fresh one per node; no
    /// backward runs inside Apply on this pass, so the array is free again by the time the next node needs it.</summary>
    private static Tensor?[] TakeGrads(Pass pass, Node node)
    {
        ref Tensor?[]? slot = ref pass.Buffer(node);
        if (slot is { } buffer)
        {
            slot = null;
            return buffer;
        }
        if (node.NumOutputs != 1) return new Tensor?[node.NumOutputs];
        Tensor?[] one = pass.One ?? new Tensor?[1];
        pass.One = null; // in use until ReturnGrads
        ref Tensor? grad0 = ref pass.Grad0(node);
        one[0] = grad0;
        grad0 = null;
        return one;
    }

    private static void ReturnGrads(Pass pass, Tensor?[] grads)
    {
        if (grads.Length != 1) return;
        grads[0] = null; // must not keep a gradient alive
        pass.One = grads;
    }

    /// <summary>Sends each validated output to its input's buffer. Every sent tensor holds a use while
    /// the loop runs (Note [Gradient recycling]): summing into a slot drops the old sum's use, and an
    /// Apply may return one tensor for several inputs. Every input's function was reached in pass 1.</summary>
    private static void Distribute(Pass pass, Node node, Tensor?[] outputs)
    {
        int n = node._inputs.Length;
        long owner = pass.Owner;
        Tensor?[] sent = pass.Sent.Length >= n ? pass.Sent : pass.Sent = new Tensor?[n];
        for (int i = 0; i < n; i++)
        {
            sent[i] = i < outputs.Length && outputs[i] is Tensor g && node._inputs[i].Function is not null
                ? pass.Batch < 0 ? Validate(node, i, g) : ValidateBatched(node, i, g, pass.Batch)
                : null;
            if (owner != 0 && sent[i] is Tensor v) AddUse(v, owner);
        }
        for (int i = 0; i < n; i++)
        {
            Edge e = node._inputs[i].Edge;
            if (e.Function is null) continue;
            if (sent[i] is Tensor g) AddToBuffer(pass, e, g);
            if (--pass.Dependencies(e.Function) == 0) pass.Ready.Push(e.Function);
        }
        for (int i = 0; i < n; i++)
        {
            if (owner != 0 && sent[i] is Tensor v) DropUse(v, owner);
            sent[i] = null; // the scratch must not keep gradients alive
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
                $"Mismatch in shape: grad_output[{index}] has a shape of torch.Size({Shape.Format(seed._shape)}) and " +
                $"output[{index}] has a shape of torch.Size({Shape.Format(root._shape)}).");
        CheckSeedType(root, seed, index);
        return seed;
    }

    private static void CheckSeedType(Tensor root, Tensor seed, int index)
    {
        if (DType.IsFloating(root._dtype) && !DType.IsFloating(seed._dtype))
            throw new ArgumentException(
                "For complex Tensors, both grad_output and output are required to have the same dtype. Mismatch in dtype: " +
                $"grad_output[{index}] has a dtype of {DType.Name(seed._dtype)} and output[{index}] has a dtype of " +
                $"{DType.Name(root._dtype)}.");
    }

    private static void AddToBuffer(Pass pass, Edge e, Tensor grad)
    {
        Node f = e.Function!;
        Tensor? existing;
        Tensor stored;
        if (f.NumOutputs == 1)
        {
            ref Tensor? slot = ref pass.Grad0(f);
            existing = slot;
            slot = stored = existing is null ? grad : existing + grad;
        }
        else
        {
            ref Tensor?[]? buffer = ref pass.Buffer(f);
            buffer ??= new Tensor?[f.NumOutputs];
            existing = buffer[e.InputNr];
            buffer[e.InputNr] = stored = existing is null ? grad : existing + grad;
        }
        long owner = pass.Owner;
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
                    $"Function {node.name()} returned an invalid gradient at index {i} - got {Shape.Format(grad._shape)} but " +
                    $"expected shape compatible with {Shape.Format(shape)}");
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
            lock (tensor) // passes sharing this node add in turn
            {
                if (tensor._grad is null) tensor._grad = g.requires_grad ? g.clone() : g.detach().clone();
                else tensor._grad = tensor._grad + g;
            }
        }
    }

    /// <summary>PyTorch's AccumulateGrad: the first gradient is stored (stolen when freshly computed by
    /// this pass, Note [Gradient stealing]); later ones are added in place, or out of place when
    /// building a graph of the gradient (create_graph). Called under the leaf's lock (Note [Engine state]).</summary>
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
