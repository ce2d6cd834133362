namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Views of <paramref name="size"/> nearly equal pieces along <paramref name="dim"/> (the first
            /// size % sections pieces one longer).</summary>
            /// <exception cref="ArgumentException">0-d input or sections &lt; 1.</exception>
            public Tensor[] tensor_split(long size, long dim = 0L) => Ops.Stacking.SplitSections(this, size, dim);
            /// <summary>Views split before each of <paramref name="sizes"/> (indices, clamped as Python slices are).</summary>
            public Tensor[] tensor_split(long[] sizes, long dim = 0L) => Ops.Stacking.SplitIndices(this, sizes, dim);
            /// <summary>tensor_split by a 0-d int64 tensor (sections) or a 1-d one (indices).</summary>
            public Tensor[] tensor_split(Tensor indices, long dim = 0L) => Ops.Stacking.SplitTensor(this, indices, dim);
            /// <summary>Splits dim 0 of a tensor of at least 2 dims into <paramref name="size"/> equal pieces.</summary>
            public Tensor[] vsplit(long size) => Ops.Stacking.SplitEqual(this, size, "vsplit", 2, 0);
            /// <summary>Splits dim 0 before the given indices.</summary>
            public Tensor[] vsplit(params long[] sizes) => Ops.Stacking.SplitAt(this, sizes, "vsplit", 2, 0);
            /// <summary>tensor_split(indices, 0).</summary>
            public Tensor[] vsplit(Tensor indices) => tensor_split(indices, 0);
            /// <summary>Splits dim 1 (dim 0 of a vector) into <paramref name="size"/> equal pieces.</summary>
            public Tensor[] hsplit(long size) => Ops.Stacking.SplitEqual(this, size, "hsplit", 1, _shape.Length == 1 ? 0 : 1);
            /// <summary>Splits dim 1 (dim 0 of a vector) before the given indices.</summary>
            public Tensor[] hsplit(params long[] sizes) => Ops.Stacking.SplitAt(this, sizes, "hsplit", 1, _shape.Length == 1 ? 0 : 1);
            /// <summary>tensor_split(indices, 1).</summary>
            public Tensor[] hsplit(Tensor indices) => tensor_split(indices, 1);
            /// <summary>Splits dim 2 of a tensor of at least 3 dims into <paramref name="size"/> equal pieces.</summary>
            public Tensor[] dsplit(long size) => Ops.Stacking.SplitEqual(this, size, "dsplit", 3, 2);
            /// <summary>dsplit before two indices.</summary>
            public Tensor[] dsplit((long, long) indices_or_sections) => dsplit(indices_or_sections.Item1, indices_or_sections.Item2);
            /// <summary>dsplit before three indices.</summary>
            public Tensor[] dsplit((long, long, long) indices_or_sections) =>
                dsplit(indices_or_sections.Item1, indices_or_sections.Item2, indices_or_sections.Item3);
            /// <summary>dsplit before four indices.</summary>
            public Tensor[] dsplit((long, long, long, long) indices_or_sections) =>
                dsplit(indices_or_sections.Item1, indices_or_sections.Item2, indices_or_sections.Item3, indices_or_sections.Item4);
            /// <summary>Splits dim 2 before the given indices.</summary>
            public Tensor[] dsplit(params long[] sizes) => Ops.Stacking.SplitAt(this, sizes, "dsplit", 3, 2);
            /// <summary>tensor_split(indices, 2).</summary>
            public Tensor[] dsplit(Tensor indices) => tensor_split(indices, 2);
        }
    }

    public static partial class torch
    {
        /// <summary>input.tensor_split(indices_or_sections, dim).</summary>
        public static Tensor[] tensor_split(Tensor input, long indices_or_sections, long dim = 0L) =>
            input.tensor_split(indices_or_sections, dim);
        /// <summary>input.tensor_split(indices_or_sections, dim).</summary>
        public static Tensor[] tensor_split(Tensor input, long[] indices_or_sections, long dim = 0L) =>
            input.tensor_split(indices_or_sections, dim);
        /// <summary>input.tensor_split(indices_or_sections, dim).</summary>
        public static Tensor[] tensor_split(Tensor input, Tensor indices_or_sections, long dim = 0L) =>
            input.tensor_split(indices_or_sections, dim);
        /// <summary>input.vsplit(indices_or_sections).</summary>
        public static Tensor[] vsplit(Tensor input, Tensor indices_or_sections) => input.vsplit(indices_or_sections);
        /// <summary>input.vsplit(size).</summary>
        public static Tensor[] vsplit(Tensor input, long size) => input.vsplit(size);
        /// <summary>input.vsplit(indices_or_sections).</summary>
        public static Tensor[] vsplit(Tensor input, long[] indices_or_sections) => input.vsplit(indices_or_sections);
        /// <summary>input.hsplit(indices_or_sections).</summary>
        public static Tensor[] hsplit(Tensor input, Tensor indices_or_sections) => input.hsplit(indices_or_sections);
        /// <summary>input.hsplit(sections).</summary>
        public static Tensor[] hsplit(Tensor input, long indices_or_sections) => input.hsplit(indices_or_sections);
        /// <summary>input.hsplit(indices).</summary>
        public static Tensor[] hsplit(Tensor input, long[] indices_or_sections) => input.hsplit(indices_or_sections);
        /// <summary>input.hsplit before two indices.</summary>
        public static Tensor[] hsplit(Tensor input, (long, long) indices_or_sections) =>
            input.hsplit(indices_or_sections.Item1, indices_or_sections.Item2);
        /// <summary>input.hsplit before three indices.</summary>
        public static Tensor[] hsplit(Tensor input, (long, long, long) indices_or_sections) =>
            input.hsplit(indices_or_sections.Item1, indices_or_sections.Item2, indices_or_sections.Item3);
        /// <summary>input.hsplit before four indices.</summary>
        public static Tensor[] hsplit(Tensor input, (long, long, long, long) indices_or_sections) =>
            input.hsplit(indices_or_sections.Item1, indices_or_sections.Item2, indices_or_sections.Item3, indices_or_sections.Item4);
        /// <summary>input.dsplit(indices_or_sections).</summary>
        public static Tensor[] dsplit(Tensor input, Tensor indices_or_sections) => input.dsplit(indices_or_sections);
        /// <summary>input.dsplit(size).</summary>
        public static Tensor[] dsplit(Tensor input, long size) => input.dsplit(size);
        /// <summary>input.dsplit(indices).</summary>
        public static Tensor[] dsplit(Tensor input, long[] indices_or_sections) => input.dsplit(indices_or_sections);
        /// <summary>input.dsplit(indices).</summary>
        public static Tensor[] dsplit(Tensor input, (long, long) indices_or_sections) => input.dsplit(indices_or_sections);
        /// <summary>input.dsplit(indices).</summary>
        public static Tensor[] dsplit(Tensor input, (long, long, long) indices_or_sections) => input.dsplit(indices_or_sections);
        /// <summary>input.dsplit(indices).</summary>
        public static Tensor[] dsplit(Tensor input, (long, long, long, long) indices_or_sections) => input.dsplit(indices_or_sections);

        /// <summary>tensor.unbind(dim) (TorchSharp's int overload).</summary>
        public static Tensor[] unbind(Tensor tensor, int dim = 0) => tensor.unbind(dim);

        /// <summary>cat along dim 1 of the tensors made at least 1-d (dim 0 for vectors).</summary>
        public static Tensor hstack(IList<Tensor> tensors) => Ops.Stacking.HStack([.. tensors]);
        /// <summary>hstack.</summary>
        public static Tensor hstack(params Tensor[] tensors) => Ops.Stacking.HStack(tensors);
        /// <summary>hstack.</summary>
        public static Tensor hstack(IEnumerable<Tensor> tensors) => Ops.Stacking.HStack([.. tensors]);
        /// <summary>hstack.</summary>
        public static Tensor hstack(ReadOnlySpan<Tensor> tensors) => Ops.Stacking.HStack(tensors.ToArray());
        /// <summary>cat along dim 0 of the tensors made at least 2-d.</summary>
        public static Tensor vstack(IList<Tensor> tensors) => Ops.Stacking.Stack([.. tensors], 2, 0, "vstack");
        /// <summary>vstack.</summary>
        public static Tensor vstack(Tensor[] tensors) => Ops.Stacking.Stack(tensors, 2, 0, "vstack");
        /// <summary>vstack.</summary>
        public static Tensor vstack(ReadOnlySpan<Tensor> tensors) => Ops.Stacking.Stack(tensors.ToArray(), 2, 0, "vstack");
        /// <summary>vstack (PyTorch's alias).</summary>
        public static Tensor row_stack(IList<Tensor> tensors) => Ops.Stacking.Stack([.. tensors], 2, 0, "vstack");
        /// <summary>vstack (PyTorch's alias).</summary>
        public static Tensor row_stack(params Tensor[] tensors) => Ops.Stacking.Stack(tensors, 2, 0, "vstack");
        /// <summary>vstack (PyTorch's alias).</summary>
        public static Tensor row_stack(ReadOnlySpan<Tensor> tensors) => Ops.Stacking.Stack(tensors.ToArray(), 2, 0, "vstack");
        /// <summary>cat along dim 2 of the tensors made at least 3-d.</summary>
        public static Tensor dstack(params Tensor[] tensors) => Ops.Stacking.Stack(tensors, 3, 2, "dstack");
        /// <summary>dstack.</summary>
        public static Tensor dstack(IList<Tensor> tensors) => Ops.Stacking.Stack([.. tensors], 3, 2, "dstack");
        /// <summary>dstack.</summary>
        public static Tensor dstack(ReadOnlySpan<Tensor> tensors) => Ops.Stacking.Stack(tensors.ToArray(), 3, 2, "dstack");
        /// <summary>dstack.</summary>
        public static Tensor dstack(IEnumerable<Tensor> tensors) => Ops.Stacking.Stack([.. tensors], 3, 2, "dstack");
        /// <summary>cat along dim 1, 0-d and 1-d tensors taken as columns.</summary>
        public static Tensor column_stack(IList<Tensor> tensors) => Ops.Stacking.ColumnStack([.. tensors]);
        /// <summary>column_stack.</summary>
        public static Tensor column_stack(params Tensor[] tensors) => Ops.Stacking.ColumnStack(tensors);
        /// <summary>column_stack.</summary>
        public static Tensor column_stack(ReadOnlySpan<Tensor> tensors) => Ops.Stacking.ColumnStack(tensors.ToArray());
    }
}

