using Autograd;
using fwAD = Autograd.torch.autograd.forward_ad;

namespace Autograd.Tests;

/// <summary>
/// Forward-mode formulas at the points the op table's random inputs do not reach (zeros in products). TorchSharp
/// 0.107 has no forward AD, so expected tangents are hand-derived: d cumprod(x)_j = Σ_{k≤j} t_k Π_{i≤j, i≠k} x_i.
/// The inputs are small integers and halves, so every product and sum is exact in float64: compared exactly.
/// </summary>
public class ForwardADFormulaTests
{
    private static Tensor T(params double[] v) => torch.tensor(v);

    private static Tensor Tangent(Func<Tensor, Tensor> f, Tensor x, Tensor t)
    {
        using var _ = fwAD.dual_level();
        return fwAD.unpack_dual(f(fwAD.make_dual(x, t))).tangent!;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cumprod_tangent_is_exact_with_zeros(bool gradMode)
    {
        using var mode = torch.set_grad_enabled(gradMode);
        Tensor t = T(1, 2, 3, 4);
        // one zero: [t0, t0 x1 + t1 x0, t1 x0 x2, t1 x0 x2 x3] = [1, 4, 12, 6]
        Assert.True(torch.equal(Tangent(x => x.cumprod(0), T(2, 0, 3, 0.5), t), T(1, 4, 12, 6)));
        // a second zero at the end: the last product has two zero factors in every term
        Assert.True(torch.equal(Tangent(x => x.cumprod(0), T(2, 0, 3, 0), t), T(1, 4, 12, 0)));
        // no zero: y_j Σ_{k≤j} t_k / x_k
        Assert.True(torch.equal(Tangent(x => x.cumprod(0), T(2, 4, 0.5), T(1, 2, 3)), T(1, 8, 28)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Prod_tangent_is_exact_with_zeros(bool gradMode)
    {
        using var mode = torch.set_grad_enabled(gradMode);
        Tensor t = T(1, 2, 3, 4);
        // one zero: only the zero's own term survives, t1 · 2 · 3 · 0.5
        Assert.True(torch.equal(Tangent(x => x.prod(), T(2, 0, 3, 0.5), t), torch.tensor(6.0)));
        Assert.True(torch.equal(Tangent(x => x.prod(), T(2, 0, 3, 0), t), torch.tensor(0.0)));
        Tensor m = torch.tensor(new double[] { 2, 0, 3, 0.5 }, [2, 2]);
        // along dim 1: rows [2, 0] and [3, 0.5]: [t01 · 2, t10 · 0.5 + t11 · 3] = [4, 13.5]
        Assert.True(torch.equal(Tangent(x => x.prod(1), m, t.reshape(2, 2)), T(4, 13.5)));
    }
}
