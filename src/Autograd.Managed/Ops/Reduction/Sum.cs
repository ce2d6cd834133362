using Autograd.Native;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Sum of all elements (a 0-d tensor). Integer and bool inputs sum as int64.</summary>
            public Tensor sum(ScalarType? type = null) => Ops.Reduction.Sum(this, null, false, type);
            /// <summary>Sum over <paramref name="dim"/>.</summary>
            public Tensor sum(long dim, bool keepdim = false, ScalarType? type = null) => Ops.Reduction.Sum(this, [dim], keepdim, type);
            /// <summary>Sum over <paramref name="dim"/> (an int dim: without this overload C# would bind a literal 0 to the dtype overload).</summary>
            public Tensor sum(int dim, bool keepdim = false, ScalarType? type = null) => Ops.Reduction.Sum(this, [dim], keepdim, type);
            /// <summary>Sum over three dims.</summary>
            public Tensor sum(long dim0, long dim1, long dim2, bool keepdim = false, ScalarType? type = null) => Ops.Reduction.Sum(this, [dim0, dim1, dim2], keepdim, type);
            /// <summary>Sum over several dims.</summary>
            public Tensor sum(ReadOnlySpan<long> dim, bool keepdim = false, ScalarType? type = null) => Ops.Reduction.Sum(this, dim.ToArray(), keepdim, type);
            /// <summary>Sum over two dims.</summary>
            public Tensor sum(long dim0, long dim1, bool keepdim = false, ScalarType? type = null) => Ops.Reduction.Sum(this, [dim0, dim1], keepdim, type);
            /// <summary>Sum over several dims.</summary>
            public Tensor sum(long[] dim, bool keepdim = false, ScalarType? type = null) => Ops.Reduction.Sum(this, dim, keepdim, type);
            /// <summary>Mean of all elements. Floating tensors only, as in PyTorch.</summary>
            public Tensor mean(ScalarType? type = null) => Ops.Reduction.Mean(this, null, false, type);
            /// <summary>Mean over <paramref name="dim"/>.</summary>
            public Tensor mean(long dim, bool keepdim = false, ScalarType? type = null) => Ops.Reduction.Mean(this, [dim], keepdim, type);
            /// <summary>Mean over <paramref name="dim"/> (an int dim, see <see cref="sum(int, bool, ScalarType?)"/>).</summary>
            public Tensor mean(int dim, bool keepdim = false, ScalarType? type = null) => Ops.Reduction.Mean(this, [dim], keepdim, type);
            /// <summary>Mean over several dims.</summary>
            public Tensor mean(long[] dimensions, bool keepdim = false, ScalarType? type = null) => Ops.Reduction.Mean(this, dimensions, keepdim, type);
        }
    }

    public static partial class torch
    {
        /// <summary>Sum of all elements.</summary>
        public static Tensor sum(Tensor input, ScalarType? type = null) => input.sum(type);
        /// <summary>Sum over <paramref name="dim"/>.</summary>
        public static Tensor sum(Tensor input, long dim, bool keepdim = false, ScalarType? type = null) => input.sum(dim, keepdim, type);
        /// <summary>Sum over several dims.</summary>
        public static Tensor sum(Tensor input, long[] dim, bool keepdim = false, ScalarType? type = null) => input.sum(dim, keepdim, type);
        /// <summary>Sum over several dims.</summary>
        public static Tensor sum(Tensor input, ReadOnlySpan<long> dim, bool keepdim = false, ScalarType? type = null) => input.sum(dim, keepdim, type);
        /// <summary>Mean of all elements.</summary>
        public static Tensor mean(Tensor input, ScalarType? type = null) => input.mean(type);
        /// <summary>Mean over <paramref name="dim"/>.</summary>
        public static Tensor mean(Tensor input, long dim, bool keepdim = false, ScalarType? type = null) => input.mean(dim, keepdim, type);
        /// <summary>Mean over several dims.</summary>
        public static Tensor mean(Tensor input, long[] dimensions, bool keepdim = false, ScalarType? type = null) => input.mean(dimensions, keepdim, type);
    }
}

namespace Autograd.Ops
{
    /// <summary>sum and mean, the reduction plumbing (dims, keepdim) and SumTo for the engine.</summary>
    internal static partial class Reduction
    {
        /// <summary>Which dims are reduced: all when <paramref name="dims"/> is null or empty (PyTorch treats
        /// an empty dim list as "all" for sum/mean); duplicates are PyTorch's error.</summary>
        internal static bool[] ReducedMask(Tensor x, long[]? dims)
        {
            int rank = x._shape.Length;
            if ((dims is null || dims.Length == 0) && rank < AllReduced.Length) return AllReduced[rank];
            var mask = new bool[rank];
            if (dims is null || dims.Length == 0)
            {
                Array.Fill(mask, true);
                return mask;
            }
            foreach (long d in dims)
            {
                int w = Shape.WrapDim(d, rank);
                if (rank == 0) continue;
                if (mask[w]) throw new ArgumentException($"dim {w} appears multiple times in the list of dims");
                mask[w] = true;
            }
            return mask;
        }

