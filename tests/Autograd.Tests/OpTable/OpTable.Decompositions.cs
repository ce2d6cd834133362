using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

public static partial class OpTable
{
    // Inputs are conditioned by construction so that finite differences and float32 are meaningful:
    // Shifted adds 3·I (eigenvalues of a [-2, 2] matrix moved away from 0), Spd is X Xᵀ + n·I,
    // Sym is X + Xᵀ. Both libraries apply the same construction, so gradients flow through it alike.
    private static Tensor Shifted(Tensor x) => x.add(torch.eye(x.shape[^1], dtype: x.dtype).mul(3));
    private static ts.Tensor Shifted(ts.Tensor x) => x.add(ts.eye(x.shape[^1], dtype: x.dtype).mul(3));
    private static Tensor Spd(Tensor x) => x.matmul(x.mT).add(torch.eye(x.shape[^1], dtype: x.dtype).mul(x.shape[^1]));
    private static ts.Tensor Spd(ts.Tensor x) => x.matmul(x.mT).add(ts.eye(x.shape[^1], dtype: x.dtype).mul(x.shape[^1]));
    private static Tensor Sym(Tensor x) => x.add(x.mT);
    private static ts.Tensor Sym(ts.Tensor x) => x.add(x.mT);

    /// <summary>torch.linalg's factorizations and the ops built on them. Eigenvectors and singular vectors are
    /// unique only up to sign (ours come from Jacobi rotations, LibTorch's from LAPACK), so their cases compare
    /// sign-invariant functions: elementwise squares V∘V, and U diag(c) Vh / V diag(c) Vᵀ with fixed weights c.
    /// float32 runs get TolScale 20: LibTorch factors in float32 while we factor in float64 and round, and
    /// a factorization amplifies float32 rounding by the condition number (~10 for these inputs).</summary>
    [OpCases]
    private static IEnumerable<OpCase> Decompositions()
    {
        static OpCase C(string op, string variant, In[] inputs, Func<Tensor[], Tensor> ours, Func<ts.Tensor[], ts.Tensor> theirs, bool differentiable = true) =>
            new() { Op = op, Variant = variant, Inputs = inputs, Ours = ours, Theirs = theirs, TolScale = 20, Differentiable = differentiable };

        In sq = new([3, 3]), batch = new([2, 3, 3]), tr = new([3, 3], Transposed: true);
        foreach (var (variant, a) in new[] { ("matrix", sq), ("batched", batch), ("transposed", tr) })
        {
            yield return C("linalg.inv", variant, [a], x => torch.linalg.inv(Shifted(x[0])), x => ts.linalg.inv(Shifted(x[0])));
            yield return C("linalg.det", variant, [a], x => torch.linalg.det(Shifted(x[0])), x => ts.linalg.det(Shifted(x[0])));
            yield return C("linalg.slogdet", variant, [a], x => torch.linalg.slogdet(x[0]).logabsdet, x => ts.linalg.slogdet(x[0]).Item2);
            yield return C("linalg.cholesky", variant, [a], x => torch.linalg.cholesky(Spd(x[0])), x => ts.linalg.cholesky(Spd(x[0])));
        }
        yield return C("linalg.slogdet", "sign", [sq], x => torch.linalg.slogdet(x[0]).sign, x => ts.linalg.slogdet(x[0]).Item1, differentiable: false);
        yield return C("linalg.det", "empty", [new([0, 0])], x => torch.linalg.det(x[0]), x => ts.linalg.det(x[0]));
        yield return C("inverse", "matrix", [sq], x => Shifted(x[0]).inverse(), x => ts.linalg.inv(Shifted(x[0])));
        yield return C("det", "matrix", [sq], x => Shifted(x[0]).det(), x => Shifted(x[0]).det());
        yield return C("logdet", "matrix", [sq], x => Shifted(x[0]).logdet(), x => Shifted(x[0]).logdet());
        // TorchSharp marks Tensor.cholesky obsolete; upper=True is PyTorch's Lᵀ
        yield return C("cholesky", "upper", [sq], x => Spd(x[0]).cholesky(true), x => ts.linalg.cholesky(Spd(x[0])).mT);

        yield return C("linalg.solve", "matrix_rhs", [sq, new([3, 2])], x => torch.linalg.solve(Shifted(x[0]), x[1]), x => ts.linalg.solve(Shifted(x[0]), x[1]));
        yield return C("linalg.solve", "vector_rhs", [sq, new([3])], x => torch.linalg.solve(Shifted(x[0]), x[1]), x => ts.linalg.solve(Shifted(x[0]), x[1]));
        yield return C("linalg.solve", "batch_broadcast", [batch, new([3, 2])], x => torch.linalg.solve(Shifted(x[0]), x[1]), x => ts.linalg.solve(Shifted(x[0]), x[1]));
        yield return C("linalg.solve", "batched_vectors", [batch, new([2, 3])], x => torch.linalg.solve(Shifted(x[0]), x[1]), x => ts.linalg.solve(Shifted(x[0]), x[1]));
        yield return C("linalg.solve", "right", [tr, new([2, 3])], x => torch.linalg.solve(Shifted(x[0]), x[1], left: false), x => ts.linalg.solve(Shifted(x[0]), x[1], left: false));

        // LAPACK's Householder convention makes Q and R themselves comparable
        foreach (var (variant, shape) in new (string, long[])[] { ("square", [3, 3]), ("tall", [4, 3]), ("wide", [2, 4]), ("batched", [2, 4, 2]) })
        {
            yield return C("linalg.qr", variant + "_Q", [new(shape)], x => torch.linalg.qr(x[0]).Q, x => ts.linalg.qr(x[0]).Item1);
            yield return C("linalg.qr", variant + "_R", [new(shape)], x => torch.linalg.qr(x[0]).R, x => ts.linalg.qr(x[0]).Item2);
            yield return C("linalg.qr", variant + "_QR_sum", [new(shape)],
                x => { var (q, r) = torch.linalg.qr(x[0]); return q.sum().add(r.sum()); },
                x => { var (q, r) = ts.linalg.qr(x[0]); return q.sum().add(r.sum()); });
        }
        yield return C("linalg.qr", "complete_wide_Q", [new([2, 3])], x => torch.linalg.qr(x[0], QRMode.Complete).Q, x => ts.linalg.qr(x[0], ts.linalg.QRMode.Complete).Item1);
        yield return C("linalg.qr", "complete_tall_Q", [new([4, 2])], x => torch.linalg.qr(x[0], QRMode.Complete).Q,
            x => ts.linalg.qr(x[0], ts.linalg.QRMode.Complete).Item1, differentiable: false);
        yield return C("linalg.qr", "r_mode", [new([4, 2])], x => torch.linalg.qr(x[0], QRMode.R).R,
            x => ts.linalg.qr(x[0], ts.linalg.QRMode.R).Item2, differentiable: false);

        foreach (var (variant, a) in new[] { ("matrix", new In([4, 4])), ("batched", new In([2, 3, 3])) })
        {
            yield return C("linalg.eigh", variant + "_values", [a], x => torch.linalg.eigh(Sym(x[0])).L, x => ts.linalg.eigh(Sym(x[0])).Item1);
            yield return C("linalg.eigh", variant + "_vectors_squared", [a],
                x => { var v = torch.linalg.eigh(Sym(x[0])).Q; return v.mul(v); }, x => { var v = ts.linalg.eigh(Sym(x[0])).Item2; return v.mul(v); });
            yield return C("linalg.eigh", variant + "_weighted_projector", [a],
                x => { var v = torch.linalg.eigh(Sym(x[0])).Q; return v.mul(Weights(v.shape[^1], x[0].dtype)).matmul(v.mT); },
                x => { var v = ts.linalg.eigh(Sym(x[0])).Item2; return v.mul(Weights(v.shape[^1], x[0].dtype)).matmul(v.mT); });
        }
        yield return C("linalg.eigh", "upper_triangle", [sq], x => torch.linalg.eigh(Sym(x[0]), 'U').L, x => ts.linalg.eigh(Sym(x[0]), 'U').Item1);
        yield return C("linalg.eigvalsh", "matrix", [sq], x => torch.linalg.eigvalsh(Sym(x[0])), x => ts.linalg.eigvalsh(Sym(x[0])));

        foreach (var (variant, shape) in new (string, long[])[] { ("square", [3, 3]), ("tall", [4, 2]), ("wide", [2, 4]), ("batched", [2, 3, 2]) })
        {
            yield return C("linalg.svd", variant + "_S", [new(shape)], x => torch.linalg.svd(x[0], false).S, x => ts.linalg.svd(x[0], false).Item2);
            yield return C("linalg.svd", variant + "_U_squared", [new(shape)],
                x => { var u = torch.linalg.svd(x[0], false).U; return u.mul(u); }, x => { var u = ts.linalg.svd(x[0], false).Item1; return u.mul(u); });
            yield return C("linalg.svd", variant + "_Vh_squared", [new(shape)],
                x => { var v = torch.linalg.svd(x[0], false).Vh; return v.mul(v); }, x => { var v = ts.linalg.svd(x[0], false).Item3; return v.mul(v); });
            yield return C("linalg.svd", variant + "_weighted_product", [new(shape)],
                x => { var (u, _, vh) = torch.linalg.svd(x[0], false); return u.mul(Weights(u.shape[^1], x[0].dtype)).matmul(vh); },
                x => { var (u, _, vh) = ts.linalg.svd(x[0], false); return u.mul(Weights(u.shape[^1], x[0].dtype)).matmul(vh); });
        }
        yield return C("linalg.svd", "full_square_weighted_product", [sq],
            x => { var (u, _, vh) = torch.linalg.svd(x[0]); return u.mul(Weights(3, x[0].dtype)).matmul(vh); },
            x => { var (u, _, vh) = ts.linalg.svd(x[0]); return u.mul(Weights(3, x[0].dtype)).matmul(vh); });
        yield return C("linalg.svdvals", "tall", [new([4, 3])], x => torch.linalg.svdvals(x[0]), x => ts.linalg.svdvals(x[0]));

        yield return C("linalg.pinv", "tall", [new([4, 3])], x => torch.linalg.pinv(x[0]), x => ts.linalg.pinv(x[0]));
        yield return C("linalg.pinv", "wide_batched", [new([2, 2, 4])], x => torch.linalg.pinv(x[0]), x => ts.linalg.pinv(x[0]));
        yield return C("linalg.pinv", "hermitian", [sq], x => torch.linalg.pinv(Shifted(Sym(x[0])), hermitian: true), x => ts.linalg.pinv(Shifted(Sym(x[0])), hermitian: true));
        yield return C("linalg.lstsq", "tall_solution", [new([5, 3]), new([5, 2])], x => torch.linalg.lstsq(x[0], x[1]).Solution, x => ts.linalg.lstsq(x[0], x[1]).Item1);
        // gelsy (LibTorch's CPU default) returns empty residuals and singular values
        yield return C("linalg.lstsq", "tall_residuals", [new([5, 3]), new([5, 2])], x => torch.linalg.lstsq(x[0], x[1]).Residuals,
            x => ts.linalg.lstsq(x[0], x[1]).Item2, differentiable: false);
        yield return C("linalg.lstsq", "wide_vector", [new([2, 4]), new([2])], x => torch.linalg.lstsq(x[0], x[1]).Solution, x => ts.linalg.lstsq(x[0], x[1]).Item1);
        yield return C("linalg.lstsq", "rank", [new([5, 3]), new([5, 2])], x => torch.linalg.lstsq(x[0], x[1]).Rank, x => ts.linalg.lstsq(x[0], x[1]).Item3, differentiable: false);

        yield return C("matrix_power", "cube", [sq], x => x[0].matrix_power(3), x => x[0].matrix_power(3));
        yield return C("matrix_power", "batched_5", [batch], x => x[0].matrix_power(5), x => x[0].matrix_power(5));
        yield return C("matrix_power", "zero", [sq], x => x[0].matrix_power(0), x => x[0].matrix_power(0), differentiable: false);
        yield return C("linalg.matrix_power", "inverse_squared", [sq], x => torch.linalg.matrix_power(Shifted(x[0]), -2), x => Shifted(x[0]).matrix_power(-2));

        foreach (string ord in new[] { "fro", "nuc" })
            yield return C("linalg.matrix_norm", ord, [new([3, 4])], x => torch.linalg.matrix_norm(x[0], ord), x => ts.linalg.matrix_norm(x[0], ord));
        foreach (double ord in new[] { 1.0, -1.0, 2.0, -2.0, double.PositiveInfinity, double.NegativeInfinity })
            yield return C("linalg.matrix_norm", $"ord_{ord}", [new([3, 4])], x => torch.linalg.matrix_norm(x[0], ord), x => ts.linalg.matrix_norm(x[0], ord));
        yield return C("linalg.matrix_norm", "dims_keepdim", [new([3, 2, 4])],
            x => torch.linalg.matrix_norm(x[0], 1, [2, 0], keepdim: true), x => ts.linalg.matrix_norm(x[0], 1, [2L, 0L], keepdim: true));
        yield return C("linalg.matrix_norm", "nuc_dims_keepdim", [new([3, 2, 4])],
            x => torch.linalg.matrix_norm(x[0], "nuc", [0, 2], keepdim: true), x => ts.linalg.matrix_norm(x[0], "nuc", [0L, 2L], keepdim: true));
        yield return C("linalg.norm", "flattened", [new([2, 3, 2])], x => torch.linalg.norm(x[0]), x => ts.linalg.norm(x[0]));
        yield return C("linalg.norm", "matrix_ord", [new([3, 4])], x => torch.linalg.norm(x[0], 2.0), x => ts.linalg.norm(x[0], 2.0));
        yield return C("linalg.norm", "vector_ord", [new([5])], x => torch.linalg.norm(x[0], 3.0), x => ts.linalg.norm(x[0], 3.0));
        yield return C("linalg.norm", "string_ord", [new([3, 4])], x => torch.linalg.norm(x[0], "nuc"), x => ts.linalg.norm(x[0], "nuc"));
        yield return C("linalg.norm", "int_ord_dims", [new([2, 3, 4])], x => torch.linalg.norm(x[0], 1, [1, 2]), x => ts.linalg.norm(x[0], 1, [1L, 2L]));
    }

    /// <summary>Fixed distinct weights 1, 2, ... (a sign-invariant mix of singular or eigen vectors).</summary>
    private static Tensor Weights(long n, ScalarType dtype) => torch.arange(1, n + 1, dtype: dtype);
    private static ts.Tensor Weights(long n, TorchSharp.torch.ScalarType dtype) => ts.arange(1, n + 1, dtype: dtype);
}
