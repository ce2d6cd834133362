namespace Autograd.Ops;

/// <summary>
/// Note [Decomposition gradients]: a factorization with several differentiable outputs records one
/// <see cref="DecompositionBackward"/> whose formula receives the gradient of every output (null for an
/// output that got none) and the saved outputs, which still carry this node as their grad_fn, so the
/// formula, written with differentiable ops, is itself differentiated under create_graph (double
/// backward). The formulas are PyTorch's (FunctionsManual.cpp), restricted to real matrices; a
/// triangular solve there is a general solve here (the same values).
/// </summary>
internal sealed class DecompositionBackward(string nodeName, int outputs, Func<Tensor?[], Tensor[], Tensor> formula, Tensor[] saved,
                                            Func<Tensor, Tensor[], Tensor?[]?>? jvp = null) : Node
{
    private readonly SavedTensor[] _saved = Array.ConvertAll(saved, s => new SavedTensor(s));
    public override string name() => nodeName;
    internal override int NumOutputs => outputs;

    /// <summary>The outputs' tangents from the input's and the saved tensors, when the decomposition has a formula (a
    /// formula answering null leaves the case to Note [Forward fallback]).</summary>
    internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
        jvp is null ? null : t[0] is { } ta ? jvp(ta, Array.ConvertAll(_saved, s => s.Unpack(this))) : new Tensor?[outputs];

    internal override Tensor?[] Apply(Tensor?[] g)
    {
        if (!NeedsInputGrad(0) || g.All(x => x is null)) return [null];
        var values = new Tensor[_saved.Length];
        for (int i = 0; i < _saved.Length; i++) values[i] = _saved[i].Unpack(this);
        return [formula(g, values)];
    }

    internal override void ReleaseVariables()
    {
        for (int i = 0; i < _saved.Length; i++) _saved[i].Release();
    }
}

/// <summary>The backward formulas of the decompositions (real matrices; A is the input).</summary>
internal static class FactorizationGradients
{
    private static Tensor Diag(Tensor v) => torch.diag_embed(v);

    /// <summary>X with X·Mᵀ = B, i.e. B·M⁻ᵀ: (M⁻¹ Bᵀ)ᵀ.</summary>
    private static Tensor RightSolveTransposed(Tensor m, Tensor b) => LinalgOps.Solve(m, b.mT).mT;

    // A = L Lᵀ: gA = L⁻ᵀ Φ L⁻¹ with Φ = ½ sym(tril(Lᵀ gL)) (diagonal counted once)
    internal static Tensor Cholesky(Tensor gL, Tensor l)
    {
        Tensor phi = l.mT.matmul(gL).tril();
        phi = phi.add(phi.tril(-1).mT).mul(0.5);
        return RightSolveTransposed(l.mT, LinalgOps.Solve(l.mT, phi));
    }

    // A = Q R (reduced, or m <= n): M = gR Rᵀ - Qᵀ gQ; m >= n: gA = (gQ + Q copyltu(M)) R⁻ᵀ, with
    // copyltu(M) = triu(M) + triu(M)ᵀ - ½ diag; m < n: gA = [Q tril(Mᵀ - M) R₁⁻ᵀ, 0] + Q gR (R₁ = R[:, :m])
    internal static Tensor Qr(Tensor? gQ, Tensor? gR, Tensor q, Tensor r)
    {
        long m = q._shape[^2], n = r._shape[^1];
        Tensor? mm = gR is null ? null : gR.matmul(r.mT);
        if (gQ is not null) mm = mm is null ? q.mT.matmul(gQ).neg() : mm.sub(q.mT.matmul(gQ));
        if (m >= n)
        {
            Tensor sym = mm!.triu();
            sym = sym.add(sym.mT);
            sym = sym.sub(Diag(sym.diagonal(0, -2, -1).mul(0.5)));
            Tensor ga = q.matmul(sym);
            if (gQ is not null) ga = ga.add(gQ);
            return RightSolveTransposed(r, ga);
        }
        Tensor x = mm!.neg();
        Tensor skew = x.sub(x.mT).tril();
        Tensor left = RightSolveTransposed(r.narrow(-1, 0, m), q.matmul(skew));
        Tensor result = torch.cat([left, torch.zeros_like(r.narrow(-1, 0, n - m))], -1);
        return gR is null ? result : result.add(q.matmul(gR));
    }

    // A = V diag(L) Vᵀ: gA = V (diag(gL) + skew(Vᵀ gV) / E) Vᵀ, E_ij = L_j - L_i, skew(X) = ½(X - Xᵀ)
    internal static Tensor Eigh(Tensor? gL, Tensor? gV, Tensor l, Tensor v)
    {
        if (gV is null) return v.mul(gL!.unsqueeze(-2)).matmul(v.mT);
        Tensor vgv = v.mT.matmul(gV);
        vgv = vgv.sub(vgv.mT).mul(0.5);
        Tensor e = l.unsqueeze(-2).sub(l.unsqueeze(-1)).add(Diag(torch.ones_like(l)));
        Tensor ga = vgv.div(e);
        if (gL is not null) ga = ga.sub(Diag(ga.diagonal(0, -2, -1))).add(Diag(gL));
        return v.matmul(ga).matmul(v.mT);
    }

    // A = U diag(S) Vh (reduced): with J = Uᵀ gU - (Uᵀ gU)ᵀ, K = Vh gVhᵀ - (Vh gVhᵀ)ᵀ, E_ij = S_j² - S_i²
    // (1 on the diagonal): gA = U [(J S + S K) / E + diag(gS)] Vh, plus (I - U Uᵀ) gU S⁻¹ Vh for m > n,
    // or U S⁻¹ gVh (I - Vhᵀ Vh) for m < n
    internal static Tensor Svd(Tensor? gU, Tensor? gS, Tensor? gVh, Tensor u, Tensor s, Tensor vh)
    {
        long m = u._shape[^2], n = vh._shape[^1];
        if (gU is null && gVh is null)
            return m >= n ? u.matmul(gS!.unsqueeze(-1).mul(vh)) : u.mul(gS!.unsqueeze(-2)).matmul(vh);
        static Tensor Skew(Tensor x) => x.sub(x.mT);
        Tensor? j = gU is null ? null : Skew(u.mT.matmul(gU));
        Tensor? k = gVh is null ? null : Skew(vh.matmul(gVh.mT));
        Tensor s2 = s.mul(s);
        Tensor e = s2.unsqueeze(-2).sub(s2.unsqueeze(-1)).add(Diag(torch.ones_like(s)));
        Tensor ga;
        if (j is not null && k is not null) ga = j.mul(s.unsqueeze(-2)).add(s.unsqueeze(-1).mul(k)).div(e);
        else if (j is not null) ga = j.div(e).mul(s.unsqueeze(-2));
        else ga = s.unsqueeze(-1).mul(k!.div(e));
        if (gS is not null) ga = ga.add(Diag(gS));
        if (m > n && gU is not null)
        {
            ga = u.matmul(ga);
            Tensor gus = gU.div(s.unsqueeze(-2));
            ga = ga.add(gus).sub(u.matmul(u.mT.matmul(gus)));
            return ga.matmul(vh);
        }
        if (m < n && gVh is not null)
        {
            ga = ga.matmul(vh);
            Tensor sgv = gVh.div(s.unsqueeze(-1));
            ga = ga.add(sgv).sub(sgv.matmul(vh.mT).matmul(vh));
            return u.matmul(ga);
        }
        return u.matmul(ga).matmul(vh);
    }
}
