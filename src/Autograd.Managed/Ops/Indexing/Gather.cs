namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>The slices of <paramref name="dim"/> at the positions in <paramref name="index"/> (1-d int64),
            /// in that order; positions may repeat. A copy.</summary>
            /// <exception cref="ArgumentException">index is not a 1-d int64 tensor.</exception>
            /// <exception cref="IndexOutOfRangeException">A position is outside [0, size).</exception>
            public Tensor index_select(long dim, Tensor index) => Ops.Indexing.IndexSelect(this, dim, index, wrap: false);
            /// <summary>out[i][j] = this[index[i][j]][j] for dim 0 (and likewise for other dims); index is int64 with
            /// this tensor's rank and sizes no larger than this tensor's outside <paramref name="dim"/>.</summary>
            public Tensor gather(long dim, Tensor index) => Ops.Indexing.Gather(this, dim, index);
            /// <summary>A copy of this tensor with <paramref name="src"/> added at the positions of
            /// <paramref name="index"/> along <paramref name="dim"/> (duplicates accumulate).</summary>
            public Tensor scatter_add(long dim, Tensor index, Tensor src) => Ops.Indexing.ScatterAdd(this, dim, index, src);
            /// <summary>A copy of this tensor with the slices of <paramref name="source"/> added at positions
            /// <paramref name="index"/> of <paramref name="dim"/>, scaled by <paramref name="alpha"/>.</summary>
            public Tensor index_add(long dim, Tensor index, Tensor source, Scalar alpha) =>
                Ops.Indexing.IndexAdd(this, dim, index, source, alpha);
        }
    }

    public static partial class torch
    {
        /// <summary>input.index_select(dim, index).</summary>
        public static Tensor index_select(Tensor input, long dim, Tensor index) => input.index_select(dim, index);
        /// <summary>input.gather(dim, index).</summary>
        public static Tensor gather(Tensor input, long dim, Tensor index) => input.gather(dim, index);
        /// <summary>input.gather(dim, index); <paramref name="sparse_grad"/> is accepted for source compatibility
        /// (gradients are always dense).</summary>
        public static Tensor gather(Tensor input, long dim, Tensor index, bool sparse_grad = false) => input.gather(dim, index);
        /// <summary>input.scatter_add(dim, index, src).</summary>
        public static Tensor scatter_add(Tensor input, long dim, Tensor index, Tensor src) => input.scatter_add(dim, index, src);
        /// <summary>input.index_add(dim, index, source, alpha).</summary>
        public static Tensor index_add(Tensor input, long dim, Tensor index, Tensor source, Scalar alpha) =>
            input.index_add(dim, index, source, alpha);
    }
}

namespace Autograd.Ops
{
    /// <summary>index_select, gather and their adjoints index_add / scatter_add into zeros; each one's
    /// derivative is the other, so any order of gradient stays differentiable.</summary>
    internal static partial class Indexing
    {
        /// <summary>Checks every position against <paramref name="size"/>; with <paramref name="wrap"/>
        /// negative positions count from the end (tensor indexing) and a wrapped copy is returned.</summary>
        internal static Tensor CheckIndex(Tensor index, long size, int dim, bool wrap, bool selectMessage)
        {
            long[] values = index.ToArray<long>();
            bool negative = false;
            foreach (long v in values)
            {
                if (v < -size || v >= size || (v < 0 && !wrap))
                    throw new IndexOutOfRangeException(selectMessage ? "index out of range in self"
                                                       : $"index {v} is out of bounds for dimension {dim} with size {size}");
                negative |= v < 0;
            }
            if (!negative) return index;
            for (int i = 0; i < values.Length; i++) if (values[i] < 0) values[i] += size;
            return torch.tensor(values, ScalarType.Int64).reshape(index._shape);
        }

