using Autograd.Native;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>The largest element (a 0-d tensor); NaN if any element is NaN. The gradient is shared
            /// evenly among tied maxima, as in PyTorch.</summary>
            /// <exception cref="ArgumentException">The tensor is empty (PyTorch's message).</exception>
            public Tensor max() => Ops.Reduction.MaxAll(this, AgnReduceOp.Max, "max");
            /// <summary>The smallest element (a 0-d tensor); NaN if any element is NaN.</summary>
            /// <exception cref="ArgumentException">The tensor is empty (PyTorch's message).</exception>
            public Tensor min() => Ops.Reduction.MaxAll(this, AgnReduceOp.Min, "min");
            /// <summary>Largest values along <paramref name="dim"/> and their positions (the first one among ties);
            /// the gradient flows to that position only.</summary>
            public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false) =>
                Ops.Reduction.MaxDim(this, dim, keepdim, AgnReduceOp.Max, "max");
            /// <summary>Smallest values along <paramref name="dim"/> and their positions (the first one among ties).</summary>
            public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false) =>
                Ops.Reduction.MaxDim(this, dim, keepdim, AgnReduceOp.Min, "min");
            /// <summary>Elementwise maximum with <paramref name="other"/> (TorchSharp's alias of <c>maximum</c>).</summary>
            public Tensor max(Tensor other) => maximum(other);
            /// <summary>Elementwise minimum with <paramref name="other"/> (TorchSharp's alias of <c>minimum</c>).</summary>
            public Tensor min(Tensor other) => minimum(other);
            /// <summary>Largest values over <paramref name="dims"/> (all when empty); gradient shared evenly among ties.</summary>
            public Tensor amax(long[] dims, bool keepdim = false) => Ops.Reduction.Amax(this, dims, keepdim, AgnReduceOp.Max);
            /// <summary>Largest values over <paramref name="dims"/>.</summary>
            public Tensor amax(params long[] dims) => Ops.Reduction.Amax(this, dims, false, AgnReduceOp.Max);
            /// <summary>Smallest values over <paramref name="dims"/> (all when empty); gradient shared evenly among ties.</summary>
            public Tensor amin(long[] dims, bool keepdim = false) => Ops.Reduction.Amax(this, dims, keepdim, AgnReduceOp.Min);
            /// <summary>Smallest values over <paramref name="dims"/>.</summary>
            public Tensor amin(params long[] dims) => Ops.Reduction.Amax(this, dims, false, AgnReduceOp.Min);
            /// <summary>The flat (row-major) position of the first largest element, as a 0-d int64 tensor.</summary>
            public Tensor argmax() => Ops.Reduction.ArgAll(this, AgnReduceOp.Max, "argmax");
            /// <summary>Positions of the first largest values along <paramref name="dim"/> (int64).</summary>
            public Tensor argmax(long dim, bool keepdim = false) => Ops.Reduction.ArgDim(this, dim, keepdim, AgnReduceOp.Max, "argmax");
            /// <summary>The flat (row-major) position of the first smallest element, as a 0-d int64 tensor.</summary>
            public Tensor argmin() => Ops.Reduction.ArgAll(this, AgnReduceOp.Min, "argmin");
            /// <summary>Positions of the first smallest values along <paramref name="dim"/> (int64).</summary>
            public Tensor argmin(long dim, bool keepdim = false) => Ops.Reduction.ArgDim(this, dim, keepdim, AgnReduceOp.Min, "argmin");
        }
    }

    public static partial class torch
    {
        /// <summary>input.max().</summary>
        public static Tensor max(Tensor input) => input.max();
        /// <summary>input.max(other): elementwise maximum.</summary>
        public static Tensor max(Tensor input, Tensor other) => input.maximum(other);
        /// <summary>input.max(dim, keepdim).</summary>
        public static (Tensor values, Tensor indexes) max(Tensor input, long dim, bool keepdim = false) => input.max(dim, keepdim);
        /// <summary>input.min().</summary>
        public static Tensor min(Tensor input) => input.min();
        /// <summary>input.min(other): elementwise minimum.</summary>
        public static Tensor min(Tensor input, Tensor other) => input.minimum(other);
        /// <summary>input.min(dim, keepdim).</summary>
        public static (Tensor values, Tensor indexes) min(Tensor input, long dim, bool keepdim = false) => input.min(dim, keepdim);
        /// <summary>input.amax(dims, keepdim).</summary>
        public static Tensor amax(Tensor input, long[] dims, bool keepdim = false) => input.amax(dims, keepdim);
        /// <summary>input.amin(dims, keepdim).</summary>
        public static Tensor amin(Tensor input, long[] dims, bool keepdim = false) => input.amin(dims, keepdim);
        /// <summary>input.argmax().</summary>
        public static Tensor argmax(Tensor input) => input.argmax();
        /// <summary>input.argmax(dim, keepdim).</summary>
        public static Tensor argmax(Tensor input, long dim, bool keepdim = false) => input.argmax(dim, keepdim);
        /// <summary>input.argmin().</summary>
        public static Tensor argmin(Tensor input) => input.argmin();
        /// <summary>input.argmin(dim, keepdim).</summary>
        public static Tensor argmin(Tensor input, long dim, bool keepdim = false) => input.argmin(dim, keepdim);
    }
}

