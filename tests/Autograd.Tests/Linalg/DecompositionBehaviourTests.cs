using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>torch.linalg's misuse and edge cases: LibTorch's first message line, singular and
/// non-positive-definite inputs, the non-differentiable QR modes, grad_fn names.</summary>
public class DecompositionBehaviourTests
{
    private static string LibTorch(Action call) => Assert.ThrowsAny<Exception>(call).Message.Split('\n')[0];
    private static string Ours(Action call) => Assert.ThrowsAny<Exception>(call).Message;

    private static readonly double[] SingularValues = [1, 2, 3, 2, 4, 6, 1, 0, 1];

    public static IEnumerable<object[]> Misuse() =>
        new (string, Action, Action)[]
        {
            ("inv_singular", () => torch.linalg.inv(torch.tensor(SingularValues, [3, 3])),
                () => ts.linalg.inv(ts.tensor(SingularValues, [3, 3]))),
            ("inv_batched_singular", () => torch.linalg.inv(torch.stack([torch.eye(3, dtype: ScalarType.Float64), torch.tensor(SingularValues, [3, 3])])),
                () => ts.linalg.inv(ts.stack([ts.eye(3, dtype: ts.float64), ts.tensor(SingularValues, [3, 3])]))),
            ("inv_not_square", () => torch.linalg.inv(torch.zeros(2, 3)), () => ts.linalg.inv(ts.zeros(2, 3))),
            ("inv_vector", () => torch.linalg.inv(torch.zeros(3)), () => ts.linalg.inv(ts.zeros(3))),
            ("inv_integer", () => torch.linalg.inv(torch.zeros(2, 2, dtype: ScalarType.Int64)), () => ts.linalg.inv(ts.zeros(2, 2, ts.int64))),
            ("det_not_square", () => torch.linalg.det(torch.zeros(2, 3)), () => ts.linalg.det(ts.zeros(2, 3))),
            ("cholesky_not_pd", () => torch.linalg.cholesky(torch.tensor(new double[] { 1, 2, 2, 1 }, [2, 2])),
                () => ts.linalg.cholesky(ts.tensor(new double[] { 1, 2, 2, 1 }, [2, 2]))),
            ("cholesky_batched_not_pd", () => torch.linalg.cholesky(torch.tensor(new double[] { 1, 0, 0, 1, 1, 0, 0, -1 }, [2, 2, 2])),
                () => ts.linalg.cholesky(ts.tensor(new double[] { 1, 0, 0, 1, 1, 0, 0, -1 }, [2, 2, 2]))),
            ("solve_singular", () => torch.linalg.solve(torch.tensor(SingularValues, [3, 3]), torch.ones(3, dtype: ScalarType.Float64)),
                () => ts.linalg.solve(ts.tensor(SingularValues, [3, 3]), ts.ones(3, ts.float64))),
            ("eigh_not_square", () => torch.linalg.eigh(torch.zeros(2, 3)), () => ts.linalg.eigh(ts.zeros(2, 3))),
            ("svd_vector", () => torch.linalg.svd(torch.zeros(3)), () => ts.linalg.svd(ts.zeros(3))),
            ("qr_vector", () => torch.linalg.qr(torch.zeros(3)), () => ts.linalg.qr(ts.zeros(3))),
            ("matrix_norm_order", () => torch.linalg.matrix_norm(torch.zeros(2, 2), 3.0), () => ts.linalg.matrix_norm(ts.zeros(2, 2), 3.0)),
            ("matrix_norm_vector", () => torch.linalg.matrix_norm(torch.zeros(2)), () => ts.linalg.matrix_norm(ts.zeros(2))),
            ("matrix_power_not_square", () => torch.zeros(2, 3).matrix_power(2), () => ts.zeros(2, 3).matrix_power(2)),
        }.Select(c => new object[] { c.Item1, c.Item2, c.Item3 });

    [Theory]
    [MemberData(nameof(Misuse))]
    public void Misuse_has_libtorchs_message(string name, Action ours, Action theirs)
    {
        _ = name;
        Assert.Equal(LibTorch(theirs), Ours(ours));
    }

    [Fact]
    public void Singular_inverse_has_pytorchs_documented_message()
    {
        var e = Assert.Throws<ArgumentException>(() => torch.linalg.inv(torch.tensor(new double[] { 1, 2, 2, 4 }, [2, 2])));
        Assert.Equal("linalg.inv: The diagonal element 2 is zero, the inversion could not be completed because the input matrix is singular.", e.Message);
    }

    [Fact]
    public void A_singular_matrix_has_determinant_zero_and_slogdet_minus_infinity()
    {
        Tensor a = torch.tensor(SingularValues, [3, 3]);
        Assert.Equal(0.0, torch.linalg.det(a).item<double>());
        var (sign, logabs) = torch.linalg.slogdet(a);
        Assert.Equal(0.0, sign.item<double>());
        Assert.Equal(double.NegativeInfinity, logabs.item<double>());
    }