        internal static Tensor IndexSelect(Tensor x, long dim, Tensor index, bool wrap)
        {
            if (index._dtype != ScalarType.Int64) throw new ArgumentException("index_select(): Expected dtype int64 for index");
            if (index._shape.Length > 1) throw new ArgumentException("index_select(): Index is supposed to be a vector");
            if (x._shape.Length == 0)
                return IndexSelect(x.reshape(1), 0, index, wrap).reshape(index._shape);
            int d = Shape.WrapDim(dim, x._shape.Length);
            Tensor idx = CheckIndex(index, x._shape[d], d, wrap, selectMessage: !wrap).reshape(-1);
            long[] shape = (long[])x._shape.Clone();
            shape[d] = idx._numel;
            Tensor result = Tensor.Empty(shape, x._dtype);
            if (result._numel > 0) Kernels.Index(IndexKernel.Select, x, d, idx, result);
            if (Graph.Needs(x)) Graph.Connect(new IndexSelectBackward0(d, idx), result, x);
            return result;
        }

        /// <summary>zeros(shape) with src's slices added at positions idx of dim (differentiable in src).</summary>
        internal static Tensor IndexAddZeros(Tensor src, long[] shape, int dim, Tensor idx)
        {
            Tensor result = Tensor.Zeros(shape, src._dtype);
            if (src._numel > 0) Kernels.Index(IndexKernel.Add, result, dim, idx, src);
            if (Graph.Needs(src)) Graph.Connect(new IndexAddBackward0(dim, idx), result, src);
            return result;
        }

        internal static Tensor IndexAdd(Tensor x, long dim, Tensor index, Tensor source, Scalar alpha)
        {
            if (index._dtype != ScalarType.Int64) throw new ArgumentException("index_add_(): Expected dtype int64 for index");
            if (source._dtype != x._dtype)
                throw new ArgumentException(
                    $"index_add_(): self ({DType.LegacyName(x._dtype)}) and source ({DType.LegacyName(source._dtype)}) must have " +
                    $"the same scalar type");
            if (index._shape.Length > 1)
                throw new ArgumentException(
                    $"index_add_(): Index is supposed to be a vector, but got dim: {index._shape.Length} with type: Long and " +
                    $"size: {Shape.Format(index._shape)}");
            int d = Shape.WrapDim(dim, x._shape.Length);
            if (x._shape.Length == 0)
            {
                // a 0-d self is one slot along dim 0: as a 1-element vector, with a 0-d source
                if (source._shape.Length != 0)
                    throw new ArgumentException(
                        $"source tensor shape must match self tensor shape, excluding the specified dimension. Got self.shape = " +
                        $"[] source.shape = {Shape.Format(source._shape)}");
                return IndexAdd(x.reshape(1), 0, index, source.reshape(1), alpha).reshape(Shape.Scalar);
            }
            Tensor idx = CheckIndex(index, x._shape[d], d, false, selectMessage: false).reshape(-1);
            long[] expected = (long[])x._shape.Clone();
            expected[d] = idx._numel;
            if (!Shape.SameShape(expected, source._shape))
                throw new ArgumentException(
                    $"index_add_(): Source/destination tensor must have same slice shapes. Destination slice shape: " +
                    $"{Shape.Format(x._shape)} at dimension {d} and source slice shape: {Shape.Format(source._shape)} at dimension {d}.");
            // LibTorch scales in self's dtype: a bool source times 2 stays bool (the sum is then a logical or)
            Tensor scaled = alpha.Value == 1 ? source : source.mul(alpha).to(x._dtype);
            return x.add(IndexAddZeros(scaled, x._shape, d, idx));
        }

        private static int CheckGather(string name, Tensor x, long dim, Tensor index)
        {
            if (index._dtype != ScalarType.Int64) throw new ArgumentException($"{name}(): Expected dtype int64 for index");
            int rank = Math.Max(x._shape.Length, 1);
            if (Math.Max(index._shape.Length, 1) != rank)
                throw new ArgumentException("Index tensor must have the same number of dimensions as input tensor");
            int d = Shape.WrapDim(dim, x._shape.Length);
            for (int i = 0; i < index._shape.Length; i++)
            {
                if (i != d && index._shape[i] > x._shape[i])
                    throw new ArgumentException(
                        $"Size does not match at dimension {i} expected index {Shape.Format(index._shape)} to be smaller than " +
                        $"self {Shape.Format(x._shape)} apart from dimension {d}");
            }
            return d;
        }

