using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

public static partial class OpTable
{
    /// <summary>Reordering, repeating, diagonal and stacking ops: values and gradients (multi-output ops are
    /// weighted per piece and joined, so every piece's gradient is checked), plus int64 values.</summary>
    [OpCases]
    private static IEnumerable<OpCase> ShapeTailOps()
    {
        static OpCase C(string op, string variant, In[] inputs, Func<Tensor[], Tensor> ours, Func<ts.Tensor[], ts.Tensor> theirs) =>
            new() { Op = op, Variant = variant, Inputs = inputs, Ours = ours, Theirs = theirs };
        static OpCase Ints(string op, string variant, long[] shape, Func<Tensor, Tensor> ours, Func<ts.Tensor, ts.Tensor> theirs) =>
            new() { Op = op, Variant = variant, Inputs = [new In(shape, Domain.Index, IndexBound: 100)], Differentiable = false,
                    Ours = x => ours(x[0] - 50), Theirs = x => theirs(x[0] - 50) };
        // pieces weighted 1, 2, 3, ... and flattened into one vector
        static Tensor W(IEnumerable<Tensor> parts) => torch.cat(parts.Select((p, i) => (p * (i + 1.0)).flatten()).ToArray());
        static ts.Tensor TsW(IEnumerable<ts.Tensor> parts) => ts.cat(parts.Select((p, i) => (p * (i + 1.0)).flatten()).ToArray());

        yield return C("flip", "dim0", [new([3, 4])], x => x[0].flip(0), x => x[0].flip(0));
        yield return C("flip", "both_transposed", [new([3, 4], Transposed: true)], x => x[0].flip(0, -1), x => x[0].flip(0, -1));
        yield return C("flip", "3d_middle", [new([2, 3, 2])], x => torch.flip(x[0], 1), x => ts.flip(x[0], 1));
        yield return C("flip", "scalar", [new([])], x => x[0].flip(0), x => x[0].flip(0));
        yield return C("flip", "empty", [new([0, 3])], x => x[0].flip(1), x => x[0].flip(1));
        yield return Ints("flip", "int64", [2, 3], x => x.flip(1), x => x.flip(1));
        yield return C("fliplr", "matrix", [new([3, 4])], x => x[0].fliplr(), x => x[0].fliplr());
        yield return C("flipud", "vector", [new([5])], x => torch.flipud(x[0]), x => ts.flipud(x[0]));
        yield return C("roll", "flattened", [new([3, 4])], x => x[0].roll(5), x => x[0].roll(5));
        yield return C("roll", "dim_negative_shift", [new([3, 4], Transposed: true)], x => x[0].roll(-1, 1), x => x[0].roll(-1, 1));
        yield return C("roll", "two_dims", [new([3, 4])], x => x[0].roll((2, 7), (0, 1)), x => x[0].roll((2, 7), (0, 1)));
        yield return C("roll", "array_dim0", [new([4, 2])], x => torch.roll(x[0], [3L]), x => ts.roll(x[0], [3L]));
        yield return C("roll", "zero_shift", [new([4])], x => x[0].roll(0, 0), x => x[0].roll(0, 0));
        yield return Ints("roll", "int64", [2, 3], x => x.roll(1, 1), x => x.roll(1, 1));
        foreach (long k in new long[] { 1, 2, 3, -1, 4 })
            yield return C("rot90", $"k{k}", [new([2, 3, 2])], x => x[0].rot90(k, (1, 2)), x => x[0].rot90(k, (1, 2)));
        yield return C("rot90", "default", [new([3, 4], Transposed: true)], x => torch.rot90(x[0]), x => ts.rot90(x[0]));
        yield return C("repeat", "2d", [new([2, 3])], x => x[0].repeat(2, 3), x => x[0].repeat(2, 3));
        yield return C("repeat", "leading_dims", [new([3])], x => x[0].repeat(2, 1, 2), x => x[0].repeat(2, 1, 2));
        yield return C("repeat", "ones_is_copy", [new([2, 3], Transposed: true)], x => x[0].repeat(1, 1), x => x[0].repeat(1, 1));
        yield return C("repeat", "zero", [new([2, 3])], x => x[0].repeat(0, 2), x => x[0].repeat(0, 2));
        yield return C("repeat", "scalar", [new([])], x => x[0].repeat(3), x => x[0].repeat(3));
        yield return Ints("repeat", "int64", [2, 2], x => x.repeat(2, 1), x => x.repeat(2, 1));
        yield return C("tile", "short_reps", [new([2, 3])], x => x[0].tile([2]), x => x[0].tile([2]));
        yield return C("tile", "long_reps", [new([2, 3])], x => torch.tile(x[0], [2, 1, 2]), x => ts.tile(x[0], [2, 1, 2]));
        yield return C("repeat_interleave", "flattened", [new([2, 3])], x => x[0].repeat_interleave(2), x => x[0].repeat_interleave(2));
        yield return C("repeat_interleave", "dim1", [new([2, 3], Transposed: true)], x => x[0].repeat_interleave(3, 1), x => x[0].repeat_interleave(3, 1));
        yield return C("repeat_interleave", "tensor_counts", [new([3, 2])],
            x => x[0].repeat_interleave(torch.tensor(new long[] { 2, 0, 3 }), 0), x => x[0].repeat_interleave(ts.tensor(new long[] { 2, 0, 3 }), 0));
        yield return C("repeat_interleave", "scalar_count_tensor", [new([3, 2])],
            x => torch.repeat_interleave(x[0], torch.tensor(2L), -1), x => ts.repeat_interleave(x[0], ts.tensor(2L), -1));
        yield return Ints("repeat_interleave", "int64", [4], x => x.repeat_interleave(2), x => x.repeat_interleave(2));

        yield return C("diagonal", "main", [new([3, 4])], x => x[0].diagonal(), x => x[0].diagonal());
        yield return C("diagonal", "above", [new([3, 4], Transposed: true)], x => x[0].diagonal(1), x => x[0].diagonal(1));
        yield return C("diagonal", "below_batched", [new([2, 4, 3])], x => torch.diagonal(x[0], -1, 1, 2), x => ts.diagonal(x[0], -1, 1, 2));
        yield return C("diagonal", "swapped_dims", [new([3, 2, 4])], x => x[0].diagonal(0, 2, 0), x => x[0].diagonal(0, 2, 0));
        yield return C("diagonal", "past_edge", [new([3, 3])], x => x[0].diagonal(5), x => x[0].diagonal(5));
        yield return C("diag_embed", "default", [new([2, 3])], x => x[0].diag_embed(), x => x[0].diag_embed());
        yield return C("diag_embed", "offset_dims", [new([2, 3])], x => torch.diag_embed(x[0], -1, 0, 2), x => ts.diag_embed(x[0], -1, 0, 2));
        yield return C("diag", "vector", [new([3])], x => x[0].diag(), x => x[0].diag());
        yield return C("diag", "vector_offset", [new([3])], x => torch.diag(x[0], 2), x => ts.diag(x[0], 2));
        yield return C("diag", "matrix_below", [new([3, 4], Transposed: true)], x => x[0].diag(-1), x => x[0].diag(-1));
        yield return Ints("diag", "int64", [3], x => x.diag(), x => x.diag());
        yield return C("trace", "square", [new([3, 3])], x => x[0].trace(), x => x[0].trace());
        yield return C("trace", "wide_transposed", [new([2, 4], Transposed: true)], x => torch.trace(x[0]), x => ts.trace(x[0]));
        yield return Ints("trace", "int64", [3, 3], x => x.trace(), x => x.trace());
        yield return C("tril", "default", [new([3, 4])], x => x[0].tril(), x => x[0].tril());
        yield return C("tril", "offset_batched", [new([2, 3, 3])], x => torch.tril(x[0], 1), x => ts.tril(x[0], 1));
        yield return C("triu", "negative_transposed", [new([4, 3], Transposed: true)], x => x[0].triu(-1), x => x[0].triu(-1));
        yield return C("triu", "empty", [new([0, 3])], x => x[0].triu(), x => x[0].triu());
        yield return Ints("triu", "int64", [3, 3], x => x.triu(1), x => x.triu(1));
        yield return C("tril_", "non_leaf", [new([3, 3])], x => (x[0] * 2.0).tril_(), x => (x[0] * 2.0).tril_());
        yield return C("triu_", "non_leaf", [new([3, 3])], x => torch.triu_(x[0] * 2.0, 1), x => ts.triu_(x[0] * 2.0, 1));

        yield return C("movedim", "one", [new([2, 3, 4])], x => torch.movedim(x[0], 0, -1), x => ts.movedim(x[0], 0, -1));
        yield return C("movedim", "two", [new([2, 3, 4])], x => x[0].movedim([0, 1], [2, 0]), x => x[0].movedim([0L, 1L], [2L, 0L]));
        yield return C("moveaxis", "tuple", [new([2, 3, 4])], x => torch.moveaxis(x[0], (2, 0), (0, 1)), x => ts.moveaxis(x[0], (2, 0), (0, 1)));
        yield return C("swapaxes", "3d", [new([2, 3, 4])], x => x[0].swapaxes(0, 2), x => x[0].swapaxes(0, 2));
        yield return C("swapdims", "matrix", [new([2, 3])], x => torch.swapdims(x[0], 0, 1), x => ts.swapdims(x[0], 0, 1));
        yield return C("T", "3d", [new([2, 3, 4])], x => x[0].T, x => x[0].T);
        yield return C("T", "vector", [new([4])], x => x[0].T, x => x[0].T);
        yield return C("mT", "batched", [new([2, 3, 4])], x => x[0].mT, x => x[0].mT);
        yield return C("mH", "matrix", [new([3, 4], Transposed: true)], x => x[0].mH, x => x[0].mH);
        yield return C("H", "matrix", [new([3, 4])], x => x[0].H, x => x[0].H);
        yield return C("atleast_1d", "scalar", [new([])], x => x[0].atleast_1d(), x => x[0].atleast_1d());
        yield return C("atleast_2d", "vector", [new([3])], x => x[0].atleast_2d(), x => x[0].atleast_2d());
        yield return C("atleast_2d", "scalar", [new([])], x => x[0].atleast_2d(), x => x[0].atleast_2d());
        yield return C("atleast_3d", "vector", [new([3])], x => x[0].atleast_3d(), x => x[0].atleast_3d());
        yield return C("atleast_3d", "matrix", [new([2, 3])], x => x[0].atleast_3d(), x => x[0].atleast_3d());
        yield return C("atleast_3d", "4d_unchanged", [new([1, 2, 1, 2])], x => x[0].atleast_3d() * 2.0, x => x[0].atleast_3d() * 2.0);
        yield return C("broadcast_to", "leading", [new([3, 1])], x => torch.broadcast_to(x[0], 2, 3, 4), x => ts.broadcast_to(x[0], 2, 3, 4));
        yield return C("broadcast_tensors", "three", [new([3, 1]), new([4]), new([])],
            x => W(torch.broadcast_tensors(x[0], x[1], x[2])), x => TsW(ts.broadcast_tensors(x[0], x[1], x[2])));
        yield return C("meshgrid", "ij", [new([3]), new([2]), new([])], x => W(torch.meshgrid(x)), x => TsW(ts.meshgrid(x)));
        yield return C("meshgrid", "xy", [new([3]), new([2]), new([4])], x => W(torch.meshgrid(x, "xy")), x => TsW(ts.meshgrid(x, "xy")));

        yield return C("tensor_split", "sections", [new([7, 2])], x => W(x[0].tensor_split(3)), x => TsW(x[0].tensor_split(3)));
        yield return C("tensor_split", "indices", [new([2, 6], Transposed: true)],
            x => W(torch.tensor_split(x[0], [1L, 5L, 3L, -1L, 9L], 1)), x => TsW(ts.tensor_split(x[0], [1L, 5L, 3L, -1L, 9L], 1)));
        yield return C("tensor_split", "tensor_sections", [new([5])], x => W(x[0].tensor_split(torch.tensor(2L))), x => TsW(x[0].tensor_split(ts.tensor(2L))));
        yield return C("tensor_split", "tensor_indices", [new([5])],
            x => W(x[0].tensor_split(torch.tensor(new long[] { 1, 3 }))), x => TsW(x[0].tensor_split(ts.tensor(new long[] { 1, 3 }))));
        yield return C("hsplit", "sections", [new([2, 4])], x => W(x[0].hsplit(2)), x => TsW(x[0].hsplit(2)));
        yield return C("hsplit", "vector_indices", [new([5])], x => W(torch.hsplit(x[0], (1L, 3L))), x => TsW(ts.hsplit(x[0], (1L, 3L))));
        yield return C("vsplit", "indices", [new([5, 2])], x => W(x[0].vsplit(2, 3)), x => TsW(x[0].vsplit(2, 3)));
        yield return C("vsplit", "sections", [new([4, 2])], x => W(torch.vsplit(x[0], 2)), x => TsW(x[0].vsplit(2)));
        yield return C("dsplit", "sections", [new([2, 1, 4])], x => W(x[0].dsplit(2)), x => TsW(x[0].dsplit(2)));
        yield return C("dsplit", "tuple", [new([1, 2, 5])], x => W(x[0].dsplit((1L, 2L))), x => TsW(x[0].dsplit((1L, 2L))));
        yield return C("hstack", "vectors", [new([2]), new([3]), new([])], x => torch.hstack(x), x => ts.hstack(x));
        yield return C("hstack", "matrices", [new([2, 1]), new([2, 3], Transposed: true)], x => torch.hstack(x), x => ts.hstack(x));
        yield return C("vstack", "vectors", [new([3]), new([2, 3])], x => torch.vstack(x), x => ts.vstack(x));
        yield return C("row_stack", "vectors", [new([3]), new([3])], x => torch.row_stack(x), x => ts.row_stack(x));
        yield return C("dstack", "mixed", [new([2]), new([1, 2]), new([1, 2, 2])], x => torch.dstack(x), x => ts.dstack(x));
        yield return C("column_stack", "mixed", [new([3]), new([3, 2]), new([3])], x => torch.column_stack(x), x => ts.column_stack(x));
        yield return Ints("hstack", "int64", [2, 2], x => torch.hstack(x, x * 2), x => ts.hstack(x, x * 2));
    }
}