    // LibTorch 2.10 answers 0 for an exactly singular matrix (its g·det·A⁻ᵀ, with det = 0, on a perturbed LU);
    // det is a polynomial and its derivative there is the cofactor matrix, which is what we test (hand-derived)
    [Fact]
    public void Det_gradient_of_a_singular_matrix_is_its_cofactor_matrix()
    {
        // cof([[a, b], [c, d]]) = [[d, -c], [-b, a]]
        Tensor a = torch.tensor(new double[] { 1, 2, 2, 4 }, [2, 2]).requires_grad_(true);
        torch.linalg.det(a).backward();
        Oracle.AssertClose([4, -2, -2, 1], a.grad!.ToArray<double>(), 1e-12, 1e-12, "2x2 cofactors");
        // a rank-2 3x3 batched with a nonsingular one: cofactors of [[1, 2, 3], [2, 4, 6], [1, 0, 1]] by hand,
        // the nonsingular matrix's gradient against LibTorch
        double[] values = [.. SingularValues, 2, 0, 1, 1, 3, 0, 0, 1, 4];
        Tensor b = torch.tensor(values, [2, 3, 3]).requires_grad_(true);
        ts.Tensor tb = ts.tensor(values, [2, 3, 3]).requires_grad_(true);
        torch.linalg.det(b).sum().backward();
        ts.linalg.det(tb).sum().backward();
        Oracle.AssertClose([4, 4, -4, -2, -2, 2, 0, 0, 0], b.grad![0].ToArray<double>(), 1e-12, 1e-12, "3x3 cofactors");
        Oracle.AssertClose(tb.grad![1], b.grad![1], ScalarType.Float64, 1e-10, "nonsingular gradient");
    }

    [Fact]
    public void Qr_in_r_mode_returns_an_empty_q_and_has_no_gradient()
    {
        Tensor a = torch.ones(3, 2, requires_grad: true);
        var (q, r) = torch.linalg.qr(a.add(torch.eye(3, 2)), QRMode.R);
        Assert.Equal(0, q.numel());
        var e = Assert.Throws<InvalidOperationException>(() => r.sum().backward());
        Assert.StartsWith("The derivative of linalg.qr depends on Q, which is not computed when mode='r'", e.Message);
    }

    [Fact]
    public void Complete_qr_of_a_tall_matrix_has_no_gradient()
    {
        Tensor a = torch.randn(4, 2).requires_grad_(true);
        var (q, _) = torch.linalg.qr(a, QRMode.Complete);
        var e = Assert.Throws<InvalidOperationException>(() => q.sum().backward());
        Assert.Equal("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.", e.Message);
    }

    [Fact]
    public void Grad_fns_are_named_as_in_pytorch()
    {
        Tensor a = torch.eye(3).add(torch.ones(3, 3).mul(0.1)).requires_grad_(true);
        Assert.Equal("LinalgInvExBackward0", torch.linalg.inv(a).grad_fn!.name());
        Assert.Equal("LinalgDetBackward0", torch.linalg.det(a).grad_fn!.name());
        Assert.Equal("LinalgCholeskyExBackward0", torch.linalg.cholesky(a).grad_fn!.name());
        Assert.Equal("LinalgEighBackward0", torch.linalg.eigh(a).L.grad_fn!.name());
        Assert.Equal("LinalgSvdBackward0", torch.linalg.svd(a).S.grad_fn!.name());
        Assert.Equal("LinalgQrBackward0", torch.linalg.qr(a).R.grad_fn!.name());
    }

    [Fact]
    public void A_failing_factorization_leaves_its_input_unchanged()
    {
        double[] values = [1, 2, 2, 1];
        Tensor a = torch.tensor(values, [2, 2]);
        Assert.ThrowsAny<ArgumentException>(() => torch.linalg.cholesky(a));
        Assert.Equal(values, a.ToArray<double>());
    }

    [Fact]
    public void Eigh_and_svd_reconstruct_a_larger_batched_input()
    {
        // Jacobi sweeps on 12x12 matrices: reconstruction to float64 round-off, independent of signs
        Tensor x = torch.randn(3, 12, 12, dtype: ScalarType.Float64);
        Tensor sym = x.add(x.mT);
        var (l, v) = torch.linalg.eigh(sym);
        Assert.True(v.mul(l.unsqueeze(-2)).matmul(v.mT).allclose(sym, 1e-10, 1e-10));
        var (u, s, vh) = torch.linalg.svd(x, false);
        Assert.True(u.mul(s.unsqueeze(-2)).matmul(vh).allclose(x, 1e-10, 1e-10));
        Oracle.AssertClose(ts.linalg.svdvals(Oracle.ToTorch(x)), s, ScalarType.Float64, 1e-10, "singular values");
        Oracle.AssertClose(ts.linalg.eigvalsh(Oracle.ToTorch(sym)), l, ScalarType.Float64, 1e-10, "eigenvalues");
    }
}
