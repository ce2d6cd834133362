namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>A tensor with the same elements in a new shape (one size may be -1): a view when the
            /// strides allow, else a copy.</summary>
            public Tensor reshape(params long[] shape) => Ops.Views.Reshape(this, shape, mustView: false);
            /// <summary>A view with a new shape (one size may be -1).</summary>
            /// <exception cref="InvalidOperationException">The strides do not allow a view (PyTorch's message).</exception>
            public Tensor view(params long[] shape) => Ops.Views.Reshape(this, shape, mustView: true);
            /// <summary>A 1-d (or [start_dim..end_dim]-flattened) reshape.</summary>
            public Tensor flatten(long start_dim = 0, long end_dim = -1) => Ops.Views.Flatten(this, start_dim, end_dim);
            /// <summary>A view broadcast to <paramref name="sizes"/> (-1 keeps a size); no copy (stride 0).</summary>
            public Tensor expand(params long[] sizes) => Ops.Views.Expand(this, sizes);
            /// <summary>expand, TorchSharp's form (<paramref name="isImplicit"/> is accepted and has no effect, as in PyTorch).</summary>
            public Tensor expand(long[] sizes, bool isImplicit = false) => Ops.Views.Expand(this, sizes);
            /// <summary>expand to the given sizes.</summary>
            public Tensor expand(ReadOnlySpan<long> sizes, bool isImplicit = false) => Ops.Views.Expand(this, sizes.ToArray());
            /// <summary>expand to other's shape.</summary>
            public Tensor expand_as(Tensor other) => Ops.Views.Expand(this, other._shape);
            /// <summary>A view broadcast to <paramref name="shape"/>.</summary>
            public Tensor broadcast_to(params long[] shape) => Ops.Views.Expand(this, shape);
            /// <summary>A view with dimensions reordered.</summary>
            public Tensor permute(params long[] permutation) => Ops.Views.Permute(this, permutation);
            /// <summary>A view with dimensions reordered.</summary>
            public Tensor permute(IEnumerable<long> permutation) => Ops.Views.Permute(this, [.. permutation]);
            /// <summary>A view with two dimensions swapped.</summary>
            public Tensor transpose(long dim0, long dim1) => Ops.Views.Transpose(this, dim0, dim1);
            /// <summary>Transpose of a tensor of at most 2 dims.</summary>
            public Tensor t() => Ops.Views.T(this);
            /// <summary>The dims reversed (PyTorch's deprecated form for other ranks than 2): a matrix's transpose.</summary>
            public Tensor T => Ops.Rearrange.ReverseDims(this);
            /// <summary>The transpose of the last two dims.</summary>
            public Tensor mT => Ops.Rearrange.MatrixTranspose(this, "mT");
            /// <summary>A view with a size-1 dim inserted at <paramref name="dim"/>.</summary>
            public Tensor unsqueeze(long dim) => Ops.Views.Unsqueeze(this, dim);
            /// <summary>A view without size-1 dims (all, or only <paramref name="dim"/>).</summary>
            public Tensor squeeze(long? dim = null) => Ops.Views.Squeeze(this, dim);
            /// <summary>The elements of dim in [start, start+length) (a view).</summary>
            public Tensor narrow(long dim, long start, long length) => Ops.Views.Narrow(this, dim, start, length);
            /// <summary>This tensor if contiguous, else a contiguous copy.</summary>
            public Tensor contiguous() => is_contiguous() ? this : Ops.Views.Clone(this);
            /// <summary>A copy with its own storage (differentiable).</summary>
            public Tensor clone() => Ops.Views.Clone(this);
        }
    }

    public static partial class torch
    {
        /// <summary>input.reshape(shape).</summary>
        public static Tensor reshape(Tensor input, params long[] shape) => input.reshape(shape);
        /// <summary>input.flatten(start_dim, end_dim).</summary>
        public static Tensor flatten(Tensor input, long start_dim = 0, long end_dim = -1) => input.flatten(start_dim, end_dim);
        /// <summary>input.permute(permutation).</summary>
        public static Tensor permute(Tensor input, params long[] permutation) => input.permute(permutation);
        /// <summary>input.transpose(dim0, dim1).</summary>
        public static Tensor transpose(Tensor input, long dim0, long dim1) => input.transpose(dim0, dim1);
        /// <summary>input.t().</summary>
        public static Tensor t(Tensor input) => input.t();
        /// <summary>input.unsqueeze(dim).</summary>
        public static Tensor unsqueeze(Tensor input, long dim) => input.unsqueeze(dim);
        /// <summary>input.squeeze(dim).</summary>
        public static Tensor squeeze(Tensor input, long? dim = null) => input.squeeze(dim);
        /// <summary>input.narrow(dim, start, length).</summary>
        public static Tensor narrow(Tensor input, long dim, long start, long length) => input.narrow(dim, start, length);
        /// <summary>input.clone().</summary>
        public static Tensor clone(Tensor input) => input.clone();
    }
}

