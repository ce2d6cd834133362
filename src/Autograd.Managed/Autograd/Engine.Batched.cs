namespace Autograd;

/// <remarks>
/// Note [Batched backward]: <c>torch.autograd.grad(..., is_grads_batched: true)</c> computes B vector-Jacobian products
/// in one pass over the graph, as PyTorch computes them with vmap over the engine. Each grad_output carries a leading
/// batch dim of size B; every gradient in the pass then has shape <c>[B, *shape]</c>, and the engine, knowing no op,
/// calls <see cref="Node.ApplyBatched"/> instead of <c>Apply</c>. A node's batched backward is a capability: by
/// default it is <see cref="ApplyPerSample"/>, which runs <c>Apply</c> on each batch entry and stacks the results
/// (correct for every node, as PyTorch's vmap fallback is; B times the work of one pass). Nodes whose formula
/// broadcasts (element-wise ops, activations, matrix products: broadcasting aligns from the right, so the batch
/// dim rides along in front) answer with <c>Apply</c> itself; nodes whose formula names dims or shapes (views,
/// reshapes, reductions, softmax) shift them past the batch dim. <see cref="ValidateBatched"/> is Note [Broadcast
/// reduction] with the batch dim kept. The formulas are ordinary differentiable ops, so create_graph works.
/// Hooks and retain_grad are refused before anything runs: under PyTorch's vmap a hook sees a batched tensor
/// whose shape is the per-sample one, which has no counterpart here. Gradients are only returned (no leaf's .grad
/// is written), so a refused or failing call changes nothing but, without retain_graph, the graph's release.
/// </remarks>
internal static partial class Engine
{
    /// <summary>Note [Batched backward]: the fallback for a node without a batched rule: <c>Apply</c> on each batch
    /// entry, each result checked and reduced as an unbatched pass would (<see cref="Validate"/>), then stacked
    /// (zeros for an entry that returned none where others did).</summary>
    internal static Tensor?[] ApplyPerSample(Node node, Tensor?[] grads, long batch)
    {
        int n = node._inputs.Length;
        var perInput = new Tensor?[n][];
        for (long b = 0; b < batch; b++)
        {
            var sample = new Tensor?[grads.Length];
            for (int k = 0; k < grads.Length; k++) sample[k] = grads[k]?.select(0, b);
            Tensor?[] outputs = node.Apply(sample);
            for (int i = 0; i < n && i < outputs.Length; i++)
                if (outputs[i] is Tensor g && node._inputs[i].Function is not null)
                    (perInput[i] ??= new Tensor?[batch])[b] = Validate(node, i, g);
        }
        var result = new Tensor?[n];
        for (int i = 0; i < n; i++)
        {
            if (perInput[i] is not { } samples) continue;
            var filled = new Tensor[samples.Length];
            for (int b = 0; b < samples.Length; b++) filled[b] = samples[b] ?? torch.zeros(node._inputs[i].Shape, node._inputs[i].Type);
            result[i] = torch.stack(filled);
        }
        return result;
    }

    /// <summary>Note [Batched backward]: Note [Broadcast reduction] for a gradient of shape [batch, *s]: s is summed to
    /// the input's shape, the batch dim kept.</summary>
    private static Tensor ValidateBatched(Node node, int i, Tensor grad, long batch)
    {
        long[] shape = [batch, .. node._inputs[i].Shape];
        if (!Shape.SameShape(grad._shape, shape))
        {
            if (!Ops.Reduction.CanSumTo(grad._shape, shape, keep: 1))
                throw new InvalidOperationException(
                    $"Function {node.name()} returned an invalid gradient at index {i} - got {Shape.Format(grad._shape)} " +
                    $"but expected shape compatible with {Shape.Format(shape)}");
            grad = Ops.Reduction.SumTo(grad, shape, keep: 1);
        }
        ScalarType dtype = node._inputs[i].Type;
        return grad._dtype == dtype ? grad : grad.to(dtype);
    }

    /// <summary>PyTorch's _make_grads with is_grads_batched: the gradient without its first dim must match the output.</summary>
    private static Tensor BatchedSeed(Tensor root, Tensor? seed, int index)
    {
        if (seed is null)
        {
            if (root._numel != 1) throw new InvalidOperationException("grad can be implicitly created only for scalar outputs");
            // PyTorch vmaps over dim 0 of the implicit ones_like(output): a 0-d output has no such dim, and any other
            // one-element output leaves per-sample gradients without the output's first dim (the mismatch below)
            if (root._shape.Length == 0)
                throw new ArgumentException("vmap(vjp, in_dims=0, ...)(<inputs>): Got in_dim=0 for some input, but that input is a " +
                                            "Tensor of dimensionality 0 so expected in_dim to satisfy 0 <= in_dim < 0.");
            seed = torch.ones_like(root);
        }
        // PyTorch reads grad[0] to compare shapes: a 0-d or empty batch fails there
        if (seed._shape.Length == 0)
            throw new IndexOutOfRangeException("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or " +
                                               "`tensor.item<T>(...)` in C++ to convert a 0-dim tensor to a number");
        if (seed._shape[0] == 0) throw new IndexOutOfRangeException("index 0 is out of bounds for dimension 0 with size 0");
        if (!Shape.SameShape(seed._shape.AsSpan(1), root._shape))
            throw new ArgumentException(
                "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the batch dimension. " +
                "The sizes of the remaining dimensions are expected to match the shape of corresponding output, but a mismatch " +
                $"was detected: grad_output[{index}] has a shape of torch.Size({Shape.Format(seed._shape.AsSpan(1))}) and " +
                $"output[{index}] has a shape of torch.Size({Shape.Format(root._shape)}). If you only want some tensors in " +
                "`grad_output` to be considered batched, consider using vmap.");
        CheckSeedType(root, seed, index);
        return seed;
    }

    /// <summary>vmap's check that every batched grad_output has the same batch size; returns it.</summary>
    private static long BatchSize(ReadOnlySpan<Tensor> seeds)
    {
        if (seeds.IsEmpty) throw new ArgumentException("vmap: Expected at least one Tensor to vmap over"); // no outputs
        for (int i = 1; i < seeds.Length; i++)
            if (seeds[i]._shape[0] != seeds[0]._shape[0])
            {
                var sizes = new long[seeds.Length];
                for (int k = 0; k < sizes.Length; k++) sizes[k] = seeds[k]._shape[0];
                throw new ArgumentException(
                    "vmap: Expected all tensors to have the same size in the mapped dimension, got sizes " +
                    $"{Shape.Format(sizes)} for the mapped dimension");
            }
        return seeds[0]._shape[0];
    }

    private static void RefuseHooks(Node node) =>
        throw new InvalidOperationException(
            $"autograd.grad with is_grads_batched=True does not run hooks or retain_grad, and {node.name()} has one registered. " +
            "Remove it, or compute the vector-Jacobian products one at a time with is_grads_batched=False.");
}
