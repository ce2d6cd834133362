using Autograd;

namespace Autograd.Tests;

/// <summary>
/// The op table's forward-mode column: for every differentiable case, the tangent forward mode computes for a
/// random input tangent v (Note [Forward AD]) equals J v with J the Jacobian reverse mode computes, and the
/// central difference (f(x + εv) - f(x - εv)) / 2ε, in float64. TorchSharp 0.107 has no forward AD
/// (torch.autograd.forward_ad is not bound), so the oracle here is the math: reverse mode, itself checked
/// against LibTorch and finite differences by the other columns, and finite differences.
/// </summary>
public class OpTableForwardModeTests
{
    [Theory]
    [MemberData(nameof(OpTable.Gradcheck), MemberType = typeof(OpTable))]
    public void Jvp_matches_reverse_mode_and_finite_differences(string id)
    {
        OpCase c = OpTable.Find(id);
        var rng = new Random(Oracle.Seed(id) + 2);
        Tensor[] xs = c.Inputs.Select(i => Inputs.Ours(i, Inputs.Draw(i, rng), ScalarType.Float64, false)).ToArray();
        int[] active = Enumerable.Range(0, xs.Length)
            .Where(k => c.Inputs[k].Grad && c.Inputs[k].Domain is not (Domain.Index or Domain.Mask)).ToArray();
        Tensor[] vs = active.Select(k => torch.tensor(Enumerable.Range(0, (int)xs[k].numel()).Select(_ => rng.NextDouble() * 2 - 1).ToArray(), xs[k].shape)).ToArray();

        Tensor jvp;
        ForwardFallback.t_served = [];
        using (torch.autograd.forward_ad.dual_level())
        {
            Tensor[] duals = (Tensor[])xs.Clone();
            for (int j = 0; j < active.Length; j++) duals[active[j]] = torch.autograd.forward_ad.make_dual(xs[active[j]], vs[j]);
            Tensor y = c.Ours(duals);
            var (primal, tangent) = torch.autograd.forward_ad.unpack_dual(y);
            jvp = tangent ?? torch.zeros_like(primal);
            Assert.Equal(primal.shape, jvp.shape);
            Assert.Equal(primal.dtype, jvp.dtype);
        }
        HashSet<string> served = ForwardFallback.t_served;
        ForwardFallback.t_served = null;
        // every node of the table has its own formula: none is left to Note [Forward fallback]
        Assert.True(served.Count == 0, $"{id}: the fallback served {string.Join(", ", served)}");

        // J v from reverse mode: the Jacobian of the active inputs, one backward per output element
        Tensor F(Tensor[] active_) { var all = (Tensor[])xs.Clone(); for (int j = 0; j < active.Length; j++) all[active[j]] = active_[j]; return c.Ours(all); }
        Tensor[] jac = torch.autograd.functional.jacobian(F, active.Select(k => xs[k]).ToList());
        Tensor y0 = F(active.Select(k => xs[k]).ToArray()).detach();
        Tensor reverse = torch.zeros(y0.numel(), dtype: ScalarType.Float64);
        for (int j = 0; j < active.Length; j++)
            reverse = reverse.add(jac[j].reshape(y0.numel(), vs[j].numel()).matmul(vs[j].reshape(vs[j].numel())));
        // both are the same derivative computed in different orders: they differ by rounding only. Where the primal
        // is NaN (mean of an empty tensor) the tangent is NaN too, as PyTorch's formulas give (self_t.mean()), while
        // J v of an empty Jacobian is 0: those positions are compared with the finite differences below only.
        Tensor finite = y0.isnan().logical_not().reshape(-1);
        Tensor flat = jvp.reshape(-1);
        if (!torch.allclose(flat.masked_select(finite), reverse.masked_select(finite), rtol: 1e-7, atol: 1e-9))
            Assert.Fail($"{id}: forward {flat} vs reverse {reverse}, difference {flat.sub(reverse)}");

        // central differences along v, with gradcheck's step and tolerances (the truncation error ε²|f'''| and
        // the rounding error |f|·2⁻⁵²/ε stay far below atol 1e-5 + rtol 1e-3 for the table's smooth domains)
        const double eps = 1e-6;
        // (a transposed input keeps its layout, which ops drawing random numbers in memory order depend on)
        Tensor Shift(Tensor x, Tensor v, double s) =>
            x.dim() >= 2 && !x.is_contiguous() ? x.mT.add(v.mT.mul(s)).mT : x.add(v.mul(s));
        Tensor Shifted(double s) => F(active.Select((k, j) => Shift(xs[k], vs[j], s)).ToArray()).detach();
        Tensor fd = Shifted(eps).sub(Shifted(-eps)).div(2 * eps);
        Assert.True(torch.allclose(jvp, fd, rtol: 1e-3, atol: 1e-5, equal_nan: true), $"{id}: forward {jvp} vs finite differences {fd}");
    }
}
