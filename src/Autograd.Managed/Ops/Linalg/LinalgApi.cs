namespace Autograd
{
    /// <summary>What torch.linalg.qr returns: reduced (Q [m, k], R [k, n], k = min(m, n)), complete (Q [m, m],
    /// R [m, n]) or R only (Q empty).</summary>
    public enum QRMode
    {
        /// <summary>Q [m, k] and R [k, n] with k = min(m, n).</summary>
        Reduced = 0,
        /// <summary>Q [m, m] and R [m, n].</summary>
        Complete = 1,
        /// <summary>R [k, n] only; Q is an empty tensor (not differentiable).</summary>
        R = 2,
    }

    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>The determinant of each square matrix in the last two dims (see <see cref="linalg.det"/>).</summary>
            public Tensor det() => Ops.LinalgOps.Det(this);
            /// <summary>log(det(this)): NaN for a negative determinant, -inf for a singular matrix.</summary>
            public Tensor logdet() => Ops.LinalgOps.LogDet(this);
            /// <summary>The inverse of each square matrix (see <see cref="linalg.inv"/>).</summary>
            public Tensor inverse() => Ops.LinalgOps.Inv(this);
            /// <summary>The Cholesky factor L (or U = Lᵀ when <paramref name="upper"/>) of each symmetric
            /// positive-definite matrix.</summary>
            public Tensor cholesky(bool upper = false) => Ops.LinalgOps.Cholesky(this, upper);
            /// <summary>The n-th matrix power (n &lt; 0 inverts first; n = 0 gives identities).</summary>
            public Tensor matrix_power(int n) => Ops.LinalgOps.MatrixPower(this, n);
        }

        /// <summary>input.det().</summary>
        public static Tensor det(Tensor input) => input.det();
        /// <summary>input.logdet().</summary>
        public static Tensor logdet(Tensor input) => input.logdet();
        /// <summary>input.inverse().</summary>
        public static Tensor inverse(Tensor input) => input.inverse();
        /// <summary>linalg.slogdet(A).</summary>
        public static (Tensor sign, Tensor logabsdet) slogdet(Tensor A) => linalg.slogdet(A);
        /// <summary>input.cholesky().</summary>
        public static Tensor cholesky(Tensor input) => input.cholesky();
        /// <summary>input.cholesky(upper).</summary>
        public static Tensor cholesky(Tensor input, bool upper) => input.cholesky(upper);
        /// <summary>input.matrix_power(n).</summary>
        public static Tensor matrix_power(Tensor input, int n) => input.matrix_power(n);

        // torch.linalg: every op works on the last two dims, earlier dims are batches. Matrices of float32 /
        // float64; the decompositions run natively in float64 (see Ops.Factorizations).
        public static partial class linalg
        {
            /// <summary>The inverse of each square matrix.</summary>
            /// <exception cref="ArgumentException">Not square, fewer than 2 dims, not floating, or singular
            /// (LibTorch's "The diagonal element k is zero ..." message).</exception>
            public static Tensor inv(Tensor input) => Ops.LinalgOps.Inv(input);
            /// <summary>The determinant of each square matrix (by LU with partial pivoting). Its gradient is the
            /// cofactor matrix, also at a singular matrix (where LibTorch 2.10 answers 0).</summary>
            public static Tensor det(Tensor input) => Ops.LinalgOps.Det(input);
            /// <summary>(sign, log|det|) of each square matrix: sign 0 and -inf for a singular one.</summary>
            public static (Tensor sign, Tensor logabsdet) slogdet(Tensor input) => Ops.LinalgOps.SlogDet(input);
            /// <summary>X with A X = B (left) or X A = B; B [*, n, k], or [*, n] treated as vectors; batch dims broadcast.</summary>
            /// <exception cref="ArgumentException">Shapes that do not fit, or a singular A.</exception>
            public static Tensor solve(Tensor A, Tensor B, bool left = true) => Ops.LinalgOps.Solve(A, B, left);
            /// <summary>L with A = L Lᵀ for symmetric positive-definite A (only the lower triangle is read).</summary>
            /// <exception cref="ArgumentException">A is not positive-definite (LibTorch's message naming the leading minor).</exception>
            public static Tensor cholesky(Tensor input) => Ops.LinalgOps.Cholesky(input);
            /// <summary>(Q, R) with A = Q R by Householder reflections with LAPACK's sign convention (R's diagonal is
            /// -sign(pivot)·norm), so Q and R match LibTorch's.</summary>
            public static (Tensor Q, Tensor R) qr(Tensor input, QRMode mode = QRMode.Reduced) => Ops.LinalgOps.Qr(input, mode);
            /// <summary>(eigenvalues ascending, eigenvectors as columns) of symmetric matrices given by the
            /// <paramref name="UPLO"/> triangle. Each eigenvector's sign is arbitrary (it may differ from LAPACK's).</summary>
            public static (Tensor L, Tensor Q) eigh(Tensor input, char UPLO = 'L') => Ops.LinalgOps.Eigh(input, UPLO);
            /// <summary>The eigenvalues (ascending) of symmetric matrices.</summary>
            public static Tensor eigvalsh(Tensor input, char UPLO = 'L') => Ops.LinalgOps.Eigh(input, UPLO).L;
            /// <summary>(U, S, Vh) with A = U diag(S) Vh, S descending; full_matrices gives square U and Vh. Signs of
            /// singular-vector pairs are arbitrary (they may differ from LAPACK's).</summary>
            public static (Tensor U, Tensor S, Tensor Vh) svd(Tensor input, bool fullMatrices = true) =>
                Ops.LinalgOps.Svd(input, fullMatrices);
            /// <summary>The singular values, descending.</summary>
            public static Tensor svdvals(Tensor input) => Ops.LinalgOps.SvdVals(input);
            /// <summary>The pseudo-inverse: singular values at or below max(atol, rtol·σ_max) count as zero; rtol defaults
            /// to ε·max(m, n) when neither is given. hermitian uses the eigendecomposition.</summary>
            public static Tensor pinv(Tensor input, double? atol = null, double? rtol = null, bool hermitian = false) =>
                Ops.LinalgOps.Pinv(input, atol is double a ? torch.tensor(a, input.dtype) : null,
                                   rtol is double r ? torch.tensor(r, input.dtype) : null, hermitian);
            /// <summary>pinv with per-matrix tolerances: atol and rtol broadcast against the batch dims.</summary>
            public static Tensor pinv(Tensor input, Tensor atol, Tensor? rtol = null, bool hermitian = false) =>
                Ops.LinalgOps.Pinv(input, atol, rtol, hermitian);
            /// <summary>Least squares min ‖A X - B‖ as LibTorch's default CPU driver (gelsy) answers it: (minimum-norm
            /// solution, residuals — empty, rank, singular values — empty).</summary>
            public static (Tensor Solution, Tensor Residuals, Tensor Rank, Tensor SingularValues) lstsq(Tensor input, Tensor other) =>
                Ops.LinalgOps.Lstsq(input, other, null);
            /// <summary>lstsq with singular values below rcond·σ_max treated as zero.</summary>
            public static (Tensor Solution, Tensor Residuals, Tensor Rank, Tensor SingularValues) lstsq(Tensor input, Tensor other,
                double rcond) =>
                Ops.LinalgOps.Lstsq(input, other, rcond);
            /// <summary>A.matrix_power(n).</summary>
            public static Tensor matrix_power(Tensor A, int n) => Ops.LinalgOps.MatrixPower(A, n);
            /// <summary>The "fro" (Frobenius) or "nuc" (nuclear) norm over the two <paramref name="dims"/> (default
            /// the last two).</summary>
            public static Tensor matrix_norm(Tensor input, string ord = "fro", long[]? dims = null, bool keepdim = false) =>
                Ops.MatrixNorms.Norm(input, ord, dims, keepdim);
            /// <summary>The ord-norm of the matrices: ±1 (max/min column abs sum), ±2 (largest/smallest singular value),
            /// ±∞ (max/min row abs sum).</summary>
            public static Tensor matrix_norm(Tensor input, double ord, long[]? dims = null, bool keepdim = false) =>
                Ops.MatrixNorms.Norm(input, ord, dims, keepdim);
            /// <summary>The 2-norm of input as a vector over <paramref name="dims"/> (all when null).</summary>
            public static Tensor norm(Tensor input, long[]? dims = null, bool keepdim = false) => vector_norm(input, 2, dims, keepdim);
            /// <summary>A matrix norm when dims has two entries (or input is 2-d and dims is null), else a vector norm.</summary>
            public static Tensor norm(Tensor input, double ord, long[]? dims = null, bool keepdim = false) =>
                Ops.MatrixNorms.LinalgNorm(input, ord, dims, keepdim);
            /// <summary>norm with an integer order.</summary>
            public static Tensor norm(Tensor input, int ord, long[]? dims = null, bool keepdim = false) =>
                Ops.MatrixNorms.LinalgNorm(input, ord, dims, keepdim);
            /// <summary>matrix_norm("fro" or "nuc") over dims (2-d input when null).</summary>
            public static Tensor norm(Tensor input, string ord, long[]? dims = null, bool keepdim = false)
            {
                if (dims is null && input.dim() != 2)
                    throw new ArgumentException(
                        $"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got {input.dim()}D.");
                return matrix_norm(input, ord, dims, keepdim);
            }
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>Matrix norms as compositions of reductions and singular values.</summary>
    internal static class MatrixNorms
    {
        private static (int, int) Dims(Tensor a, long[]? dims)
        {
            if (a._shape.Length < 2) throw new ArgumentException("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.");
            Factorizations.CheckFloating("linalg.matrix_norm", a);
            dims ??= [-2, -1];
            if (dims.Length != 2) throw new ArgumentException($"linalg.matrix_norm: dim must be a 2-tuple. Got {string.Join(" ", dims)}");
            int d0 = Shape.WrapDim(dims[0], a._shape.Length), d1 = Shape.WrapDim(dims[1], a._shape.Length);
            if (d0 == d1) throw new ArgumentException($"linalg.matrix_norm: dims must be different. Got ({dims[0]}, {dims[1]})");
            return (d0, d1);
        }

        internal static Tensor Norm(Tensor a, string ord, long[]? dims, bool keepdim)
        {
            if (ord is not ("fro" or "nuc")) throw new ArgumentException($"linalg.matrix_norm: Order {ord} not supported.");
            var (d0, d1) = Dims(a, dims);
            if (ord == "fro") return torch.linalg.vector_norm(a, 2, [d0, d1], keepdim);
            return Singular(a, d0, d1, keepdim, s => s.sum([-1L]));
        }

        internal static Tensor Norm(Tensor a, double ord, long[]? dims, bool keepdim)
        {
            if (ord is not (1 or -1 or 2 or -2 or double.PositiveInfinity or double.NegativeInfinity))
                throw new ArgumentException($"linalg.matrix_norm: Order {ord} not supported.");
            var (d0, d1) = Dims(a, dims);
            if (Math.Abs(ord) == 2) return Singular(a, d0, d1, keepdim, s => ord > 0 ? s.amax([-1L]) : s.amin([-1L]));
            // ±1: the column abs sums (over rows d0) reduced over d1; ±∞: the row abs sums reduced over d0
            var (sumDim, maxDim) = Math.Abs(ord) == 1 ? (d0, d1) : (d1, d0);
            Tensor sums = a.abs().sum([sumDim], keepdim: true);
            Tensor r = ord > 0 ? sums.amax([maxDim], keepdim: true) : sums.amin([maxDim], keepdim: true);
            return keepdim ? r : r.squeeze(Math.Max(d0, d1)).squeeze(Math.Min(d0, d1));
        }

        private static Tensor Singular(Tensor a, int d0, int d1, bool keepdim, Func<Tensor, Tensor> reduce)
        {
            Tensor r = reduce(LinalgOps.SvdVals(a.movedim([d0, d1], [-2, -1])));
            return keepdim ? r.unsqueeze(Math.Min(d0, d1)).unsqueeze(Math.Max(d0, d1)) : r;
        }

        internal static Tensor LinalgNorm(Tensor a, double ord, long[]? dims, bool keepdim)
        {
            bool matrix = dims is null ? a.dim() == 2 : dims.Length == 2;
            if (dims is null && a.dim() is not (1 or 2))
                throw new ArgumentException(
                    $"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got {a.dim()}D.");
            return matrix ? Norm(a, ord, dims, keepdim) : torch.linalg.vector_norm(a, ord, dims, keepdim);
        }
    }
}
