using Autograd;
using static Autograd.torch.nn;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

public static partial class OpTable
{
    private static readonly (string Name, Reduction Ours, ts.nn.Reduction Theirs)[] s_reductions =
    [
        ("mean", Reduction.Mean, ts.nn.Reduction.Mean), ("sum", Reduction.Sum, ts.nn.Reduction.Sum), ("none", Reduction.None, ts.nn.Reduction.None),
    ];

    [OpCases]
    private static IEnumerable<OpCase> PointwiseLossCases()
    {
        foreach (var (name, r, tr) in s_reductions)
        {
            yield return new OpCase { Op = "l1_loss", Variant = name, Inputs = [new In([3, 4]), new In([3, 4])], TolScale = 10,
                                      Ours = t => F.l1_loss(t[0], t[1], r), Theirs = t => TF.l1_loss(t[0], t[1], tr) };
            yield return new OpCase { Op = "smooth_l1_loss", Variant = name, Inputs = [new In([3, 4]), new In([3, 4])], TolScale = 10,
                                      Ours = t => F.smooth_l1_loss(t[0], t[1], r, 0.7), Theirs = t => TF.smooth_l1_loss(t[0], t[1], tr, 0.7) };
            yield return new OpCase { Op = "huber_loss", Variant = name, Inputs = [new In([3, 4]), new In([3, 4])], TolScale = 10,
                                      Ours = t => F.huber_loss(t[0], t[1], 1.3, r), Theirs = t => TF.huber_loss(t[0], t[1], 1.3, tr) };
            // probabilities in (0, 1) through a sigmoid on both sides
            yield return new OpCase { Op = "binary_cross_entropy", Variant = name, Inputs = [new In([3, 4]), new In([3, 4])], TolScale = 10,
                                      Ours = t => F.binary_cross_entropy(t[0].sigmoid(), t[1].sigmoid(), reduction: r),
                                      Theirs = t => TF.binary_cross_entropy(t[0].sigmoid(), t[1].sigmoid(), reduction: tr) };
            yield return new OpCase { Op = "binary_cross_entropy", Variant = name + "_weight", TolScale = 10,
                                      Inputs = [new In([3, 4]), new In([3, 4]), new In([4], Domain.Positive, Grad: false)],
                                      Ours = t => F.binary_cross_entropy(t[0].sigmoid(), t[1].sigmoid(), t[2], r),
                                      Theirs = t => TF.binary_cross_entropy(t[0].sigmoid(), t[1].sigmoid(), t[2], tr) };
            yield return new OpCase { Op = "kl_div", Variant = name, Inputs = [new In([3, 4]), new In([3, 4], Domain.Positive)], TolScale = 10,
                                      Ours = t => F.kl_div(t[0], t[1], log_target: false, reduction: r), Theirs = t => TF.kl_div(t[0], t[1], log_target: false, reduction: tr) };
            yield return new OpCase { Op = "kl_div", Variant = name + "_log_target", Inputs = [new In([3, 4]), new In([3, 4])], TolScale = 10,
                                      Ours = t => F.kl_div(t[0], t[1], log_target: true, reduction: r), Theirs = t => TF.kl_div(t[0], t[1], log_target: true, reduction: tr) };
        }
        yield return new OpCase { Op = "l1_loss", Variant = "broadcast", Inputs = [new In([3, 4]), new In([4])], TolScale = 10,
                                  Ours = t => F.l1_loss(t[0], t[1]), Theirs = t => TF.l1_loss(t[0], t[1]) };
        yield return new OpCase { Op = "l1_loss", Variant = "transposed", Inputs = [new In([3, 4], Transposed: true), new In([3, 4])], TolScale = 10,
                                  Ours = t => F.l1_loss(t[0], t[1]), Theirs = t => TF.l1_loss(t[0], t[1]) };
        yield return new OpCase { Op = "smooth_l1_loss", Variant = "beta0_is_l1", Inputs = [new In([5]), new In([5])],
                                  Ours = t => F.smooth_l1_loss(t[0], t[1], beta: 0), Theirs = t => TF.smooth_l1_loss(t[0], t[1], beta: 0) };
        yield return new OpCase { Op = "huber_loss", Variant = "scalar", Inputs = [new In([]), new In([])],
                                  Ours = t => F.huber_loss(t[0], t[1]), Theirs = t => TF.huber_loss(t[0], t[1]) };
        yield return new OpCase { Op = "kl_div", Variant = "empty_sum", Inputs = [new In([0, 3]), new In([0, 3], Domain.Positive)],
                                  Ours = t => F.kl_div(t[0], t[1], false, Reduction.Sum), Theirs = t => TF.kl_div(t[0], t[1], false, ts.nn.Reduction.Sum) };
    }

