namespace Autograd.Ops;

/// <summary>The forward-mode (JVP) formulas of the decompositions (real matrices; dA is A's tangent), PyTorch's
/// linalg_*_jvp: each is the transpose of the matching backward in <see cref="FactorizationGradients"/>, so both
/// take A as the backward does (symmetric for cholesky and eigh).</summary>
internal static class FactorizationTangents
{
    private static Tensor Diag(Tensor v) => torch.diag_embed(v);

    private static Tensor Sym(Tensor x) => x.add(x.mT).mul(0.5);

    // X with X·M = B (B M⁻¹)
    private static Tensor RightSolve(Tensor m, Tensor b) => LinalgOps.Solve(m, b, left: false);

    // M / E with E_ij = d_j - d_i (i ≠ j), and 0 on the diagonal
    private static Tensor OffDiagonalDivide(Tensor m, Tensor d)
    {
        Tensor e = d.unsqueeze(-2).sub(d.unsqueeze(-1)).add(Diag(torch.ones_like(d)));
        Tensor q = m.div(e);
        return q.sub(Diag(q.diagonal(0, -2, -1)));
    }

    // A = L Lᵀ: dL = L Φ(L⁻¹ dA L⁻ᵀ), Φ the lower triangle with the diagonal halved
    internal static Tensor Cholesky(Tensor dA, Tensor l)
    {
        Tensor z = RightSolve(l.mT, LinalgOps.Solve(l, Sym(dA)));
        return l.matmul(z.tril().sub(Diag(z.diagonal(0, -2, -1).mul(0.5))));
    }

    // A = Q R, m >= n: B = Qᵀ dA R⁻¹ is skew plus the upper triangular dR R⁻¹, so dR R⁻¹ = U = triu(B + Bᵀ) with the
    // diagonal halved, dR = U R and dQ = dA R⁻¹ - Q U. m < n: A = Q [R₁ R₂] with R₁ square, and dR₂ = Qᵀ (dA₂ - dQ R₂)
    internal static Tensor?[] Qr(Tensor dA, Tensor q, Tensor r)
    {
        long m = q._shape[^2], n = r._shape[^1];
        if (m < n)
        {
            Tensor r2 = r.narrow(-1, m, n - m);
            Tensor?[] square = Qr(dA.narrow(-1, 0, m), q, r.narrow(-1, 0, m));
            Tensor dr2 = q.mT.matmul(dA.narrow(-1, m, n - m).sub(square[0]!.matmul(r2)));
            return [square[0], torch.cat([square[1]!, dr2], -1)];
        }
        Tensor dar = RightSolve(r, dA);
        Tensor b = q.mT.matmul(dar);
        Tensor sym = b.add(b.mT);
        Tensor u = sym.triu().sub(Diag(sym.diagonal(0, -2, -1).mul(0.5)));
        return [dar.sub(q.matmul(u)), u.matmul(r)];
    }

    // A = V diag(L) Vᵀ: with M = Vᵀ sym(dA) V, dL = diag(M), dV = V (M_ij / (L_j - L_i)) (0 on the diagonal)
    internal static Tensor?[] Eigh(Tensor dA, Tensor l, Tensor v)
    {
        Tensor m = v.mT.matmul(Sym(dA)).matmul(v);
        return [m.diagonal(0, -2, -1), v.matmul(OffDiagonalDivide(m, l))];
    }

    // A = U diag(S) Vᵀ (reduced, k = min(m, n)): with P = Uᵀ dA V, dS = diag(P); Uᵀ dU = (P S + S Pᵀ)_ij / (S_j² - S_i²)
    // and Vᵀ dV = (S P + Pᵀ S)_ij / (S_j² - S_i²) off the diagonal; plus (I - U Uᵀ) dA V S⁻¹ in dU when m > k and
    // (I - V Vᵀ) dAᵀ U S⁻¹ in dV when n > k (PyTorch's linalg_svd_jvp)
    internal static Tensor?[] Svd(Tensor dA, Tensor u, Tensor s, Tensor vh, bool fullMatrices)
    {
        long k = s._shape[^1];
        if (fullMatrices && u._shape[^1] + vh._shape[^2] > 2 * k)
        {
            // the extra columns of U and rows of Vh are not determined by A: a zero tangent, as the backward ignores them
            Tensor?[] r = Svd(dA, u.narrow(-1, 0, k), s, vh.narrow(-2, 0, k), false);
            Tensor Pad(Tensor t, Tensor full, int dim) =>
                full._shape[^(-dim)] == k ? t : torch.cat([t, torch.zeros_like(full.narrow(dim, k, full._shape[^(-dim)] - k))], dim);
            return [Pad(r[0]!, u, -1), r[1], Pad(r[2]!, vh, -2)];
        }
        long m = u._shape[^2], n = vh._shape[^1];
        Tensor v = vh.mT, p = u.mT.matmul(dA).matmul(v), s2 = s.mul(s);
        Tensor row = s.unsqueeze(-2), col = s.unsqueeze(-1);
        Tensor du = u.matmul(OffDiagonalDivide(p.mul(row).add(col.mul(p.mT)), s2));
        Tensor dv = v.matmul(OffDiagonalDivide(col.mul(p).add(p.mT.mul(row)), s2));
        if (m > k) du = du.add(dA.matmul(v).sub(u.matmul(p)).div(row));
        if (n > k) dv = dv.add(dA.mT.matmul(u).sub(v.matmul(p.mT)).div(row));
        return [du, p.diagonal(0, -2, -1), dv.mT];
    }
}
