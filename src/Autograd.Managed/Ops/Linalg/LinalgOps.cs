namespace Autograd.Ops;

/// <summary>torch.linalg's differentiable ops: a factorization's forward (<see cref="Factorizations"/>) plus
/// its backward formula (<see cref="FactorizationGradients"/>, Note [Decomposition gradients]), and the
/// ops composed from them (pinv, lstsq, matrix_power, the matrix norms).</summary>
internal static class LinalgOps
{
    internal static Tensor Inv(Tensor a)
    {
        Factorizations.CheckSquare("linalg.inv", a);
        Tensor inv = Factorizations.Inverse(a);
        // d(A⁻¹) = -A⁻¹ dA A⁻¹, so gA = -A⁻ᵀ g A⁻ᵀ
        return Formula.RecordWith(inv, "LinalgInvExBackward0", [a], [inv],
                                  (t, s) => t[0] is { } ta ? s[0].matmul(ta).matmul(s[0]).neg() : null,
                                  (g, s) => s[0].mT.matmul(g).matmul(s[0].mT).neg());
    }

    internal static Tensor Det(Tensor a)
    {
        Factorizations.CheckSquare("linalg.det", a);
        Tensor det = Factorizations.Determinants(a).Det;
        // d det = tr(cof(A)ᵀ dA): the gradient for g = 1 against the tangent
        return Formula.RecordWith(det, "LinalgDetBackward0", [a], [a, det],
                                  (t, s) => t[0] is { } ta ? DetGradient(torch.ones_like(s[1]), s[0], s[1]).mul(ta).sum([-2L, -1L]) : null,
                                  (g, s) => DetGradient(g, s[0], s[1]));
    }

    // d det(A) = tr(cof(A)ᵀ dA), so gA = g cof(A): det(A) A⁻ᵀ for a nonsingular A; when some matrix of the batch
    // is singular, the SVD's form det(U) det(Vh) U diag(Π_{j≠i} s_j) Vh, which holds for every A
    private static Tensor DetGradient(Tensor g, Tensor a, Tensor det)
    {
        Tensor scale = g.unsqueeze(-1).unsqueeze(-1);
        bool singular;
        using (torch.no_grad()) singular = det.eq(0).any().item<bool>();
        if (!singular) return Inv(a).mT.mul(scale.mul(det.unsqueeze(-1).unsqueeze(-1)));
        var (u, sv, vh) = Svd(a, false);
        long n = sv._shape[^1];
        Tensor others = torch.where(torch.eye(n).eq(1), 1.0, sv.unsqueeze(-2).expand([.. sv._shape, n])).prod(-1);
        Tensor signs;
        using (torch.no_grad()) signs = Factorizations.Determinants(u).Det.mul(Factorizations.Determinants(vh).Det);
        return u.mul(others.unsqueeze(-2)).matmul(vh).mul(signs.unsqueeze(-1).unsqueeze(-1)).mul(scale);
    }

    internal static (Tensor Sign, Tensor LogAbsDet) SlogDet(Tensor a)
    {
        Factorizations.CheckSquare("linalg.slogdet", a);
        var (sign, logAbs, _) = Factorizations.Determinants(a);
        // d log|det A| = tr(A⁻¹ dA), so gA = g A⁻ᵀ; the sign has no gradient
        logAbs = Formula.RecordWith(logAbs, "LinalgSlogdetBackward0", [a], [a],
                                    (t, s) => t[0] is { } ta ? Inv(s[0]).mT.mul(ta).sum([-2L, -1L]) : null,
                                    (g, s) => Inv(s[0]).mT.mul(g.unsqueeze(-1).unsqueeze(-1)));
        return (sign, logAbs);
    }

    internal static Tensor LogDet(Tensor a)
    {
        var (sign, logAbs) = SlogDet(a);
        // log det is NaN for a negative determinant, as PyTorch's
        return torch.where(sign.lt(0), torch.full_like(logAbs, double.NaN), logAbs);
    }

