using Autograd.Native;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>A copy with every slice at <paramref name="index"/> along <paramref name="dim"/> set to
            /// <paramref name="value"/> (negative positions count from the end). Differentiable in self.</summary>
            /// <exception cref="ArgumentException">A non-int64 or multi-dim index.</exception>
            /// <exception cref="IndexOutOfRangeException">A position outside the dim.</exception>
            public Tensor index_fill(long dim, Tensor index, Scalar value) => Ops.IndexOps.IndexFill(this, dim, index, value);
            /// <summary>In place: <see cref="index_fill"/>.</summary>
            public Tensor index_fill_(long dim, Tensor index, Scalar value) => copy_(index_fill(dim, index, value));
            /// <summary>A copy with the slices of <paramref name="source"/> written at <paramref name="index"/> along
            /// dim (source.size(dim) == index's length; a later duplicate wins). Differentiable in both.</summary>
            public Tensor index_copy(long dim, Tensor index, Tensor source) => Ops.IndexOps.IndexCopy(this, dim, index, source);
            /// <summary>In place: <see cref="index_copy"/>.</summary>
            public Tensor index_copy_(long dim, Tensor index, Tensor source) => copy_(index_copy(dim, index, source));
            /// <summary>A copy with the positions where <paramref name="mask"/> (broadcast to self) is true filled
            /// with consecutive elements of <paramref name="value"/> in row-major order. Differentiable in both.</summary>
            public Tensor masked_scatter(Tensor mask, Tensor value) => Ops.IndexOps.MaskedScatter(this, mask, value);
            /// <summary>In place: <see cref="masked_scatter"/>.</summary>
            public Tensor masked_scatter_(Tensor mask, Tensor value) => copy_(masked_scatter(mask, value));
            /// <summary>The elements at flat (row-major) positions <paramref name="index"/> (negative from the end),
            /// shaped like the index.</summary>
            public Tensor take(Tensor index) => Ops.IndexOps.Take(this, index);
            /// <summary>Elements picked along <paramref name="dim"/> by <paramref name="indices"/>, which broadcasts
            /// with self off dim (gather after broadcasting).</summary>
            public Tensor take_along_dim(Tensor indices, long dim) => Ops.IndexOps.TakeAlongDim(this, indices, dim);
            /// <summary>take_along_dim over the flattened tensor.</summary>
            public Tensor take_along_dim(Tensor indices) => Ops.IndexOps.TakeAlongDim(this, indices, null);
            /// <summary>take_along_dim with the indices given as numbers.</summary>
            public Tensor take_along_dim(IEnumerable<long> indices, long dim) => take_along_dim(torch.tensor(indices.ToArray()), dim);
            /// <summary>take_along_dim over the flattened tensor with the indices given as numbers.</summary>
            public Tensor take_along_dim(IEnumerable<long> indices) => take_along_dim(torch.tensor(indices.ToArray()));
            /// <summary>A copy with <paramref name="source"/>'s elements written at the flat positions
            /// <paramref name="index"/> (added when <paramref name="accumulate"/>).</summary>
            public Tensor put(Tensor index, Tensor source, bool accumulate = false) => Ops.IndexOps.Put(this, index, source, accumulate);
            /// <summary>In place: <see cref="put"/>.</summary>
            public Tensor put_(Tensor index, Tensor source, bool accumulate = false) => copy_(put(index, source, accumulate));
            /// <summary>In place: x[indices] = value, or += with <paramref name="accumulate"/> (duplicates add up).</summary>
            public Tensor index_put_(Tensor value, TensorIndex[] indices, bool accumulate = false) =>
                Ops.IndexOps.IndexPut(this, indices, value, accumulate);
            /// <summary>In place: x[indices] = value with tensor indices.</summary>
            public Tensor index_put_(Tensor value, params Tensor[] indices) =>
                index_put_(value, Array.ConvertAll(indices, TensorIndex.Tensor));
            /// <summary>In place: x[indices] = value, or += with <paramref name="accumulate"/>.</summary>
            public Tensor index_put_(Tensor value, Tensor[] indices, bool accumulate = false) =>
                index_put_(value, Array.ConvertAll(indices, TensorIndex.Tensor), accumulate);
            /// <summary>In place: x[indices] = value with tensor indices.</summary>
            public Tensor index_put_(Scalar value, params Tensor[] indices) =>
                index_put_(value, Array.ConvertAll(indices, TensorIndex.Tensor));
        }
    }

    public static partial class torch
    {
        /// <summary>input.index_fill(dim, index, value).</summary>
        public static Tensor index_fill(Tensor input, long dim, Tensor index, Scalar value) => input.index_fill(dim, index, value);
        /// <summary>input.index_fill_(dim, index, value).</summary>
        public static Tensor index_fill_(Tensor input, long dim, Tensor index, Scalar value) => input.index_fill_(dim, index, value);
        /// <summary>input.index_copy(dim, index, source).</summary>
        public static Tensor index_copy(Tensor input, long dim, Tensor index, Tensor source) => input.index_copy(dim, index, source);
        /// <summary>input.index_copy_(dim, index, source).</summary>
        public static Tensor index_copy_(Tensor input, long dim, Tensor index, Tensor source) => input.index_copy_(dim, index, source);
        /// <summary>input.masked_scatter(mask, source).</summary>
        public static Tensor masked_scatter(Tensor input, Tensor mask, Tensor source) => input.masked_scatter(mask, source);
        /// <summary>input.take(index).</summary>
        public static Tensor take(Tensor input, Tensor index) => input.take(index);
        /// <summary>input.take_along_dim(indices, dim); flattened when dim is null.</summary>
        public static Tensor take_along_dim(Tensor input, Tensor indices, long? dim = null) =>
            dim is long d ? input.take_along_dim(indices, d) : input.take_along_dim(indices);
        /// <summary>take_along_dim with the indices given as numbers.</summary>
        public static Tensor take_along_dim(Tensor input, IEnumerable<long> indices, long? dim = null) =>
            take_along_dim(input, torch.tensor(indices.ToArray()), dim);
    }
}