        // Full reductions (every loss) share these instead of allocating per call; masks and shapes are
        // never written after construction.
        private static readonly bool[][] AllReduced = [.. Enumerable.Range(0, 9).Select(r => Enumerable.Repeat(true, r).ToArray())];
        private static readonly long[][] AllOnes = [.. Enumerable.Range(0, 9).Select(r => Enumerable.Repeat(1L, r).ToArray())];

        /// <summary>The keepdim-shaped output (1 on reduced dims) and the final shape.</summary>
        internal static (long[] Keep, long[] Final) Shapes(Tensor x, bool[] mask, bool keepdim)
        {
            if (mask.Length < AllReduced.Length && ReferenceEquals(mask, AllReduced[mask.Length]))
                return (AllOnes[mask.Length], keepdim ? AllOnes[mask.Length] : Shape.Scalar);
            var keep = new long[x._shape.Length];
            int kept = 0;
            for (int d = 0; d < keep.Length; d++)
            {
                keep[d] = mask[d] ? 1 : x._shape[d];
                if (!mask[d]) kept++;
            }
            if (keepdim) return (keep, keep);
            long[] final = kept == 0 ? Shape.Scalar : new long[kept];
            for (int d = 0, j = 0; d < keep.Length; d++) if (!mask[d]) final[j++] = x._shape[d];
            return (keep, final);
        }

        /// <summary>Runs a native reduction and returns the result reshaped to the final shape.</summary>
        internal static Tensor Run(AgnReduceOp op, Tensor x, bool[] mask, bool keepdim, ScalarType outType)
        {
            var (keep, final) = Shapes(x, mask, keepdim);
            if (outType == ScalarType.Bool) // no bool reduction kernel: 0/1 counts in int64 (sum: any, prod: all)
                using (torch.no_grad())
                    return Run(op, Elementwise.As(x, ScalarType.Bool), mask, keepdim, ScalarType.Int64).ne(0);
            // a float16/bfloat16 input sums into float32 as it is (exactly as its float32 copy would, which LibTorch makes)
            bool direct = x._dtype == outType || (outType == ScalarType.Float32 && x._dtype is ScalarType.Float16 or ScalarType.BFloat16);
            Tensor input = direct ? x : Elementwise.As(x, outType);
            // the kernel writes through keep's contiguous strides: the same memory as final's layout,
            // so the result is allocated in its final shape (no second tensor object per reduction)
            Tensor result = Tensor.Empty(final, outType);
            Kernels.Reduce(op, input, keep, result, null);
            return result;
        }

        internal static Tensor Sum(Tensor x, long[]? dims, bool keepdim, ScalarType? type)
        {
            ScalarType outType = type ?? (DType.IsFloating(x._dtype) ? x._dtype : ScalarType.Int64);
            DType.Check(outType);
            bool[] mask = ReducedMask(x, dims);
            Tensor result = Run(AgnReduceOp.Sum, x, mask, keepdim, outType);
            if (Graph.Needs(x)) Graph.Connect(new SumBackward(dims is null ? "SumBackward0" : "SumBackward1", mask, keepdim), result, x);
            return result;
        }

        internal static Tensor Mean(Tensor x, long[]? dims, bool keepdim, ScalarType? type)
        {
            ScalarType outType = type ?? x._dtype;
            if (!DType.IsFloating(outType))
                throw new ArgumentException(
                    $"mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: {DType.ShortName(x._dtype)}");
            bool[] mask = ReducedMask(x, dims);
            long count = 1;
            for (int d = 0; d < mask.Length; d++) if (mask[d]) count *= x._shape[d];
            // mean of an empty extent is NaN (0/0), as in PyTorch. A float16/bfloat16 mean is LibTorch's: the sum in
            // float32, scaled in float32 and rounded once (not a rounded sum scaled and rounded again)
            bool half = outType is ScalarType.Float16 or ScalarType.BFloat16;
            Tensor total = Run(AgnReduceOp.Sum, x, mask, keepdim, half ? ScalarType.Float32 : outType);
            Tensor sum = half ? Tensor.Empty(total._shape, outType) : total;
            Kernels.Unary(AgnUnaryOp.Affine, total, total._strides, sum, 1.0 / count, 0);
            if (Graph.Needs(x)) Graph.Connect(new MeanBackward(dims is null ? "MeanBackward0" : "MeanBackward1", mask, keepdim, count), sum, x);
            return sum;
        }

        /// <summary>Whether a gradient of shape <paramref name="from"/> can be summed to <paramref name="to"/>; the first
        /// <paramref name="keep"/> dims (a batch, Note [Batched backward]) must match as they are.</summary>
        internal static bool CanSumTo(long[] from, long[] to, int keep = 0)
        {
            if (to.Length > from.Length) return false;
            for (int d = 0; d < keep; d++) if (from[d] != to[d]) return false;
            int lead = from.Length - to.Length;
            for (int d = keep; d < to.Length; d++)
                if (to[d] != 1 && to[d] != from[lead + d]) return false;
            return true;
        }

