using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

public static partial class OpTable
{
    /// <summary>Reductions beyond sum/mean: max/min (all, per dim, amax), arg*, prod, var/std, logsumexp, norm.</summary>
    [OpCases]
    private static IEnumerable<OpCase> Reductions()
    {
        static OpCase C(string op, string variant, In[] inputs, Func<Tensor[], Tensor> ours, Func<ts.Tensor[], ts.Tensor> theirs, bool diff = true, double tol = 1) =>
            new() { Op = op, Variant = variant, Inputs = inputs, Ours = ours, Theirs = theirs, Differentiable = diff, TolScale = tol };
        In m34 = new([3, 4]), t34 = new([3, 4], Transposed: true), v5 = new([5]), s = new([]), c234 = new([2, 3, 4]);

        yield return C("max", "all", [m34], x => x[0].max(), x => x[0].max());
        yield return C("max", "scalar", [s], x => x[0].max(), x => x[0].max());
        yield return C("max", "dim1", [m34], x => x[0].max(1).values, x => x[0].max(1).values);
        yield return C("max", "dim0_keepdim_transposed", [t34], x => x[0].max(0, keepdim: true).values, x => x[0].max(0, keepdim: true).values);
        yield return C("min", "all", [m34], x => x[0].min(), x => x[0].min());
        yield return C("min", "dim_neg1_3d", [c234], x => x[0].min(-1).values, x => x[0].min(-1).values);
        yield return C("max", "indices", [m34], x => x[0].max(1).indexes, x => x[0].max(1).indexes, diff: false);
        yield return C("max", "other_broadcast", [m34, new([4])], x => x[0].max(x[1]), x => x[0].max(x[1]));
        yield return C("min", "other", [m34, m34], x => torch.min(x[0], x[1]), x => ts.min(x[0], x[1]));
        yield return C("amax", "dims", [c234], x => x[0].amax([0, 2]), x => x[0].amax([0L, 2L]));
        yield return C("amin", "dim_keepdim", [m34], x => x[0].amin([1], keepdim: true), x => x[0].amin([1L], keepdim: true));
        yield return C("argmax", "all", [m34], x => x[0].argmax(), x => x[0].argmax(), diff: false);
        yield return C("argmax", "dim0_transposed", [t34], x => x[0].argmax(0), x => x[0].argmax(0), diff: false);
        yield return C("argmin", "dim1_keepdim", [m34], x => x[0].argmin(1, keepdim: true), x => x[0].argmin(1, keepdim: true), diff: false);
        yield return C("argmin", "all", [c234], x => x[0].argmin(), x => x[0].argmin(), diff: false);

        // NaNs where x > 1 (the same positions in both libraries): they add nothing and receive no gradient
        static Tensor Nans(Tensor x) => x.masked_fill(x.gt(1), double.NaN);
        static ts.Tensor TsNans(ts.Tensor x) => x.masked_fill(x.gt(1), double.NaN);
        yield return C("nansum", "all", [m34], x => Nans(x[0]).nansum(), x => TsNans(x[0]).nansum());
        yield return C("nansum", "torch_no_nan", [c234], x => torch.nansum(x[0]), x => ts.nansum(x[0]));
        // TorchSharp 0.107 has nansum() only: along a dim it is the sum with NaNs as 0, PyTorch's definition
        yield return C("nansum", "dim1", [m34], x => Nans(x[0]).nansum(1), x => TsNans(x[0]).masked_fill(TsNans(x[0]).isnan(), 0).sum(1));
        // TorchSharp 0.107's nanmean passes (dim, keepdim, dtype) to a native entry taking (dims*, dims_len, keepdim,
        // dtype) and crashes the process: checked against PyTorch's definition, nansum / count of non-NaN, on LibTorch
        static ts.Tensor TsNanmean(ts.Tensor x, long? dim = null, bool keepdim = false)
        {
            ts.Tensor kept = x.isnan().logical_not(), zeroed = x.masked_fill(x.isnan(), 0);
            return dim is long d ? zeroed.sum(d, keepdim).div(kept.sum(d, keepdim)) : zeroed.sum().div(kept.sum());
        }
        yield return C("nanmean", "all", [m34], x => Nans(x[0]).nanmean(), x => TsNanmean(TsNans(x[0])));
        yield return C("nanmean", "dim0_keepdim_transposed", [t34], x => Nans(x[0]).nanmean(0, true), x => TsNanmean(TsNans(x[0]), 0, true));
        yield return C("nanmean", "torch_dim1", [c234], x => torch.nanmean(Nans(x[0]), 1), x => TsNanmean(TsNans(x[0]), 1));
        yield return C("nanmean", "all_nan_row", [m34], x => x[0].masked_fill(x[0].narrow(0, 0, 1).expand(3, 4).gt(-10), double.NaN).nanmean(1),
                       x => TsNanmean(x[0].masked_fill(x[0].narrow(0, 0, 1).expand(3, 4).gt(-10), double.NaN), 1), diff: false);

        yield return C("prod", "all", [v5], x => x[0].prod(), x => x[0].prod());
        yield return C("prod", "dim1", [m34], x => x[0].prod(1), x => x[0].prod(1));
        yield return C("prod", "dim0_keepdim_transposed", [t34], x => x[0].prod(0, keepdim: true), x => x[0].prod(0, keepdim: true));
        yield return C("prod", "scalar", [s], x => x[0].prod(), x => x[0].prod());
        yield return C("prod", "empty", [new In([0, 3])], x => x[0].prod(0L), x => x[0].prod(0L));

        yield return C("var", "all", [m34], x => x[0].var(), x => x[0].var());
        yield return C("var", "biased_dim1", [m34], x => x[0].var(1, unbiased: false), x => x[0].var(1L, unbiased: false));
        yield return C("var", "dims_keepdim", [c234], x => x[0].var([0, 2], keepdim: true), x => x[0].var([0L, 2L], keepdim: true));
        yield return C("var_mean", "var_dims", [c234], x => x[0].var_mean([1L, 2L]).var, x => x[0].var_mean([1L, 2L]).Item1);
        yield return C("var_mean", "mean_all", [m34], x => x[0].var_mean().mean, x => x[0].var_mean().Item2);
        yield return C("std_mean", "std_dims", [c234], x => x[0].std_mean([0L], unbiased: false).std, x => x[0].std_mean([0L], unbiased: false).Item1);
        yield return C("std", "all", [m34], x => x[0].std(), x => x[0].std());
        yield return C("std", "dim0_transposed", [t34], x => x[0].std(0), x => x[0].std(0L));
        yield return C("std", "biased_dims", [c234], x => x[0].std([1, 2], unbiased: false), x => x[0].std([1L, 2L], unbiased: false));

        yield return C("logsumexp", "dim1", [m34], x => x[0].logsumexp(1), x => x[0].logsumexp(1));
        yield return C("logsumexp", "dim0_keepdim_transposed", [t34], x => x[0].logsumexp(0, keepdim: true), x => x[0].logsumexp(0, keepdim: true));
        yield return C("logsumexp", "large", [m34], x => (x[0] * 500).logsumexp(1), x => (x[0] * 500).logsumexp(1));

        yield return C("norm", "all", [m34], x => x[0].norm(), x => x[0].norm());
        yield return C("norm", "dim1_keepdim", [m34], x => x[0].norm(1, keepdim: true), x => x[0].norm(1, keepdim: true));
        yield return C("norm", "p1", [new In([3, 4], Domain.AwayFromZero)], x => x[0].norm(1), x => x[0].norm(1));
        yield return C("norm", "p3_dim0", [t34], x => x[0].norm(0, p: 3), x => x[0].norm(0, p: 3));
        // TorchSharp 0.107's linalg.vector_norm(double ord) passes `ord.ToScalar().Handle` and keeps no
        // reference to the Scalar, so a GC on another test thread can finalize it while LibTorch still
        // reads it ("Unknown scalar type", seen once in CI). These oracles reach the same LibTorch kernel
        // (linalg_vector_norm) without a managed Scalar: Tensor.norm(float p), and linalg.norm with no
        // ord over two dims, which PyTorch defines as vector_norm(A, 2, dim).
        yield return C("linalg.vector_norm", "inf", [m34], x => torch.linalg.vector_norm(x[0], double.PositiveInfinity), x => x[0].norm(float.PositiveInfinity));
        yield return C("linalg.vector_norm", "dims", [c234], x => torch.linalg.vector_norm(x[0], 2, [0, 2]), x => ts.linalg.norm(x[0], [0L, 2L]));
    }
}