namespace Autograd.Ops
{
    /// <summary>Views (shape/strides/offset over shared storage) and their derivatives.</summary>
    internal static class Views
    {
        /// <summary>A view of x's storage, recorded as a view of x's base.</summary>
        internal static Tensor MakeView(Tensor x, long[] shape, long[] strides, long offset)
        {
            Shape.CheckExtent(shape, strides, offset, x._dtype, x._storage.ByteLength); // Note [Checked sizes]
            var view = new Tensor(x._storage, shape, strides, offset, x._dtype);
            view.MarkView(x._base ?? x, ViewHistory.KindOfNewView(x, multiOutput: false));
            if (ForwardAD.Active) ForwardAD.MarkView(view, x); // Note [Forward view tangents]
            return view;
        }

        internal static long[] InferSize(long[] shape, long numel)
        {
            long known = 1;
            int infer = -1;
            for (int i = 0; i < shape.Length; i++)
            {
                if (shape[i] == -1)
                {
                    if (infer >= 0) throw new ArgumentException("only one dimension can be inferred");
                    infer = i;
                }
                else if (shape[i] < 0) throw new ArgumentException($"invalid shape dimension {shape[i]}");
                else known *= shape[i];
            }
            if (infer < 0 ? known == numel : known != 0 && numel % known == 0)
            {
                if (infer < 0) return shape;
                var result = (long[])shape.Clone();
                result[infer] = numel / known;
                return result;
            }
            throw new ArgumentException($"shape '{Shape.Format(shape)}' is invalid for input of size {numel}");
        }