namespace Autograd.Ops
{
    /// <summary>max/min (all, per dim with indices), amax/amin, argmax/argmin.</summary>
    internal static partial class Reduction
    {
        internal static Tensor MaxAll(Tensor x, AgnReduceOp op, string name)
        {
            if (x._numel == 0)
                throw new ArgumentException($"{name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the " +
                                            "reduction dim with the 'dim' argument.");
            bool[] mask = ReducedMask(x, null);
            Tensor result = Run(op, x, mask, false, x._dtype);
            if (Graph.Needs(x))
            {
                var node = Graph.Connect(new EvenlyDistributeBackward(op == AgnReduceOp.Max ? "MaxBackward1" : "MinBackward1", mask, false),
                                         result, x);
                node.Self = new SavedTensor(x);
                node.Result = new SavedTensor(result);
            }
            return result;
        }

        internal static Tensor Amax(Tensor x, long[] dims, bool keepdim, AgnReduceOp op)
        {
            bool[] mask = ReducedMask(x, dims);
            string fn = op == AgnReduceOp.Max ? "amax" : "amin";
            for (int d = 0; d < mask.Length; d++)
                if (mask[d] && x._shape[d] == 0)
                    throw new ArgumentException($"{fn}(): Expected reduction dim {d} to have non-zero size.");
            if (x._numel == 0 && x._shape.Length == 0) throw new ArgumentException($"{fn}(): Expected reduction dim to be specified for " +
                                                                                   "input.numel() == 0.");
            Tensor result = Run(op, x, mask, keepdim, x._dtype);
            if (Graph.Needs(x))
            {
                var node = Graph.Connect(new EvenlyDistributeBackward(op == AgnReduceOp.Max ? "AmaxBackward0" : "AminBackward0", mask,
                                                                      keepdim), result, x);
                node.Self = new SavedTensor(x);
                node.Result = new SavedTensor(result);
            }
            return result;
        }

        /// <summary>Values and int64 positions along one dim (keepdim-shaped before squeezing).</summary>
        private static (Tensor Values, Tensor Indices, bool[] Mask) ReduceWithIndices(
            Tensor x, long dim, bool keepdim, AgnReduceOp op, string name)
        {
            int rank = x._shape.Length;
            int d = Shape.WrapDim(dim, rank);
            var mask = new bool[rank];
            if (rank > 0)
            {
                mask[d] = true;
                if (x._shape[d] == 0) throw new ArgumentException($"{name}(): Expected reduction dim {d} to have non-zero size.");
            }
            var (keep, final) = Shapes(x, mask, keepdim);
            Tensor values = Tensor.Empty(keep, x._dtype), indices = Tensor.Empty(keep, ScalarType.Int64);
            Kernels.Reduce(op, x, keep, values, indices);
            if (!keepdim)
            {
                long[] fs = Shape.ContiguousStrides(final);
                values = new Tensor(values._storage, final, fs, 0, x._dtype);
                indices = new Tensor(indices._storage, final, fs, 0, ScalarType.Int64);
            }
            return (values, indices, mask);
        }

