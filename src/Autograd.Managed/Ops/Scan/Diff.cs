namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>The <paramref name="n"/>-th forward difference along <paramref name="dim"/>
            /// (out[i] = x[i + 1] - x[i], applied n times; logical xor for bool), after concatenating
            /// <paramref name="prepend"/> and <paramref name="append"/> along dim. n larger than the length
            /// gives an empty result; n = 0 a copy. Differentiable through narrow and sub.</summary>
            /// <exception cref="ArgumentException">A 0-d input, a negative n, or prepend/append of another rank
            /// or of other sizes off dim (PyTorch's messages).</exception>
            public Tensor diff(long n = 1, long dim = -1, Tensor? prepend = null, Tensor? append = null) =>
                Ops.Differences.Diff(this, n, dim, prepend, append);
        }
    }

    public static partial class torch
    {
        /// <summary>input.diff(n, dim, prepend, append).</summary>
        public static Tensor diff(Tensor input, long n = 1, long dim = -1, Tensor? prepend = null, Tensor? append = null) =>
            input.diff(n, dim, prepend, append);
    }
}

namespace Autograd.Ops
{
    /// <summary>diff as PyTorch composes it: cat, then n rounds of narrow(1..) - narrow(..-1).</summary>
    internal static class Differences
    {
        internal static Tensor Diff(Tensor x, long n, long dim, Tensor? prepend, Tensor? append)
        {
            if (x._shape.Length == 0) throw new ArgumentException("diff expects input to be at least one-dimensional");
            if (n < 0) throw new ArgumentException($"order must be non-negative but got {n}");
            int d = Shape.WrapDim(dim, x._shape.Length);
            CheckCompatible(x, prepend, d);
            CheckCompatible(x, append, d);
            Tensor result = prepend is null && append is null
                ? x
                : torch.cat([.. prepend is null ? Array.Empty<Tensor>() : [prepend], x,
                             .. append is null ? Array.Empty<Tensor>() : [append]], d);
            if (n == 0) return result.clone();
            long len = result._shape[d];
            n = Math.Min(n, len);
            for (long i = 0; i < n; i++, len--)
            {
                Tensor hi = result.narrow(d, 1, len - 1), lo = result.narrow(d, 0, len - 1);
                result = result._dtype == ScalarType.Bool ? hi.logical_xor(lo) : hi.sub(lo);
            }
            return result;
        }

        private static void CheckCompatible(Tensor x, Tensor? other, int dim)
        {
            if (other is null) return;
            if (other._shape.Length != x._shape.Length)
                throw new ArgumentException("diff expects prepend or append to be the same dimension as input");
            for (int i = 0; i < x._shape.Length; i++)
                if (i != dim && other._shape[i] != x._shape[i])
                    throw new ArgumentException(
                        "diff expects the shape of tensor to prepend or append to match that of input except along the " +
                        $"differencing dimension; input.size({i}) = {x._shape[i]}, but got tensor.size({i}) = {other._shape[i]}");
        }
    }
}
