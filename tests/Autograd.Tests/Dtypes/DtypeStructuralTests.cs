using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>The shape, indexing, sorting, logical-reduction and scan families on every stored dtype against LibTorch: each op on a
/// 4×5 tensor of <see cref="DtypeCases.A"/> (values that wrap and round differently in each dtype, with ties), the
/// result dtype and every element bit for bit, or LibTorch's message where it refuses the dtype. These ops move,
/// select or compare elements (the scans add or multiply them in order), so no rounding tolerance applies.</summary>
public class DtypeStructuralTests
{
    private sealed record Op(string Name, Func<Tensor, Tensor> Ours, Func<ts.Tensor, ts.Tensor> Theirs);

    // index operands: repeated positions on purpose (scatter assigns in index order, index_put_ accumulates)
    private static readonly long[] Cols = [4, 0, 4, 1];
    private static readonly long[] Perm = [3, 0, 4, 1, 2];
    private static readonly long[,] Gathered = { { 0, 4, 4, 1, 2 }, { 3, 3, 0, 1, 2 }, { 4, 4, 4, 4, 4 }, { 1, 0, 2, 3, 4 } };
    private static readonly long[] Flat = [19, 0, 7, 7, 12];
    private static readonly bool[,] Mask =
    {
        { true, false, false, true, false }, { false, false, true, true, true }, { false, false, false, false, false },
        { true, true, false, false, true },
    };

    private static Tensor I(long[] v) => torch.tensor(v);
    private static ts.Tensor TsI(long[] v) => ts.tensor(v);
    private static Tensor I(long[,] v) => torch.tensor(v);
    private static ts.Tensor TsI(long[,] v) => ts.tensor(v);