namespace Autograd.Ops
{
    /// <summary>index_fill, index_copy, masked_scatter, take, take_along_dim, put and accumulating index_put,
    /// composed from where, gather / index_select and scatter, so their gradients follow.</summary>
    internal static class IndexOps
    {
        private static Tensor Vector(string name, Tensor index, long size, int dim)
        {
            if (index._dtype != ScalarType.Int64) throw new ArgumentException($"{name}(): Expected dtype int64 for index");
            if (index._shape.Length > 1) throw new ArgumentException("Index has to be a vector/scalar");
            return Indexing.CheckIndex(index.reshape(-1), size, dim, wrap: true, selectMessage: false);
        }

        internal static Tensor IndexFill(Tensor x, long dim, Tensor index, Scalar value)
        {
            int d = Shape.WrapDim(dim, x._shape.Length);
            long size = x._shape.Length == 0 ? 1 : x._shape[d];
            Tensor idx = Vector("index_fill_", index, size, d);
            var hit = new bool[size];
            foreach (long i in idx.ToArray<long>()) hit[i] = true;
            long[] maskShape = new long[x._shape.Length];
            Array.Fill(maskShape, 1L);
            if (maskShape.Length > 0) maskShape[d] = size;
            Tensor mask = torch.tensor(hit).reshape(maskShape);
            return torch.where(mask, torch.full(Array.Empty<long>(), value, x._dtype), x);
        }

        internal static Tensor IndexCopy(Tensor x, long dim, Tensor index, Tensor source)
        {
            int d = Shape.WrapDim(dim, x._shape.Length);
            CheckIndexCopy(x, d, index, source);
            long count = index._numel, size = x._shape.Length == 0 ? 1 : x._shape[d];
            foreach (long i in index.reshape(-1).ToArray<long>())
                if (i < 0 || i >= size)
                    throw new IndexOutOfRangeException($"index_copy_(): index {i} is out of bounds for dimension {d} with size {size}");
            if (x._shape.Length == 0) return Scatters.ScatterOf(x, 0, index.reshape([]), source.reshape([]));
            if (source._shape.Length == 0) source = source.reshape(1); // x is 1-d here: the checks passed
            long[] expandedShape = (long[])x._shape.Clone();
            expandedShape[d] = count;
            long[] idxShape = new long[x._shape.Length];
            Array.Fill(idxShape, 1L);
            idxShape[d] = count;
            Tensor full = index.reshape(idxShape).expand(expandedShape).contiguous();
            return Scatters.ScatterOf(x, d, full, source);
        }