        internal static Tensor Gather(Tensor x, long dim, Tensor index)
        {
            if (x._shape.Length == 0) return Gather(x.reshape(1), 0, index.reshape(-1)).reshape(index._shape);
            int d = CheckGather("gather", x, dim, index);
            Tensor idx = CheckIndex(index, x._shape[d], d, false, selectMessage: false);
            Tensor result = Tensor.Empty(idx._shape, x._dtype);
            if (result._numel > 0) Kernels.Index(IndexKernel.Gather, x, d, idx, result);
            if (Graph.Needs(x)) Graph.Connect(new GatherBackward0(d, idx), result, x);
            return result;
        }

        /// <summary>zeros(shape).scatter_add(dim, idx, src), differentiable in src (its gradient is a gather).</summary>
        internal static Tensor ScatterAddZeros(Tensor src, long[] shape, int dim, Tensor idx)
        {
            Tensor result = Tensor.Zeros(shape, src._dtype);
            if (idx._numel > 0) Kernels.Index(IndexKernel.ScatterAdd, result, dim, idx, src);
            if (Graph.Needs(src)) Graph.Connect(new ScatterAddBackward0(dim, idx), result, src);
            return result;
        }

        internal static Tensor ScatterAdd(Tensor x, long dim, Tensor index, Tensor src)
        {
            int d = Scatters.Check("scatter_add", x, dim, index, src);
            if (src._shape.Length == 0) src = src.reshape(1);
            if (x._shape.Length == 0) return ScatterAdd(x.reshape(1), 0, index.reshape(-1), src.reshape(-1)).reshape(x._shape);
            // only src's leading idx-shaped part is read: narrow first so the gradient has src's shape
            for (int i = 0; i < Math.Min(index._shape.Length, src._shape.Length); i++) // ranks differ only for an empty index
                if (src._shape[i] != index._shape[i]) src = src.narrow(i, 0, index._shape[i]);
            return x.add(ScatterAddZeros(src, x._shape, d, index));
        }
    }

    // d(index_select(x, dim, i))/dx = zeros.index_add(dim, i, grad)
    internal sealed class IndexSelectBackward0(int dim, Tensor index) : Node
    {
        public override string name() => "IndexSelectBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [t[0] is { } v ? Indexing.IndexSelect(v, dim, index, wrap: false) : null];
        internal override Tensor?[] Apply(Tensor?[] g) => [Indexing.IndexAddZeros(g[0]!, _inputs[0].Shape, dim, index)];
    }

    // d(zeros.index_add(dim, i, src))/dsrc = grad.index_select(dim, i)
    internal sealed class IndexAddBackward0(int dim, Tensor index) : Node
    {
        public override string name() => "IndexAddBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [t[0] is { } v ? Indexing.IndexAddZeros(v, y[0]._shape, dim, index) : null];
        internal override Tensor?[] Apply(Tensor?[] g) => [Indexing.IndexSelect(g[0]!, dim, index, wrap: false)];
    }

    // d(gather(x, dim, i))/dx = zeros.scatter_add(dim, i, grad)
    internal sealed class GatherBackward0(int dim, Tensor index) : Node
    {
        public override string name() => "GatherBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0] is { } v ? Indexing.Gather(v, dim, index) : null];
        internal override Tensor?[] Apply(Tensor?[] g) => [Indexing.ScatterAddZeros(g[0]!, _inputs[0].Shape, dim, index)];
    }

    // d(zeros.scatter_add(dim, i, src))/dsrc = grad.gather(dim, i) (zero where src is not read)
    internal sealed class ScatterAddBackward0(int dim, Tensor index) : Node
    {
        public override string name() => "ScatterAddBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [t[0] is { } v ? Indexing.ScatterAddZeros(v, y[0]._shape, dim, index) : null];
        internal override Tensor?[] Apply(Tensor?[] g) => [Indexing.Gather(g[0]!, dim, index)];
    }
}
