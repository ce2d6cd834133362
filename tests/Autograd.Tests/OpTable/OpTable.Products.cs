using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

public static partial class OpTable
{
    /// <summary>addmm/addbmm/baddbmm/addmv/addr with beta/alpha and broadcast inputs, tensordot, kron, cross,
    /// cdist and einsum (explicit and implicit output, ellipsis, repeated subscripts, broadcasting).</summary>
    [OpCases]
    private static IEnumerable<OpCase> Products()
    {
        static OpCase C(string op, string variant, In[] inputs, Func<Tensor[], Tensor> ours, Func<ts.Tensor[], ts.Tensor> theirs) =>
            new() { Op = op, Variant = variant, Inputs = inputs, Ours = ours, Theirs = theirs, TolScale = 4 };

        foreach (var (variant, input, beta, alpha) in new (string, In, float, float)[]
                 {
                     ("plain", new([2, 4]), 1, 1), ("scaled", new([2, 4]), 0.5f, -2), ("broadcast_row", new([4]), 1.5f, 1),
                     ("broadcast_0d", new([]), 1, 0.25f), ("beta_zero", new([2, 4]), 0, 3),
                 })
            yield return C("addmm", variant, [input, new([2, 3]), new([3, 4], Transposed: true)],
                x => x[0].addmm(x[1], x[2], beta, alpha), x => x[0].addmm(x[1], x[2], beta, alpha));
        yield return C("torch.addmm", "scaled", [new([2, 4]), new([2, 3]), new([3, 4])],
            x => torch.addmm(x[0], x[1], x[2], 0.5f, 2), x => ts.addmm(x[0], x[1], x[2], 0.5f, 2));
        yield return C("addbmm", "plain", [new([2, 4]), new([3, 2, 5]), new([3, 5, 4])],
            x => x[0].addbmm(x[1], x[2]), x => x[0].addbmm(x[1], x[2]));
        yield return C("addbmm", "scaled_broadcast", [new([1, 4]), new([3, 2, 5]), new([3, 5, 4], Transposed: true)],
            x => x[0].addbmm(x[1], x[2], 0.5f, -1.5f), x => x[0].addbmm(x[1], x[2], 0.5f, -1.5f));
        // TorchSharp 0.107's baddbmm hands LibTorch its operands out of order (it asks to expand batch2 to
        // [b, n, m]), so the oracle is PyTorch's definition, beta·input + alpha·bmm(batch1, batch2), in LibTorch
        yield return C("baddbmm", "plain", [new([3, 2, 4]), new([3, 2, 5]), new([3, 5, 4])],
            x => x[0].baddbmm(x[1], x[2]), x => x[0].add(x[1].bmm(x[2])));
        yield return C("baddbmm", "scaled_broadcast", [new([2, 1]), new([3, 2, 5], Transposed: true), new([3, 5, 4])],
            x => x[0].baddbmm(x[1], x[2], 2, 0.5f), x => x[0].mul(2).add(x[1].bmm(x[2]).mul(0.5)));
        yield return C("addmv", "plain", [new([3]), new([3, 4]), new([4])], x => x[0].addmv(x[1], x[2]), x => x[0].addmv(x[1], x[2]));
        yield return C("addmv", "scaled_broadcast", [new([]), new([3, 4], Transposed: true), new([4])],
            x => x[0].addmv(x[1], x[2], -1, 0.5f), x => x[0].addmv(x[1], x[2], -1, 0.5f));
        yield return C("addr", "plain", [new([3, 4]), new([3]), new([4])], x => x[0].addr(x[1], x[2]), x => x[0].addr(x[1], x[2]));
        yield return C("addr", "scaled_broadcast", [new([4]), new([3]), new([4])],
            x => x[0].addr(x[1], x[2], 0.5f, 2), x => x[0].addr(x[1], x[2], 0.5f, 2));

        // TorchSharp 0.107's tensordot(b, long dims) throws IndexOutOfRangeException while building its dim
        // lists; the oracle passes LibTorch the lists that dims = n means (a's last n dims, b's first n)
        yield return C("tensordot", "dims2", [new([2, 3, 4]), new([3, 4, 5])], x => x[0].tensordot(x[1]), x => x[0].tensordot(x[1], [1L, 2L], [0L, 1L]));
        yield return C("tensordot", "dims0_outer", [new([2, 3]), new([4])], x => x[0].tensordot(x[1], 0), x => x[0].tensordot(x[1], [], []));
        yield return C("tensordot", "dim_lists", [new([4, 3, 2]), new([2, 5, 4], Transposed: true)],
            x => x[0].tensordot(x[1], [0, 2], [2, 0]), x => x[0].tensordot(x[1], [0L, 2L], [2L, 0L]));
        yield return C("torch.tensordot", "pairs", [new([3, 4]), new([4, 3])],
            x => torch.tensordot(x[0], x[1], [(0L, 1L)]), x => ts.tensordot(x[0], x[1], [(0L, 1L)]));

        yield return C("kron", "matrices", [new([2, 3]), new([3, 2])], x => x[0].kron(x[1]), x => x[0].kron(x[1]));
        // LibTorch 2.10's kron fails on a non-contiguous operand of higher rank (an _unsafe_view), so these are contiguous
        yield return C("kron", "ranks_differ", [new([2]), new([2, 3, 2])], x => x[0].kron(x[1]), x => x[0].kron(x[1]));
        yield return C("torch.kron", "0d", [new([]), new([3])], x => torch.kron(x[0], x[1]), x => ts.kron(x[0], x[1]));

        // TorchSharp 0.107's torch.cross / Tensor.cross take a Scalar `other`; linalg.cross is LibTorch's cross
        yield return C("cross", "last_dim", [new([4, 3]), new([4, 3])], x => x[0].cross(x[1], -1), x => ts.linalg.cross(x[0], x[1]));
        yield return C("cross", "first_size3_dim", [new([3, 2]), new([3, 2])], x => x[0].cross(x[1]), x => ts.linalg.cross(x[0], x[1], 0));
        yield return C("linalg.cross", "broadcast", [new([2, 1, 3]), new([1, 4, 3])],
            x => torch.linalg.cross(x[0], x[1]), x => ts.linalg.cross(x[0], x[1]));

        foreach (var (variant, p) in new[] { ("p2", 2.0), ("p1", 1.0), ("p3", 3.0), ("inf", double.PositiveInfinity) })
            yield return C("cdist", variant, [new([4, 3]), new([5, 3])], x => torch.cdist(x[0], x[1], p), x => ts.cdist(x[0], x[1], p));
        yield return C("cdist", "batched_broadcast", [new([2, 3, 4]), new([1, 2, 4])], x => torch.cdist(x[0], x[1]), x => ts.cdist(x[0], x[1]));

        foreach (var (variant, eq, shapes) in new (string, string, long[][])[]
                 {
                     ("matmul", "ij,jk->ik", [[2, 3], [3, 4]]),
                     ("implicit_matmul", "ij,jk", [[2, 3], [3, 4]]),
                     ("batched", "bij,bjk->bik", [[2, 2, 3], [2, 3, 4]]),
                     ("trace", "ii", [[3, 3]]),
                     ("diagonal", "ii->i", [[3, 3]]),
                     ("batch_diagonal", "bii->bi", [[2, 3, 3]]),
                     ("transpose", "ij->ji", [[2, 3]]),
                     ("sum_all", "ij->", [[2, 3]]),
                     ("outer", "i,j->ij", [[3], [4]]),
                     ("dot", "i,i->", [[4], [4]]),
                     ("hadamard_sum", "ij,ij->i", [[2, 3], [2, 3]]),
                     ("three_operands", "ij,jk,kl->il", [[2, 3], [3, 4], [4, 2]]),
                     ("ellipsis", "...ij,...jk->...ik", [[2, 2, 3], [3, 4]]),
                     ("ellipsis_broadcast", "...ij,...jk", [[2, 1, 2, 3], [3, 3, 2]]),
                     ("ellipsis_middle", "i...j->j...i", [[2, 3, 4]]),
                     ("repeated_and_contracted", "iij,jk->ik", [[2, 2, 3], [3, 4]]),
                     ("uppercase", "Ab,bC->AC", [[2, 3], [3, 2]]),
                     ("spaces", "i j , j -> i", [[2, 3], [3]]),
                     ("bilinear", "bn,anm,bm->ba", [[2, 3], [4, 3, 5], [2, 5]]),
                 })
        {
            In[] inputs = shapes.Select(s => new In(s)).ToArray();
            yield return C("einsum", variant, inputs, x => torch.einsum(eq, x), x => ts.einsum(eq, x));
        }
    }
}
