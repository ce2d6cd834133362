namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>beta·this + alpha·(mat1 @ mat2) for mat1 [n, m] and mat2 [m, p]; this broadcasts to [n, p].
            /// With beta = 0 this is ignored (NaN in it does not propagate), as in PyTorch.</summary>
            /// <exception cref="ArgumentException">Shapes that do not multiply, or this does not broadcast to [n, p].</exception>
            public Tensor addmm(Tensor mat1, Tensor mat2, float beta = 1, float alpha = 1) =>
                Ops.Products.AddMm(this, mat1, mat2, beta, alpha);
            /// <summary>beta·this + alpha·Σ_b batch1[b] @ batch2[b] for batch1 [b, n, m], batch2 [b, m, p]; this
            /// broadcasts to [n, p].</summary>
            public Tensor addbmm(Tensor batch1, Tensor batch2, float beta = 1, float alpha = 1) =>
                Ops.Products.AddBmm(this, batch1, batch2, beta, alpha);
            /// <summary>beta·this + alpha·bmm(batch1, batch2); this broadcasts to [b, n, p].</summary>
            public Tensor baddbmm(Tensor batch1, Tensor batch2, float beta = 1, float alpha = 1) =>
                Ops.Products.BaddBmm(this, batch1, batch2, beta, alpha);
            /// <summary>beta·this + alpha·(mat @ vec) for mat [n, m], vec [m]; this broadcasts to [n].</summary>
            public Tensor addmv(Tensor mat, Tensor vec, float beta = 1, float alpha = 1) => Ops.Products.AddMv(this, mat, vec, beta, alpha);
            /// <summary>beta·this + alpha·outer(vec1, vec2) for vec1 [n], vec2 [m]; this broadcasts to [n, m].</summary>
            public Tensor addr(Tensor vec1, Tensor vec2, float beta = 1, float alpha = 1) =>
                Ops.Products.AddR(this, vec1, vec2, beta, alpha);
            /// <summary>Contracts the last <paramref name="dims"/> dims of this with the first <paramref name="dims"/> of b.</summary>
            /// <exception cref="ArgumentException">Contracted sizes differ, or dims is negative or exceeds a rank.</exception>
            public Tensor tensordot(Tensor b, long dims = 2) => Ops.Products.TensorDot(this, b, dims);
            /// <summary>Contracts dims1 of this with dims2 of b (pairwise); the result holds this's free dims then b's.</summary>
            public Tensor tensordot(Tensor b, long[] dims1, long[] dims2) => Ops.Products.TensorDot(this, b, dims1, dims2);
            /// <summary>tensordot with the contracted dims given as (this dim, b dim) pairs.</summary>
            public Tensor tensordot(Tensor b, (long, long)[] dims) =>
                Ops.Products.TensorDot(this, b, dims.Select(d => d.Item1).ToArray(), dims.Select(d => d.Item2).ToArray());
            /// <summary>Kronecker product: ranks are aligned by prepending size-1 dims, and result dim d has size
            /// this.size(d)·other.size(d), element [i·q + j] = this[i]·other[j].</summary>
            public Tensor kron(Tensor other) => Ops.Products.Kron(this, other);
            /// <summary>The 3-vector cross product along <paramref name="dim"/> (operands broadcast); null takes the
            /// first dim of size 3, PyTorch's deprecated default for torch.cross.</summary>
            /// <exception cref="ArgumentException">The dim does not have size 3 in both operands.</exception>
            public Tensor cross(Tensor other, long? dim = null) => Ops.Products.Cross(this, other, dim, "linalg.cross");
        }

        /// <summary>input.addmm(mat1, mat2, beta, alpha).</summary>
        public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, float beta = 1, float alpha = 1) =>
            input.addmm(mat1, mat2, beta, alpha);
        /// <summary>input.addbmm(batch1, batch2, beta, alpha).</summary>
        public static Tensor addbmm(Tensor input, Tensor batch1, Tensor batch2, float beta = 1, float alpha = 1) =>
            input.addbmm(batch1, batch2, beta, alpha);
        /// <summary>input.baddbmm(batch1, batch2, beta, alpha).</summary>
        public static Tensor baddbmm(Tensor input, Tensor batch1, Tensor batch2, float beta = 1, float alpha = 1) =>
            input.baddbmm(batch1, batch2, beta, alpha);
        /// <summary>input.addmv(mat1, mat2, beta, alpha): mat1 is the matrix and mat2 the vector (TorchSharp's names).</summary>
        public static Tensor addmv(Tensor input, Tensor mat1, Tensor mat2, float beta = 1, float alpha = 1) =>
            input.addmv(mat1, mat2, beta, alpha);
        /// <summary>input.addr(vec1, vec2, beta, alpha).</summary>
        public static Tensor addr(Tensor input, Tensor vec1, Tensor vec2, float beta = 1, float alpha = 1) =>
            input.addr(vec1, vec2, beta, alpha);
        /// <summary>a.tensordot(b, dims).</summary>
        public static Tensor tensordot(Tensor a, Tensor b, long dims = 2) => a.tensordot(b, dims);
        /// <summary>a.tensordot(b, dims1, dims2).</summary>
        public static Tensor tensordot(Tensor a, Tensor b, long[] dims1, long[] dims2) => a.tensordot(b, dims1, dims2);
        /// <summary>a.tensordot(b, dims).</summary>
        public static Tensor tensordot(Tensor a, Tensor b, (long, long)[] dims) => a.tensordot(b, dims);
        /// <summary>input.kron(other).</summary>
        public static Tensor kron(Tensor input, Tensor other) => input.kron(other);
        /// <summary>input.cross(other, dim).</summary>
        public static Tensor cross(Tensor input, Tensor other, long? dim = null) => input.cross(other, dim);
        /// <summary>The p-norm distance between each row of x1 [..., P, M] and each row of x2 [..., R, M]:
        /// [..., P, R] (batch dims broadcast). p ≥ 0; p = 0 counts differing coordinates, ∞ takes the largest.</summary>
        /// <exception cref="ArgumentException">Ranks below 2, different row lengths, p &lt; 0 or non-floating input.</exception>
        /// <remarks>compute_mode is accepted for TorchSharp compatibility; distances are always computed from the
        /// differences (LibTorch's matrix-product route for p = 2 agrees to rounding).</remarks>
        public static Tensor cdist(Tensor x1, Tensor x2, double p = 2,
                                   compute_mode compute_mode = compute_mode.use_mm_for_euclid_dist_if_necessary) =>
            Ops.Products.CDist(x1, x2, p);

        /// <summary>How LibTorch's cdist may compute Euclidean distances (through a matrix product or from differences).</summary>
        public enum compute_mode
        {
            /// <summary>Matrix product when either side has more than 25 rows.</summary>
            use_mm_for_euclid_dist_if_necessary = 0,
            /// <summary>Always the matrix product.</summary>
            use_mm_for_euclid_dist = 1,
            /// <summary>Never the matrix product.</summary>
            donot_use_mm_for_euclid_dist = 2,
        }
        /// <summary>Einstein summation (see <see cref="Ops.Einsum"/>): e.g. "ij,jk->ik", "bii->bi", "...ij,...jk".</summary>
        /// <exception cref="ArgumentException">A malformed equation, an operand count or rank that does not match it,
        /// or a subscript with sizes that do not broadcast.</exception>
        public static Tensor einsum(string equation, params Tensor[] tensors) => Ops.Einsum.Compute(equation, tensors);

        public static partial class linalg
        {
            /// <summary>The cross product along <paramref name="dim"/> (size 3 in both operands, which broadcast).</summary>
            public static Tensor cross(Tensor input, Tensor other, long dim = -1) => Ops.Products.Cross(input, other, dim, "linalg.cross");
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>The products built from matmul and pointwise ops: their gradients (and double backward) come
    /// from those ops' derivatives.</summary>
    internal static class Products
    {
        /// <summary>beta·input + alpha·product, input expanded to the product's shape; beta = 0 ignores input.</summary>
        private static Tensor Blend(Tensor input, Tensor product, float beta, float alpha)
        {
            Tensor expanded = input.expand(product._shape);
            Tensor scaled = alpha == 1 ? product : product.mul(alpha);
            if (beta == 0) return scaled;
            return (beta == 1 ? expanded : expanded.mul(beta)).add(scaled);
        }

        internal static Tensor AddMm(Tensor input, Tensor a, Tensor b, float beta, float alpha)
        {
            if (beta == 1 && alpha == 1 && Linalg.Addmm(input, a, b) is { } fused) return fused;
            return Blend(input, a.mm(b), beta, alpha);
        }

        internal static Tensor AddBmm(Tensor input, Tensor a, Tensor b, float beta, float alpha)
        {
            if (a.dim() != 3) throw new ArgumentException("batch1 must be a 3D tensor");
            if (b.dim() != 3) throw new ArgumentException("batch2 must be a 3D tensor");
            if (a._shape[0] != b._shape[0])
                throw new ArgumentException($"batch1 and batch2 must have same number of batches, got {a._shape[0]} and {b._shape[0]}");
            if (a._shape[2] != b._shape[1])
                throw new ArgumentException(
                    $"Incompatible matrix sizes for bmm ({a._shape[1]}x{a._shape[2]} and {b._shape[1]}x{b._shape[2]})");
            // Σ_b A_b B_b is one product: [n, b·m] @ [b·m, p]
            long batch = a._shape[0], n = a._shape[1], m = a._shape[2], p = b._shape[2];
            Tensor product = a.permute(1, 0, 2).reshape(n, batch * m).mm(b.reshape(batch * m, p));
            return Blend(input, product, beta, alpha);
        }

        internal static Tensor BaddBmm(Tensor input, Tensor a, Tensor b, float beta, float alpha) => Blend(input, a.bmm(b), beta, alpha);

        internal static Tensor AddMv(Tensor input, Tensor mat, Tensor vec, float beta, float alpha) =>
            Blend(input, mat.mv(vec), beta, alpha);

        internal static Tensor AddR(Tensor input, Tensor v1, Tensor v2, float beta, float alpha)
        {
            if (v1.dim() != 1) throw new ArgumentException($"addr: Expected 1-D argument vec1, but got {v1.dim()}-D");
            if (v2.dim() != 1) throw new ArgumentException($"addr: Expected 1-D argument vec2, but got {v2.dim()}-D");
            return Blend(input, v1.outer(v2), beta, alpha);
        }

        internal static Tensor TensorDot(Tensor a, Tensor b, long dims)
        {
            if (dims < 0) throw new ArgumentException($"tensordot expects dims >= 0, but got dims={dims}");
            if (dims > a.dim() || dims > b.dim())
                throw new ArgumentException($"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}");
            long[] d1 = Enumerable.Range(0, (int)dims).Select(i => a.dim() - dims + i).ToArray();
            long[] d2 = Enumerable.Range(0, (int)dims).Select(i => (long)i).ToArray();
            return TensorDot(a, b, d1, d2);
        }

        internal static Tensor TensorDot(Tensor a, Tensor b, long[] dims1, long[] dims2)
        {
            if (dims1.Length != dims2.Length) throw new ArgumentException("both dimension lists should have same length");
            int ra = a._shape.Length, rb = b._shape.Length;
            long[] ca = dims1.Select(d => (long)Shape.WrapDimOfShape(d, ra)).ToArray(); // LibTorch reads size(d)
            long[] cb = dims2.Select(d => (long)Shape.WrapDimOfShape(d, rb)).ToArray();
            for (int i = 0; i < ca.Length; i++)
                if (a._shape[ca[i]] != b._shape[cb[i]])
                    throw new ArgumentException(
                        $"contracted dimensions need to match, but first has size {a._shape[ca[i]]} in dim {dims1[i]} and second " +
                        $"has size {b._shape[cb[i]]} in dim {dims2[i]}");
            long[] fa = Enumerable.Range(0, ra).Select(i => (long)i).Where(i => !ca.Contains(i)).ToArray();
            long[] fb = Enumerable.Range(0, rb).Select(i => (long)i).Where(i => !cb.Contains(i)).ToArray();
            long k = ca.Aggregate(1L, (s, d) => s * a._shape[d]);
            long rows = fa.Aggregate(1L, (s, d) => s * a._shape[d]), cols = fb.Aggregate(1L, (s, d) => s * b._shape[d]);
            Tensor left = a.permute([.. fa, .. ca]).reshape(rows, k);
            Tensor right = b.permute([.. cb, .. fb]).reshape(k, cols);
            return left.mm(right).reshape([.. fa.Select(d => a._shape[d]), .. fb.Select(d => b._shape[d])]);
        }

        internal static Tensor Kron(Tensor a, Tensor b)
        {
            int r = Math.Max(a._shape.Length, b._shape.Length);
            long[] sa = [.. Enumerable.Repeat(1L, r - a._shape.Length), .. a._shape],
                sb = [.. Enumerable.Repeat(1L, r - b._shape.Length), .. b._shape];
            // a as [a0, 1, a1, 1, ...] times b as [1, b0, 1, b1, ...], then each pair of dims merged
            var ia = new long[2 * r];
            var ib = new long[2 * r];
            var result = new long[r];
            for (int d = 0; d < r; d++)
            {
                ia[2 * d] = sa[d]; ia[2 * d + 1] = 1;
                ib[2 * d] = 1; ib[2 * d + 1] = sb[d];
                result[d] = sa[d] * sb[d];
            }
            return a.reshape(ia).mul(b.reshape(ib)).reshape(result);
        }

        internal static Tensor Cross(Tensor a, Tensor b, long? dim, string op)
        {
            long[] shape = Shape.Broadcast(a._shape, b._shape);
            Tensor x = a.expand(shape), y = b.expand(shape);
            long d;
            if (dim is long given)
            {
                d = Shape.WrapDim(given, shape.Length);
                if (a.dim() != b.dim())
                    throw new ArgumentException($"{op}: inputs must have the same number of dimensions.");
                if (a._shape[d] != 3 || b._shape[d] != 3)
                    throw new ArgumentException($"{op}: inputs dimension {given} must have length 3. Got {a._shape[d]} and {b._shape[d]}");
            }
            else
            {
                d = Array.IndexOf(shape, 3L);
                if (d < 0) throw new ArgumentException("no dimension of size 3 in input");
            }
            Tensor X(int i) => x.select(d, i);
            Tensor Y(int i) => y.select(d, i);
            return torch.stack([X(1) * Y(2) - X(2) * Y(1), X(2) * Y(0) - X(0) * Y(2), X(0) * Y(1) - X(1) * Y(0)], d);
        }

        internal static Tensor CDist(Tensor x1, Tensor x2, double p)
        {
            if (x1.dim() < 2) throw new ArgumentException($"cdist only supports at least 2D tensors, X1 got: {x1.dim()}D");
            if (x2.dim() < 2) throw new ArgumentException($"cdist only supports at least 2D tensors, X2 got: {x2.dim()}D");
            if (x1._shape[^1] != x2._shape[^1])
                throw new ArgumentException($"X1 and X2 must have the same number of columns. X1: {x1._shape[^1]} X2: {x2._shape[^1]}");
            if (!DType.IsFloating(x1._dtype) || !DType.IsFloating(x2._dtype))
                throw new ArgumentException($"cdist only supports floating-point dtypes, X1 got: {DType.ShortName(x1._dtype)}");
            if (p < 0) throw new ArgumentException("cdist only supports non-negative p values");
            // ||x1_i - x2_j||_p over the last dim; the norm's gradient is 0 at a zero distance, as cdist's
            return torch.linalg.vector_norm(x1.unsqueeze(-2).sub(x2.unsqueeze(-3)), p, [-1]);
        }
    }
}
