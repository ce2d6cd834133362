using Autograd.Native;

namespace Autograd.Ops;

/// <summary>
/// The decompositions behind torch.linalg: argument checks with LibTorch's messages, then a contiguous
/// float64 copy of the input handed to the native LU / Cholesky / QR / Jacobi kernels (agn_linalg_*),
/// and results converted back to the input's dtype. Nothing here records history: the public ops in
/// <see cref="LinalgOps"/> attach the backward formulas.
/// </summary>
internal static unsafe class Factorizations
{
    internal static void CheckFloating(string op, Tensor x)
    {
        if (!DType.IsFloating(x._dtype))
            throw new ArgumentException($"{op}: Expected a floating point or complex tensor as input. Got {DType.ShortName(x._dtype)}");
        if (x._dtype is not (ScalarType.Float32 or ScalarType.Float64))
            throw new NotSupportedException($"\"{op}\" not implemented for '{DType.ShortName(x._dtype)}'");
    }

    internal static void CheckMatrix(string op, Tensor x, string name = "A")
    {
        if (x._shape.Length < 2) throw new ArgumentException($"{op}: The input tensor {name} must have at least 2 dimensions.");
        CheckFloating(op, x);
    }

    internal static void CheckSquare(string op, Tensor x, string name = "A")
    {
        CheckMatrix(op, x, name);
        if (x._shape[^1] != x._shape[^2])
            throw new ArgumentException(
                $"{op}: {name} must be batches of square matrices, but they are {x._shape[^2]} by {x._shape[^1]} matrices");
    }

    /// <summary>"(Batch element b): " for a batched input, as LibTorch prefixes its per-matrix errors.</summary>
    internal static string BatchPrefix(Tensor x, long b) => x._shape.Length > 2 ? $"(Batch element {b}): " : "";

    private static long Batch(Tensor x) => Shape.Numel(x._shape.AsSpan(0, x._shape.Length - 2));

    private static double[] Values(Tensor x)
    {
        double[] values;
        using (torch.no_grad()) values = x.to(ScalarType.Float64).contiguous().ToArray<double>();
        return values.Length > 0 ? values : new double[1]; // a pinned empty array would be a null pointer
    }

    /// <summary>A native output buffer (never empty, for the same reason).</summary>
    private static double[] Buffer(long length) => new double[Math.Max(length, 1)];

    private static Tensor Make(double[] data, long[] shape, ScalarType dtype)
    {
        long numel = Shape.Numel(shape);
        return torch.tensor(data.Length == numel ? data : data[..(int)numel], shape, ScalarType.Float64).to(dtype);
    }

    private static long[] BatchShape(Tensor x, params long[] tail) => [.. x._shape[..^2], .. tail];

    /// <summary>LU factors of square x: (packed LU, pivots, info) per matrix.</summary>
    internal static (double[] Lu, long[] Pivots, long[] Info) Lu(Tensor x)
    {
        long n = x._shape[^1], batch = Batch(x);
        double[] a = Values(x);
        var piv = new long[Math.Max(batch * n, 1)];
        var info = new long[Math.Max(batch, 1)];
        fixed (double* pa = a) fixed (long* pp = piv, pi = info)
            NativeStatus.Check(NativeMethods.agn_linalg_lu(pa, batch, n, pp, pi), "agn_linalg_lu");
        return (a, piv, info);
    }

    /// <summary>X with A X = B for square A [*, n, n] and B [*, n, k] of the same batch shape, from A's LU factors.</summary>
    internal static Tensor LuSolve(double[] lu, long[] pivots, Tensor a, Tensor b)
    {
        long n = a._shape[^1], k = b._shape[^1], batch = Batch(a);
        double[] x = Values(b);
        fixed (double* pl = lu, px = x) fixed (long* pp = pivots)
            NativeStatus.Check(NativeMethods.agn_linalg_lu_solve(pl, pp, px, batch, n, k), "agn_linalg_lu_solve");
        return Make(x, b._shape, a._dtype);
    }

    /// <summary>det and log|det| from LU factors: the product of U's diagonal, negated per row swap.</summary>
    internal static (Tensor Sign, Tensor LogAbs, Tensor Det) Determinants(Tensor a)
    {
        long n = a._shape[^1], batch = Batch(a);
        var (lu, piv, _) = Lu(a);
        var sign = Buffer(batch);
        var logAbs = Buffer(batch);
        var det = Buffer(batch);
        for (long b = 0; b < batch; b++)
        {
            double s = 1, l = 0, d = 1;
            for (long i = 0; i < n; i++)
            {
                double u = lu[b * n * n + i * n + i];
                if (piv[b * n + i] != i + 1) { s = -s; d = -d; }
                s *= u > 0 ? 1 : u < 0 ? -1 : u == 0 ? 0 : double.NaN; // Math.Sign throws on NaN
                l += Math.Log(Math.Abs(u));
                d *= u;
            }
            sign[b] = double.IsNaN(l) ? double.NaN : s;
            logAbs[b] = l;
            det[b] = d;
        }
        long[] shape = a._shape[..^2];
        return (Make(sign, shape, a._dtype), Make(logAbs, shape, a._dtype), Make(det, shape, a._dtype));
    }