        /// <summary>LibTorch's index_copy checks, in its order and words (so the first problem reported is
        /// LibTorch's): index rank, a scalar source's index count, ranks, dtypes, slice shapes, index count.</summary>
        private static void CheckIndexCopy(Tensor x, int d, Tensor index, Tensor source)
        {
            int rank = x._shape.Length, srcRank = source._shape.Length;
            if (index._shape.Length > 1)
                throw new IndexOutOfRangeException("index_copy_(): Index should have dimension 1 or 0 (got " + index._shape.Length + ")");
            long count = index._numel;
            if (srcRank == 0 && count != 1)
                throw new IndexOutOfRangeException($"index_copy_(): When source is scalar, index should have one element (got {count})");
            if (srcRank != 0 && rank != 0 && srcRank != rank)
                throw new IndexOutOfRangeException(
                    "index_copy_(): When source and destination are not scalars, their dimensionality must match. " +
                    $"Source dimensionality ({srcRank}), destination dimensionality ({rank})");
            if (index._dtype != ScalarType.Int64)
                throw new ArgumentException("index_copy_(): Expected a long tensor for index, but got " + DType.ShortName(index._dtype));
            if (source._dtype != x._dtype)
                throw new ArgumentException(
                    $"index_copy_(): self and source expected to have the same dtype, but got (self) {DType.ShortName(x._dtype)} " +
                    $"and (source) {DType.ShortName(source._dtype)}");
            // Each side's sizes without dim (a 0-d side has none), printed as LibTorch prints a std::vector (space
            // separated, no brackets); it names the source's dim 0 whatever dim is.
            long[] xSlice = rank == 0 ? [] : [.. x._shape[..d], .. x._shape[(d + 1)..]];
            long[] srcSlice = srcRank == 0 ? [] : [.. source._shape[..d], .. source._shape[(d + 1)..]];
            if (!Shape.SameShape(xSlice, srcSlice))
                throw new ArgumentException(
                    $"index_copy_(): Source/destination tensor must have same slice shapes. Destination slice shape: " +
                    $"{string.Join(' ', xSlice)} " +
                    $"at dimension {d} and source slice shape: {string.Join(' ', srcSlice)} at dimension 0.");
            if (srcRank != 0 && count != source._shape[d])
                throw new IndexOutOfRangeException(
                    $"index_copy_(): Number of indices ({count}) should be equal to source.size(dim) ({source._shape[d]})");
        }

        internal static Tensor MaskedScatter(Tensor x, Tensor mask, Tensor source)
        {
            if (mask._dtype != ScalarType.Bool)
                throw new ArgumentException(
                    $"masked_scatter_ only supports boolean masks, but got mask with dtype {DType.Name(mask._dtype)}");
            if (source._dtype != x._dtype)
                throw new ArgumentException(
                    $"masked_scatter: expected self and source to have same dtypes but got{DType.ShortName(x._dtype)} and " +
                    $"{DType.ShortName(source._dtype)}");
            Tensor m = mask.expand(x._shape).contiguous();
            bool[] flags = m.ToArray<bool>();
            var at = new List<long>();
            for (int i = 0; i < flags.Length; i++) if (flags[i]) at.Add(i);
            if (at.Count > source._numel)
                throw new ArgumentException("masked_scatter: expected source to have at least as many elements as ones in mask");
            if (at.Count == 0) return x.clone();
            Tensor values = source.reshape(-1).narrow(0, 0, at.Count);
            return Put(x, torch.tensor(at.ToArray()), values, false);
        }

