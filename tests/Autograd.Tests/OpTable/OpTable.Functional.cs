using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

public static partial class OpTable
{
    [OpCases]
    private static IEnumerable<OpCase> DistanceCases()
    {
        foreach (var (variant, x, p, dim) in new (string, In, double, long)[]
                 {
                     ("p2_dim1", new In([3, 4]), 2, 1), ("p1_dim0", new In([3, 4]), 1, 0), ("p3_3d", new In([2, 3, 4]), 3, -1),
                     ("transposed", new In([3, 4], Transposed: true), 2, 1), ("empty", new In([0, 3]), 2, 1),
                 })
            yield return new OpCase { Op = "nn.functional.normalize", Variant = variant, Inputs = [x], TolScale = 10,
                                      Ours = t => F.normalize(t[0], p, dim), Theirs = t => TF.normalize(t[0], p, dim) };
        foreach (var (variant, a, b, dim) in new (string, In, In, long)[]
                 {
                     ("dim1", new In([3, 4]), new In([3, 4]), 1), ("dim0", new In([3, 4]), new In([3, 4]), 0),
                     ("broadcast", new In([3, 4]), new In([4]), -1), ("3d", new In([2, 3, 4]), new In([2, 3, 4]), 2),
                 })
            yield return new OpCase { Op = "nn.functional.cosine_similarity", Variant = variant, Inputs = [a, b], TolScale = 10,
                                      Ours = t => F.cosine_similarity(t[0], t[1], dim), Theirs = t => TF.cosine_similarity(t[0], t[1], dim) };
        foreach (var (variant, a, b, p, keep) in new (string, In, In, double, bool)[]
                 {
                     ("p2", new In([3, 4]), new In([3, 4]), 2, false), ("p1_keepdim", new In([3, 4]), new In([3, 4]), 1, true),
                     ("broadcast", new In([3, 4]), new In([4]), 2, false), ("vector", new In([5]), new In([5]), 3, false),
                 })
            yield return new OpCase { Op = "nn.functional.pairwise_distance", Variant = variant, Inputs = [a, b], TolScale = 10,
                                      Ours = t => F.pairwise_distance(t[0], t[1], p, keepdim: keep), Theirs = t => TF.pairwise_distance(t[0], t[1], p, keepdim: keep) };
        foreach (var (variant, x, classes) in new (string, In, long)[]
                 {
                     ("inferred", new In([5], Domain.Index, IndexBound: 4), -1), ("given", new In([2, 3], Domain.Index, IndexBound: 4), 6),
                     ("scalar", new In([], Domain.Index, IndexBound: 3), 3), ("empty", new In([0], Domain.Index, IndexBound: 3), 3),
                 })
            yield return new OpCase { Op = "nn.functional.one_hot", Variant = variant, Inputs = [x], Differentiable = false,
                                      Ours = t => F.one_hot(t[0], classes), Theirs = t => TF.one_hot(t[0], classes) };
    }

    [OpCases]
    private static IEnumerable<OpCase> AttentionCases()
    {
        In q = new([2, 3, 4]), k = new([2, 5, 4]), v = new([2, 5, 6]);
        yield return new OpCase { Op = "nn.functional.scaled_dot_product_attention", Variant = "plain", Inputs = [q, k, v], TolScale = 10,
                                  Ours = t => F.scaled_dot_product_attention(t[0], t[1], t[2]), Theirs = t => TF.scaled_dot_product_attention(t[0], t[1], t[2]) };
        yield return new OpCase { Op = "nn.functional.scaled_dot_product_attention", Variant = "causal_square", TolScale = 10,
                                  Inputs = [new In([2, 4, 3]), new In([2, 4, 3]), new In([2, 4, 2])],
                                  Ours = t => F.scaled_dot_product_attention(t[0], t[1], t[2], is_causal: true),
                                  Theirs = t => TF.scaled_dot_product_attention(t[0], t[1], t[2], is_casual: true) };
        yield return new OpCase { Op = "nn.functional.scaled_dot_product_attention", Variant = "causal_rectangular", TolScale = 10,
                                  Inputs = [new In([3, 4]), new In([5, 4]), new In([5, 2])],
                                  Ours = t => F.scaled_dot_product_attention(t[0], t[1], t[2], is_casual: true),
                                  Theirs = t => TF.scaled_dot_product_attention(t[0], t[1], t[2], is_casual: true) };
        // a bool mask with a key kept in every row (a fully masked row is NaN in both)
        yield return new OpCase { Op = "nn.functional.scaled_dot_product_attention", Variant = "bool_mask_broadcast", TolScale = 10,
                                  Inputs = [q, k, v, new In([3, 5], Domain.Mask)],
                                  Ours = t => F.scaled_dot_product_attention(t[0], t[1], t[2], t[3].logical_or(torch.tensor(new[] { true, false, false, false, false }))),
                                  Theirs = t => TF.scaled_dot_product_attention(t[0], t[1], t[2], t[3].logical_or(ts.tensor(new[] { true, false, false, false, false }))) };
        yield return new OpCase { Op = "nn.functional.scaled_dot_product_attention", Variant = "float_mask_4d", TolScale = 10,
                                  Inputs = [new In([2, 2, 3, 4]), new In([2, 2, 5, 4]), new In([2, 2, 5, 3]), new In([2, 1, 3, 5], Grad: false)],
                                  Ours = t => F.scaled_dot_product_attention(t[0], t[1], t[2], t[3]),
                                  Theirs = t => TF.scaled_dot_product_attention(t[0], t[1], t[2], t[3]) };
        // TorchSharp 0.107 has no scale argument: the same scores come from a query rescaled by scale * sqrt(E)
        yield return new OpCase { Op = "nn.functional.scaled_dot_product_attention", Variant = "scale", Inputs = [q, k, v], TolScale = 10,
                                  Ours = t => F.scaled_dot_product_attention(t[0], t[1], t[2], scale: 0.3),
                                  Theirs = t => TF.scaled_dot_product_attention(t[0] * (0.3 * 2.0), t[1], t[2]) };
    }
}