    /// <summary>The pivot info LibTorch reports for A: it hands LAPACK a row-major A as the column-major Aᵀ
    /// and factors that, so the first zero pivot it names is Aᵀ's (A's own when A is not contiguous).</summary>
    private static long[] ReportedInfo(Tensor a, long[] ownInfo) => a.is_contiguous() ? Lu(a.mT).Info : ownInfo;

    /// <summary>The inverse of square A, or LibTorch's error for the first singular matrix.</summary>
    internal static Tensor Inverse(Tensor a)
    {
        long n = a._shape[^1];
        var (lu, piv, info) = Lu(a);
        if (info.Any(i => i > 0))
        {
            long[] reported = ReportedInfo(a, info);
            for (long b = 0; b < Batch(a); b++)
                if (reported[b] > 0 || info[b] > 0)
                    throw new ArgumentException(
                        $"linalg.inv: {BatchPrefix(a, b)}The diagonal element {(reported[b] > 0 ? reported[b] : info[b])} is " +
                        $"zero, the inversion could not be completed because the input matrix is singular.");
        }
        Tensor eye;
        using (torch.no_grad()) eye = torch.eye(n, dtype: ScalarType.Float64).expand(a._shape);
        return LuSolve(lu, piv, a, eye);
    }

    /// <summary>X with A X = B (A [*, n, n] and B [*, n, k] already broadcast), or LibTorch's error when A is singular.</summary>
    internal static Tensor Solve(Tensor a, Tensor b)
    {
        var (lu, piv, info) = Lu(a);
        for (long i = 0; i < Batch(a); i++)
            if (info[i] > 0)
                throw new ArgumentException(
                    $"torch.linalg.solve: {BatchPrefix(a, i)}The solver failed because the input matrix is singular.");
        return LuSolve(lu, piv, a, b);
    }

    internal static Tensor Cholesky(Tensor a, string op = "linalg.cholesky")
    {
        long n = a._shape[^1], batch = Batch(a);
        double[] l = Values(a);
        var info = new long[Math.Max(batch, 1)];
        fixed (double* pl = l) fixed (long* pi = info)
            NativeStatus.Check(NativeMethods.agn_linalg_cholesky(pl, batch, n, pi), "agn_linalg_cholesky");
        for (long b = 0; b < batch; b++)
            if (info[b] > 0)
                throw new ArgumentException(
                    $"{op}: {BatchPrefix(a, b)}The factorization could not be completed because the input is not " +
                    $"positive-definite (the leading minor of order {info[b]} is not positive-definite).");
        return Make(l, a._shape, a._dtype);
    }

    internal static (Tensor Q, Tensor R) Qr(Tensor a, bool complete)
    {
        long m = a._shape[^2], n = a._shape[^1], batch = Batch(a), mc = complete ? m : Math.Min(m, n);
        double[] x = Values(a);
        var q = Buffer(batch * m * mc);
        var r = Buffer(batch * mc * n);
        fixed (double* px = x, pq = q, pr = r)
            NativeStatus.Check(NativeMethods.agn_linalg_qr(px, pq, pr, batch, m, n, complete ? 1 : 0), "agn_linalg_qr");
        return (Make(q, BatchShape(a, m, mc), a._dtype), Make(r, BatchShape(a, mc, n), a._dtype));
    }

    /// <summary>Eigenvalues (ascending) and eigenvectors of the symmetric matrices given by a's lower triangle.</summary>
    internal static (Tensor L, Tensor V) Eigh(Tensor a)
    {
        long n = a._shape[^1], batch = Batch(a);
        double[] x = Values(a);
        var w = Buffer(batch * n);
        var v = Buffer(batch * n * n);
        fixed (double* px = x, pw = w, pv = v)
            NativeStatus.Check(NativeMethods.agn_linalg_eigh(px, pw, pv, batch, n), "agn_linalg_eigh");
        return (Make(w, a._shape[..^1], a._dtype), Make(v, a._shape, a._dtype));
    }

    internal static (Tensor U, Tensor S, Tensor Vh) Svd(Tensor a, bool full)
    {
        long m = a._shape[^2], n = a._shape[^1], batch = Batch(a), k = Math.Min(m, n);
        long uc = full ? m : k, vr = full ? n : k;
        double[] x = Values(a);
        var u = Buffer(batch * m * uc);
        var s = Buffer(batch * k);
        var vh = Buffer(batch * vr * n);
        fixed (double* px = x, pu = u, ps = s, pv = vh)
            NativeStatus.Check(NativeMethods.agn_linalg_svd(px, pu, ps, pv, batch, m, n, full ? 1 : 0), "agn_linalg_svd");
        return (Make(u, BatchShape(a, m, uc), a._dtype), Make(s, [.. a._shape[..^2], k], a._dtype),
                Make(vh, BatchShape(a, vr, n), a._dtype));
    }
}
