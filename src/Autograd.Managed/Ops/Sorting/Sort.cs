using Autograd.Native;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>The elements sorted along <paramref name="dim"/> and their source positions. The sort is
            /// always stable (ties and -0.0 / 0.0 keep their order, as LibTorch's CPU sort does); NaN sorts as the
            /// largest value. The gradient flows back to the source positions.</summary>
            /// <exception cref="IndexOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
            public (Tensor Values, Tensor Indices) sort(long dim = -1, bool descending = false, bool stable = false) =>
                Ops.Sorting.Sort(this, dim, descending);
            /// <summary>The positions that sort the tensor along <paramref name="dim"/> (int64; stable, NaN largest).</summary>
            public Tensor argsort(long dim = -1, bool descending = false, bool stable = false) =>
                Ops.Sorting.ArgSort(this, dim, descending);
            /// <summary>sort(0).Values.</summary>
            public Tensor msort() => sort(0).Values;
            /// <summary>The <paramref name="k"/> largest (or smallest) elements along <paramref name="dim"/> and their
            /// positions; NaN is larger than every number. Which of equal elements are returned, and in which order, are
            /// LibTorch's CPU kernel's (its selection is not stable): sorted by value, except that with
            /// <paramref name="sorted"/> = false and k * 64 greater than the dim's size the order is its selection order.
            /// The gradient flows to the returned positions.</summary>
            /// <exception cref="ArgumentException">k is negative or larger than the dim's size (LibTorch's message).</exception>
            public (Tensor values, Tensor indexes) topk(int k, int dim = -1, bool largest = true, bool sorted = true) =>
                Ops.Sorting.TopK(this, k, dim, largest, sorted);
            /// <summary>The <paramref name="k"/>-th smallest element (1-based) along <paramref name="dim"/> (default last)
            /// and its position.</summary>
            /// <exception cref="ArgumentException">k outside [1, size] or an empty dim (LibTorch's messages).</exception>
            /// <exception cref="NotSupportedException">A bool tensor (LibTorch's kernel has no bool version).</exception>
            public (Tensor values, Tensor indices) kthvalue(long k, long? dim = -1, bool keepdim = false) =>
                Ops.Sorting.KthValue(this, k, dim ?? -1, keepdim);
            /// <summary>input.kthvalue(k, dim, keepdim) (TorchSharp's instance form taking the input).</summary>
            public (Tensor values, Tensor indices) kthvalue(Tensor input, long k, long? dim, bool keepdim = false) =>
                input.kthvalue(k, dim, keepdim);
            /// <summary>The lower median of all elements (a 0-d tensor); NaN when any element is NaN. The gradient is
            /// shared evenly among the elements equal to it.</summary>
            /// <exception cref="NotSupportedException">A bool tensor, for every median form (as in LibTorch).</exception>
            public Tensor median() => Ops.Sorting.MedianAll(this);
            /// <summary>The lower median of the elements that are not NaN (NaN when all are); the gradient is shared
            /// evenly among the elements equal to it.</summary>
            public Tensor nanmedian() => Ops.Sorting.MedianAll(this, ignoreNan: true);
            /// <summary>The lower median along <paramref name="dim"/> and its position; NaN (at the first NaN) when a
            /// line holds NaN.</summary>
            public (Tensor values, Tensor indices) median(long dim, bool keepdim = false) => Ops.Sorting.MedianDim(this, dim, keepdim);
            /// <summary>The most frequent value along <paramref name="dim"/> (the smallest among equally frequent ones)
            /// and the last position where it occurs.</summary>
            /// <exception cref="ArgumentException">An empty dim (LibTorch's message).</exception>
            public (Tensor values, Tensor indices) mode(long dim = -1, bool keepdim = false) => Ops.Sorting.Mode(this, dim, keepdim);
        }
    }

    public static partial class torch
    {
        /// <summary>input.sort(dim, descending, stable).</summary>
        public static (Tensor values, Tensor indices) sort(Tensor input, long dim = -1, bool descending = false, bool stable = false) =>
            input.sort(dim, descending, stable);
        /// <summary>input.argsort(dim, descending, stable).</summary>
        public static Tensor argsort(Tensor input, long dim = -1, bool descending = false, bool stable = false) =>
            input.argsort(dim, descending, stable);
        /// <summary>tensor.msort().</summary>
        public static Tensor msort(Tensor tensor) => tensor.msort();
        /// <summary>tensor.topk(k, dim, largest, sorted).</summary>
        public static (Tensor values, Tensor indices) topk(Tensor tensor, int k, int dim = -1, bool largest = true, bool sorted = true) =>
            tensor.topk(k, dim, largest, sorted);
        /// <summary>input.kthvalue(k, dim, keepdim).</summary>
        public static (Tensor values, Tensor indices) kthvalue(Tensor input, long k, long? dim = -1, bool keepdim = false) =>
            input.kthvalue(k, dim, keepdim);
        /// <summary>input.median().</summary>
        public static Tensor median(Tensor input) => input.median();
        /// <summary>See <see cref="Tensor.nanmedian()"/>.</summary>
        public static Tensor nanmedian(Tensor input) => input.nanmedian();
        /// <summary>input.median(dim, keepdim).</summary>
        public static (Tensor values, Tensor indices) median(Tensor input, long dim, bool keepdim = false) => input.median(dim, keepdim);
        /// <summary>input.mode(dim, keepdim).</summary>
        public static (Tensor values, Tensor indices) mode(Tensor input, long dim = -1, bool keepdim = false) => input.mode(dim, keepdim);
    }
}

