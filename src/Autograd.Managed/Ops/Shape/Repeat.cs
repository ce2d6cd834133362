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
        public static Tensor repeat_interleave(Tensor input, long repeats, long? dim = null, long? output_size = null) => input.repeat_interleave(repeats, dim, output_size);
        /// <summary>input.repeat_interleave(repeats, dim, output_size).</summary>
        public static Tensor repeat_interleave(Tensor input, Tensor repeats, long? dim = null, long? output_size = null) => input.repeat_interleave(repeats, dim, output_size);
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
                    throw new ArgumentException($"Trying to create tensor with negative dimension {t.FirstOrDefault(v => v < 0, sizes[d])}: {Shape.Format(t)}");
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
            long n = input._shape.Length == 0 ? 1 : input._shape[d];
            long[] counts;
            if (repeatsTensor is null)
            {
                if (repeats < 0) throw new ArgumentException("Repeats must be non-negative");
                counts = new long[n];
                Array.Fill(counts, repeats);
            }
            else
            {
                if (repeatsTensor._dtype != ScalarType.Int64 && repeatsTensor._dtype != ScalarType.Int32)
                    throw new NotSupportedException($"\"repeat_interleave_cpu\" not implemented for '{DType.ShortName(repeatsTensor._dtype)}'");
                if (repeatsTensor._shape.Length > 1) throw new ArgumentException("repeats must be 0-dim or 1-dim tensor");
                long[] given = repeatsTensor.to(ScalarType.Int64).ToArray<long>();
                if (given.Length != 1 && given.Length != n)
                    throw new ArgumentException($"repeats must have the same size as input along dim, but got repeats.size(0) = {given.Length} and input.size({d}) = {n}");
                if (given.Length == 1) { counts = new long[n]; Array.Fill(counts, given[0]); }
                else counts = given;
                foreach (long c in counts) if (c < 0) throw new ArgumentException("repeats can not be negative");
            }
            long total = 0;
            foreach (long c in counts) total = checked(total + c);
            if (outputSize is long o && o != total) throw new ArgumentException($"repeat_interleave: Invalid output_size, expected {total} but got {o}");
            var index = new long[total];
            for (long i = 0, k = 0; i < n; i++)
                for (long r = 0; r < counts[i]; r++) index[k++] = i;
            Tensor idx = torch.tensor(index, ScalarType.Int64);
            if (input._shape.Length == 0) input = input.reshape(1);
            return Indexing.IndexSelect(input, d, idx, wrap: false);
        }
    }
}
