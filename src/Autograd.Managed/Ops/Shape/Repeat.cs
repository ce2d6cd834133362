namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>A copy tiled <paramref name="sizes"/>[i] times along each dim (sizes may add leading dims).</summary>
            /// <exception cref="ArgumentException">Fewer sizes than dims, or a negative size (PyTorch's messages).</exception>
            public Tensor repeat(params long[] sizes) => Ops.Repeats.Repeat(this, sizes);
            /// <summary>repeat, with <paramref name="reps"/> padded with leading ones to this tensor's rank.</summary>
            public Tensor tile(long[] reps) => Ops.Repeats.Tile(this, reps);
            /// <summary>Each slice of <paramref name="dim"/> (of the flattened tensor when null) repeated
            /// <paramref name="repeats"/> times in place. <paramref name="output_size"/>, when given, must be the result's size.</summary>
            public Tensor repeat_interleave(long repeats, long? dim = null, long? output_size = null) =>
                Ops.Repeats.Interleave(this, null, repeats, dim, output_size);
            /// <summary>Slice i of <paramref name="dim"/> repeated repeats[i] times (repeats: 0-d or 1-d int64).</summary>
            public Tensor repeat_interleave(Tensor repeats, long? dim = null, long? output_size = null) =>
                Ops.Repeats.Interleave(this, repeats, 0, dim, output_size);
        }
    }

    public static partial class torch
    {
        /// <summary>input.tile(dims).</summary>
        public static Tensor tile(Tensor input, long[] dims) => input.tile(dims);
        /// <summary>input.repeat_interleave(repeats, dim, output_size).</summary>
        public static Tensor repeat_interleave(Tensor input, long repeats, long? dim = null, long? output_size = null) =>
            input.repeat_interleave(repeats, dim, output_size);
        /// <summary>input.repeat_interleave(repeats, dim, output_size).</summary>
        public static Tensor repeat_interleave(Tensor input, Tensor repeats, long? dim = null, long? output_size = null) =>
            input.repeat_interleave(repeats, dim, output_size);
    }
}

namespace Autograd.Ops
{
    /// <summary>repeat / tile (an expand of interleaved size-1 dims, then one copy) and repeat_interleave
    /// (an index_select); the gradients are those ops' (a sum over the copies).</summary>
    internal static class Repeats
    {
        internal static Tensor Repeat(Tensor x, long[] sizes)
        {
            int rank = x._shape.Length;
            if (sizes.Length < rank)
                throw new ArgumentException("Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor");
            int n = sizes.Length, lead = n - rank;
            var interleaved = new long[2 * n];
            var expanded = new long[2 * n];
            var target = new long[n];
            for (int d = 0; d < n; d++)
            {
                long size = d < lead ? 1 : x._shape[d - lead];
                if (sizes[d] < 0)
                {
                    long[] t = Target(x, sizes);
                    throw new ArgumentException(
                        $"Trying to create tensor with negative dimension {t.FirstOrDefault(v => v < 0, sizes[d])}: {Shape.Format(t)}");
                }
                interleaved[2 * d] = 1;
                interleaved[2 * d + 1] = size;
                expanded[2 * d] = sizes[d];
                expanded[2 * d + 1] = size;
                target[d] = size * sizes[d];
            }
            Shape.Numel(target); // LibTorch's overflow message before anything is allocated
            Tensor result = x.reshape(interleaved).expand(expanded).reshape(target);
            return result._storage == x._storage ? result.clone() : result;
        }

        private static long[] Target(Tensor x, long[] sizes)
        {
            var t = new long[sizes.Length];
            int lead = sizes.Length - x._shape.Length;
            for (int d = 0; d < t.Length; d++) t[d] = sizes[d] * (d < lead ? 1 : x._shape[d - lead]);
            return t;
        }

        internal static Tensor Tile(Tensor x, long[] reps)
        {
            int rank = x._shape.Length;
            if (reps.Length >= rank) return Repeat(x, reps);
            var padded = new long[rank];
            Array.Fill(padded, 1);
            reps.CopyTo(padded, rank - reps.Length);
            return Repeat(x, padded);
        }

        internal static Tensor Interleave(Tensor x, Tensor? repeatsTensor, long repeats, long? dim, long? outputSize)
        {
            Tensor input = dim is null ? x.flatten() : x;
            int d = dim is long dd ? Shape.WrapDim(dd, input._shape.Length) : 0;
            if (input._shape.Length == 0) input = input.reshape(1);
            long n = input._shape[d];
            if (repeatsTensor is null)
            {
                if (repeats < 0) throw new ArgumentException("Repeats must be non-negative");
                if (outputSize is long o && Math.BigMul(n, repeats, out long want) == 0 && want >= 0 && o != want)
                    throw new ArgumentException($"repeat_interleave: Invalid output_size, expected {want} but got {o}");
                // LibTorch's composite: each slice broadcast along a new dim, copied, merged; the expand and the
                // copy check the counts (no index array of the result's length)
                long[] wide = [.. input._shape[..(d + 1)], repeats, .. input._shape[(d + 1)..]];
                return input.unsqueeze(d + 1).expand(wide).contiguous().flatten(d, d + 1);
            }
            if (repeatsTensor._dtype != ScalarType.Int64 && repeatsTensor._dtype != ScalarType.Int32)
                throw new NotSupportedException($"\"repeat_interleave_cpu\" not implemented for '{DType.ShortName(repeatsTensor._dtype)}'");
            if (repeatsTensor._shape.Length > 1) throw new ArgumentException("repeats must be 0-dim or 1-dim tensor");
            long[] counts = repeatsTensor.to(ScalarType.Int64).ToArray<long>();
            if (counts.Length != 1 && counts.Length != n)
                throw new ArgumentException(
                    $"repeats must have the same size as input along dim, but got repeats.size(0) = {counts.Length} and " +
                    $"input.size({d}) = {n}");
            if (counts.Length == 1)
            {
                if (counts[0] < 0) throw new ArgumentException("repeats can not be negative");
                return Interleave(input, null, counts[0], d, outputSize);
            }
            long sum = 0;
            foreach (long c in counts)
            {
                if (c < 0) throw new ArgumentException("repeats can not be negative");
                sum = unchecked(sum + c); // wraps as LibTorch's does; the index's size check rejects it
            }
            if (outputSize is long o2 && o2 != sum)
                throw new ArgumentException($"repeat_interleave: Invalid output_size, expected {sum} but got {o2}");
            Tensor idx = Tensor.Empty(Shape.CheckSizes([sum]), ScalarType.Int64); // the allocator judges the length
            for (long i = 0, k = 0; i < n; i++)
                for (long r = 0; r < counts[i]; r++) idx._storage.Element<long>(k++) = i;
            return Indexing.IndexSelect(input, d, idx, wrap: false);
        }
    }
}
