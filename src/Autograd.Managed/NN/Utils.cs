namespace Autograd;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>PyTorch's <c>torch.nn.utils</c> for parameter lists: gradient clipping (per-tensor loops, PyTorch's
        /// <c>foreach=False</c> path) and flattening parameters into one vector and back.</summary>
        public static partial class utils
        {
            /// <summary>Scales the gradients of <paramref name="tensors"/> in place so that their total norm (the norm
            /// of all gradients concatenated into one vector) is at most <paramref name="max_norm"/>: each is
            /// multiplied by min(1, max_norm / (total + 1e-6)). Parameters without a gradient are skipped.</summary>
            /// <param name="tensors">The parameters (a <c>Parameter</c> is a <c>Tensor</c>).</param>
            /// <param name="max_norm">The largest total norm allowed.</param>
            /// <param name="norm_type">The p of the p-norm; <see cref="double.PositiveInfinity"/> for the largest magnitude.</param>
            /// <param name="error_if_nonfinite">Throw, leaving the gradients unchanged, when the total norm is NaN or infinite
            /// (otherwise they are scaled by the non-finite coefficient, as PyTorch does).</param>
            /// <returns>The total norm before clipping (0 when no parameter has a gradient).</returns>
            /// <exception cref="InvalidOperationException">A non-finite total norm with <paramref name="error_if_nonfinite"/>
            /// (PyTorch's RuntimeError and words).</exception>
            public static double clip_grad_norm_(IEnumerable<Tensor> tensors, double max_norm, double norm_type = 2.0,
                                                 bool error_if_nonfinite = false)
            {
                Tensor[] grads = Grads(tensors);
                if (grads.Length == 0) return 0.0;
                Tensor total;
                using (torch.no_grad())
                    total = torch.linalg.vector_norm(
                        torch.stack(grads.Select(g => torch.linalg.vector_norm(g, norm_type)).ToArray()), norm_type);
                double totalNorm = total.ToDouble();
                if (error_if_nonfinite && !double.IsFinite(totalNorm))
                    throw new InvalidOperationException(
                        $"The total norm of order {PyRepr.Float(norm_type)} for gradients from `parameters` is non-finite, so it " +
                        $"cannot be clipped. " +
                        "To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`");
                using (torch.no_grad())
                {
                    // in the gradients' dtype, as PyTorch computes it: clamp(max_norm / (total + 1e-6), max: 1)
                    Tensor coef = torch.full([], max_norm, total.dtype).div(total.add(1e-6)).clamp(max: 1.0);
                    foreach (Tensor g in grads) g.mul_(coef);
                }
                return totalNorm;
            }

            /// <summary>Clamps the gradients of <paramref name="tensors"/> in place to [-clip_value, clip_value]
            /// (NaN stays NaN). Parameters without a gradient are skipped.</summary>
            public static void clip_grad_value_(IEnumerable<Tensor> tensors, double clip_value)
            {
                Tensor[] grads = Grads(tensors);
                using (torch.no_grad())
                    foreach (Tensor g in grads) g.clamp_(-clip_value, clip_value);
            }

            /// <summary>The parameters flattened (row-major) and concatenated into one 1-D tensor, a copy with history
            /// back to each parameter.</summary>
            /// <exception cref="ArgumentException">No parameters, or parameters of different dtypes.</exception>
            public static Tensor parameters_to_vector(IEnumerable<Tensor> tensors)
            {
                ArgumentNullException.ThrowIfNull(tensors);
                Tensor[] ps = [.. tensors];
                return torch.cat(ps.Select(p => p.reshape(-1)).ToArray(), 0);
            }

            /// <summary>Copies consecutive slices of the 1-D <paramref name="vec"/> into the parameters, each reshaped to
            /// its parameter's shape (without recording history). PyTorch instead points each parameter's <c>.data</c>
            /// at the slice; the values are the same, but here the parameters keep their own storage. Checked before
            /// any parameter changes.</summary>
            /// <exception cref="ArgumentException"><paramref name="vec"/> not 1-D, shorter than the parameters' total
            /// number of elements, or of another dtype.</exception>
            public static void vector_to_parameters(Tensor vec, IEnumerable<Tensor> tensors)
            {
                ArgumentNullException.ThrowIfNull(vec);
                ArgumentNullException.ThrowIfNull(tensors);
                Tensor[] ps = [.. tensors];
                if (vec.dim() != 1)
                    throw new ArgumentException($"vector_to_parameters: expected a 1-D vector, but got a {vec.dim()}-D tensor");
                long total = ps.Sum(p => p.numel());
                if (vec.numel() < total)
                    throw new ArgumentException($"vector_to_parameters: the vector has {vec.numel()} elements, the parameters {total}");
                foreach (Tensor p in ps)
                    if (p.dtype != vec.dtype)
                        throw new ArgumentException(
                            $"vector_to_parameters: the vector is {DType.LegacyName(vec.dtype)}, a parameter {DType.LegacyName(p.dtype)}");
                long offset = 0;
                using (torch.no_grad())
                    foreach (Tensor p in ps)
                    {
                        p.copy_(vec.narrow(0, offset, p.numel()).view(p.shape));
                        offset += p.numel();
                    }
            }

            private static Tensor[] Grads(IEnumerable<Tensor> tensors)
            {
                ArgumentNullException.ThrowIfNull(tensors);
                return [.. tensors.Select(p => p ?? throw new ArgumentNullException(nameof(tensors))).Where(p =>
                        p._grad is not null).Select(p => p._grad!)];
            }
        }
    }
}