namespace Autograd.Ops
{
    /// <summary>sort (native agn_sort) and the selections built on it: topk, kthvalue, median, mode.</summary>
    internal static class Sorting
    {
        /// <summary>The dtype the native sort runs in: float32/float64/int64 as they are, bool and the small
        /// integers as int64, float16/bfloat16 as float32 (exact widenings, so the order is the same).</summary>
        private static ScalarType KernelType(ScalarType t) =>
            t is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Int64 ? t : DType.IsFloating(t) ? ScalarType.Float32
                : ScalarType.Int64;

        /// <summary>Sorted positions along dim (int64, x's shape), computed natively.</summary>
        internal static Tensor Order(Tensor x, int dim, bool descending)
        {
            ScalarType kt = KernelType(x._dtype);
            Tensor src = x._dtype == kt ? x : Kernels.ConvertContiguous(x, kt); // any layout is fine for the kernel
            Tensor indices = Tensor.Empty(x._shape, ScalarType.Int64);
            Kernels.Sort(src, dim, descending, indices);
            return indices;
        }

        /// <summary>x's elements at <paramref name="indices"/> along dim, with the gradient scattered back.</summary>
        internal static Tensor Select(Tensor x, int dim, Tensor indices, bool keepdim, string nodeName)
        {
            Tensor values;
            using (torch.no_grad())
                values = x._shape.Length == 0 ? x.clone() : x.gather(dim, indices);
            Tensor outIdx = indices;
            if (!keepdim && x._shape.Length > 0)
            {
                values = values.squeeze(dim);
                outIdx = indices.squeeze(dim);
            }
            if (Graph.Needs(x))
            {
                var node = Graph.Connect(new SelectionBackward(nodeName, dim, keepdim, x._shape), values, x);
                node.Indices = new SavedTensor(indices);
            }
            return values;
        }

        internal static (Tensor, Tensor) Sort(Tensor x, long dim, bool descending)
        {
            int d = Shape.WrapDim(dim, x._shape.Length);
            Tensor indices = Order(x, d, descending);
            return (Select(x, d, indices, true, "SortBackward0"), indices);
        }

        internal static Tensor ArgSort(Tensor x, long dim, bool descending) => Order(x, Shape.WrapDim(dim, x._shape.Length), descending);

        internal static (Tensor, Tensor) TopK(Tensor x, long k, long dim, bool largest, bool sorted)
        {
            int d = Shape.WrapDim(dim, x._shape.Length);
            long size = x._shape.Length == 0 ? 1 : x._shape[d];
            if (k < 0 || k > size) throw new ArgumentException("selected index k out of range");
            if (x._shape.Length == 0)
            {
                Tensor order = Order(x, d, largest); // one element: position 0
                return (Select(x, d, order, true, "TopkBackward0"), order);
            }
            // the native selection replays LibTorch's (native Note [Topk order]) on exact widenings, so ties come out as there
            ScalarType kt = KernelType(x._dtype);
            Tensor src = x._dtype == kt ? x : Kernels.ConvertContiguous(x, kt);
            long[] shape = (long[])x._shape.Clone();
            shape[d] = k;
            Tensor indices = Tensor.Empty(shape, ScalarType.Int64);
            Kernels.TopK(src, d, largest, sorted, indices);
            return (Select(x, d, indices, true, "TopkBackward0"), indices);
        }