        internal static (Tensor, Tensor) MaxDim(Tensor x, long dim, bool keepdim, AgnReduceOp op, string name)
        {
            var (values, indices, _) = ReduceWithIndices(x, dim, keepdim, op, name);
            if (Graph.Needs(x))
            {
                int d = x._shape.Length == 0 ? 0 : Shape.WrapDim(dim, x._shape.Length);
                Graph.Connect(new ValueSelectingBackward(op == AgnReduceOp.Max ? "MaxBackward0" : "MinBackward0", d, keepdim, indices),
                              values, x);
            }
            return (values, indices);
        }

        internal static Tensor ArgAll(Tensor x, AgnReduceOp op, string name)
        {
            CheckNotBool(x, name);
            if (x._numel == 0)
                throw new ArgumentException($"{name}(): Expected reduction dim to be specified for input.numel() == 0.");
            using (torch.no_grad()) return ReduceWithIndices(x.reshape(-1), 0, false, op, name).Indices;
        }

        internal static Tensor ArgDim(Tensor x, long dim, bool keepdim, AgnReduceOp op, string name)
        {
            CheckNotBool(x, name);
            return ReduceWithIndices(x, dim, keepdim, op, name).Indices;
        }

        /// <summary>LibTorch's argmax/argmin refuse bool input (max/min take it).</summary>
        private static void CheckNotBool(Tensor x, string name)
        {
            if (x._dtype == ScalarType.Bool) throw new ArgumentException($"{name}(): does not support bool input");
        }
    }

    // d(max x)/dx = grad / count on the elements equal to the result, 0 elsewhere (evenly_distribute_backward;
    // amax/amin use the same rule per reduced slice)
    internal sealed class EvenlyDistributeBackward(string nodeName, bool[] mask, bool keepdim) : Node
    {
        internal SavedTensor Self, Result;
        public override string name() => nodeName;
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0] is { } v ? Distributed(v, x[0], y[0]) : null];

        // the mean of the tangent over the elements equal to the result (NaN results select the NaNs)
        private Tensor Distributed(Tensor v, Tensor input, Tensor result)
        {
            Tensor r = Reduction.ExpandBack(result, mask, keepdim, input._shape);
            Tensor hit = input.eq(r).logical_or(input.ne(input).logical_and(r.ne(r))).to(v._dtype);
            return Reduction.ReduceTangent(v.mul(hit), mask, keepdim, result._shape)
                .div(Reduction.ReduceTangent(hit, mask, keepdim, result._shape));
        }
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor x = Self.Unpack(this);
            long[] shape = _inputs[0].Shape;
            Tensor result = Reduction.ExpandBack(Result.Unpack(this), mask, keepdim, shape);
            // NaN results select the NaN elements, as PyTorch does
            Tensor hit = x.eq(result).logical_or(x.ne(x).logical_and(result.ne(result)));
            var dims = new List<long>();
            for (int d = 0; d < mask.Length; d++) if (mask[d]) dims.Add(d);
            Tensor count = hit.to(g[0]!._dtype).sum(dims.ToArray(), keepdim: true);
            Tensor grad = Reduction.ExpandBack(g[0]!, mask, keepdim, shape);
            return [torch.where(hit, grad.div(count), torch.zeros_like(grad))];
        }
        internal override void ReleaseVariables() { Self.Release(); Result.Release(); }
    }

    // d(max(x, dim))/dx = grad placed at the selected index of each slice (value_selecting_reduction_backward)
    internal sealed class ValueSelectingBackward(string nodeName, int dim, bool keepdim, Tensor indices) : Node
    {
        private Tensor? _indices = indices;
        public override string name() => nodeName;
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0] is { } v ? Selected(v, x[0]) : null];

        // the tangent at the selected positions
        private Tensor Selected(Tensor v, Tensor input)
        {
            if (input._shape.Length == 0) return v;
            Tensor index = keepdim ? _indices! : _indices!.unsqueeze(dim);
            Tensor picked = Indexing.Gather(v, dim, index);
            return keepdim ? picked : picked.squeeze(dim);
        }
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            ThrowIfReleased();
            long[] shape = _inputs[0].Shape;
            if (shape.Length == 0) return [g[0]];
            Tensor grad = g[0]!, index = _indices!;
            if (!keepdim)
            {
                grad = grad.unsqueeze(dim);
                index = index.unsqueeze(dim);
            }
            return [Indexing.ScatterAddZeros(grad, shape, dim, index)];
        }
        internal override void ReleaseVariables() => _indices = null;
    }
}