    [OpCases]
    private static IEnumerable<OpCase> MarginLossCases()
    {
        foreach (var (name, r, tr) in s_reductions)
        {
            // targets ±1 drawn as {0, 1} and mapped by 2t - 1 on both sides
            yield return new OpCase { Op = "cosine_embedding_loss", Variant = name, TolScale = 10,
                                      Inputs = [new In([4, 3]), new In([4, 3]), new In([4], Domain.Index, IndexBound: 2)],
                                      Ours = t => F.cosine_embedding_loss(t[0], t[1], t[2].mul(2).sub(1), 0.2, r),
                                      Theirs = t => TF.cosine_embedding_loss(t[0], t[1], t[2].mul(2).sub(1), 0.2, tr) };
            yield return new OpCase { Op = "margin_ranking_loss", Variant = name, TolScale = 10,
                                      Inputs = [new In([5]), new In([5]), new In([5], Domain.Index, IndexBound: 2)],
                                      Ours = t => F.margin_ranking_loss(t[0], t[1], t[2].mul(2).sub(1).to(t[0].dtype), 0.3, r),
                                      Theirs = t => TF.margin_ranking_loss(t[0], t[1], t[2].mul(2).sub(1).to(t[0].dtype), 0.3, tr) };
            yield return new OpCase { Op = "triplet_margin_loss", Variant = name, TolScale = 10,
                                      Inputs = [new In([4, 3]), new In([4, 3]), new In([4, 3])],
                                      Ours = t => F.triplet_margin_loss(t[0], t[1], t[2], 2.0, reduction: r),
                                      Theirs = t => TF.triplet_margin_loss(t[0], t[1], t[2], 2.0, reduction: tr) };
        }
        yield return new OpCase { Op = "cosine_embedding_loss", Variant = "vector", TolScale = 10,
                                  Inputs = [new In([3]), new In([3]), new In([], Domain.Index, IndexBound: 2)],
                                  Ours = t => F.cosine_embedding_loss(t[0], t[1], t[2].mul(2).sub(1)),
                                  Theirs = t => TF.cosine_embedding_loss(t[0], t[1], t[2].mul(2).sub(1)) };
        yield return new OpCase { Op = "triplet_margin_loss", Variant = "swap_p1", TolScale = 10,
                                  Inputs = [new In([4, 3]), new In([4, 3]), new In([4, 3])],
                                  Ours = t => F.triplet_margin_loss(t[0], t[1], t[2], 1.5, p: 1, swap: true),
                                  Theirs = t => TF.triplet_margin_loss(t[0], t[1], t[2], 1.5, p: 1, swap: true) };
        yield return new OpCase { Op = "margin_ranking_loss", Variant = "transposed", TolScale = 10,
                                  Inputs = [new In([2, 3], Transposed: true), new In([2, 3]), new In([2, 3], Domain.Index, IndexBound: 2)],
                                  Ours = t => F.margin_ranking_loss(t[0], t[1], t[2].mul(2).sub(1).to(t[0].dtype), 0.5),
                                  Theirs = t => TF.margin_ranking_loss(t[0], t[1], t[2].mul(2).sub(1).to(t[0].dtype), 0.5) };
    }
}