namespace Autograd.Ops
{
    /// <summary>tensor_split and its h/v/d forms (narrow views), and the h/v/d/column stacks (cat of
    /// reshaped views); gradients are narrow's and cat's.</summary>
    internal static class Stacking
    {
        private static int SplitDim(Tensor x, long dim)
        {
            if (x._shape.Length == 0)
                throw new ArgumentException("tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims");
            return Shape.WrapDim(dim, x._shape.Length);
        }

        internal static Tensor[] SplitSections(Tensor x, long sections, long dim)
        {
            int d = SplitDim(x, dim);
            if (sections <= 0) throw new ArgumentException($"number of sections must be larger than 0, got {sections}");
            if (sections > Array.MaxLength)
                throw new ArgumentException($"tensor_split: {sections} outputs are more than one array can hold");
            long n = x._shape[d], min = n / sections, extra = n % sections;
            var outputs = new Tensor[sections];
            long start = 0;
            for (long i = 0; i < sections; i++)
            {
                long size = min + (i < extra ? 1 : 0);
                outputs[i] = x.narrow(d, start, size);
                start += size;
            }
            return outputs;
        }

        internal static Tensor[] SplitIndices(Tensor x, long[] indices, long dim)
        {
            int d = SplitDim(x, dim);
            long n = x._shape[d];
            // Python slice bounds: negative counts from the end, then clamped; an end before its start is empty
            long Clamp(long i) => Math.Clamp(i < 0 ? i + n : i, 0, n);
            var outputs = new Tensor[indices.Length + 1];
            long start = 0;
            for (int i = 0; i <= indices.Length; i++)
            {
                long end = i < indices.Length ? Clamp(indices[i]) : n;
                long s = Math.Min(start, n), e = Math.Max(end, s);
                outputs[i] = x.narrow(d, s, e - s);
                start = end;
            }
            return outputs;
        }

