using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

public static partial class OpTable
{
    /// <summary>Sorting and selection: sort / argsort / msort / topk / kthvalue / median / mode values with
    /// gradients and their indices, unique / unique_consecutive / nonzero / argwhere / searchsorted / bucketize
    /// (index results), int64 inputs.</summary>
    [OpCases]
    private static IEnumerable<OpCase> SortingOps()
    {
        static OpCase C(string op, string variant, In[] inputs, Func<Tensor[], Tensor> ours, Func<ts.Tensor[], ts.Tensor> theirs, bool diff = true) =>
            new() { Op = op, Variant = variant, Inputs = inputs, Ours = ours, Theirs = theirs, Differentiable = diff };
        static OpCase Ints(string op, string variant, long[] shape, Func<Tensor, Tensor> ours, Func<ts.Tensor, ts.Tensor> theirs, long bound = 7) =>
            new() { Op = op, Variant = variant, Inputs = [new In(shape, Domain.Index, IndexBound: bound)], Differentiable = false,
                    Ours = x => ours(x[0] - bound / 2), Theirs = x => theirs(x[0] - bound / 2) };
        // ties on a grid of halves (values and gradients stay comparable: a stable sort puts ties in source order)
        static Tensor Ties(Tensor x) => x.mul(2).round().div(2).detach().add(x.sub(x.detach()));
        static ts.Tensor TsTies(ts.Tensor x) => x.mul(2).round().div(2).detach().add(x.sub(x.detach()));
        In v7 = new([7]), m34 = new([3, 4]), t34 = new([3, 4], Transposed: true), c234 = new([2, 3, 4]), s = new([]), e = new([0, 3]);

        yield return C("sort", "vector", [v7], x => x[0].sort().Values, x => x[0].sort().Values);
        yield return C("sort", "descending_dim0_transposed", [t34], x => x[0].sort(0, descending: true).Values, x => x[0].sort(0, descending: true).Values);
        yield return C("sort", "3d_middle", [c234], x => torch.sort(x[0], 1).values, x => ts.sort(x[0], 1).values);
        yield return C("sort", "scalar", [s], x => x[0].sort(0).Values, x => x[0].sort(0).Values);
        yield return C("sort", "empty", [e], x => x[0].sort(0).Values, x => x[0].sort(0).Values);
        yield return C("sort", "indices_ties_stable", [new([4, 9])], x => Ties(x[0]).sort(1, stable: true).Indices, x => TsTies(x[0]).sort(1, stable: true).Indices, diff: false);
        yield return C("sort", "indices_ties_descending", [new([4, 9])], x => Ties(x[0]).sort(1, true, true).Indices, x => TsTies(x[0]).sort(1, true, true).Indices, diff: false);
        yield return C("sort", "nan_last_and_first", [new([3, 6])],
            x => torch.cat([x[0].masked_fill(x[0].gt(1), double.NaN).sort(1).Values, x[0].masked_fill(x[0].gt(1), double.NaN).sort(1, true).Values]),
            x => ts.cat([x[0].masked_fill(x[0].gt(1), double.NaN).sort(1).Values, x[0].masked_fill(x[0].gt(1), double.NaN).sort(1, true).Values]), diff: false);
        yield return C("sort", "nan_indices", [new([3, 6])], x => x[0].masked_fill(x[0].gt(1), double.NaN).sort(1, true, true).Indices,
            x => x[0].masked_fill(x[0].gt(1), double.NaN).sort(1, true, true).Indices, diff: false);
        yield return C("sort", "long_line", [new([300])], x => x[0].sort().Values, x => x[0].sort().Values);
        yield return Ints("sort", "int64", [3, 40], x => x.sort(1, stable: true).Indices * 100 + x.sort(1).Values, x => x.sort(1, stable: true).Indices * 100 + x.sort(1).Values);
        yield return C("sort", "bool", [new([2, 7], Domain.Mask)], x => x[0].sort(1, stable: true).Indices, x => x[0].sort(1, stable: true).Indices, diff: false);
        yield return C("argsort", "dim0", [t34], x => x[0].argsort(0), x => x[0].argsort(0), diff: false);
        yield return C("argsort", "descending", [m34], x => torch.argsort(x[0], 1, true), x => ts.argsort(x[0], 1, true), diff: false);
        yield return C("msort", "matrix", [t34], x => x[0].msort(), x => x[0].msort());
        yield return C("msort", "torch", [m34], x => torch.msort(x[0]), x => ts.msort(x[0]));

        yield return C("topk", "largest", [v7], x => x[0].topk(3).values, x => x[0].topk(3).values);
        yield return C("topk", "smallest_dim0", [t34], x => x[0].topk(2, 0, largest: false).values, x => x[0].topk(2, 0, largest: false).values);
        yield return C("topk", "indices", [c234], x => torch.topk(x[0], 2, 1).indices, x => ts.topk(x[0], 2, 1).indices, diff: false);
        yield return C("topk", "unsorted_as_set", [m34], x => x[0].topk(3, sorted: false).values.sort(1).Values, x => x[0].topk(3, sorted: false).values.sort(1).Values);
        yield return C("topk", "k0", [m34], x => x[0].topk(0).values, x => x[0].topk(0).values);
        yield return C("topk", "all", [v7], x => x[0].topk(7).values, x => x[0].topk(7).values);
        yield return C("topk", "scalar", [s], x => x[0].topk(1).values, x => x[0].topk(1).values);
        yield return Ints("topk", "int64", [3, 40], x => x.topk(5).values, x => x.topk(5).values, bound: 1000);

        yield return C("kthvalue", "vector", [v7], x => x[0].kthvalue(3).values, x => x[0].kthvalue(3, -1).values);
        yield return C("kthvalue", "dim0_keepdim", [t34], x => x[0].kthvalue(2, 0, true).values, x => x[0].kthvalue(2, 0, true).values);
        yield return C("kthvalue", "indices", [c234], x => torch.kthvalue(x[0], 3, 2).indices, x => ts.kthvalue(x[0], 3, 2).indices, diff: false);
        yield return Ints("kthvalue", "int64", [3, 40], x => x.kthvalue(7, 1).values, x => x.kthvalue(7, 1).values, bound: 1000);

        yield return C("median", "all", [m34], x => x[0].median(), x => x[0].median());
        yield return C("median", "all_even", [new([2, 4])], x => torch.median(x[0]), x => ts.median(x[0]));
        yield return C("median", "all_nan", [m34], x => x[0].masked_fill(x[0].gt(1.5), double.NaN).median(), x => x[0].masked_fill(x[0].gt(1.5), double.NaN).median(), diff: false);
        // TorchSharp 0.107 has no median(dim): PyTorch's is the lower median, kthvalue((n + 1) / 2) of the line, and
        // for a line holding NaN the first NaN (LibTorch's median_with_indices searches for one before selecting)
        static (ts.Tensor values, ts.Tensor indices) TsMedian(ts.Tensor x, long dim, bool keepdim = false)
        {
            long n = x.shape[dim];
            var (v, i) = x.kthvalue((n + 1) / 2, dim, keepdim);
            if (!x.is_floating_point()) return (v, i);
            ts.Tensor nan = x.isnan();
            ts.Tensor any = nan.any(dim, keepdim), first = nan.to(ts.ScalarType.Int64).argmax(dim, keepdim);
            return (ts.where(any, ts.full_like(v, double.NaN), v), ts.where(any, first, i));
        }
        yield return C("median", "dim1", [m34], x => x[0].median(1).values, x => TsMedian(x[0], 1).values);
        yield return C("median", "dim0_keepdim", [t34], x => x[0].median(0, true).values, x => TsMedian(x[0], 0, true).values);
        yield return C("median", "indices", [c234], x => torch.median(x[0], 1).indices, x => TsMedian(x[0], 1).indices, diff: false);
        yield return C("median", "dim_nan_indices", [new([4, 5])], x => x[0].masked_fill(x[0].gt(1), double.NaN).median(1).indices,
            x => TsMedian(x[0].masked_fill(x[0].gt(1), double.NaN), 1).indices, diff: false);
        yield return C("median", "dim_nan_values", [new([4, 5])], x => x[0].masked_fill(x[0].gt(1), double.NaN).median(1).values,
            x => TsMedian(x[0].masked_fill(x[0].gt(1), double.NaN), 1).values, diff: false);
        yield return C("median", "scalar", [s], x => x[0].median(), x => x[0].median());
        yield return C("nanmedian", "all", [m34], x => x[0].masked_fill(x[0].gt(1), double.NaN).nanmedian(), x => x[0].masked_fill(x[0].gt(1), double.NaN).nanmedian());
        yield return C("nanmedian", "no_nan_even", [new([2, 4])], x => torch.nanmedian(x[0]), x => x[0].nanmedian());
        yield return C("nanmedian", "all_nan", [m34], x => x[0].masked_fill(x[0].gt(-10), double.NaN).nanmedian(), x => x[0].masked_fill(x[0].gt(-10), double.NaN).nanmedian(), diff: false);
        yield return C("nanmedian", "empty", [e], x => x[0].nanmedian(), x => x[0].nanmedian(), diff: false);
        yield return Ints("median", "int64", [3, 41], x => x.median(1).values, x => TsMedian(x, 1).values, bound: 1000);

        yield return Ints("mode", "int64_values", [3, 12], x => x.mode().values, x => x.mode().values, bound: 4);
        yield return Ints("mode", "int64_indices_dim0", [12, 3], x => x.mode(0).indices, x => x.mode(0).indices, bound: 4);
        yield return C("mode", "float", [new([3, 8])], x => Ties(x[0]).mode(1).values, x => TsTies(x[0]).mode(1).values, diff: false);
        yield return C("mode", "keepdim", [new([4, 6])], x => Ties(x[0]).mode(0, true).values, x => TsTies(x[0]).mode(0, true).values, diff: false);

        yield return Ints("unique", "sorted", [4, 5], x => x.unique().output, x => x.unique().output);
        yield return Ints("unique", "inverse", [4, 5], x => x.unique(return_inverse: true).inverse_indices!, x => x.unique(return_inverse: true).inverse_indices!);
        yield return Ints("unique", "counts", [4, 5], x => torch.unique(x, return_counts: true).counts!, x => ts.unique(x, return_counts: true).counts!);
        yield return Ints("unique", "dim0", [6, 2], x => x.unique(dim: 0).output, x => x.unique(dim: 0).output, bound: 2);
        yield return Ints("unique", "dim1_inverse", [2, 6], x => x.unique(return_inverse: true, dim: 1).inverse_indices!,
            x => x.unique(return_inverse: true, dim: 1).inverse_indices!, bound: 2);
        yield return C("unique", "float", [new([3, 4])], x => Ties(x[0]).unique().output, x => TsTies(x[0]).unique().output, diff: false);
        yield return Ints("unique_consecutive", "values", [12], x => x.unique_consecutive().output, x => x.unique_consecutive().output, bound: 2);
        yield return Ints("unique_consecutive", "inverse_counts", [12], x => x.unique_consecutive(true, true).inverse_indices! * 100 + x.unique_consecutive(true, true).counts!.sum(),
            x => x.unique_consecutive(true, true).inverse_indices! * 100 + x.unique_consecutive(true, true).counts!.sum(), bound: 2);
        yield return Ints("unique_consecutive", "dim0", [6, 2], x => torch.unique_consecutive(x, dim: 0).output, x => ts.unique_consecutive(x, dim: 0).output, bound: 2);

        yield return C("nonzero", "matrix", [new([3, 4], Domain.Mask)], x => x[0].nonzero(), x => x[0].nonzero(), diff: false);
        yield return Ints("nonzero", "int64_3d", [2, 3, 2], x => torch.nonzero(x), x => ts.nonzero(x), bound: 3);
        yield return C("nonzero", "scalar", [new([], Domain.Mask)], x => x[0].nonzero(), x => x[0].nonzero(), diff: false);
        yield return C("nonzero_as_list", "matrix", [new([3, 4], Domain.Mask)], x => torch.stack(x[0].nonzero_as_list()), x => ts.stack(ts.where(x[0])), diff: false);
        yield return C("argwhere", "matrix", [new([3, 4], Domain.Mask)], x => torch.argwhere(x[0]), x => ts.argwhere(x[0]), diff: false);

        yield return C("searchsorted", "left", [new([6]), new([3, 4])], x => torch.searchsorted(x[0].sort().Values, x[1]),
            x => ts.searchsorted(x[0].sort().Values, x[1]), diff: false);
        yield return C("searchsorted", "right_ties", [new([8]), new([5])], x => torch.searchsorted(Ties(x[0]).sort().Values, Ties(x[1]), right: true),
            x => ts.searchsorted(TsTies(x[0]).sort().Values, TsTies(x[1]), right: true), diff: false);
        yield return C("searchsorted", "side_left_ties", [new([8]), new([5])], x => torch.searchsorted(Ties(x[0]).sort().Values, Ties(x[1]), side: "left"),
            x => ts.searchsorted(TsTies(x[0]).sort().Values, TsTies(x[1])), diff: false);
        yield return C("searchsorted", "batched", [new([2, 5]), new([2, 3])], x => torch.searchsorted(x[0].sort().Values, x[1]),
            x => ts.searchsorted(x[0].sort().Values, x[1]), diff: false);
        yield return C("searchsorted", "sorter", [new([6]), new([4])], x => torch.searchsorted(x[0], x[1], sorter: x[0].argsort()),
            x => ts.searchsorted(x[0], x[1], sorter: x[0].argsort()), diff: false);
        yield return C("searchsorted", "int32_nan", [new([6]), new([4])], x => torch.searchsorted(x[0].sort().Values, x[1].masked_fill(x[1].gt(0), double.NaN), out_int32: true),
            x => ts.searchsorted(x[0].sort().Values, x[1].masked_fill(x[1].gt(0), double.NaN), out_int32: true), diff: false);
        yield return C("bucketize", "left", [new([3, 4]), new([5])], x => x[0].bucketize(x[1].sort().Values), x => x[0].bucketize(x[1].sort().Values), diff: false);
        yield return C("bucketize", "right_int32", [new([3, 4]), new([5])], x => torch.bucketize(Ties(x[0]), Ties(x[1]).sort().Values, true, true),
            x => ts.bucketize(TsTies(x[0]), TsTies(x[1]).sort().Values, true, true), diff: false);
    }
}
