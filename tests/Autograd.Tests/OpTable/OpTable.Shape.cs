using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

public static partial class OpTable
{
    /// <summary>cat/stack (multi-input), split/chunk/unbind (multi-output: pieces are weighted differently
    /// and concatenated so every piece's gradient is checked), select.</summary>
    [OpCases]
    private static IEnumerable<OpCase> ShapeOps()
    {
        static OpCase C(string op, string variant, In[] inputs, Func<Tensor[], Tensor> ours, Func<ts.Tensor[], ts.Tensor> theirs) =>
            new() { Op = op, Variant = variant, Inputs = inputs, Ours = ours, Theirs = theirs };
        static Tensor Weighted(Tensor[] parts, long dim) => torch.cat(parts.Select((p, i) => p * (i + 1.0)).ToArray(), dim);
        static ts.Tensor TsWeighted(ts.Tensor[] parts, long dim) => ts.cat(parts.Select((p, i) => p * (i + 1.0)).ToArray(), dim);

        yield return C("cat", "dim0", [new([2, 3]), new([1, 3]), new([3, 3])], x => torch.cat(x, 0), x => ts.cat(x, 0));
        yield return C("cat", "dim1_transposed", [new([2, 3], Transposed: true), new([2, 4])], x => torch.cat(x, 1), x => ts.cat(x, 1));
        yield return C("cat", "neg_dim_3d", [new([2, 2, 3]), new([2, 2, 1])], x => torch.cat(x, -1), x => ts.cat(x, -1));
        yield return C("cat", "with_empty", [new([2, 3]), new([0, 3]), new([1, 3])], x => torch.cat(x, 0), x => ts.cat(x, 0));
        yield return C("cat", "legacy_empty_1d", [new([2, 3]), new([0])], x => torch.cat(x, 0), x => ts.cat(x, 0));
        yield return C("cat", "partial_grad", [new([2, 3]), new([2, 3], Grad: false)], x => torch.cat(x, 1), x => ts.cat(x, 1));
        yield return C("stack", "dim0", [new([2, 3]), new([2, 3])], x => torch.stack(x, 0), x => ts.stack(x, 0));
        yield return C("stack", "dim_last", [new([2, 3]), new([2, 3], Transposed: true), new([2, 3])], x => torch.stack(x, -1), x => ts.stack(x, -1));
        yield return C("stack", "scalars", [new([]), new([])], x => torch.stack(x), x => ts.stack(x));
        yield return C("split", "size", [new([5, 3])], x => Weighted(x[0].split(2), 0), x => TsWeighted(x[0].split(2), 0));
        yield return C("split", "sizes_dim1", [new([2, 6])], x => Weighted(x[0].split([1, 3, 2], 1), 1), x => TsWeighted(x[0].split([1L, 3L, 2L], 1), 1));
        yield return C("split", "one_piece_used", [new([4, 3])], x => x[0].split(2)[1] * 3.0, x => x[0].split(2)[1] * 3.0);
        yield return C("chunk", "uneven", [new([7, 2])], x => Weighted(x[0].chunk(3), 0), x => TsWeighted(x[0].chunk(3), 0));
        yield return C("chunk", "dim1_transposed", [new([3, 4], Transposed: true)], x => Weighted(x[0].chunk(2, 1), 1), x => TsWeighted(x[0].chunk(2, 1), 1));
        yield return C("unbind", "dim1", [new([2, 3])], x => torch.stack(x[0].unbind(1).Select((p, i) => p * (i + 1.0)).ToArray()), x => ts.stack(x[0].unbind(1).Select((p, i) => p * (i + 1.0)).ToArray()));
        yield return C("unbind", "one_used", [new([3, 2])], x => x[0].unbind()[2] * 2.0, x => x[0].unbind()[2] * 2.0);
        yield return C("select", "dim1", [new([3, 4])], x => x[0].select(1, 2), x => x[0].select(1, 2));
        yield return C("select", "negative", [new([3, 4], Transposed: true)], x => x[0].select(0, -1), x => x[0].select(0, -1));
    }
}
