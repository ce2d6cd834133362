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

    [Fact]
    public void Embedding_tangent_includes_the_padding_row()
    {
        // padding_idx and scale_grad_by_freq change only the backward: the lookup reads every row, so the tangent does
        // (PyTorch's formula is embedding(weight_t, indices, ...)); the ids repeat, so scale_grad_by_freq would matter too
        Tensor w = torch.tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [3, 2]);
        Tensor tw = torch.tensor(new double[] { 10, 20, 30, 40, 50, 60 }, [3, 2]);
        Tensor ids = torch.tensor(new long[] { 0, 2, 0 });
        Tensor tangent = Tangent(x => torch.nn.functional.embedding(ids, x, padding_idx: 0, scale_grad_by_freq: true), w, tw);
        Assert.True(torch.equal(tangent, torch.tensor(new double[] { 10, 20, 50, 60, 10, 20 }, [3, 2])));
    }

    [Fact]
    public void Det_tangent_of_a_singular_matrix_is_the_cofactor_product()
    {
        // d det(A) = tr(cof(A)ᵀ dA); A = [[1, 2], [2, 4]] (det 0) has cof(A) = [[4, -2], [-2, 1]], so dA = I gives 4 + 1.
        // The cofactors come from an SVD of a 2×2 matrix with entries of order 1: a few ulps of 4, so 1e-12 is ample
        Tensor a = torch.tensor(new double[] { 1, 2, 2, 4 }, [2, 2]);
        Tensor tangent = Tangent(x => torch.linalg.det(x), a, torch.eye(2, dtype: ScalarType.Float64));
        Assert.True(Math.Abs(tangent.item<double>() - 5) < 1e-12, $"{tangent.item<double>()}");
        Tensor off = Tangent(x => torch.linalg.det(x), a, torch.tensor(new double[] { 0, 1, 0, 0 }, [2, 2]));
        Assert.True(Math.Abs(off.item<double>() + 2) < 1e-12, $"{off.item<double>()}");
    }

    [Fact]
    public void A_tangent_of_another_floating_dtype_is_kept_and_op_results_take_the_primal_dtype()
    {
        // make_dual stores the tangent as given (PyTorch checks only that both are floating point and of one size); an
        // op's result gets its tangent in its own dtype (PyTorch promotes through the formula there, which its issue
        // tracker treats as a bug: a float32 result with a float64 tangent breaks later ops)
        using var _ = fwAD.dual_level();
        Tensor x = fwAD.make_dual(torch.tensor(new float[] { 1, 2 }), T(3, 4));
        Assert.Equal(ScalarType.Float64, fwAD.unpack_dual(x).tangent!.dtype);
        Tensor y = x.mul(2);
        Assert.Equal(ScalarType.Float32, y.dtype);
        Assert.True(torch.equal(fwAD.unpack_dual(y).tangent!, torch.tensor(new float[] { 6, 8 })));
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(2, 4)]
    public void Full_svd_tangent_is_the_reduced_one_padded_with_zeros(int m, int n)
    {
        // the extra columns of U (rows of Vh) are not determined by A: PyTorch gives them a zero tangent, and the first
        // min(m, n) follow the reduced decomposition's formula; both are the same arithmetic on the same values, so equal
        Tensor a = torch.tensor(new double[] { 1, 2, 3, 4, 5, 7, 0.5, -1 }, [4, 2]);
        Tensor da = torch.tensor(new double[] { 0.5, -1, 2, 0, 1, 1, -2, 3 }, [4, 2]);
        if (m < n) (a, da) = (a.t().contiguous(), da.t().contiguous());
        Tensor[] full, reduced;
        using (fwAD.dual_level())
        {
            var (u, s, vh) = torch.linalg.svd(fwAD.make_dual(a, da), true);
            full = [fwAD.unpack_dual(u).tangent!, fwAD.unpack_dual(s).tangent!, fwAD.unpack_dual(vh).tangent!];
        }
        using (fwAD.dual_level())
        {
            var (u, s, vh) = torch.linalg.svd(fwAD.make_dual(a, da), false);
            reduced = [fwAD.unpack_dual(u).tangent!, fwAD.unpack_dual(s).tangent!, fwAD.unpack_dual(vh).tangent!];
        }
        int k = Math.Min(m, n);
        Assert.Equal([m, m], full[0].shape);
        Assert.Equal([n, n], full[2].shape);
        Assert.True(torch.equal(full[0].narrow(1, 0, k), reduced[0]));
        Assert.True(torch.equal(full[1], reduced[1]));
        Assert.True(torch.equal(full[2].narrow(0, 0, k), reduced[2]));
        Assert.Equal(0.0, full[0].narrow(1, k, m - k).abs().sum().item<double>());
        Assert.Equal(0.0, full[2].narrow(0, k, n - k).abs().sum().item<double>());
    }
}