    private static readonly Op[] Ops =
    [
        // shape
        new("flip", x => x.flip(0, 1), x => x.flip(0, 1)),
        new("roll", x => x.roll([1, -2], [0, 1]), x => x.roll([1, -2], [0, 1])),
        new("rot90", x => x.rot90(1, (0, 1)), x => x.rot90(1, (0, 1))),
        new("repeat", x => x.repeat(2, 1), x => x.repeat(2, 1)),
        new("repeat_interleave", x => x.repeat_interleave(2, 1), x => x.repeat_interleave(2, 1)),
        new("tile", x => x.tile([1, 2]), x => x.tile([1, 2])),
        new("tril", x => x.tril(1), x => x.tril(1)),
        new("triu", x => x.triu(-1), x => x.triu(-1)),
        new("diag", x => x.diag(1), x => x.diag(1)),
        new("diag_vector", x => x.reshape(-1)[..4].diag(-1), x => x.reshape(-1)[..4].diag(-1)),
        new("diag_embed", x => x.diag_embed(), x => x.diag_embed()),
        new("diagonal", x => x.diagonal(1).contiguous(), x => x.diagonal(1).contiguous()),
        new("trace", x => x.trace(), x => x.trace()),
        new("permute_contiguous", x => x.unsqueeze(0).permute(2, 0, 1).contiguous(), x => x.unsqueeze(0).permute(2, 0, 1).contiguous()),
        new("t_clone", x => x.t().clone(), x => x.t().clone()),
        new("expand", x => x[..1].expand(3, 5).contiguous(), x => x[..1].expand(3, 5).contiguous()),
        new("narrow_step", x => x[.., 1..][.., ..^1].contiguous(), x => x[.., 1..][.., ..^1].contiguous()),
        new("cat", x => torch.cat([x, x.flip(0)], 1), x => ts.cat([x, x.flip(0)], 1)),
        new("stack", x => torch.stack([x, x.t().t()], 1), x => ts.stack([x, x.t().t()], 1)),
        new("hstack", x => torch.hstack([x, x]), x => ts.hstack([x, x])),
        new("vstack", x => torch.vstack([x[0], x]), x => ts.vstack([x[0], x])),
        new("dstack", x => torch.dstack([x, x]), x => ts.dstack([x, x])),
        new("column_stack", x => torch.column_stack([x[0], x.t()]), x => ts.column_stack([x[0], x.t()])),
        new("tensor_split", x => x.tensor_split(3, 1)[1].contiguous(), x => x.tensor_split(3, 1)[1].contiguous()),
        new("unbind", x => x.unbind(1)[2], x => x.unbind(1)[2]),
        new("meshgrid", x => torch.meshgrid([x[0], x[1][..3]])[1], x => ts.meshgrid([x[0], x[1][..3]])[1]),
        new("kron", x => x[..2, ..2].kron(x[2..]), x => x[..2, ..2].kron(x[2..])),
        // indexing
        new("index_select", x => x.index_select(1, I(Cols)), x => x.index_select(1, TsI(Cols))),
        new("gather", x => x.gather(1, I(Gathered)), x => x.gather(1, TsI(Gathered))),
        new("scatter", x => x.scatter(1, I(Gathered), x.flip(1)), x => x.scatter(1, TsI(Gathered), x.flip(1))),
        new("scatter_add", x => x.scatter_add(1, I(Gathered), x.flip(1)), x => x.scatter_add(1, TsI(Gathered), x.flip(1))),
        new("index_fill", x => x.index_fill(1, I(Cols), 3), x => x.index_fill(1, TsI(Cols), 3)),
        new("index_copy", x => x.index_copy(1, I(Perm), x.flip(0)), x => x.index_copy(1, TsI(Perm), x.flip(0))),
        new("index_add", x => x.index_add(1, I(Cols), x[.., ..4], 2), x => x.index_add(1, TsI(Cols), x[.., ..4], 2)),
        new("index_put_accumulate", x => x.clone().index_put_(x[0, ..4], [I([1, 3, 1, 0]), I(Cols)], accumulate: true),
            x => x.clone().index_put_(x[0, ..4], [TsI([1, 3, 1, 0]), TsI(Cols)], accumulate: true)),
        new("masked_fill", x => x.masked_fill(torch.tensor(Mask), 5), x => x.masked_fill(ts.tensor(Mask), 5)),
        new("masked_select", x => x.masked_select(torch.tensor(Mask)), x => x.masked_select(ts.tensor(Mask))),
        new("masked_scatter", x => x.masked_scatter(torch.tensor(Mask), x.flip(0)), x => x.masked_scatter(ts.tensor(Mask), x.flip(0))),
        new("take", x => x.take(I(Flat)), x => x.take(TsI(Flat))),
        new("take_along_dim", x => x.take_along_dim(I(Gathered), 1), x => x.take_along_dim(TsI(Gathered), 1)),
        new("where", x => torch.where(torch.tensor(Mask), x, x.flip(0)), x => ts.where(ts.tensor(Mask), x, x.flip(0))),
        new("nonzero", x => x.nonzero(), x => x.nonzero()),
        new("argwhere", x => x.argwhere(), x => x.argwhere()),
        // sorting and selection (kthvalue / median / mode positions among ties are LibTorch's selection's: values only)
        new("sort_stable", x => x.sort(1, stable: true).Values, x => x.sort(1, stable: true).Values),
        new("sort_stable_indices", x => x.sort(1, stable: true).Indices, x => x.sort(1, stable: true).Indices),
        new("sort_descending_indices", x => x.sort(0, true, true).Indices, x => x.sort(0, true, true).Indices),
        new("argsort", x => x.argsort(1, stable: true), x => x.argsort(1)), // LibTorch's CPU sort is stable either way
        new("msort", x => x.msort(), x => x.msort()),
        new("kthvalue", x => x.kthvalue(3, 1).values, x => x.kthvalue(3, 1).values),
        new("median", x => x.median(), x => x.median()),
        new("nanmedian", x => x.nanmedian(), x => x.nanmedian()),
        // TorchSharp has no median(dim): the 3rd of 5, and LibTorch's median_with_indices dispatch ("median_out") refuses bool
        new("median_dim", x => x.median(1).values,
            x => x.dtype == ts.ScalarType.Bool ? throw new NotSupportedException("\"median_out\" not implemented for 'Bool'")
                : x.kthvalue(3, 1).values),
        new("mode", x => x.mode(1).values, x => x.mode(1).values),
        new("mode_indices", x => x.mode(0).indices, x => x.mode(0).indices),
        new("unique", x => x.unique().output, x => x.unique().output),
        new("unique_inverse", x => x.unique(return_inverse: true).inverse_indices!, x => x.unique(return_inverse: true).inverse_indices!),
        new("unique_counts", x => x.unique(return_counts: true).counts!, x => x.unique(return_counts: true).counts!),
        new("unique_dim", x => x.unique(dim: 1).output, x => x.unique(dim: 1).output),
        new("unique_consecutive", x => x.unique_consecutive().output, x => x.unique_consecutive().output),
        new("searchsorted", x => torch.searchsorted(x.sort(1).Values, x.flip(0)), x => ts.searchsorted(x.sort(1).Values, x.flip(0))),
        new("bucketize", x => torch.bucketize(x, x[2].sort().Values, right: true), x => ts.bucketize(x, x[2].sort().Values, right: true)),
        // logical reductions (uint8 stays uint8, as in LibTorch)
        new("all", x => x.all(), x => x.all()),
        new("any", x => x.any(), x => x.any()),
        new("all_dim", x => x.all(1), x => x.all(1)),
        new("any_dim_keepdim", x => torch.any(x, 0, true), x => ts.any(x, 0, true)),
        new("all_empty_dim", x => x[.., ..0].all(1, true), x => x[.., ..0].all(1, true)),
        new("any_empty_dim", x => x[.., ..0].any(-1), x => x[.., ..0].any(-1)),
        // scans
        new("cumsum", x => x.cumsum(1), x => x.cumsum(1)),
        new("cumprod", x => x[.., ..3].cumprod(1), x => x[.., ..3].cumprod(1)),
        new("cummax", x => x.cummax(1).values, x => x.cummax(1).values),
        new("cummax_indices", x => x.cummax(0).indexes, x => x.cummax(0).indexes),
        new("cummin_indices", x => x.cummin(1).indexes, x => x.cummin(1).indexes),
        new("logcumsumexp", x => x.logcumsumexp(1), x => x.logcumsumexp(1)),
        new("diff", x => x.diff(1), x => x.diff(1)),
    ];

    public static TheoryData<string, ScalarType> Cases() => DtypeCases.ForEachDtype(Ops.Select(o => o.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_libtorch_bit_for_bit_or_refuses_in_its_words(string name, ScalarType dtype)
    {
        Op op = Ops.Single(o => o.Name == name);
        ts.Tensor? expected = null;
        string? theirs = DtypeCases.Refusal(() => expected = op.Theirs(DtypeCases.Theirs(DtypeCases.A, dtype, false).reshape(4, 5)));
        Tensor? actual = null;
        string? ours = DtypeCases.Refusal(() => actual = op.Ours(DtypeCases.Ours(DtypeCases.A, dtype, false).reshape(4, 5)));
        Assert.True(theirs == ours, $"{name}({dtype}): LibTorch says '{theirs ?? "(result)"}', we say '{ours ?? "(result)"}'");
        if (theirs is null) DtypeCases.AssertUlps(expected!, actual!, 0, $"{name}({dtype})");
    }
}