        internal static Tensor[] SplitTensor(Tensor x, Tensor indices, long dim)
        {
            if (indices._dtype != ScalarType.Int64)
                throw new ArgumentException(
                    $"tensor_split expected tensor_indices_or_sections to have dtype of long, but got {DType.ShortName(indices._dtype)}");
            if (indices._shape.Length > 1)
                throw new ArgumentException(
                    $"tensor_split expected tensor_indices_or_sections to be a zero-dimensional or one-dimensional tensor, but " +
                    $"got a tensor with {indices._shape.Length} dims");
            return indices._shape.Length == 0
                ? SplitSections(x, indices.item<long>(), dim)
                : SplitIndices(x, indices.ToArray<long>(), dim);
        }

        private static void CheckRank(Tensor x, string name, int minRank)
        {
            if (x._shape.Length < minRank)
                throw new ArgumentException(
                    $"torch.{name} requires a tensor with at least {minRank} dimension, but got a tensor with {x._shape.Length} " +
                    $"dimensions!");
        }

        internal static Tensor[] SplitEqual(Tensor x, long sections, string name, int minRank, int dim)
        {
            CheckRank(x, name, minRank);
            if (sections == 0 || x._shape[dim] % sections != 0)
                throw new ArgumentException(
                    $"torch.{name} attempted to split along dimension {dim}, but the size of the dimension {x._shape[dim]} is " +
                    $"not divisible by the split_size {sections}!");
            return SplitSections(x, sections, dim);
        }

        internal static Tensor[] SplitAt(Tensor x, long[] indices, string name, int minRank, int dim)
        {
            CheckRank(x, name, minRank);
            return SplitIndices(x, indices, dim);
        }

        internal static Tensor HStack(Tensor[] tensors)
        {
            if (tensors.Length == 0) throw new ArgumentException("hstack expects a non-empty TensorList");
            Tensor[] parts = Array.ConvertAll(tensors, t => t.atleast_1d());
            return Join.Cat(parts, parts[0]._shape.Length == 1 ? 0 : 1);
        }

        internal static Tensor Stack(Tensor[] tensors, int rank, int dim, string name)
        {
            if (tensors.Length == 0) throw new ArgumentException($"{name} expects a non-empty TensorList");
            return Join.Cat(Array.ConvertAll(tensors, t => Rearrange.AtLeast(t, rank)), dim);
        }

        internal static Tensor ColumnStack(Tensor[] tensors)
        {
            if (tensors.Length == 0) throw new ArgumentException("column_stack expects a non-empty TensorList");
            return Join.Cat(Array.ConvertAll(tensors, t => t._shape.Length <= 1 ? t.reshape(t._numel, 1) : t), 1);
        }
    }
}
