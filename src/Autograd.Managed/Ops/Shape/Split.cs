namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Views of consecutive pieces of <paramref name="size"/> along <paramref name="dim"/> (the last
            /// may be smaller).</summary>
            public Tensor[] split(long size, int dim = 0) => Ops.Splits.SplitBySize(this, size, dim);
            /// <summary>Views of consecutive pieces with the given sizes along <paramref name="dim"/>; the sizes must
            /// add up to the dim's size.</summary>
            public Tensor[] split(long[] sizes, long dim = 0) => Ops.Splits.SplitWithSizes(this, sizes, dim);
            /// <summary>Views of consecutive pieces with the given sizes along <paramref name="dim"/>.</summary>
            public Tensor[] split(ReadOnlySpan<long> sizes, long dim = 0) => Ops.Splits.SplitWithSizes(this, sizes.ToArray(), dim);
            /// <summary>Views of consecutive pieces with the given sizes along dim 0.</summary>
            public Tensor[] split(params long[] sizes) => Ops.Splits.SplitWithSizes(this, sizes, 0);
            /// <summary>Splits into <paramref name="chunks"/> views of ceil(size / chunks) along <paramref name="dim"/>
            /// (fewer when the size does not allow that many).</summary>
            public Tensor[] chunk(long chunks, long dim = 0) => Ops.Splits.Chunk(this, chunks, dim);
            /// <summary>Views of every slice along <paramref name="dimension"/>, with that dim removed.</summary>
            public Tensor[] unbind(long dimension = 0) => Ops.Splits.Unbind(this, dimension);
            /// <summary>The slice at <paramref name="index"/> of <paramref name="dim"/> (negative counts from the end),
            /// with that dim removed: a view.</summary>
            /// <exception cref="IndexOutOfRangeException">index outside [-size, size).</exception>
            public Tensor select(long dim, long index) => Ops.Splits.Select(this, dim, index, indexing: false);
        }
    }

    public static partial class torch
    {
        /// <summary>tensor.split(sizes, dim).</summary>
        public static Tensor[] split(Tensor tensor, long[] split_size_or_sections, long dim = 0) =>
            tensor.split(split_size_or_sections, dim);
        /// <summary>tensor.split(size, dim).</summary>
        public static Tensor[] split(Tensor tensor, long split_size, long dim = 0) => Ops.Splits.SplitBySize(tensor, split_size, dim);
        /// <summary>input.chunk(chunks, dim).</summary>
        public static Tensor[] chunk(Tensor input, long chunks, long dim = 0) => input.chunk(chunks, dim);
        /// <summary>input.unbind(dim).</summary>
        public static Tensor[] unbind(Tensor input, long dim = 0) => input.unbind(dim);
        /// <summary>input.select(dim, index).</summary>
        public static Tensor select(Tensor input, long dim, long index) => input.select(dim, index);
    }
}

namespace Autograd.Ops
{
    /// <summary>split, chunk, unbind (multi-output views sharing one backward node) and select.</summary>
    internal static class Splits
    {
        private static int CheckDim(Tensor x, long dim, string name)
        {
            if (x._shape.Length == 0) throw new ArgumentException($"{name} expects at least a 1-dimensional tensor");
            return Shape.WrapDim(dim, x._shape.Length);
        }

        /// <summary>A number of outputs one array can hold. LibTorch has no message for more (its vector
        /// throws std::length_error); this is ours.</summary>
        private static int CheckCount(long count, string name) => count <= Array.MaxLength ? (int)count
            : throw new ArgumentException($"{name}: {count} outputs are more than one array can hold");

        internal static Tensor[] SplitBySize(Tensor x, long size, long dim, string nodeName = "SplitBackward0")
        {
            int d = CheckDim(x, dim, "split");
            if (size < 0) throw new ArgumentException($"split expects split_size be non-negative, but got split_size={size}");
            long n = x._shape[d];
            if (size == 0 && n != 0)
                throw new ArgumentException($"split_size can only be 0 if dimension size is 0, but got dimension size of {n}");
            long count = size == 0 || n == 0 ? 1 : (n - 1) / size + 1; // no overflow for any size
            var sizes = new long[CheckCount(count, "split")];
            for (long i = 0; i < count; i++) sizes[i] = Math.Min(size, n - i * size);
            return Pieces(x, d, sizes, nodeName);
        }

        internal static Tensor[] SplitWithSizes(Tensor x, long[] sizes, long dim)
        {
            int d = CheckDim(x, dim, "split_with_sizes");
            long total = 0;
            foreach (long s in sizes)
            {
                if (s < 0) throw new ArgumentException(
                    $"split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes={Shape.Format(sizes)}");
                total = s > long.MaxValue - total ? -1 : total + s; // an overflowing sum matches no size
            }
            if (total != x._shape[d])
                throw new ArgumentException(
                    $"split_with_sizes expects split_sizes to sum exactly to {x._shape[d]} (input tensor's size at dimension " +
                    $"{d}), but got split_sizes={Shape.Format(sizes)}");
            return Pieces(x, d, (long[])sizes.Clone(), "SplitWithSizesBackward0");
        }

