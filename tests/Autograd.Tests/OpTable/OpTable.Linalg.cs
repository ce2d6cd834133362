using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

public static partial class OpTable
{
    /// <summary>matmul in every rank combination, mm/bmm/mv/dot/outer; transposed operands read without copies.</summary>
    [OpCases]
    private static IEnumerable<OpCase> Linalg()
    {
        static OpCase C(string op, string variant, In a, In b, Func<Tensor, Tensor, Tensor> ours, Func<ts.Tensor, ts.Tensor, ts.Tensor> theirs) =>
            new() { Op = op, Variant = variant, Inputs = [a, b], Ours = x => ours(x[0], x[1]), Theirs = x => theirs(x[0], x[1]), TolScale = 4 };

        foreach (var (variant, a, b) in new (string, In, In)[]
                 {
                     ("dot", new([4]), new([4])),
                     ("mm", new([2, 3]), new([3, 4])),
                     ("mm_transposed", new([2, 3], Transposed: true), new([3, 4], Transposed: true)),
                     ("mv", new([2, 3]), new([3])),
                     ("vm", new([3]), new([3, 4])),
                     ("batched", new([2, 2, 3]), new([2, 3, 4])),
                     ("batched_transposed", new([2, 2, 3], Transposed: true), new([2, 3, 4])),
                     ("batch_broadcast", new([2, 1, 2, 3]), new([3, 3, 4])),
                     ("batch_matrix", new([2, 2, 3]), new([3, 4])),
                     ("matrix_batch", new([2, 3]), new([4, 3, 2])),
                     ("batch_vector", new([2, 2, 3]), new([3])),
                     ("vector_batch", new([3]), new([2, 3, 4])),
                     ("empty_inner", new([2, 0]), new([0, 3])),
                     ("empty_rows", new([0, 3]), new([3, 2])),
                 })
            yield return C("matmul", variant, a, b, (x, y) => x.matmul(y), (x, y) => x.matmul(y));
        yield return C("mm", "plain", new([3, 5]), new([5, 2]), (x, y) => x.mm(y), (x, y) => x.mm(y));
        yield return C("mm", "transposed", new([3, 5], Transposed: true), new([5, 2]), (x, y) => x.mm(y), (x, y) => x.mm(y));
        yield return C("torch.mm", "plain", new([3, 5]), new([5, 2]), torch.mm, ts.mm);
        yield return C("bmm", "plain", new([2, 3, 5]), new([2, 5, 2]), (x, y) => x.bmm(y), (x, y) => x.bmm(y));
        yield return C("bmm", "transposed", new([2, 3, 5]), new([2, 5, 4], Transposed: true), (x, y) => x.bmm(y), (x, y) => x.bmm(y));
        yield return C("mv", "plain", new([3, 4]), new([4]), (x, y) => x.mv(y), (x, y) => x.mv(y));
        yield return C("dot", "plain", new([6]), new([6]), (x, y) => x.dot(y), (x, y) => x.dot(y));
        yield return C("dot", "empty", new([0]), new([0]), (x, y) => x.dot(y), (x, y) => x.dot(y));
        yield return C("outer", "plain", new([3]), new([4]), (x, y) => x.outer(y), (x, y) => x.outer(y));
    }
}