    /// <summary>Solves A X = B (left) or X A = B; B is a batch of vectors when it has A's shape without the last dim
    /// or is 1-d (PyTorch's rule); batch dims broadcast.</summary>
    internal static Tensor Solve(Tensor a, Tensor b, bool left = true)
    {
        Factorizations.CheckSquare("linalg.solve", a);
        if (!DType.IsFloating(b._dtype) || b._dtype != a._dtype)
            throw new ArgumentException(
                $"linalg.solve: Expected A and B to have the same dtype, but found A of type {DType.ShortName(a._dtype)} and B " +
                $"of type {DType.ShortName(b._dtype)} instead");
        if (b._shape.Length == 0) throw new ArgumentException("linalg.solve: The input tensor B must have at least 2 dimensions.");
        bool vector = b._shape.Length == 1
            || (b._shape.Length == a._shape.Length - 1 && b._shape.AsSpan().SequenceEqual(a._shape.AsSpan(0, a._shape.Length - 1)));
        if (!left)
        {
            // X A = B  ⟺  Aᵀ Xᵀ = Bᵀ
            if (vector) return Solve(a.mT, b, true);
            return Solve(a.mT, b.mT, true).mT;
        }
        Tensor bm = vector ? b.unsqueeze(-1) : b;
        long n = a._shape[^1];
        if (bm._shape[^2] != n)
            throw new ArgumentException(
                $"linalg.solve: Incompatible shapes of A and B for the equation {(vector ? "AX = B" : "AX = B")} " +
                $"({a._shape[^2]}x{n} and {bm._shape[^2]}x{bm._shape[^1]})");
        long[] batch = Shape.Broadcast(a._shape[..^2], bm._shape[..^2]);
        Tensor ae = a.expand([.. batch, n, n]), be = bm.expand([.. batch, n, bm._shape[^1]]);
        Tensor x = Factorizations.Solve(ae, be);
        // X = A⁻¹ B: gB = A⁻ᵀ g, gA = -gB Xᵀ; dX = A⁻¹ (dB - dA X)
        x = Formula.RecordWith(x, "LinalgSolveExBackward0", [ae, be], [ae, x],
            (t, s) => ForwardAD.Sum(t[1], t[0]?.matmul(s[1]).neg()) is { } rhs ? Solve(s[0], rhs) : null,
            (g, s) => Solve(s[0].mT, g).matmul(s[1].mT).neg(),
            (g, s) => Solve(s[0].mT, g));
        return vector ? x.squeeze(-1) : x;
    }

    internal static Tensor Cholesky(Tensor a, bool upper = false)
    {
        Factorizations.CheckSquare("linalg.cholesky", a);
        Tensor l = Factorizations.Cholesky(a);
        if (Graph.Needs(a))
            Graph.Connect(new DecompositionBackward("LinalgCholeskyExBackward0", 1, (g, s) => FactorizationGradients.Cholesky(g[0]!, s[0]),
                                                    [l], (t, s) => [FactorizationTangents.Cholesky(t, s[0])]), [l], [a]);
        return upper ? l.mT : l;
    }