        internal static Tensor[] Chunk(Tensor x, long chunks, long dim)
        {
            if (chunks <= 0) throw new ArgumentException($"chunk expects `chunks` to be greater than 0, got: {chunks}");
            int d = CheckDim(x, dim, "chunk");
            long n = x._shape[d];
            long size = n == 0 ? 0 : (n - 1) / chunks + 1; // no overflow for any chunks
            // PyTorch: an empty dim with size 0 pieces still gives `chunks` empty views
            if (size == 0) return Pieces(x, d, new long[CheckCount(chunks, "chunk")], "SplitBackward0");
            return SplitBySize(x, size, d);
        }

        private static Tensor[] Pieces(Tensor x, int d, long[] sizes, string nodeName)
        {
            var outputs = new Tensor[sizes.Length];
            long start = 0;
            for (int i = 0; i < sizes.Length; i++)
            {
                long[] shape = (long[])x._shape.Clone();
                shape[d] = sizes[i];
                outputs[i] = Views.MakeView(x, shape, x._strides, x._offset + start * x._strides[d]);
                start += sizes[i];
            }
            ViewHistory.MarkMultiOutput(x, outputs);
            if (Graph.Needs(x)) Graph.Connect(new SplitBackward(nodeName, d, sizes), outputs, [x]);
            return outputs;
        }

        internal static Tensor[] Unbind(Tensor x, long dim)
        {
            if (x._shape.Length == 0) throw new ArgumentException("Dimension specified as 0 but tensor has no dimensions");
            int d = Shape.WrapDim(dim, x._shape.Length);
            var outputs = new Tensor[CheckCount(x._shape[d], "unbind")];
            using (torch.no_grad())
                for (int i = 0; i < outputs.Length; i++) outputs[i] = Select(x, d, i, indexing: false);
            ViewHistory.MarkMultiOutput(x, outputs);
            if (Graph.Needs(x)) Graph.Connect(new UnbindBackward0(d, outputs.Length), outputs, [x]);
            return outputs;
        }

        internal static Tensor Select(Tensor x, long dim, long index, bool indexing)
        {
            int rank = x._shape.Length;
            if (rank == 0) throw new IndexOutOfRangeException("select() cannot be applied to a 0-dim tensor.");
            int d = Shape.WrapDim(dim, rank);
            long size = x._shape[d];
            if (index < -size || index >= size)
                throw new IndexOutOfRangeException(indexing
                    ? $"index {index} is out of bounds for dimension {d} with size {size}"
                    : $"select(): index {index} out of range for tensor of size {Shape.Format(x._shape)} at dimension {d}");
            if (index < 0) index += size;
            long[] shape = new long[rank - 1], strides = new long[rank - 1];
            for (int i = 0, j = 0; i < rank; i++)
            {
                if (i == d) continue;
                shape[j] = x._shape[i];
                strides[j++] = x._strides[i];
            }
            Tensor result = Views.MakeView(x, shape, strides, x._offset + index * x._strides[d]);
            if (Graph.Needs(x)) Graph.Connect(new SelectBackward0(d, index), result, x);
            return result;
        }
    }

    // d(split(x))/dx = cat of the pieces' gradients (zeros for pieces that received none)
    internal sealed class SplitBackward(string nodeName, int dim, long[] sizes) : Node
    {
        public override string name() => nodeName;
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => t[0] is { } v ? Pieces(v, y) : new Tensor?[y.Length];

        private Tensor?[] Pieces(Tensor v, Tensor[] y)
        {
            var pieces = new Tensor?[y.Length];
            long offset = 0;
            for (int k = 0; k < y.Length; k++) { pieces[k] = v.narrow(dim, offset, sizes[k]); offset += sizes[k]; }
            return pieces;
        }
        internal override int NumOutputs => sizes.Length;
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            long[] shape = _inputs[0].Shape;
            ScalarType type = Array.Find(g, t => t is not null)!._dtype;
            var parts = new Tensor[sizes.Length];
            for (int i = 0; i < sizes.Length; i++)
            {
                long[] s = (long[])shape.Clone();
                s[dim] = sizes[i];
                parts[i] = g[i] ?? torch.zeros(s, type);
            }
            return [Join.Cat(parts, dim)];
        }
    }

    // d(unbind(x))/dx = stack of the slices' gradients (zeros for slices that received none)
    internal sealed class UnbindBackward0(int dim, int count) : Node
    {
        public override string name() => "UnbindBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            Enumerable.Range(0, count).Select(k => t[0]?.select(dim, k)).ToArray();
        internal override int NumOutputs => count;
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            long[] shape = _inputs[0].Shape;
            var sliceShape = new long[shape.Length - 1];
            for (int i = 0, j = 0; i < shape.Length; i++) if (i != dim) sliceShape[j++] = shape[i];
            ScalarType type = Array.Find(g, t => t is not null)!._dtype;
            var parts = new Tensor[count];
            for (int i = 0; i < count; i++) parts[i] = g[i] ?? torch.zeros(sliceShape, type);
            return [Join.Stack(parts, dim)];
        }
    }

    // d(x.select(dim, i))/dx = zeros with grad written at position i of dim
    internal sealed class SelectBackward0(int dim, long index) : Node
    {
        public override string name() => "SelectBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0]?.select(dim, index)];
        internal override Tensor?[] Apply(Tensor?[] g) => [Views.SliceScatterZeros(g[0]!.unsqueeze(dim), _inputs[0].Shape, dim, index)];
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) =>
            [Views.SliceScatterZeros(g[0]!.unsqueeze(dim + 1), [batch, .. _inputs[0].Shape], dim + 1, index)];
    }
}
