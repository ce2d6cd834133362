using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;

namespace Autograd.Tests;

public static partial class OpTable
{
    // TorchSharp 0.107 has embedding only as a module (whose weight is its own Parameter, so the leaf's
    // gradient cannot be read here): the reference is LibTorch's definition, rows = weight.index_select(0,
    // ids). NN/EmbeddingBehaviourTests compares with the modules themselves.
    private static ts.Tensor TheirEmbedding(ts.Tensor ids, ts.Tensor weight) =>
        weight.index_select(0, ids.flatten()).reshape([.. ids.shape, weight.shape[1]]);

    [OpCases]
    private static IEnumerable<OpCase> EmbeddingCases()
    {
        foreach (var (variant, ids) in new (string, In)[]
                 {
                     ("vector", new In([6], Domain.Index, IndexBound: 5)), ("matrix", new In([2, 3], Domain.Index, IndexBound: 5)),
                     ("scalar", new In([], Domain.Index, IndexBound: 5)), ("empty", new In([0], Domain.Index, IndexBound: 5)),
                 })
            yield return new OpCase
            {
                Op = "nn.functional.embedding", Variant = variant, Inputs = [ids, new In([5, 3])],
                Ours = t => F.embedding(t[0], t[1]), Theirs = t => TheirEmbedding(t[0], t[1]),
            };
        // padding_idx is not in the table: its zero gradient is a definition, not the derivative, so finite
        // differences disagree by design; EmbeddingBehaviourTests checks it against TorchSharp's module.
        yield return new OpCase
        {
            Op = "nn.functional.embedding", Variant = "transposed_weight", Inputs = [new In([4], Domain.Index, IndexBound: 3), new In([3, 4], Transposed: true)],
            Ours = t => F.embedding(t[0], t[1]), Theirs = t => TheirEmbedding(t[0], t[1]),
        };
        foreach (var (variant, mode) in new (string, EmbeddingBagMode)[] { ("sum", EmbeddingBagMode.Sum), ("mean", EmbeddingBagMode.Mean) })
        {
            yield return new OpCase
            {
                Op = "nn.functional.embedding_bag", Variant = variant + "_2d", Inputs = [new In([3, 4], Domain.Index, IndexBound: 5), new In([5, 3])],
                Ours = t => F.embedding_bag(t[0], t[1], mode: mode),
                Theirs = t => mode == EmbeddingBagMode.Sum ? TheirEmbedding(t[0], t[1]).sum(1) : TheirEmbedding(t[0], t[1]).mean([1L]),
            };
            // bags [0, 2), [2, 2) (empty: zeros), [2, 7)
            yield return new OpCase
            {
                Op = "nn.functional.embedding_bag", Variant = variant + "_offsets", Inputs = [new In([7], Domain.Index, IndexBound: 4), new In([4, 2])],
                Ours = t => F.embedding_bag(t[0], t[1], torch.tensor(new long[] { 0, 2, 2 }), mode: mode),
                Theirs = t =>
                {
                    ts.Tensor rows = TheirEmbedding(t[0], t[1]);
                    ts.Tensor a = rows.narrow(0, 0, 2).sum([0L], keepdim: true), c = rows.narrow(0, 2, 5).sum([0L], keepdim: true);
                    if (mode == EmbeddingBagMode.Mean) { a = a / 2; c = c / 5; }
                    return ts.cat([a, ts.zeros_like(a), c], 0);
                },
            };
        }
        yield return new OpCase
        {
            Op = "nn.functional.embedding_bag", Variant = "sum_per_sample_weights", Inputs = [new In([2, 3], Domain.Index, IndexBound: 4), new In([4, 2]), new In([2, 3])],
            Ours = t => F.embedding_bag(t[0], t[1], mode: EmbeddingBagMode.Sum, per_sample_weights: t[2]),
            Theirs = t => (TheirEmbedding(t[0], t[1]) * t[2].unsqueeze(2)).sum(1),
        };
    }
}
