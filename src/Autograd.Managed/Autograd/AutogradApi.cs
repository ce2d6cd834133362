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
        /// </summary>
        /// <returns>One gradient per input; null for an input not reached when <paramref name="allow_unused"/>.</returns>
        /// <exception cref="InvalidOperationException">An input does not require grad, or is unused and
        /// <paramref name="allow_unused"/> is false; an output does not require grad.</exception>
        public static IList<Tensor?> grad(IList<Tensor> outputs, IList<Tensor> inputs, IList<Tensor>? grad_outputs = null,
                                          bool? retain_graph = null, bool create_graph = false, bool allow_unused = false)
        {
            Tensor?[] seeds = Seeds(outputs, grad_outputs);
            return Engine.Run([.. outputs], seeds, retain_graph ?? create_graph, create_graph, [.. inputs],
                              capture: true, allowUnused: allow_unused);
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