    internal static (Tensor Q, Tensor R) Qr(Tensor a, QRMode mode)
    {
        Factorizations.CheckMatrix("linalg.qr", a);
        var (q, r) = Factorizations.Qr(a, mode == QRMode.Complete);
        if (mode == QRMode.R) q = torch.empty([0], dtype: a._dtype);
        if (Graph.Needs(a))
        {
            long m = a._shape[^2], n = a._shape[^1];
            Tensor[] outputs = mode == QRMode.R ? [r] : [q, r];
            // PyTorch's qr_backward and linalg_qr_jvp refuse these two modes alike
            void CheckDifferentiable()
            {
                if (mode == QRMode.R)
                    throw new InvalidOperationException(
                        "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. " +
                        "Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.");
                if (mode == QRMode.Complete && m > n)
                    throw new InvalidOperationException(
                        "The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
            }
            Graph.Connect(new DecompositionBackward("LinalgQrBackward0", outputs.Length, (g, s) =>
            {
                CheckDifferentiable();
                return FactorizationGradients.Qr(g[0], g[1], s[0], s[1]);
            }, mode == QRMode.R ? [r] : [q, r], (t, s) =>
            {
                CheckDifferentiable();
                return FactorizationTangents.Qr(t, s[0], s[1]);
            }), outputs, [a]);
        }
        return (q, r);
    }

    internal static (Tensor L, Tensor V) Eigh(Tensor a, char uplo = 'L')
    {
        Factorizations.CheckSquare("linalg.eigh", a);
        if (uplo is not ('L' or 'U' or 'l' or 'u'))
            throw new ArgumentException($"Expected UPLO argument to be 'L' or 'U', but got {uplo}");
        // the native kernel reads the lower triangle; the upper one is the lower triangle of Aᵀ
        var (l, v) = Factorizations.Eigh(uplo is 'U' or 'u' ? a.mT : a);
        if (Graph.Needs(a))
            Graph.Connect(new DecompositionBackward("LinalgEighBackward0", 2, (g, s) => FactorizationGradients.Eigh(g[0], g[1], s[0], s[1]),
                                                    [l, v], (t, s) => FactorizationTangents.Eigh(t, s[0], s[1])), [l, v], [a]);
        return (l, v);
    }

    internal static (Tensor U, Tensor S, Tensor Vh) Svd(Tensor a, bool fullMatrices = true)
    {
        Factorizations.CheckMatrix("linalg.svd", a);
        var (u, s, vh) = Factorizations.Svd(a, fullMatrices);
        if (Graph.Needs(a))
            Graph.Connect(new DecompositionBackward("LinalgSvdBackward0", 3, (g, saved) =>
            {
                Tensor uu = saved[0], vv = saved[2];
                Tensor? gu = g[0], gvh = g[2];
                if (fullMatrices)
                {
                    // the extra columns of U and rows of Vh carry no information about A
                    long k = saved[1]._shape[^1];
                    uu = uu.narrow(-1, 0, k);
                    vv = vv.narrow(-2, 0, k);
                    gu = gu?.narrow(-1, 0, k);
                    gvh = gvh?.narrow(-2, 0, k);
                }
                return FactorizationGradients.Svd(gu, g[1], gvh, uu, saved[1], vv);
            }, [u, s, vh], (t, saved) => FactorizationTangents.Svd(t, saved[0], saved[1], saved[2], fullMatrices)), [u, s, vh], [a]);
        return (u, s, vh);
    }

    internal static Tensor SvdVals(Tensor a)
    {
        Factorizations.CheckMatrix("linalg.svdvals", a);
        return Svd(a, false).S;
    }

    /// <summary>V diag(1/S) Uᵀ over the singular values above max(atol, rtol·σ_max) (tolerances broadcast against
    /// the batch dims); rtol defaults to ε·max(m, n) when neither tolerance is given, else to 0.</summary>
    internal static Tensor Pinv(Tensor a, Tensor? atol, Tensor? rtol, bool hermitian)
    {
        Factorizations.CheckMatrix("linalg.pinv", a);
        Tensor r = rtol ?? torch.tensor(atol is null ? Eps(a) * Math.Max(a._shape[^1], a._shape[^2]) : 0, a._dtype);
        if (hermitian)
        {
            // A = V diag(L) Vᵀ: pinv = V diag(1/L) Vᵀ over |L| above the tolerance
            var (l, v) = Eigh(a);
            return v.mul(Reciprocal(l, Keep(l.abs(), atol, r)).unsqueeze(-2)).matmul(v.mT);
        }
        var (u, s, vh) = Svd(a, false);
        return vh.mT.mul(Reciprocal(s, Keep(s, atol, r)).unsqueeze(-2)).matmul(u.mT);
    }

    /// <summary>1/x where kept, else 0; x is replaced by 1 where dropped first, so no NaN gradient flows back through where.</summary>
    private static Tensor Reciprocal(Tensor x, Tensor keep) =>
        torch.where(keep, torch.ones_like(x).div(torch.where(keep, x, torch.ones_like(x))), torch.zeros_like(x));

    /// <summary>The machine epsilon of a's dtype.</summary>
    private static double Eps(Tensor a) => a._dtype == ScalarType.Float64 ? Math.BitIncrement(1.0) - 1.0 : MathF.BitIncrement(1f) - 1f;

    /// <summary>magnitudes [*, k] above max(atol, rtol·max magnitude) per matrix (atol / rtol 0-d or [*]).</summary>
    private static Tensor Keep(Tensor magnitudes, Tensor? atol, Tensor rtol)
    {
        using var _ = torch.no_grad();
        Tensor max = magnitudes._shape[^1] == 0 ? magnitudes.sum([-1L], keepdim: true) : magnitudes.amax([-1L], keepdim: true);
        Tensor tol = max.mul(rtol.unsqueeze(-1));
        if (atol is not null) tol = torch.maximum(tol, atol.unsqueeze(-1));
        return magnitudes.gt(tol);
    }

    /// <summary>Least squares as LibTorch's default CPU driver (gelsy) answers it: the minimum-norm solution
    /// pinv(A)·B, the rank, and empty residuals and singular values (gelsy computes neither).</summary>
    internal static (Tensor Solution, Tensor Residuals, Tensor Rank, Tensor SingularValues) Lstsq(Tensor a, Tensor b, double? rcond)
    {
        Factorizations.CheckMatrix("torch.linalg.lstsq", a);
        if (b._dtype != a._dtype)
            throw new ArgumentException(
                $"torch.linalg.lstsq: Expected input and other to have the same dtype, but got input's dtype " +
                $"{DType.ShortName(a._dtype)} and other's dtype {DType.ShortName(b._dtype)}");
        if (b._shape.Length == 0) throw new ArgumentException("torch.linalg.lstsq: other must have at least 1 dimension.");
        if (a._shape.Length < b._shape.Length || a._shape.Length - b._shape.Length > 1)
            throw new ArgumentException(
                "torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() and (input.dim() - other.dim()) <= 1");
        bool vector = b._shape.Length == a._shape.Length - 1;
        Tensor bm = vector ? b.unsqueeze(-1) : b;
        if (bm._shape[^2] != a._shape[^2])
            throw new ArgumentException($"torch.linalg.lstsq: input.size(-2) should match other.size(-2)");
        long m = a._shape[^2], n = a._shape[^1];
        double rc = rcond ?? Eps(a) * Math.Max(m, n);
        Tensor x = Pinv(a, null, torch.tensor(rc, a._dtype), false).matmul(bm);
        Tensor rank;
        using (torch.no_grad())
        {
            Tensor s = Factorizations.Svd(a, false).S;
            rank = Keep(s, null, torch.tensor(rc, a._dtype)).sum([-1L]).to(ScalarType.Int64);
        }
        if (vector) x = x.squeeze(-1);
        return (x, torch.empty([0], dtype: a._dtype), rank, torch.empty([0], dtype: a._dtype));
    }

    internal static Tensor MatrixPower(Tensor a, long n)
    {
        if (a._shape.Length < 2) throw new ArgumentException("linalg.matrix_power: The input tensor A must have at least 2 dimensions.");
        if (a._shape[^1] != a._shape[^2])
            throw new ArgumentException(
                $"linalg.matrix_power: A must be batches of square matrices, but they are {a._shape[^2]} by {a._shape[^1]} matrices");
        if (n == 0) return torch.eye(a._shape[^1], dtype: a._dtype).expand(a._shape).clone();
        if (n < 0) { a = Inv(a); n = -n; }
        // binary powering: A^n = Π A^(2^i) over the set bits of n
        Tensor? result = null;
        Tensor power = a;
        while (true)
        {
            if ((n & 1) != 0) result = result is null ? power : result.matmul(power);
            n >>= 1;
            if (n == 0) return result!;
            power = power.matmul(power);
        }
    }
}
