namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>A copy with the order of elements reversed along each of <paramref name="dims"/>.</summary>
            /// <exception cref="IndexOutOfRangeException">A dim is out of range.</exception>
            /// <exception cref="ArgumentException">A dim appears twice.</exception>
            public Tensor flip(params long[] dims) => Ops.Flips.Flip(this, dims);
            /// <summary>flip(1): columns reversed (at least 2 dims).</summary>
            public Tensor fliplr() => Ops.Flips.FlipAtLeast(this, 1, "fliplr", 2);
            /// <summary>flip(0): rows reversed (at least 1 dim).</summary>
            public Tensor flipud() => Ops.Flips.FlipAtLeast(this, 0, "flipud", 1);
            /// <summary>Elements shifted by <paramref name="shifts"/> along <paramref name="dims"/>, wrapping around;
            /// without dims the tensor is rolled flattened and restored to its shape.</summary>
            public Tensor roll(long shifts, long? dims = null) => Ops.Flips.Roll(this, [shifts], dims is long d ? [d] : []);
            /// <summary>roll along two dims.</summary>
            public Tensor roll((long, long) shifts, (long, long) dims) =>
                Ops.Flips.Roll(this, [shifts.Item1, shifts.Item2], [dims.Item1, dims.Item2]);
            /// <summary>roll along three dims.</summary>
            public Tensor roll((long, long, long) shifts, (long, long, long) dims) =>
                Ops.Flips.Roll(this, [shifts.Item1, shifts.Item2, shifts.Item3], [dims.Item1, dims.Item2, dims.Item3]);
            /// <summary>roll by shifts[i] along dims[i].</summary>
            public Tensor roll(long[] shifts, long[] dims) => Ops.Flips.Roll(this, shifts, dims);
            /// <summary>roll along dim 0 (TorchSharp's overload passes dims = {0}).</summary>
            public Tensor roll(long[] shifts) => Ops.Flips.Roll(this, shifts, [0]);
            /// <summary>roll by shifts[i] along dims[i]; empty dims flattens (one shift only).</summary>
            public Tensor roll(ReadOnlySpan<long> shifts, ReadOnlySpan<long> dims = default) =>
                Ops.Flips.Roll(this, shifts.ToArray(), dims.ToArray());
            /// <summary>Rotates by 90° <paramref name="k"/> times in the plane of <paramref name="dims"/> (default (0, 1)),
            /// from the first axis towards the second.</summary>
            public Tensor rot90(long k = 1, (long, long)? dims = null) => Ops.Flips.Rot90(this, k, dims ?? (0, 1));
        }
    }

    public static partial class torch
    {
        /// <summary>input.flip(dims).</summary>
        public static Tensor flip(Tensor input, params long[] dims) => input.flip(dims);
        /// <summary>input.fliplr().</summary>
        public static Tensor fliplr(Tensor input) => input.fliplr();
        /// <summary>input.flipud().</summary>
        public static Tensor flipud(Tensor input) => input.flipud();
        /// <summary>input.roll(shifts, dims).</summary>
        public static Tensor roll(Tensor input, long shifts, long? dims = null) => input.roll(shifts, dims);
        /// <summary>input.roll(shifts, dims).</summary>
        public static Tensor roll(Tensor input, (long, long) shifts, (long, long) dims) => input.roll(shifts, dims);
        /// <summary>input.roll(shifts, dims).</summary>
        public static Tensor roll(Tensor input, (long, long, long) shifts, (long, long, long) dims) => input.roll(shifts, dims);
        /// <summary>input.roll(shifts, dims).</summary>
        public static Tensor roll(Tensor input, long[] shifts, long[] dims) => input.roll(shifts, dims);
        /// <summary>input.roll(shifts) (along dim 0).</summary>
        public static Tensor roll(Tensor input, long[] shifts) => input.roll(shifts);
        /// <summary>input.roll(shifts, dims).</summary>
        public static Tensor roll(Tensor input, ReadOnlySpan<long> shifts, ReadOnlySpan<long> dims = default) => input.roll(shifts, dims);
        /// <summary>input.rot90(k, dims).</summary>
        public static Tensor rot90(Tensor input, long k = 1, (long, long)? dims = null) => input.rot90(k, dims);
    }
}