        internal static (Tensor, Tensor) KthValue(Tensor x, long k, long dim, bool keepdim)
        {
            int d = Shape.WrapDim(dim, x._shape.Length);
            long size = x._shape.Length == 0 ? 1 : x._shape[d];
            if (x._shape.Length > 0 && size == 0)
                throw new ArgumentException($"kthvalue(): Expected reduction dim {d} to have non-zero size.");
            if (k < 1 || k > size) throw new ArgumentException($"kthvalue(): selected number k out of range for dimension {d}");
            if (x._dtype == ScalarType.Bool) throw RandomFill.NotImplemented("kthvalue_cpu", x._dtype);
            if (x._shape.Length == 0)
                return (Select(x, 0, torch.zeros([], ScalarType.Int64), keepdim, "KthvalueBackward0"), torch.zeros([], ScalarType.Int64));
            // LibTorch's quickselect on each line (Note [Kthvalue ties]), in a type that holds every element exactly
            Tensor xt = x.movedim([d], [-1]).contiguous();
            long[] pick = DType.IsFloating(x._dtype)
                ? QuickSelect.Positions(xt.to(ScalarType.Float64).ToArray<double>(), size, k - 1)
                : QuickSelect.Positions(xt.to(ScalarType.Int64).ToArray<long>(), size, k - 1);
            long[] keepShape = (long[])x._shape.Clone();
            keepShape[d] = 1;
            Tensor indices = torch.tensor(pick, MovedShape(keepShape, d)).movedim([-1], [d]).contiguous();
            return (Select(x, d, indices, keepdim, "KthvalueBackward0"), keepdim ? indices : indices.squeeze(d));
        }

        internal static (Tensor, Tensor) MedianDim(Tensor x, long dim, bool keepdim)
        {
            int d = Shape.WrapDim(dim, x._shape.Length);
            long size = x._shape.Length == 0 ? 1 : x._shape[d];
            if (x._shape.Length > 0 && size == 0)
                throw new ArgumentException($"median() cannot compute median for a dimension of size 0 (got dim {d})");
            if (x._dtype == ScalarType.Bool) throw RandomFill.NotImplemented("median_out", x._dtype);
            // NaN sorts last, so a line with NaN has them at its end: the median is then the first NaN
            Tensor order = Order(x, d, false);
            if (x._shape.Length == 0) return (Select(x, d, order, keepdim, "MedianBackward1"), order);
            Tensor sorted;
            using (torch.no_grad()) sorted = x.gather(d, order);
            Tensor nanCount = DType.IsFloating(x._dtype) ? sorted.isnan().sum(d, keepdim: true)
                : torch.zeros_like(sorted.narrow(d, 0, 1), ScalarType.Int64);
            Tensor rank =
                torch.where(nanCount.gt(0), torch.full_like(nanCount, size) - nanCount, torch.full_like(nanCount, (size - 1) / 2));
            Tensor indices = order.gather(d, rank);
            Tensor values = Select(x, d, indices, keepdim, "MedianBackward1");
            return (values, keepdim ? indices : indices.squeeze(d));
        }

        /// <summary>The lower median of all elements: NaN when one is NaN, or with <paramref name="ignoreNan"/> the
        /// median of the others (NaN when there are none).</summary>
        internal static Tensor MedianAll(Tensor x, bool ignoreNan = false)
        {
            if (x._dtype == ScalarType.Bool) throw RandomFill.NotImplemented("median_cpu", x._dtype);
            Tensor flat = x.reshape(-1);
            if (ignoreNan && DType.IsFloating(x._dtype))
                using (torch.no_grad()) flat = flat.masked_select(flat.isnan().logical_not());
            if (flat._numel == 0) return torch.full(Array.Empty<long>(), double.NaN, x._dtype);
            Tensor value;
            using (torch.no_grad()) value = MedianDim(flat, 0, false).Item1;
            if (Graph.Needs(x))
            {
                // shared evenly among the elements equal to the median (the NaNs for a NaN median), as max() does
                string name = ignoreNan ? "NanmedianBackward0" : "MedianBackward0";
                var node = Graph.Connect(
                    new EvenlyDistributeBackward(name, Enumerable.Repeat(true, x._shape.Length).ToArray(), false), value, x);
                node.Self = new SavedTensor(x);
                node.Result = new SavedTensor(value);
            }
            return value;
        }

