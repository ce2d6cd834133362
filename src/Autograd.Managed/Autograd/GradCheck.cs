namespace Autograd;

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>Thrown by
        /// <see cref="gradcheck(Func{Tensor[], Tensor}, IList{Tensor}, double, double, double, bool, double, bool, bool, bool)"/>
        /// and <c>gradgradcheck</c> when a check fails (PyTorch's <c>GradcheckError</c>, a RuntimeError).</summary>
        public sealed class GradcheckError : InvalidOperationException
        {
            /// <summary>A failed check described by <paramref name="message"/>.</summary>
            public GradcheckError(string message) : base(message) { }

            /// <summary>A failed check caused by <paramref name="inner"/> (an exception thrown by the backward under test).</summary>
            public GradcheckError(string message, Exception inner) : base(message, inner) { }
        }

        /// <summary>
        /// Checks the gradients backward computes for <paramref name="func"/> against central finite differences, with respect
        /// to every input that requires grad (PyTorch's <c>torch.autograd.gradcheck</c>). Each entry of the Jacobians is
        /// compared as <c>|analytical - numerical| &lt;= atol + rtol * |numerical|</c>; with <paramref name="fast_mode"/> only
        /// <c>vᵀJu</c> for random vectors u and v is compared (one backward per output instead of one per output element).
        /// Backward is run twice per output and must agree within <paramref name="nondet_tol"/>; it must return zeros for zero
        /// output gradients, and (with <paramref name="check_undefined_grad"/>) accept undefined (null) output gradients.
        /// Inputs are perturbed in place without changing their version counters, as PyTorch perturbs <c>.data</c>.
        /// </summary>
        /// <param name="func">The function; its outputs that require grad are checked.</param>
        /// <param name="inputs">The inputs (should be float64: a float32 input that requires grad prints PyTorch's warning).</param>
        /// <param name="eps">The finite-difference step.</param>
        /// <param name="atol">Absolute tolerance.</param>
        /// <param name="rtol">Relative tolerance.</param>
        /// <param name="raise_exception">Throw <see cref="GradcheckError"/> on failure (true) or return false.</param>
        /// <param name="nondet_tol">How far two backward runs on the same input and output gradient may differ.</param>
        /// <param name="check_undefined_grad">Also check that backward treats undefined output gradients as zeros.</param>
        /// <param name="check_grad_dtypes">Also check that each gradient has its input's dtype.</param>
        /// <param name="fast_mode">Compare Jacobians projected on random vectors instead of element by element.</param>
        /// <returns>True when every check passes.</returns>
        /// <exception cref="GradcheckError">A check failed and <paramref name="raise_exception"/> is true; the message names the
        /// output and input and prints the numerical and analytical Jacobians (shape: input elements × output elements).</exception>
        /// <exception cref="ArgumentException">No input requires grad.</exception>
        /// <exception cref="InvalidOperationException">An input that requires grad has a stride-0 dimension.</exception>
        public static bool gradcheck(Func<Tensor[], Tensor> func, IList<Tensor> inputs, double eps = 1e-6, double atol = 1e-5,
                                     double rtol = 1e-3, bool raise_exception = true, double nondet_tol = 0.0,
                                     bool check_undefined_grad = true, bool check_grad_dtypes = false, bool fast_mode = false) =>
            gradcheck(xs => [func(xs)], inputs, eps, atol, rtol, raise_exception, nondet_tol, check_undefined_grad,
                      check_grad_dtypes, fast_mode);

        /// <summary><see cref="gradcheck(Func{Tensor[], Tensor}, IList{Tensor}, double, double, double, bool, double, bool, bool, bool)"/>
        /// for a function with several outputs (output indices in messages count only outputs that require grad).</summary>
        public static bool gradcheck(Func<Tensor[], IList<Tensor>> func, IList<Tensor> inputs, double eps = 1e-6, double atol = 1e-5,
                                     double rtol = 1e-3, bool raise_exception = true, double nondet_tol = 0.0,
                                     bool check_undefined_grad = true, bool check_grad_dtypes = false, bool fast_mode = false)
        {
            try
            {
                var check = new GradCheck(func, [.. inputs], eps, atol, rtol, nondet_tol, check_grad_dtypes);
                check.Run(fast_mode, check_undefined_grad);
                return true;
            }
            catch (GradcheckError) when (!raise_exception)
            {
                return false;
            }
        }

        /// <summary><see cref="gradcheck(Func{Tensor[], Tensor}, IList{Tensor}, double, double, double, bool, double, bool, bool, bool)"/>
        /// for a function of one tensor.</summary>
        public static bool gradcheck(Func<Tensor, Tensor> func, Tensor input, double eps = 1e-6, double atol = 1e-5,
                                     double rtol = 1e-3, bool raise_exception = true, double nondet_tol = 0.0,
                                     bool check_undefined_grad = true, bool check_grad_dtypes = false, bool fast_mode = false) =>
            gradcheck(xs => [func(xs[0])], [input], eps, atol, rtol, raise_exception, nondet_tol, check_undefined_grad,
                      check_grad_dtypes, fast_mode);

        /// <summary>
        /// Checks second derivatives (PyTorch's <c>torch.autograd.gradgradcheck</c>): <c>gradcheck</c> of the function that
        /// maps (inputs, output gradients) to the input gradients computed with <c>create_graph</c>, so backward through
        /// backward is compared with finite differences of backward. Without <paramref name="grad_outputs"/>, random
        /// output gradients uniform in [-1, 1) that require grad are drawn from the global generator.
        /// </summary>
        /// <param name="func">The function; its outputs that require grad are differentiated.</param>
        /// <param name="inputs">The inputs (float64 recommended).</param>
        /// <param name="grad_outputs">One gradient per output that requires grad, or null for random ones.</param>
        /// <param name="eps">The finite-difference step.</param>
        /// <param name="atol">Absolute tolerance.</param>
        /// <param name="rtol">Relative tolerance.</param>
        /// <param name="raise_exception">Throw <see cref="GradcheckError"/> on failure (true) or return false.</param>
        /// <param name="nondet_tol">How far two backward runs may differ.</param>
        /// <param name="check_undefined_grad">Also check undefined output gradients of the first derivative.</param>
        /// <param name="check_grad_dtypes">Also check gradient dtypes.</param>
        /// <param name="fast_mode">Compare projected Jacobians instead of element by element.</param>
        /// <returns>True when every check passes.</returns>
        /// <exception cref="GradcheckError">A check failed and <paramref name="raise_exception"/> is true.</exception>
        public static bool gradgradcheck(Func<Tensor[], IList<Tensor>> func, IList<Tensor> inputs, IList<Tensor>? grad_outputs = null,
                                         double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true,
                                         double nondet_tol = 0.0, bool check_undefined_grad = true, bool check_grad_dtypes = false,
                                         bool fast_mode = false)
        {
            Tensor[] xs = [.. inputs];
            if (grad_outputs is null)
            {
                var drawn = new List<Tensor>();
                foreach (Tensor o in func(xs))
                    if (o.requires_grad)
                        drawn.Add((torch.rand(o.shape, o.is_floating_point() ? o.dtype : ScalarType.Float64) * 2 - 1).requires_grad_(true));
                grad_outputs = drawn;
            }
            int n = xs.Length, m = grad_outputs.Count;
            bool[] differentiable = Array.ConvertAll(xs, x => x.requires_grad);
            IList<Tensor> FirstDerivative(Tensor[] args)
            {
                var diffInputs = new List<Tensor>();
                for (int i = 0; i < n; i++) if (differentiable[i]) diffInputs.Add(args[i]);
                var outputs = new List<Tensor>();
                foreach (Tensor o in func(args[..n])) if (o.requires_grad) outputs.Add(o);
                IList<Tensor?> grads = grad(outputs, diffInputs, args[n..], create_graph: true, allow_unused: true);
                var result = new List<Tensor>();
                foreach (Tensor? g in grads) if (g is not null) result.Add(g);
                return result;
            }
            return gradcheck(FirstDerivative, [.. xs, .. grad_outputs], eps, atol, rtol, raise_exception, nondet_tol,
                             check_undefined_grad, check_grad_dtypes, fast_mode);
        }

        /// <summary><see cref="gradgradcheck(Func{Tensor[], IList{Tensor}}, IList{Tensor}, IList{Tensor}?, double, double,
        /// double, bool, double, bool, bool, bool)"/> for a function with one output.</summary>
        public static bool gradgradcheck(Func<Tensor[], Tensor> func, IList<Tensor> inputs, IList<Tensor>? grad_outputs = null,
                                         double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true,
                                         double nondet_tol = 0.0, bool check_undefined_grad = true, bool check_grad_dtypes = false,
                                         bool fast_mode = false) =>
            gradgradcheck(xs => [func(xs)], inputs, grad_outputs, eps, atol, rtol, raise_exception, nondet_tol, check_undefined_grad,
                          check_grad_dtypes, fast_mode);
    }
}