namespace Autograd.Ops
{
    /// <summary>flip (one strided copy: the source read with negated strides), roll and rot90 built on it,
    /// narrow, cat and transpose.</summary>
    internal static class Flips
    {
        internal static Tensor Flip(Tensor x, long[] dims)
        {
            int rank = x._shape.Length;
            var flipped = new bool[Math.Max(rank, 1)];
            foreach (long dim in dims)
            {
                int d = Shape.WrapDim(dim, rank);
                if (flipped[d]) throw new ArgumentException($"dim {d} appears multiple times in the list of dims");
                flipped[d] = true;
            }
            Tensor result = Tensor.Empty(x._shape, x._dtype);
            if (x._numel > 0)
            {
                long[] strides = (long[])x._strides.Clone();
                long offset = x._offset;
                for (int d = 0; d < rank; d++)
                {
                    if (!flipped[d]) continue;
                    offset += (x._shape[d] - 1) * strides[d];
                    strides[d] = -strides[d];
                }
                // a reading descriptor only: negative strides never escape into a public view
                Tensor reversed = new(x._storage, x._shape, strides, offset, x._dtype);
                Kernels.Copy(reversed, strides, result);
            }
            if (Graph.Needs(x)) Graph.Connect(new FlipBackward0((long[])dims.Clone()), result, x);
            return result;
        }

        internal static Tensor FlipAtLeast(Tensor x, long dim, string name, int minRank)
        {
            if (x._shape.Length < minRank) throw new ArgumentException($"Input must be >= {minRank}-d.");
            return Flip(x, [dim]);
        }

        internal static Tensor Roll(Tensor x, long[] shifts, long[] dims)
        {
            if (dims.Length == 0)
            {
                if (shifts.Length != 1) throw new ArgumentException($"shifts and dimensions must align. shifts: {shifts.Length}, dims:0");
                return Roll(x.flatten(), shifts, [0]).view(x._shape);
            }
            if (shifts.Length != dims.Length)
                throw new ArgumentException($"shifts and dimensions must align. shifts: {shifts.Length}, dims:{dims.Length}");
            int[] wrapped = Array.ConvertAll(dims, d => Shape.WrapDimOfShape(d, x._shape.Length));
            Tensor result = x;
            for (int i = 0; i < dims.Length; i++)
            {
                int d = wrapped[i];
                long n = result._shape.Length == 0 ? 1 : result._shape[d];
                if (n == 0) continue;
                long s = (shifts[i] % n + n) % n;
                if (s == 0) continue;
                // the last s slices move to the front
                result = Join.Cat([result.narrow(d, n - s, s), result.narrow(d, 0, n - s)], d);
            }
            return ReferenceEquals(result, x) ? x.clone() : result;
        }

        internal static Tensor Rot90(Tensor x, long k, (long, long) dims)
        {
            int rank = x._shape.Length;
            if (rank < 2) throw new ArgumentException($"expected total dims >= 2, but got total dims = {rank}");
            int a = Shape.WrapDim(dims.Item1, rank), b = Shape.WrapDim(dims.Item2, rank);
            if (a == b) throw new ArgumentException($"expected rotation dims to be different, but got dim0 = {a} and dim1 = {b}");
            return (((k % 4) + 4) % 4) switch
            {
                1 => x.flip(b).transpose(a, b),
                2 => x.flip(a, b),
                3 => x.flip(a).transpose(a, b),
                _ => x.clone(),
            };
        }
    }

    // d(flip x)/dx = flip(grad)
    internal sealed class FlipBackward0(long[] dims) : Node
    {
        public override string name() => "FlipBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0] is { } v ? Flips.Flip(v, dims) : null];
        internal override Tensor?[] Apply(Tensor?[] g) => [Flips.Flip(g[0]!, dims)];
    }
}
