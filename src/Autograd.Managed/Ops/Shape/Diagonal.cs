using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>A view of the diagonal of the (<paramref name="dim1"/>, <paramref name="dim2"/>) planes, shifted
            /// above (positive <paramref name="offset"/>) or below; those dims are removed and the diagonal is the last dim.</summary>
            /// <exception cref="ArgumentException">dim1 and dim2 are the same dim.</exception>
            public Tensor diagonal(long offset = 0L, long dim1 = 0L, long dim2 = 1L) => Ops.Diagonals.Diagonal(this, offset, dim1, dim2);
            /// <summary>A tensor whose (<paramref name="dim1"/>, <paramref name="dim2"/>) planes have this tensor's last dim
            /// on their <paramref name="offset"/> diagonal and zeros elsewhere (the inverse of diagonal).</summary>
            public Tensor diag_embed(long offset = 0L, long dim1 = -2L, long dim2 = -1L) =>
                Ops.Diagonals.DiagEmbed(this, offset, dim1, dim2);
            /// <summary>1-d: a square matrix with this vector on diagonal <paramref name="diagonal"/>; 2-d: a copy of
            /// that diagonal.</summary>
            /// <exception cref="ArgumentException">Not 1-d or 2-d.</exception>
            public Tensor diag(long diagonal = 0) => Ops.Diagonals.Diag(this, diagonal);
            /// <summary>The sum of the main diagonal of a matrix (integers sum to int64).</summary>
            /// <exception cref="ArgumentException">Not a matrix.</exception>
            public Tensor trace() => Ops.Diagonals.Trace(this);
            /// <summary>A copy keeping elements on and below diagonal <paramref name="diagonal"/> of the last two
            /// dims, zeros above.</summary>
            public Tensor tril(long diagonal = 0) => Ops.Diagonals.Triangle(this, diagonal, lower: true);
            /// <summary>In-place tril.</summary>
            public Tensor tril_(long diagonal = 0) => Ops.Diagonals.TriangleInPlace(this, diagonal, lower: true);
            /// <summary>A copy keeping elements on and above diagonal <paramref name="diagonal"/> of the last two
            /// dims, zeros below.</summary>
            public Tensor triu(long diagonal = 0) => Ops.Diagonals.Triangle(this, diagonal, lower: false);
            /// <summary>In-place triu.</summary>
            public Tensor triu_(long diagonal = 0) => Ops.Diagonals.TriangleInPlace(this, diagonal, lower: false);
        }
    }

    public static partial class torch
    {
        /// <summary>input.diagonal(offset, dim1, dim2).</summary>
        public static Tensor diagonal(Tensor input, long offset = 0L, long dim1 = 0L, long dim2 = 1L) => input.diagonal(offset, dim1, dim2);
        /// <summary>input.diag_embed(offset, dim1, dim2).</summary>
        public static Tensor diag_embed(Tensor input, long offset = 0L, long dim1 = -2L, long dim2 = -1L) =>
            input.diag_embed(offset, dim1, dim2);
        /// <summary>input.diag(diagonal).</summary>
        public static Tensor diag(Tensor input, long diagonal = 0) => input.diag(diagonal);
        /// <summary>input.trace().</summary>
        public static Tensor trace(Tensor input) => input.trace();
        /// <summary>input.tril(diagonal).</summary>
        public static Tensor tril(Tensor input, long diagonal = 0) => input.tril(diagonal);
        /// <summary>input.tril_(diagonal).</summary>
        public static Tensor tril_(Tensor input, long diagonal = 0) => input.tril_(diagonal);
        /// <summary>input.triu(diagonal).</summary>
        public static Tensor triu(Tensor input, long diagonal = 0L) => input.triu(diagonal);
        /// <summary>input.triu_(diagonal).</summary>
        public static Tensor triu_(Tensor input, long diagonal = 0L) => input.triu_(diagonal);
    }
}

namespace Autograd.Ops
{
    /// <summary>diagonal (a view: the two dims merged into one with the sum of their strides), its adjoint
    /// (zeros with a diagonal written), and diag / diag_embed / trace / tril / triu built on them.</summary>
    internal static class Diagonals
    {
        /// <summary>The layout of the diagonal view of (shape, strides, start): the dims a and b removed and a
        /// last dim of the diagonal's length and stride strides[a] + strides[b].</summary>
        private static (long[] Shape, long[] Strides, long Start) Layout(long[] shape, long[] strides, long start, long offset,
                                                                         int a, int b)
        {
            long size = offset >= 0 ? Math.Min(shape[a], shape[b] - offset) : Math.Min(shape[a] + offset, shape[b]);
            size = Math.Max(size, 0);
            if (size > 0) start += offset >= 0 ? offset * strides[b] : -offset * strides[a];
            int rank = shape.Length;
            long[] s = new long[rank - 1], st = new long[rank - 1];
            for (int d = 0, j = 0; d < rank; d++)
            {
                if (d == a || d == b) continue;
                s[j] = shape[d];
                st[j++] = strides[d];
            }
            s[^1] = size;
            st[^1] = strides[a] + strides[b];
            return (s, st, start);
        }