        internal static (Tensor, Tensor) Mode(Tensor x, long dim, bool keepdim)
        {
            int d = Shape.WrapDim(dim, x._shape.Length);
            long size = x._shape.Length == 0 ? 1 : x._shape[d];
            if (x._shape.Length > 0 && size == 0)
                throw new ArgumentException($"mode(): Expected reduction dim {d} to have non-zero size.");
            if (x._shape.Length == 0)
                return (Select(x, 0, torch.zeros([], ScalarType.Int64), keepdim, "ModeBackward0"), torch.zeros([], ScalarType.Int64));
            // move dim last and flatten the rest: one run-length scan per line over the sorted values
            Tensor xt = x.movedim([d], [-1]).contiguous();
            long lines = xt._numel / size;
            // LibTorch's mode sorts each line with std::sort, which is not stable: the same order, so the position
            // reported (the last of the mode's run) is LibTorch's among equal elements too
            ScalarType kt = KernelType(x._dtype);
            Tensor order = Tensor.Empty(xt._shape, ScalarType.Int64);
            Kernels.SortUnstable(xt._dtype == kt ? xt : Kernels.ConvertContiguous(xt, kt), xt._shape.Length - 1, order);
            order = order.reshape(lines, size);
            Tensor sorted;
            using (torch.no_grad()) sorted = xt.reshape(lines, size).gather(1, order);
            bool[] same = size > 1 ? sorted.narrow(1, 1, size - 1).eq(sorted.narrow(1, 0, size - 1)).contiguous().ToArray<bool>() : [];
            long[] ord = order.ToArray<long>();
            var pick = new long[lines];
            for (long l = 0; l < lines; l++)
            {
                long best = 0, bestLen = 0, start = 0;
                for (long i = 1; i <= size; i++)
                {
                    if (i < size && same[l * (size - 1) + i - 1]) continue;
                    long runLength = i - start;
                    if (runLength > bestLen) { bestLen = runLength; best = i - 1; } // strictly more: the smallest value wins a tie
                    start = i;
                }
                pick[l] = ord[l * size + best];
            }
            long[] keepShape = (long[])x._shape.Clone();
            keepShape[d] = 1;
            Tensor indices = torch.tensor(pick, keepShape.Length == 0 ? [] : MovedShape(keepShape, d)).movedim([-1], [d]).contiguous();
            return (Select(x, d, indices, keepdim, "ModeBackward0"), keepdim ? indices : indices.squeeze(d));
        }

        private static long[] MovedShape(long[] shape, int d) => [.. shape[..d], .. shape[(d + 1)..], shape[d]];
    }

    // d(x selected at indices along dim)/dx = zeros(x.shape).scatter_add(dim, indices, grad); the JVP gathers
    // the tangent at the indices
    internal sealed class SelectionBackward(string nodeName, int dim, bool keepdim, long[] inputShape) : Node
    {
        internal SavedTensor Indices;
        public override string name() => nodeName;
        internal override Tensor?[]? SavedJvp(Tensor?[] t, Tensor[] y)
        {
            if (t[0] is not { } v) return [null];
            if (inputShape.Length == 0) return [v.reshape(y[0]._shape)];
            Tensor picked = v.gather(dim, Indices.Unpack(this));
            return [keepdim ? picked : picked.squeeze(dim)];
        }
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor grad = g[0]!, indices = Indices.Unpack(this);
            if (inputShape.Length == 0) return [grad.reshape([])];
            if (!keepdim) grad = grad.unsqueeze(dim);
            return [torch.zeros(inputShape, grad.dtype).scatter_add(dim, indices, grad)];
        }
        internal override void ReleaseVariables() => Indices.Release();
    }
}
