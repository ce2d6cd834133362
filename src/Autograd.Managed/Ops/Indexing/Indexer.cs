using TensorIndex = Autograd.torch.TensorIndex;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>x[i]: the slice at position i of dim 0 (a view; negative i counts from the end).
            /// Setting copies the value (broadcast) into that slice.</summary>
            /// <exception cref="IndexOutOfRangeException">i outside [-size, size) (PyTorch's message).</exception>
            public Tensor this[long i1]
            {
                get => Ops.Indexer.Get(this, [i1]);
                set => Ops.Indexer.Set(this, [i1], value);
            }
            /// <summary>x[i, j].</summary>
            public Tensor this[long i1, long i2]
            {
                get => Ops.Indexer.Get(this, [i1, i2]);
                set => Ops.Indexer.Set(this, [i1, i2], value);
            }
            /// <summary>x[i, j, k].</summary>
            public Tensor this[long i1, long i2, long i3]
            {
                get => Ops.Indexer.Get(this, [i1, i2, i3]);
                set => Ops.Indexer.Set(this, [i1, i2, i3], value);
            }
            /// <summary>Python-style indexing: positions, slices (<c>x[1..3]</c>), Ellipsis, None, bool masks and
            /// int64 index tensors (several broadcast together). Basic indexing gives views; tensor indexing copies.
            /// Setting writes in place (copy_).</summary>
            public Tensor this[params TensorIndex[] indices]
            {
                get => Ops.Indexer.Get(this, indices);
                set => Ops.Indexer.Set(this, indices, value);
            }
            /// <summary>x[t]: elements selected by a bool mask or rows selected by an int64 tensor.</summary>
            public Tensor this[params Tensor[] indices]
            {
                get => Ops.Indexer.Get(this, Array.ConvertAll(indices, TensorIndex.Tensor));
                set => Ops.Indexer.Set(this, Array.ConvertAll(indices, TensorIndex.Tensor), value);
            }
            /// <summary>The same as the indexer <c>x[indices]</c>.</summary>
            public Tensor index(params TensorIndex[] indices) => Ops.Indexer.Get(this, indices);
            /// <summary>The same as the indexer <c>x[indices]</c> with tensor indices.</summary>
            public Tensor index(params Tensor[] indices) => this[indices];
            /// <summary>In place: x[indices] = value.</summary>
            public Tensor index_put_(Tensor value, params TensorIndex[] indices) { Ops.Indexer.Set(this, indices, value); return this; }
            /// <summary>In place: x[indices] = value.</summary>
            public Tensor index_put_(Scalar value,
                                     params TensorIndex[] indices) { Ops.Indexer.Set(this, indices,
                torch.tensor(value.Value, dtype)); return this; }
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>Python's indexing rules over views (select, strided slices, unsqueeze) plus one tensor
    /// index (index_select for positions, flattened positions for a bool mask); several tensor indices
    /// go through Note [Multi-tensor indexing].</summary>
    internal static partial class Indexer
    {
        internal static Tensor Get(Tensor x, TensorIndex[] indices)
        {
            if (TensorCount(indices) >= 2) return MultiGet(x, indices);
            var (view, dim, index) = Basic(x, indices);
            return index is null ? view : Advanced(view, dim, index);
        }

        internal static void Set(Tensor x, TensorIndex[] indices, Tensor value)
        {
            if (TensorCount(indices) >= 2)
            {
                Tensor reached = FlatPositions(x, indices);
                x.copy_(IndexOps.Put(x, reached, value.to(x.dtype).expand(reached._shape).contiguous(), accumulate: false));
                return;
            }
            Tensor view;
            int dim;
            Tensor? index;
            (view, dim, index) = Basic(x, indices); // views made in grad mode, so writes through them are differentiated
            if (index is null)
            {
                view.copy_(value);
                return;
            }
            if (index._dtype == ScalarType.Bool && value._numel == 1)
            {
                // x[mask] = scalar: one where over the view instead of a write per element
                long[] maskShape = [.. index._shape, .. Enumerable.Repeat(1L, view._shape.Length - dim - index._shape.Length)];
                using (torch.no_grad()) value = torch.where(index.reshape(maskShape), value.to(view._dtype).reshape([]), view.clone());
                view.copy_(value);
                return;
            }
            Tensor positions = Positions(view, ref dim, ref index, out Tensor flat);
            if (flat._storage != view._storage)
                throw new NotSupportedException(
                    "assigning through a bool mask over dims that cannot be flattened without a copy is not supported; use torch.where.");
            view = flat;
            long[] target = (long[])view._shape.Clone();
            target[dim] = positions._numel;
            Tensor source = value.expand(target);
            long[] at = positions.ToArray<long>();
            for (int i = 0; i < at.Length; i++) view.select(dim, at[i]).copy_(source.select(dim, i));
        }

        /// <summary>Applies every non-tensor entry as a view; returns the view, and the dim and tensor of
        /// the one tensor index if any.</summary>
        private static (Tensor View, int Dim, Tensor? Index) Basic(Tensor x, TensorIndex[] indices)
        {
            int consumed = 0, ellipses = 0;
            foreach (TensorIndex ix in indices)
            {
                if (ix.kind is TensorIndex.Kind.Single or TensorIndex.Kind.Slice) consumed++;
                else if (ix.kind == TensorIndex.Kind.Tensor)
                    consumed += ix.tensor!._dtype == ScalarType.Bool ? Math.Max(ix.tensor._shape.Length, 0) : 1;
                else if (ix.kind == TensorIndex.Kind.Ellipsis && ++ellipses > 1)
                    throw new ArgumentException("an index can only have a single ellipsis ('...')");
            }
            int rank = x._shape.Length;
            if (consumed > rank)
                throw new IndexOutOfRangeException($"too many indices for tensor of dimension {rank}");
            Tensor t = x;
            int d = 0, tensorDim = -1;
            Tensor? tensorIndex = null;
            foreach (TensorIndex ix in indices)
            {
                switch (ix.kind)
                {
                    case TensorIndex.Kind.Single:
                        t = Splits.Select(t, d, ix.start ?? 0, indexing: true);
                        break;
                    case TensorIndex.Kind.Slice:
                        t = Slice(t, d++, ix.start, ix.stop, ix.step ?? 1);
                        break;
                    case TensorIndex.Kind.None or TensorIndex.Kind.Null:
                        t = t.unsqueeze(d++);
                        break;
                    case TensorIndex.Kind.Bool:
                        t = t.unsqueeze(d);
                        if (ix.start == 0) t = t.narrow(d, 0, 0);
                        d++;
                        break;
                    case TensorIndex.Kind.Ellipsis:
                        d += rank - consumed;
                        break;
                    case TensorIndex.Kind.Tensor:
                        if (tensorIndex is not null)
                            throw new NotSupportedException(
                                "indexing with more than one tensor index is not supported by Autograd.Native.");
                        tensorIndex = ix.tensor!;
                        tensorDim = d;
                        d += tensorIndex._dtype == ScalarType.Bool ? tensorIndex._shape.Length : 1;
                        break;
                }
            }
            return (t, tensorDim, tensorIndex);
        }

        /// <summary>Python's slice start:stop:step on dim d: a strided view.</summary>
        internal static Tensor Slice(Tensor x, int d, long? start, long? stop, long step)
        {
            if (step <= 0) throw new ArgumentException("step must be greater than zero");
            long n = x._shape[d];
            long s = Clamp(start ?? 0, n), e = Clamp(stop ?? n, n);
            long length = e > s ? (e - s + step - 1) / step : 0;
            if (step == 1) return x.narrow(d, s, length);
            long[] shape = (long[])x._shape.Clone(), strides = (long[])x._strides.Clone();
            shape[d] = length;
            strides[d] *= step;
            Tensor result = Views.MakeView(x, shape, strides, x._offset + s * x._strides[d]);
            if (Graph.Needs(x)) Graph.Connect(new StridedSliceBackward(d, s, step), result, x);
            return result;
        }

        private static long Clamp(long i, long n) => Math.Clamp(i < 0 ? i + n : i, 0, n);

        /// <summary>The one tensor index as int64 positions along one dim of <paramref name="view"/>
        /// (a bool mask's dims are flattened into one).</summary>
        private static Tensor Positions(Tensor input, ref int dim, ref Tensor index, out Tensor view)
        {
            view = input;
            if (index._dtype == ScalarType.Int64)
                return Indexing.CheckIndex(index, view._shape[dim], dim, wrap: true, selectMessage: false);
            if (index._dtype != ScalarType.Bool)
                throw new IndexOutOfRangeException("tensors used as indices must be long, int, byte or bool tensors");
            int k = index._shape.Length;
            for (int i = 0; i < k; i++)
                if (index._shape[i] != view._shape[dim + i])
                    throw new IndexOutOfRangeException(
                        $"The shape of the mask {Shape.Format(index._shape)} at index {i} does not match the shape of the " +
                        $"indexed tensor {Shape.Format(view._shape)} at index {dim + i}");
            if (k == 0) view = view.unsqueeze(dim);
            else if (k > 1) view = view.flatten(dim, dim + k - 1);
            bool[] mask = index.ToArray<bool>();
            var at = new List<long>();
            for (int i = 0; i < mask.Length; i++) if (mask[i]) at.Add(i);
            return torch.tensor(at.ToArray());
        }

        private static Tensor Advanced(Tensor view, int dim, Tensor index)
        {
            long[] indexShape = index._dtype == ScalarType.Bool ? [-1] : index._shape;
            Tensor positions = Positions(view, ref dim, ref index, out Tensor flat);
            Tensor picked = flat.index_select(dim, positions.reshape(-1));
            long[] shape = [.. flat._shape[..dim], .. indexShape, .. flat._shape[(dim + 1)..]];
            return picked.reshape(shape);
        }
    }

    // d(x[s:e:step])/dx = grad written every step-th position of zeros
    internal sealed class StridedSliceBackward(int dim, long start, long step) : Node
    {
        public override string name() => "SliceBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [t[0] is { } v ? Indexer.Slice(v, dim, start, start + (y[0]._shape[dim] - 1) * step + 1, step) : null];
        internal override Tensor?[] Apply(Tensor?[] g) => [StridedSliceScatter(g[0]!, _inputs[0].Shape, dim, start, step)];

        internal static Tensor StridedSliceScatter(Tensor grad, long[] shape, int dim, long start, long step)
        {
            Tensor result = Tensor.Zeros(shape, grad._dtype);
            long[] strides = (long[])result._strides.Clone();
            strides[dim] *= step;
            Tensor window = new(result._storage, grad._shape, strides, start * result._strides[dim], grad._dtype);
            Kernels.Copy(grad, grad._strides, window);
            if (Graph.Needs(grad)) Graph.Connect(new StridedSliceScatterBackward(dim, start, step, grad._shape[dim]), result, grad);
            return result;
        }
    }

    // d(slice_scatter(g))/dg = grad sliced back
    internal sealed class StridedSliceScatterBackward(int dim, long start, long step, long length) : Node
    {
        public override string name() => "SliceScatterBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [t[0] is { } v ? StridedSliceBackward.StridedSliceScatter(v, y[0]._shape, dim, start, step) : null];
        internal override Tensor?[] Apply(Tensor?[] g) => [Indexer.Slice(g[0]!, dim, start, start + (length - 1) * step + 1, step)];
    }
}
