using Autograd;
using ts = TorchSharp.torch;
using TI = Autograd.torch.TensorIndex;
using TsTI = TorchSharp.torch.TensorIndex;

namespace Autograd.Tests;

public static partial class OpTable
{
    /// <summary>index_select, gather, scatter_add, index_add, masked_fill/select and the indexers.</summary>
    [OpCases]
    private static IEnumerable<OpCase> IndexingOps()
    {
        static OpCase C(string op, string variant, In[] inputs, Func<Tensor[], Tensor> ours, Func<ts.Tensor[], ts.Tensor> theirs) =>
            new() { Op = op, Variant = variant, Inputs = inputs, Ours = ours, Theirs = theirs };
        In idx3of4 = new([5], Domain.Index, IndexBound: 4), mask34 = new([3, 4], Domain.Mask);

        yield return C("index_select", "dim0_repeats", [new([4, 3]), idx3of4], x => x[0].index_select(0, x[1]), x => x[0].index_select(0, x[1]));
        yield return C("index_select", "dim1_transposed", [new([3, 4], Transposed: true), idx3of4], x => x[0].index_select(1, x[1]), x => x[0].index_select(1, x[1]));
        yield return C("gather", "dim1", [new([3, 4]), new([3, 5], Domain.Index, IndexBound: 4)], x => x[0].gather(1, x[1]), x => x[0].gather(1, x[1]));
        yield return C("gather", "dim0_smaller_index", [new([4, 3], Transposed: true), new([2, 2], Domain.Index, IndexBound: 4)], x => x[0].gather(0, x[1]), x => x[0].gather(0, x[1]));
        yield return C("scatter_add", "dim1", [new([3, 4]), new([3, 2], Domain.Index, IndexBound: 4), new([3, 2])], x => x[0].scatter_add(1, x[1], x[2]), x => x[0].scatter_add(1, x[1], x[2]));
        yield return C("scatter_add", "dim0_smaller_index", [new([3, 4]), new([2, 2], Domain.Index, IndexBound: 3), new([2, 2])], x => x[0].scatter_add(0, x[1], x[2]), x => x[0].scatter_add(0, x[1], x[2]));
        yield return C("index_add", "alpha", [new([4, 3]), idx3of4, new([5, 3])], x => x[0].index_add(0, x[1], x[2], 2.5), x => x[0].index_add(0, x[1], x[2], 2.5));
        yield return C("masked_fill", "same_shape", [new([3, 4]), mask34], x => x[0].masked_fill(x[1], -1.5), x => x[0].masked_fill(x[1], -1.5));
        yield return C("masked_fill", "broadcast_mask", [new([3, 4], Transposed: true), new([4], Domain.Mask)], x => x[0].masked_fill(x[1], 2), x => x[0].masked_fill(x[1], 2));
        yield return C("masked_fill_", "non_leaf", [new([3, 4]), mask34], x => (x[0] * 1.0).masked_fill_(x[1], 0.5), x => (x[0] * 1.0).masked_fill_(x[1], 0.5));
        yield return C("masked_select", "same_shape", [new([3, 4]), mask34], x => x[0].masked_select(x[1]), x => x[0].masked_select(x[1]));
        yield return C("masked_select", "broadcast", [new([3, 1]), mask34], x => x[0].masked_select(x[1]), x => x[0].masked_select(x[1]));

        yield return C("indexer", "long", [new([3, 4])], x => x[0][1], x => x[0][1]);
        yield return C("indexer", "negative_long2", [new([3, 4])], x => x[0][-1, 2], x => x[0][-1, 2]);
        yield return C("indexer", "range", [new([5, 2])], x => x[0][1..3], x => x[0][1..3]);
        yield return C("indexer", "slice_step", [new([7, 2])], x => x[0][TI.Slice(1, null, 2)], x => x[0][TsTI.Slice(1, null, 2)]);
        yield return C("indexer", "colon_single", [new([3, 4], Transposed: true)], x => x[0][TI.Colon, 1], x => x[0][TsTI.Colon, 1]);
        yield return C("indexer", "ellipsis_none", [new([2, 3, 4])], x => x[0][TI.Ellipsis, TI.None, 2], x => x[0][TsTI.Ellipsis, TsTI.None, 2]);
        yield return C("indexer", "from_end", [new([5, 3])], x => x[0][^3..^1, ^1], x => x[0][TsTI.Slice(-3, -1), -1]);
        yield return C("indexer", "bool_mask", [new([3, 4]), mask34], x => x[0][x[1]], x => x[0][x[1]]);
        yield return C("indexer", "row_mask", [new([4, 3]), new([4], Domain.Mask)], x => x[0][x[1]], x => x[0][x[1]]);
        yield return C("indexer", "long_tensor", [new([4, 3]), idx3of4], x => x[0][x[1]], x => x[0][x[1]]);
        yield return C("indexer", "slice_then_long_tensor", [new([4, 5]), idx3of4], x => x[0][TI.Colon, TI.Tensor(x[1])], x => x[0][TsTI.Colon, TsTI.Tensor(x[1])]);
        // in-place writes through views of tensors that require grad are unsupported by design: forward only
        yield return new OpCase { Op = "index_put_", Variant = "slice_rows", Inputs = [new([4, 3]), new([2, 3])], Differentiable = false,
            Ours = x => x[0].clone().index_put_(x[1], TI.Slice(1, 3)), Theirs = x => x[0].clone().index_put_(x[1], TsTI.Slice(1, 3)) };
        yield return new OpCase { Op = "index_put_", Variant = "scalar_mask", Inputs = [new([3, 4]), mask34], Differentiable = false,
            Ours = x => x[0].clone().index_put_(2.5, TI.Tensor(x[1])), Theirs = x => x[0].clone().index_put_(2.5, TsTI.Tensor(x[1])) };
        yield return C("index", "method", [new([3, 4])], x => x[0].index(TI.Slice(0, 2), 3), x => x[0].index(TsTI.Slice(0, 2), 3));
    }
}
