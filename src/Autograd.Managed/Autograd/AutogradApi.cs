namespace Autograd;

public static partial class torch
{
    /// <summary>PyTorch's <c>torch.autograd</c>: functional backward and gradient computation.</summary>
    public static partial class autograd
    {
        /// <summary>
        /// The gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/> (vector-Jacobian
        /// products with <paramref name="grad_outputs"/>), returned instead of accumulated: no <c>.grad</c> changes.
        /// <paramref name="retain_graph"/> defaults to <paramref name="create_graph"/>, as in PyTorch.
        /// With <paramref name="is_grads_batched"/>, the first dim of every grad_output is a batch dim of one size B: the
        /// B vector-Jacobian products are computed in one pass over the graph (Note [Batched backward]) and each
        /// gradient returned has shape <c>[B, *input.shape]</c>. Ops without a batched rule run their backward once per
        /// batch entry; hooks and retain_grad are not supported in such a pass.
        /// </summary>
        /// <returns>One gradient per input; null for an input not reached when <paramref name="allow_unused"/>.</returns>
        /// <exception cref="InvalidOperationException">An input does not require grad, or is unused and
        /// <paramref name="allow_unused"/> is false; an output does not require grad; a missing grad_output for an output
        /// with more than one element; with <paramref name="is_grads_batched"/>, a hook or retain_grad in the graph.</exception>
        /// <exception cref="ArgumentException">A grad_output whose shape (after its batch dim, when batched) differs from its
        /// output's; batched grad_outputs of different batch sizes.</exception>
        /// <exception cref="IndexOutOfRangeException">A batched grad_output that is 0-d or has an empty batch (PyTorch reads
        /// its first entry).</exception>
        public static IList<Tensor?> grad(IList<Tensor> outputs, IList<Tensor> inputs, IList<Tensor>? grad_outputs = null,
                                          bool? retain_graph = null, bool create_graph = false, bool allow_unused = false,
                                          bool is_grads_batched = false)
        {
            Tensor?[] seeds = Seeds(outputs, grad_outputs);
            return Engine.Run([.. outputs], seeds, retain_graph ?? create_graph, create_graph, [.. inputs],
                              capture: true, allowUnused: allow_unused, batched: is_grads_batched);
        }

        /// <summary>Backpropagates from several outputs at once, accumulating into leaves' <c>.grad</c>.</summary>
        public static void backward(IList<Tensor> tensors, IList<Tensor>? grad_tensors = null, bool? retain_graph = null,
                                    bool create_graph = false, IList<Tensor>? inputs = null)
        {
            Tensor?[] seeds = Seeds(tensors, grad_tensors);
            Engine.Run([.. tensors], seeds, retain_graph ?? create_graph, create_graph, inputs is null ? null : [.. inputs],
                       capture: false, allowUnused: true);
        }

        /// <summary>Backpropagates from one output with an optional gradient.</summary>
        public static void backward(Tensor tensor, Tensor? grad_tensor = null, bool? retain_graph = null, bool create_graph = false,
                                        IList<Tensor>? inputs = null) =>
            tensor.backward(grad_tensor, retain_graph, create_graph, inputs);

        private static Tensor?[] Seeds(IList<Tensor> outputs, IList<Tensor>? grads)
        {
            if (grads is not null && grads.Count != outputs.Count)
                throw new ArgumentException($"grad requires one grad_output per output: got {grads.Count} for {outputs.Count} outputs");
            var seeds = new Tensor?[outputs.Count];
            for (int i = 0; i < seeds.Length; i++) seeds[i] = grads?[i];
            return seeds;
        }
    }
}