        /// <summary>Note [Broadcast reduction]: sums leading dims and dims where <paramref name="to"/>
        /// has size 1, giving exactly <paramref name="to"/>; the first <paramref name="keep"/> dims (a batch, Note
        /// [Batched backward]) are kept and the leading dims summed are those after them. Differentiable.</summary>
        internal static Tensor SumTo(Tensor grad, long[] to, int keep = 0)
        {
            if (to.Length == 0) return grad.sum(); // to a scalar: one full reduction
            int lead = grad._shape.Length - to.Length, count = 0;
            for (int d = keep; d < grad._shape.Length; d++)
                if (d < keep + lead || (to[d - lead] == 1 && grad._shape[d] != 1)) count++;
            if (count == 0) return grad.reshape(to);
            var dims = new long[count];
            for (int d = keep, j = 0; d < grad._shape.Length; d++)
                if (d < keep + lead || (to[d - lead] == 1 && grad._shape[d] != 1)) dims[j++] = d;
            return grad.sum(dims, keepdim: true).reshape(to);
        }

        /// <summary>Note [Forward AD]: a sum's tangent is the sum of the tangent over the reduced dims (the <paramref name="mask"/>),
        /// in the result's shape.</summary>
        internal static Tensor ReduceTangent(Tensor tangent, bool[] mask, bool keepdim, long[] resultShape)
        {
            int count = 0;
            foreach (bool m in mask) if (m) count++;
            if (count == 0) return tangent.reshape(resultShape);
            var dims = new long[count];
            for (int d = 0, j = 0; d < mask.Length; d++) if (mask[d]) dims[j++] = d;
            return tangent.sum(dims, keepdim).reshape(resultShape);
        }

        /// <summary>Expands a reduced gradient back to the input shape (inverse of a keepdim=false reduction).</summary>
        internal static Tensor ExpandBack(Tensor grad, bool[] mask, bool keepdim, long[] inputShape)
        {
            // the gradient of a full reduction without a graph to record: a broadcast made directly, sharing
            // the input's shape array and zero strides (an expand would copy both and check sizes). No
            // _base: nothing requires grad here, which is all a view's base is consulted for.
            if (grad._shape.Length == 0 && !GradMode.IsEnabled)
                return new Tensor(grad._storage, inputShape, Shape.ExpandStrides(grad._shape, grad._strides, inputShape), grad._offset, grad._dtype);
            if (!keepdim && grad._shape.Length > 0) // a 0-d gradient expands to any shape directly
            {
                var keep = new long[inputShape.Length];
                for (int d = 0; d < keep.Length; d++) keep[d] = mask[d] ? 1 : inputShape[d];
                grad = grad.reshape(keep);
            }
            return grad.expand(inputShape);
        }
    }

    // d(sum x)/dx = grad expanded over the reduced dims
    internal sealed class SumBackward(string nodeName, bool[] mask, bool keepdim) : Node
    {
        public override string name() => nodeName;
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0] is { } v ? Reduction.ReduceTangent(v, mask, keepdim, y[0]._shape) : null];
        internal override Tensor?[] Apply(Tensor?[] g) => [Reduction.ExpandBack(g[0]!, mask, keepdim, _inputs[0].Shape)];
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) =>
            [Reduction.ExpandBack(g[0]!, [false, .. mask], keepdim, [batch, .. _inputs[0].Shape])];
    }

    // d(mean x)/dx = grad / n expanded over the reduced dims
    internal sealed class MeanBackward(string nodeName, bool[] mask, bool keepdim, long count) : Node
    {
        public override string name() => nodeName;
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0] is { } v ? Reduction.ReduceTangent(v, mask, keepdim, y[0]._shape).div(count) : null];
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor grad = g[0]!;
            if (GradMode.IsEnabled || !DType.IsFloating(grad._dtype))
                return [Reduction.ExpandBack(grad.div(count), mask, keepdim, _inputs[0].Shape)];
            // one pass writing grad * (1/n) at the input's shape, as the forward scales its sum: no
            // quotient tensor and no expand view per backward
            long[] shape = _inputs[0].Shape;
            Tensor src = grad._shape.Length == 0 ? grad : Reduction.ExpandBack(grad, mask, keepdim, shape);
            Tensor result = Tensor.Empty(shape, grad._dtype);
            Kernels.Unary(AgnUnaryOp.Affine, src, Shape.ExpandStrides(src._shape, src._strides, shape), result, 1.0 / count, 0);
            return [result];
        }
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) =>
            [Reduction.ExpandBack(g[0]!.div(count), [false, .. mask], keepdim, [batch, .. _inputs[0].Shape])];
    }
}