        /// <summary>Strides for viewing (shape, strides) as newShape without copying, or null
        /// (PyTorch's computeStride).</summary>
        internal static long[]? ViewStrides(long[] oldShape, long[] oldStrides, long[] newShape)
        {
            if (Shape.Numel(oldShape) == 0) return Shape.ContiguousStrides(newShape);
            if (oldShape.Length == 0) return Enumerable.Repeat(1L, newShape.Length).ToArray(); // one element: any stride
            var newStrides = new long[newShape.Length];
            int viewD = newShape.Length - 1;
            long chunkBase = oldStrides.Length > 0 ? oldStrides[^1] : 1;
            long tensorNumel = 1, viewNumel = 1;
            for (int d = oldShape.Length - 1; d >= 0; d--)
            {
                tensorNumel *= oldShape[d];
                if (d == 0 || (oldShape[d - 1] != 1 && oldStrides[d - 1] != tensorNumel * chunkBase))
                {
                    while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1))
                    {
                        newStrides[viewD] = viewNumel * chunkBase;
                        viewNumel *= newShape[viewD];
                        viewD--;
                    }
                    if (viewNumel != tensorNumel) return null;
                    if (d > 0)
                    {
                        chunkBase = oldStrides[d - 1];
                        tensorNumel = 1;
                        viewNumel = 1;
                    }
                }
            }
            if (viewD != -1) return null;
            return newStrides;
        }

        internal static Tensor Reshape(Tensor x, long[] shape, bool mustView)
        {
            long[] target = InferSize(shape, x._numel);
            long[]? strides = ViewStrides(x._shape, x._strides, target);
            Tensor result;
            string name = "ViewBackward0";
            if (strides is not null) result = MakeView(x, target, strides, x._offset);
            else if (mustView)
                throw new InvalidOperationException(
                    "view size is not compatible with input tensor's size and stride (at least one dimension spans across two " +
                    "contiguous subspaces). Use .reshape(...) instead.");
            else
            {
                Tensor c = Kernels.ConvertContiguous(x, x._dtype);
                result = new Tensor(c._storage, target, Shape.ContiguousStrides(target), c._offset, x._dtype); // c may be x itself
                name = "UnsafeViewBackward0";
            }
            if (Graph.Needs(x)) Graph.Connect(new ReshapeBackward(name), result, x);
            return result;
        }

        internal static Tensor Flatten(Tensor x, long startDim, long endDim)
        {
            int rank = x._shape.Length;
            if (rank == 0) return x.reshape(1);
            int s = Shape.WrapDim(startDim, rank), e = Shape.WrapDim(endDim, rank);
            if (s > e) throw new ArgumentException("flatten() has invalid args: start_dim cannot come after end_dim");
            if (s == e) return x;
            var shape = new long[rank - (e - s)];
            for (int d = 0; d < s; d++) shape[d] = x._shape[d];
            long merged = 1;
            for (int d = s; d <= e; d++) merged *= x._shape[d];
            shape[s] = merged;
            for (int d = e + 1; d < rank; d++) shape[d - e + s] = x._shape[d];
            return x.reshape(shape);
        }

        internal static Tensor Expand(Tensor x, long[] sizes)
        {
            int rank = x._shape.Length;
            if (sizes.Length < rank)
                throw new ArgumentException(
                    $"expand({DType.LegacyName(x._dtype)}{{{Shape.Format(x._shape)}}}, size={Shape.Format(sizes)}): the number " +
                    $"of sizes provided ({sizes.Length}) must be greater or equal to the number of dimensions in the tensor ({rank})");
            var shape = new long[sizes.Length];
            var strides = new long[sizes.Length];
            int lead = sizes.Length - rank;
            for (int d = 0; d < sizes.Length; d++)
            {
                int xd = d - lead;
                long size = sizes[d];
                if (xd < 0)
                {
                    // other negative sizes fail the view's numel check, with LibTorch's message
                    if (size == -1)
                        throw new ArgumentException(
                            $"The expanded size of the tensor ({size}) isn't allowed in a leading, non-existing dimension {d}");
                    shape[d] = size;
                    strides[d] = 0;
                    continue;
                }
                if (size == -1) size = x._shape[xd];
                if (x._shape[xd] != size)
                {
                    if (x._shape[xd] != 1)
                        throw new ArgumentException(
                            $"The expanded size of the tensor ({size}) must match the existing size ({x._shape[xd]}) at " +
                            $"non-singleton dimension {d}.  Target sizes: {Shape.Format(sizes)}.  Tensor sizes: {Shape.Format(x._shape)}");
                    shape[d] = size;
                    strides[d] = 0;
                }
                else
                {
                    shape[d] = size;
                    strides[d] = x._strides[xd];
                }
            }
            Tensor result = MakeView(x, shape, strides, x._offset);
            if (Graph.Needs(x)) Graph.Connect(new ExpandBackward0(), result, x);
            return result;
        }

        internal static Tensor Permute(Tensor x, long[] perm)
        {
            int rank = x._shape.Length;
            if (perm.Length != rank)
                throw new ArgumentException(
                    $"permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired " +
                    $"ordering of dimensions i.e. input.dim() = {rank} is not equal to len(dims) = {perm.Length}");
            var seen = new bool[rank];
            var shape = new long[rank];
            var strides = new long[rank];
            var dims = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                int d = Shape.WrapDim(perm[i], rank);
                if (seen[d]) throw new ArgumentException("permute(): duplicate dims are not allowed.");
                seen[d] = true;
                dims[i] = d;
                shape[i] = x._shape[d];
                strides[i] = x._strides[d];
            }
            Tensor result = MakeView(x, shape, strides, x._offset);
            if (Graph.Needs(x)) Graph.Connect(new PermuteBackward0(dims), result, x);
            return result;
        }

        internal static Tensor Transpose(Tensor x, long dim0, long dim1, string name = "TransposeBackward0")
        {
            int rank = x._shape.Length;
            int a = Shape.WrapDim(dim0, rank), b = Shape.WrapDim(dim1, rank);
            if (rank == 0) return Graph.Needs(x) ? Alias(x, name) : x.detach();
            long[] shape = (long[])x._shape.Clone(), strides = (long[])x._strides.Clone();
            (shape[a], shape[b]) = (shape[b], shape[a]);
            (strides[a], strides[b]) = (strides[b], strides[a]);
            Tensor result = MakeView(x, shape, strides, x._offset);
            if (Graph.Needs(x)) Graph.Connect(new TransposeBackward(name, a, b), result, x);
            return result;
        }

        private static Tensor Alias(Tensor x, string name)
        {
            Tensor result = MakeView(x, x._shape, x._strides, x._offset);
            Graph.Connect(new ReshapeBackward(name), result, x);
            return result;
        }

        internal static Tensor T(Tensor x)
        {
            if (x._shape.Length > 2)
                throw new ArgumentException($"t() expects a tensor with <= 2 dimensions, but self is {x._shape.Length}D");
            if (x._shape.Length < 2) return Graph.Needs(x) ? Alias(x, "TBackward0") : MakeView(x, x._shape, x._strides, x._offset);
            return Transpose(x, 0, 1, "TBackward0");
        }

        internal static Tensor Unsqueeze(Tensor x, long dim)
        {
            int rank = x._shape.Length;
            int d = Shape.WrapDim(dim, rank + 1);
            var shape = new long[rank + 1];
            var strides = new long[rank + 1];
            for (int i = 0, j = 0; i <= rank; i++)
            {
                if (i == d)
                {
                    shape[i] = 1;
                    strides[i] = d < rank ? x._shape[d] * x._strides[d] : 1;
                    continue;
                }
                shape[i] = x._shape[j];
                strides[i] = x._strides[j++];
            }
            Tensor result = MakeView(x, shape, strides, x._offset);
            if (Graph.Needs(x)) Graph.Connect(new ReshapeBackward("UnsqueezeBackward0"), result, x);
            return result;
        }

        internal static Tensor Squeeze(Tensor x, long? dim)
        {
            int rank = x._shape.Length;
            int only = dim is long dd ? Shape.WrapDim(dd, rank) : -1;
            var shape = new List<long>();
            var strides = new List<long>();
            for (int d = 0; d < rank; d++)
            {
                if (x._shape[d] == 1 && (only < 0 || only == d)) continue;
                shape.Add(x._shape[d]);
                strides.Add(x._strides[d]);
            }
            Tensor result = MakeView(x, shape.ToArray(), strides.ToArray(), x._offset);
            if (Graph.Needs(x)) Graph.Connect(new ReshapeBackward(dim is null ? "SqueezeBackward0" : "SqueezeBackward1"), result, x);
            return result;
        }

        internal static Tensor Narrow(Tensor x, long dim, long start, long length)
        {
            int rank = x._shape.Length;
            if (rank == 0) throw new ArgumentException("narrow() cannot be applied to a 0-dim tensor.");
            int d = Shape.WrapDim(dim, rank);
            long size = x._shape[d];
            if (start < 0) start += size;
            if (start < 0 || start > size)
                throw new IndexOutOfRangeException($"start out of range (expected to be in range of [{-size}, {size}], but got {start})");
            if (length < 0) throw new ArgumentException("narrow(): length must be non-negative.");
            if (length > size - start)
                throw new ArgumentException($"start ({start}) + length ({length}) exceeds dimension size ({size}).");
            long[] shape = (long[])x._shape.Clone();
            shape[d] = length;
            Tensor result = MakeView(x, shape, x._strides, x._offset + start * x._strides[d]);
            if (Graph.Needs(x)) Graph.Connect(new SliceBackward0(d, start), result, x);
            return result;
        }

        internal static Tensor Clone(Tensor x)
        {
            Tensor result = Tensor.Empty(x._shape, x._dtype);
            Kernels.Copy(x, x._strides, result);
            if (Graph.Needs(x)) Graph.Connect(new CloneBackward0(), result, x);
            return result;
        }

        /// <summary>zeros of <paramref name="shape"/> with <paramref name="grad"/> written at [start, start+len)
        /// of dim: the differentiable backward of narrow.</summary>
        internal static Tensor SliceScatterZeros(Tensor grad, long[] shape, int dim, long start)
        {
            Tensor result = Tensor.Zeros(shape, grad._dtype);
            Tensor window = new(result._storage, grad._shape, result._strides, start * result._strides[dim], grad._dtype);
            Kernels.Copy(grad, grad._strides, window);
            if (Graph.Needs(grad)) Graph.Connect(new SliceScatterBackward(dim, start, grad._shape[dim]), result, grad);
            return result;
        }
    }

    // d(reshape x)/dx = grad reshaped back (also squeeze, unsqueeze, aliasing views)
    internal sealed class ReshapeBackward(string nodeName) : Node
    {
        public override string name() => nodeName;
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0]?.reshape(y[0]._shape)];
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.reshape(_inputs[0].Shape)];
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => [g[0]!.reshape([batch, .. _inputs[0].Shape])];
    }

    // d(expand x)/dx = grad summed over the broadcast dims (the engine's SumTo does it)
    internal sealed class ExpandBackward0 : Node
    {
        public override string name() => "ExpandBackward0";
        // Note [Batched backward]: the engine's reduction keeps the batch dim
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => [g[0]];
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0]?.expand(y[0]._shape)];
        internal override Tensor?[] Apply(Tensor?[] g) => [Reduction.SumTo(g[0]!, _inputs[0].Shape)];
    }

    // d(permute x)/dx = grad permuted by the inverse permutation
    internal sealed class PermuteBackward0(int[] dims) : Node
    {
        public override string name() => "PermuteBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0]?.permute(Array.ConvertAll(dims, d => (long)d))];
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            var inverse = new long[dims.Length];
            for (int i = 0; i < dims.Length; i++) inverse[dims[i]] = i;
            return [g[0]!.permute(inverse)];
        }
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch)
        {
            var inverse = new long[dims.Length + 1]; // the batch dim stays first
            for (int i = 0; i < dims.Length; i++) inverse[dims[i] + 1] = i + 1;
            return [g[0]!.permute(inverse)];
        }
    }

    // d(transpose x)/dx = grad transposed back
    internal sealed class TransposeBackward(string nodeName, int a, int b) : Node
    {
        public override string name() => nodeName;
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0]?.transpose(a, b)];
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.transpose(a, b)];
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => [g[0]!.transpose(a + 1, b + 1)];
        // Note [Gradient sinks]: a matrix's transpose is its own inverse
        internal override Tensor? SinkView(Tensor inputGrad) =>
            a != b && inputGrad._shape.Length == 2 && _inputs[0].Shape.Length == 2 ? inputGrad.mT : null;
    }

    // d(narrow x)/dx = grad placed into zeros of x's shape
    internal sealed class SliceBackward0(int dim, long start) : Node
    {
        public override string name() => "SliceBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0]?.narrow(dim, start, y[0]._shape[dim])];
        internal override Tensor?[] Apply(Tensor?[] g) => [Views.SliceScatterZeros(g[0]!, _inputs[0].Shape, dim, start)];
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) =>
            [Views.SliceScatterZeros(g[0]!, [batch, .. _inputs[0].Shape], dim + 1, start)];
    }

    // d(slice_scatter_zeros g)/dg = grad narrowed back
    internal sealed class SliceScatterBackward(int dim, long start, long length) : Node
    {
        public override string name() => "SliceScatterBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [t[0] is { } v ? Views.SliceScatterZeros(v, y[0]._shape, dim, start) : null];
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.narrow(dim, start, length)];
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => [g[0]!.narrow(dim + 1, start, length)];
    }

    // d(clone x)/dx = grad
    internal sealed class CloneBackward0 : Node
    {
        public override string name() => "CloneBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0]];
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]];
    }
}