        private static (int, int) Dims(int rank, long dim1, long dim2)
        {
            int a = Shape.WrapDim(dim1, rank), b = Shape.WrapDim(dim2, rank);
            if (a == b) throw new ArgumentException($"diagonal dimensions cannot be identical {dim1}, {dim2}");
            return (a, b);
        }

        internal static Tensor Diagonal(Tensor x, long offset, long dim1, long dim2)
        {
            (int a, int b) = Dims(x._shape.Length, dim1, dim2);
            (long[] shape, long[] strides, long start) = Layout(x._shape, x._strides, x._offset, offset, a, b);
            Tensor result = Views.MakeView(x, shape, strides, start);
            if (Graph.Needs(x)) Graph.Connect(new DiagonalBackward0(offset, a, b), result, x);
            return result;
        }

        /// <summary>zeros(shape) with src written on the (a, b) diagonal at offset; differentiable in src.</summary>
        internal static Tensor DiagonalScatterZeros(Tensor src, long[] shape, long offset, int a, int b)
        {
            Tensor result = Tensor.Zeros(shape, src._dtype);
            (long[] s, long[] st, long start) = Layout(result._shape, result._strides, 0, offset, a, b);
            if (Shape.Numel(s) > 0) Kernels.Copy(src, src._strides, new Tensor(result._storage, s, st, start, src._dtype));
            if (Graph.Needs(src)) Graph.Connect(new DiagonalScatterBackward(offset, a, b), result, src);
            return result;
        }

        internal static Tensor DiagEmbed(Tensor x, long offset, long dim1, long dim2)
        {
            int rank = x._shape.Length + 1;
            (int a, int b) = Dims(rank, dim1, dim2);
            long n = unchecked((x._shape.Length == 0 ? 1 : x._shape[^1]) + Abs(offset));
            var shape = new long[rank];
            for (int d = 0, j = 0; d < rank; d++) shape[d] = d == a || d == b ? n : x._shape[j++];
            Shape.CheckSizes(shape);
            return DiagonalScatterZeros(x._shape.Length == 0 ? x.reshape(1) : x, shape, offset, a, b);
        }

        /// <summary>|v| wrapping as C++'s does (|long.MinValue| = long.MinValue): a size that wraps is then
        /// rejected by the size checks with LibTorch's message rather than by the runtime.</summary>
        private static long Abs(long v) => v < 0 ? unchecked(-v) : v;

        internal static Tensor Diag(Tensor x, long k)
        {
            long n = unchecked(x._shape.Length == 1 ? x._shape[0] + Abs(k) : 0);
            return x._shape.Length switch
            {
                1 => DiagonalScatterZeros(x, Shape.CheckSizes([n, n]), k, 0, 1),
                2 => Diagonal(x, k, 0, 1).clone(),
                int r => throw new ArgumentException($"diag(): Supports 1D or 2D tensors. Got {r}D"),
            };
        }

        internal static Tensor Trace(Tensor x)
        {
            if (x._shape.Length != 2) throw new ArgumentException($"trace: expected a matrix, but got tensor with dim {x._shape.Length}");
            // LibTorch's CPU trace dispatches over the standard types only
            if (x._dtype is ScalarType.Bool or ScalarType.Float16 or ScalarType.BFloat16)
                throw RandomFill.NotImplemented("trace", x._dtype);
            return x.diagonal().sum();
        }

        internal static Tensor Triangle(Tensor x, long k, bool lower)
        {
            int rank = x._shape.Length;
            if (rank < 2) throw new ArgumentException($"{(lower ? "tril" : "triu")}: input tensor must have at least 2 dimensions");
            long rows = x._shape[^2], cols = x._shape[^1];
            // j - i by broadcasting (no index product that can overflow; the allocator judges the size)
            Tensor above = torch.arange(cols) - torch.arange(rows).unsqueeze(1);
            Tensor mask = lower ? above.le(k) : above.ge(k);
            // d(where(m, x, 0))/dx = grad where m, else 0
            return Comparison.Where(mask, x, Tensor.Zeros([], x._dtype));
        }

        internal static Tensor TriangleInPlace(Tensor self, long k, bool lower)
        {
            if (self._shape.Length < 2) Triangle(self, k, lower); // the out-of-place checks, before any write
            CheckInPlace(self, self._dtype, null, false);
            return Commit(self, Triangle(Records(self, false) ? self.clone() : self, k, lower));
        }
    }

    // d(diagonal x)/dx = zeros with grad on the diagonal
    internal sealed class DiagonalBackward0(long offset, int a, int b) : Node
    {
        public override string name() => "DiagonalBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [t[0] is { } v ? Diagonals.Diagonal(v, offset, a, b) : null];
        internal override Tensor?[] Apply(Tensor?[] g) => [Diagonals.DiagonalScatterZeros(g[0]!, _inputs[0].Shape, offset, a, b)];
    }

    // d(diagonal_scatter(zeros, s))/ds = grad.diagonal
    internal sealed class DiagonalScatterBackward(long offset, int a, int b) : Node
    {
        public override string name() => "DiagonalScatterBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [t[0] is { } v ? Diagonals.DiagonalScatterZeros(v, y[0]._shape, offset, a, b) : null];
        internal override Tensor?[] Apply(Tensor?[] g) => [Diagonals.Diagonal(g[0]!, offset, a, b)];
    }
}
