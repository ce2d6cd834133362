namespace Autograd;

public static partial class torch
{
    public static partial class utils
    {
        /// <summary>
        /// Runs <paramref name="function"/> without recording its graph, keeping only its inputs; backward runs it again
        /// with grad mode on and backpropagates through that recomputation (PyTorch's <c>torch.utils.checkpoint.checkpoint</c>;
        /// C# cannot nest a method in a class of the same name, so it sits in <c>torch.utils</c>). With
        /// <paramref name="preserve_rng_state"/>, the default generator's state at the first run is restored for the
        /// recomputation (and the caller's state put back afterwards), so random ops such as dropout draw the same masks.
        /// The function must be deterministic otherwise; the inputs are version-checked like any saved tensor.
        /// </summary>
        /// <param name="function">The segment to checkpoint.</param>
        /// <param name="args">Its inputs; the ones that require grad receive gradients.</param>
        /// <param name="preserve_rng_state">Replay the random state during recomputation.</param>
        /// <returns>The function's output; it has a <c>CheckpointFunctionBackward</c> node when an input requires grad.</returns>
        /// <exception cref="InvalidOperationException">An input was modified in place before backward.</exception>
        public static Tensor checkpoint(Func<Tensor[], Tensor> function, Tensor[] args, bool preserve_rng_state = true) =>
            Checkpointing.Run(xs => [function(xs)], args, preserve_rng_state)[0];

        /// <summary><see cref="checkpoint(Func{Tensor[], Tensor}, Tensor[], bool)"/> with the inputs as arguments.</summary>
        public static Tensor checkpoint(Func<Tensor[], Tensor> function, params Tensor[] args) =>
            Checkpointing.Run(xs => [function(xs)], args, preserveRngState: true)[0];

        /// <summary><see cref="checkpoint(Func{Tensor[], Tensor}, Tensor[], bool)"/> for a segment with several outputs.</summary>
        public static Tensor[] checkpoint(Func<Tensor[], Tensor[]> function, Tensor[] args, bool preserve_rng_state = true) =>
            Checkpointing.Run(function, args, preserve_rng_state);
    }
}

/// <summary>Note [Checkpointing]: the forward runs under no_grad, so the segment's intermediates are never saved; one
/// node connects the outputs to the inputs and, in backward, reruns the segment on detached copies of the inputs
/// (random state replayed) and backpropagates the incoming gradients through it with a nested engine pass.</summary>
internal static class Checkpointing
{
    internal static Tensor[] Run(Func<Tensor[], Tensor[]> function, Tensor[] args, bool preserveRngState)
    {
        Tensor? rngState = preserveRngState ? torch.get_rng_state() : null;
        Tensor[] outputs;
        using (torch.no_grad()) outputs = function(args);
        if (!Graph.Needs(args)) return outputs;
        var node = new CheckpointFunctionBackward(function, args, rngState, outputs.Length);
        Graph.Connect(node, outputs, args);
        return outputs;
    }
}

internal sealed class CheckpointFunctionBackward(Func<Tensor[], Tensor[]> function, Tensor[] args, Tensor? rngState, int outputs) : Node
{
    private readonly SavedTensor[] _saved = Array.ConvertAll(args, a => new SavedTensor(a));
    private readonly bool[] _requiresGrad = Array.ConvertAll(args, a => a.requires_grad);

    public override string name() => "CheckpointFunctionBackward";

    // Note [Forward AD]: the segment's own ops ran with forward mode on and gave the outputs their tangents
    internal override Tensor?[] Jvp(Tensor?[] tangents, Tensor[] inputs, Tensor[] outputs) => new Tensor?[outputs.Length];

    internal override int NumOutputs => outputs;

    internal override Tensor?[] Apply(Tensor?[] gradOutputs)
    {
        // the recomputation runs on detached inputs: its graph ends there, and its gradients come back to this node's edges
        var detached = new Tensor[_saved.Length];
        for (int i = 0; i < detached.Length; i++) detached[i] = _saved[i].Unpack(this).detach().requires_grad_(_requiresGrad[i]);
        Tensor[] recomputed;
        Tensor? callerState = rngState is null ? null : torch.get_rng_state();
        try
        {
            if (rngState is not null) torch.set_rng_state(rngState);
            using (torch.enable_grad()) recomputed = function(detached);
        }
        finally
        {
            if (callerState is not null) torch.set_rng_state(callerState);
        }
        var roots = new List<Tensor>();
        var seeds = new List<Tensor>();
        for (int o = 0; o < recomputed.Length; o++)
            if (recomputed[o].requires_grad && gradOutputs[o] is Tensor g)
            {
                roots.Add(recomputed[o]);
                seeds.Add(g);
            }
        var wrt = new List<Tensor>();
        for (int i = 0; i < detached.Length; i++) if (_requiresGrad[i] && NeedsInputGrad(i)) wrt.Add(detached[i]);
        var result = new Tensor?[detached.Length];
        if (roots.Count == 0 || wrt.Count == 0) return result;
        // under create_graph the engine runs this Apply with grad mode on: the gradients then carry history
        IList<Tensor?> grads = torch.autograd.grad(roots, wrt, seeds, create_graph: torch.is_grad_enabled(), allow_unused: true);
        for (int i = 0, k = 0; i < detached.Length; i++) if (_requiresGrad[i] && NeedsInputGrad(i)) result[i] = grads[k++];
        return result;
    }

    internal override void ReleaseVariables()
    {
        for (int i = 0; i < _saved.Length; i++) _saved[i].Release();
    }
}
