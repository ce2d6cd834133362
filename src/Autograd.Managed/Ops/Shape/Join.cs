namespace Autograd
{
    public static partial class torch
    {
        /// <summary>Concatenates tensors along <paramref name="dim"/>. All must have the same rank and equal
        /// sizes outside dim (1-d empty tensors are skipped, as in PyTorch); dtypes promote.</summary>
        /// <exception cref="ArgumentException">Empty list, rank or size mismatch (PyTorch's messages).</exception>
        public static Tensor cat(IList<Tensor> tensors, long dim = 0) => Ops.Join.Cat([.. tensors], dim);
        /// <summary>Concatenates tensors along <paramref name="dim"/>.</summary>
        public static Tensor cat(Tensor[] tensors, long dim = 0) => Ops.Join.Cat(tensors, dim);
        /// <summary>Concatenates tensors along <paramref name="dim"/>.</summary>
        public static Tensor cat(ReadOnlySpan<Tensor> tensors, long dim = 0) => Ops.Join.Cat(tensors.ToArray(), dim);
        /// <summary>Concatenates tensors along <paramref name="dim"/> (PyTorch's alias).</summary>
        public static Tensor concat(IList<Tensor> tensors, long dim = 0) => Ops.Join.Cat([.. tensors], dim);
        /// <summary>Stacks equally shaped tensors along a new dimension <paramref name="dim"/>.</summary>
        /// <exception cref="ArgumentException">Empty list or shape mismatch (PyTorch's messages).</exception>
        public static Tensor stack(IEnumerable<Tensor> tensors, long dim = 0) => Ops.Join.Stack([.. tensors], dim);
        /// <summary>Stacks equally shaped tensors along a new dimension <paramref name="dim"/>.</summary>
        public static Tensor stack(Tensor[] tensors, long dim = 0) => Ops.Join.Stack(tensors, dim);
    }
}

namespace Autograd.Ops
{
    /// <summary>cat and stack: copies into one new tensor; the gradient of each input is its window of
    /// the output gradient.</summary>
    internal static class Join
    {
        internal static Tensor Cat(Tensor[] tensors, long dim, string name = "cat")
        {
            if (tensors.Length == 0) throw new ArgumentException($"torch.{name}(): expected a non-empty list of Tensors");
            // legacy rule: 1-d tensors of size 0 take no part in shape checks
            var parts = new List<(Tensor T, int Index)>();
            for (int i = 0; i < tensors.Length; i++)
                if (!(tensors[i]._shape.Length == 1 && tensors[i]._shape[0] == 0)) parts.Add((tensors[i], i));
            ScalarType type = tensors[0]._dtype;
            foreach (Tensor t in tensors) type = DType.Promote(type, t._dtype);
            if (parts.Count == 0)
            {
                Tensor empty = Tensor.Empty([0], type);
                if (Graph.Needs(tensors)) Graph.Connect(new CatBackward0(0, new long[tensors.Length]), [empty], tensors);
                return empty;
            }
            Tensor first = parts[0].T;
            int rank = first._shape.Length;
            if (rank == 0) throw new ArgumentException($"zero-dimensional tensor (at position {parts[0].Index}) cannot be concatenated");
            int d = Shape.WrapDim(dim, rank);
            long[] shape = (long[])first._shape.Clone();
            shape[d] = 0;
            foreach ((Tensor t, int i) in parts)
            {
                if (t._shape.Length == 0) throw new ArgumentException($"zero-dimensional tensor (at position {i}) cannot be concatenated");
                if (t._shape.Length != rank)
                    throw new ArgumentException($"Tensors must have same number of dimensions: got {rank} and {t._shape.Length}");
                for (int k = 0; k < rank; k++)
                    if (k != d && t._shape[k] != first._shape[k])
                        throw new ArgumentException(
                            $"Sizes of tensors must match except in dimension {d}. Expected size {first._shape[k]} but got size " +
                            $"{t._shape[k]} for tensor number {i} in the list.");
                shape[d] += t._shape[d];
            }
            Tensor result = Tensor.Empty(shape, type);
            var sizes = new long[tensors.Length];
            long offset = 0;
            foreach ((Tensor t, int i) in parts)
            {
                sizes[i] = t._shape[d];
                if (t._numel > 0)
                {
                    Tensor window = new(result._storage, t._shape, result._strides, offset * result._strides[d], type);
                    Kernels.Copy(t, t._strides, window);
                }
                offset += t._shape[d];
            }
            if (Graph.Needs(tensors)) Graph.Connect(new CatBackward0(d, sizes), [result], tensors);
            return result;
        }

        internal static Tensor Stack(Tensor[] tensors, long dim)
        {
            if (tensors.Length == 0) throw new ArgumentException("stack expects a non-empty TensorList");
            long[] shape = tensors[0]._shape;
            for (int i = 1; i < tensors.Length; i++)
                if (!Shape.SameShape(tensors[i]._shape, shape))
                    throw new ArgumentException(
                        $"stack expects each tensor to be equal size, but got {Shape.Format(shape)} at entry 0 and " +
                        $"{Shape.Format(tensors[i]._shape)} at entry {i}");
            int d = Shape.WrapDim(dim, shape.Length + 1);
            Tensor result;
            using (torch.no_grad())
                result = Cat(Array.ConvertAll(tensors, t => t.unsqueeze(d)), d, "stack");
            if (Graph.Needs(tensors)) Graph.Connect(new StackBackward0(d), [result], tensors);
            return result;
        }
    }

    // d(cat(x_i, dim))/dx_i = grad narrowed to x_i's window of dim
    internal sealed class CatBackward0(int dim, long[] sizes) : Node
    {
        public override string name() => "CatBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [torch.cat(Enumerable.Range(0, sizes.Length).Where(i => !(x[i]._shape is [0]) || y[0]._shape is [0])
            .Select(i => t[i] ?? torch.zeros_like(x[i])).ToList(), dim)];
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            var grads = new Tensor?[sizes.Length];
            long offset = 0;
            for (int i = 0; i < sizes.Length; i++)
            {
                long[] shape = _inputs[i].Shape;
                bool skipped = shape.Length == 1 && shape[0] == 0; // legacy empty input: not part of the output
                if (NeedsInputGrad(i))
                    grads[i] = skipped ? torch.zeros(shape, g[0]!._dtype) : g[0]!.narrow(dim, offset, sizes[i]);
                offset += sizes[i];
            }
            return grads;
        }
    }

    // d(stack(x_i, dim))/dx_i = grad.select(dim, i)
    internal sealed class StackBackward0(int dim) : Node
    {
        public override string name() => "StackBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [torch.stack(Enumerable.Range(0, x.Length).Select(i => t[i] ?? torch.zeros_like(x[i])).ToList(), dim)];
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            var grads = new Tensor?[_inputs.Length];
            for (int i = 0; i < grads.Length; i++)
                if (NeedsInputGrad(i)) grads[i] = g[0]!.select(dim, i);
            return grads;
        }
    }
}
