namespace Autograd;

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>
        /// PyTorch's <c>torch.autograd.functional</c>: Jacobians, Hessians and their products with vectors, for functions of
        /// tensors. Inputs are replaced by fresh tensors that require grad (views of them under <c>create_graph</c>, so results
        /// stay differentiable with respect to the originals); results are detached unless <c>create_graph</c>. With
        /// <c>strict</c>, an output independent of an input is an error instead of a zero block. Entry points taking one
        /// tensor return one tensor; entry points taking lists return one entry per output and input
        /// (<c>[output][input]</c>). TorchSharp's <c>params</c> overloads return the blocks flat, output by output.
        /// </summary>
        public static partial class functional
        {
            /// <summary>The Jacobian of a one-input, one-output function: shape <c>output.shape ++ input.shape</c>.</summary>
            /// <param name="function">The function.</param>
            /// <param name="inputs">The point at which the Jacobian is taken.</param>
            /// <param name="create_graph">Compute the Jacobian differentiably (it then has history back to
            /// <paramref name="inputs"/>).</param>
            /// <param name="strict">Throw when the output does not depend on the input instead of returning zeros.</param>
            /// <param name="vectorize">Compute all rows in one batched backward pass (PyTorch batches them with vmap): one
            /// <c>autograd.grad(..., is_grads_batched: true)</c> of the flattened outputs with the identity as grad_outputs
            /// (Note [Batched backward]), instead of one backward per output element. Same values up to the rounding of sums;
            /// ops without a batched rule run their backward once per row inside that pass. Not with <paramref name="strict"/>;
            /// with <paramref name="create_graph"/> the result is differentiable as without it. Hooks on the function's graph
            /// are refused (they would see batched gradients).</param>
            /// <param name="strategy"><c>"reverse-mode"</c> (a backward per output element) or <c>"forward-mode"</c> (a
            /// forward-mode pass per input element, Note [Forward AD]; as in PyTorch it needs <c>vectorize: true</c> and
            /// allows neither <c>create_graph</c> nor <c>strict</c>).</param>
            /// <exception cref="InvalidOperationException">strict mode found an independent output or input; strict together with vectorize
            /// or with forward mode; vectorize over a graph with a hook or retain_grad.</exception>
            /// <exception cref="ArgumentException">An unknown strategy.</exception>
            /// <exception cref="NotImplementedException">Forward mode with create_graph or without vectorize.</exception>
            public static Tensor jacobian(Func<Tensor, Tensor> function, Tensor inputs, bool create_graph = false, bool strict = false,
                                          bool vectorize = false, string strategy = "reverse-mode") =>
                Functional.Jacobian(xs => [function(xs[0])], [inputs], create_graph, strict, vectorize, strategy)[0][0];

            /// <summary>The Jacobians of a one-input, several-output function, one per output (TorchSharp's spelling).</summary>
            public static IEnumerable<Tensor> jacobian(Func<Tensor, Tensor[]> function, Tensor inputs, bool create_graph = false,
                                                       bool strict = false, bool vectorize = false, string strategy = "reverse-mode") =>
                Functional.Jacobian(xs =>
                    function(xs[0]), [inputs], create_graph, strict, vectorize, strategy).Select(row => row[0]).ToArray();

            /// <summary>The Jacobians of a several-input, one-output function, one per input (TorchSharp's spelling).</summary>
            public static IEnumerable<Tensor> jacobian(Func<Tensor[], Tensor> function, params Tensor[] inputs) =>
                Functional.Jacobian(xs => [function(xs)], inputs, false, false, false)[0];

            /// <summary>The Jacobians of a several-input, several-output function, flat: for each output, one per input
            /// (TorchSharp's spelling).</summary>
            public static IEnumerable<Tensor> jacobian(Func<Tensor[], Tensor[]> function, params Tensor[] inputs) =>
                Functional.Jacobian(function, inputs, false, false, false).SelectMany(row => row).ToArray();

            /// <summary>The Jacobians of a several-input, one-output function with PyTorch's options: one per input.</summary>
            public static Tensor[] jacobian(Func<Tensor[], Tensor> function, IList<Tensor> inputs, bool create_graph = false,
                                            bool strict = false, bool vectorize = false, string strategy = "reverse-mode") =>
                Functional.Jacobian(xs => [function(xs)], [.. inputs], create_graph, strict, vectorize, strategy)[0];

            /// <summary>The Jacobians of a several-input, several-output function with PyTorch's options: <c>[output][input]</c>,
            /// each of shape <c>output.shape ++ input.shape</c>.</summary>
            public static Tensor[][] jacobian(Func<Tensor[], Tensor[]> function, IList<Tensor> inputs, bool create_graph = false,
                                              bool strict = false, bool vectorize = false, string strategy = "reverse-mode") =>
                Functional.Jacobian(function, [.. inputs], create_graph, strict, vectorize, strategy);

            /// <summary>The Hessian of a scalar function of one tensor: shape <c>input.shape ++ input.shape</c>: the Jacobian of
            /// the (reverse-mode) gradient, taken by <paramref name="outer_jacobian_strategy"/>: <c>"reverse-mode"</c>
            /// (reverse over reverse) or <c>"forward-mode"</c> (forward over reverse, PyTorch's rules: with
            /// <paramref name="vectorize"/> only, without create_graph or strict). With <paramref name="vectorize"/> and reverse
            /// mode, the rows of the outer Jacobian are one batched backward through the gradient's graph.</summary>
            /// <exception cref="InvalidOperationException">The function does not return a single element; strict-mode
            /// independence.</exception>
            /// <exception cref="ArgumentException">An unknown strategy.</exception>
            public static Tensor hessian(Func<Tensor, Tensor> func, Tensor inputs, bool create_graph = false, bool strict = false,
                                         bool vectorize = false, string outer_jacobian_strategy = "reverse-mode") =>
                Functional.Hessian(xs => func(xs[0]), [inputs], create_graph, strict, vectorize, outer_jacobian_strategy)[0][0];

            /// <summary>The Hessian blocks of a scalar function of several tensors: <c>[i][j]</c> of shape
            /// <c>inputs[i].shape ++ inputs[j].shape</c>;
            /// see <see cref="hessian(Func{Tensor, Tensor}, Tensor, bool, bool, bool, string)"/>.</summary>
            public static Tensor[][] hessian(Func<Tensor[], Tensor> func, IList<Tensor> inputs, bool create_graph = false,
                                             bool strict = false, bool vectorize = false,
                                             string outer_jacobian_strategy = "reverse-mode") =>
                Functional.Hessian(func, [.. inputs], create_graph, strict, vectorize, outer_jacobian_strategy);

            /// <summary>The function's output and the vector-Jacobian product <c>vᵀJ</c> (shape of the input).
            /// <paramref name="v"/> may be null only when the output has one element.</summary>
            public static (Tensor output, Tensor vjp) vjp(Func<Tensor, Tensor> func, Tensor inputs, Tensor? v = null,
                                                          bool create_graph = false, bool strict = false)
            {
                (Tensor[] o, Tensor[] r) = Functional.Vjp(xs =>
                    [func(xs[0])], [inputs], v is null ? null : [v], create_graph, strict, false);
                return (o[0], r[0]);
            }

            /// <summary>The outputs and the vector-Jacobian products (one per input) of a several-tensor function.</summary>
            public static (Tensor[] outputs, Tensor[] vjp) vjp(Func<Tensor[], Tensor[]> func, IList<Tensor> inputs, IList<Tensor>? v = null,
                                                               bool create_graph = false, bool strict = false) =>
                Functional.Vjp(func, [.. inputs], v is null ? null : [.. v], create_graph, strict, true);

            /// <summary>The function's output and the Jacobian-vector product <c>Jv</c> (shape of the output), computed with the
            /// double-backward trick. <paramref name="v"/> may be null only when the input has one element.</summary>
            public static (Tensor output, Tensor jvp) jvp(Func<Tensor, Tensor> func, Tensor inputs, Tensor? v = null,
                                                          bool create_graph = false, bool strict = false)
            {
                (Tensor[] o, Tensor[] r) = Functional.Jvp(xs =>
                    [func(xs[0])], [inputs], v is null ? null : [v], create_graph, strict, false);
                return (o[0], r[0]);
            }

            /// <summary>The outputs and the Jacobian-vector products (one per output) of a several-tensor function.</summary>
            public static (Tensor[] outputs, Tensor[] jvp) jvp(Func<Tensor[], Tensor[]> func, IList<Tensor> inputs, IList<Tensor>? v = null,
                                                               bool create_graph = false, bool strict = false) =>
                Functional.Jvp(func, [.. inputs], v is null ? null : [.. v], create_graph, strict, true);

            /// <summary>The scalar output and the Hessian-vector product <c>Hv</c> (double-backward trick).</summary>
            public static (Tensor output, Tensor hvp) hvp(Func<Tensor, Tensor> func, Tensor inputs, Tensor? v = null,
                                                          bool create_graph = false, bool strict = false)
            {
                (Tensor o, Tensor[] r) = Functional.Hvp(xs =>
                    func(xs[0]), [inputs], v is null ? null : [v], create_graph, strict, false, "hvp");
                return (o, r[0]);
            }

            /// <summary>The scalar output and the Hessian-vector products (one per input) of a several-tensor function.</summary>
            public static (Tensor output, Tensor[] hvp) hvp(Func<Tensor[], Tensor> func, IList<Tensor> inputs, IList<Tensor>? v = null,
                                                            bool create_graph = false, bool strict = false) =>
                Functional.Hvp(func, [.. inputs], v is null ? null : [.. v], create_graph, strict, true, "hvp");

            /// <summary>The scalar output and the vector-Hessian product <c>vᵀH</c>.</summary>
            public static (Tensor output, Tensor vhp) vhp(Func<Tensor, Tensor> func, Tensor inputs, Tensor? v = null,
                                                          bool create_graph = false, bool strict = false)
            {
                (Tensor o, Tensor[] r) = Functional.Hvp(xs =>
                    func(xs[0]), [inputs], v is null ? null : [v], create_graph, strict, false, "vhp");
                return (o, r[0]);
            }

            /// <summary>The scalar output and the vector-Hessian products (one per input) of a several-tensor function.</summary>
            public static (Tensor output, Tensor[] vhp) vhp(Func<Tensor[], Tensor> func, IList<Tensor> inputs, IList<Tensor>? v = null,
                                                            bool create_graph = false, bool strict = false) =>
                Functional.Hvp(func, [.. inputs], v is null ? null : [.. v], create_graph, strict, true, "vhp");
        }
    }
}