        internal static Tensor Take(Tensor x, Tensor index)
        {
            if (index._dtype != ScalarType.Int64)
                throw new ArgumentException($"take(): Expected a long tensor for index, but got {DType.ShortName(index._dtype)}");
            long n = x._numel;
            long[] values = index.contiguous().ToArray<long>();
            foreach (long v in values)
                if (v < -n || v >= n)
                    throw new IndexOutOfRangeException($"out of range: tried to access index {v} on a tensor of {n} elements.");
            Tensor flat = Indexing.CheckIndex(index.reshape(-1), n, 0, wrap: true, selectMessage: false);
            return x.reshape(-1).index_select(0, flat).reshape(index._shape);
        }

        internal static Tensor TakeAlongDim(Tensor x, Tensor indices, long? dim)
        {
            if (indices._dtype != ScalarType.Int64)
                throw new ArgumentException(
                    $"torch.take_along_dim(): dtype of indices should be Long but got {DType.ShortName(indices._dtype)}");
            if (dim is null) return x.reshape(-1).gather(0, indices.reshape(-1));
            if (x._shape.Length != indices._shape.Length)
                throw new ArgumentException("torch.take_along_dim(): input and indices should have the same number of dimensions, " +
                                            $"but got {x._shape.Length} dimensions for input, and {indices._shape.Length} " +
                                            $"dimensions for indices");
            int d = Shape.WrapDim(dim.Value, x._shape.Length);
            long[] xs = (long[])x._shape.Clone(), ids = (long[])indices._shape.Clone();
            xs[d] = 1;
            ids[d] = 1;
            long[] common = Shape.Broadcast(xs, ids);
            long[] xTarget = (long[])common.Clone(), iTarget = (long[])common.Clone();
            xTarget[d] = x._shape[d];
            iTarget[d] = indices._shape[d];
            return x.expand(xTarget).gather(d, indices.expand(iTarget).contiguous());
        }

        internal static Tensor Put(Tensor x, Tensor index, Tensor source, bool accumulate)
        {
            if (index._dtype != ScalarType.Int64)
                throw new ArgumentException($"put_(): Expected a long tensor for index, but got {DType.ShortName(index._dtype)}");
            if (source._dtype != x._dtype)
                throw new ArgumentException(
                    $"put_(): self and source expected to have the same dtype, but got self.dtype = {DType.ShortName(x._dtype)} " +
                    $"and source.dtype = {DType.ShortName(source._dtype)}");
            if (index._numel != source._numel)
                throw new ArgumentException(
                    $"put_(): Expected source and index to have the same number of elements, but got source.numel() = " +
                    $"{source._numel}, index.numel() = {index._numel}");
            long n = x._numel;
            foreach (long v in index.contiguous().ToArray<long>())
                if (v < -n || v >= n)
                    throw new IndexOutOfRangeException($"out of range: tried to access index {v} on a tensor of {n} elements.");
            Tensor flatIndex = Indexing.CheckIndex(index.reshape(-1), n, 0, wrap: true, selectMessage: false).contiguous();
            Tensor flat = x.reshape(-1), src = source.reshape(-1);
            Tensor result = accumulate ? Scatters.ScatterReduce(flat, 0, flatIndex, src, "sum", true)
                : Scatters.ScatterOf(flat, 0, flatIndex, src);
            return result.reshape(x._shape);
        }

        /// <summary>x[indices] = value (+= with accumulate) in place, through the flat positions the indices
        /// reach (<see cref="Indexer.FlatPositions"/>).</summary>
        internal static Tensor IndexPut(Tensor x, torch.TensorIndex[] indices, Tensor value, bool accumulate)
        {
            if (!accumulate) { Indexer.Set(x, indices, value); return x; }
            if (value._dtype != x._dtype)
                throw new ArgumentException(
                    $"Index put requires the source and destination dtypes match, got {DType.ShortName(x._dtype)} for the " +
                    $"destination and {DType.ShortName(value._dtype)} for the source.");
            Tensor positions = Indexer.FlatPositions(x, indices);
            Tensor values;
            try { values = value.expand(positions._shape); }
            catch (ArgumentException)
            {
                throw new ArgumentException(
                    $"shape mismatch: value tensor of shape {Shape.Format(value._shape)} cannot be broadcast to indexing result " +
                    $"of shape {Shape.Format(positions._shape)}");
            }
            x.copy_(Put(x, positions, values.contiguous(), accumulate: true));
            return x;
        }
    }
}
