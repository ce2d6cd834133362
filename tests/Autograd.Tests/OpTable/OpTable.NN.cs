using Autograd;
using static Autograd.torch.nn;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

public static partial class OpTable
{
    [OpCases]
    private static IEnumerable<OpCase> SoftmaxCases()
    {
        foreach (var (variant, input, dim) in new (string, In, long)[]
                 {
                     ("dim1", new In([3, 4]), 1), ("dim0", new In([3, 4]), 0), ("dim_neg1_3d", new In([2, 3, 4]), -1),
                     ("dim1_3d", new In([2, 3, 4]), 1), ("transposed", new In([3, 4], Transposed: true), 1),
                     ("scalar", new In([]), 0), ("empty", new In([0, 3]), 1), ("vector", new In([6]), 0),
                 })
        {
            yield return new OpCase { Op = "softmax", Variant = variant, Inputs = [input], Ours = x => x[0].softmax(dim), Theirs = x => x[0].softmax(dim) };
            yield return new OpCase { Op = "log_softmax", Variant = variant, Inputs = [input], Ours = x => x[0].log_softmax(dim), Theirs = x => x[0].log_softmax(dim) };
        }
        yield return new OpCase { Op = "nn.functional.softmax", Variant = "dim1", Inputs = [new In([3, 4])], Ours = x => F.softmax(x[0], 1), Theirs = x => TF.softmax(x[0], 1) };
        yield return new OpCase { Op = "nn.functional.log_softmax", Variant = "dim1", Inputs = [new In([3, 4])], Ours = x => F.log_softmax(x[0], 1), Theirs = x => TF.log_softmax(x[0], 1) };
        yield return new OpCase { Op = "torch.softmax", Variant = "dim0", Inputs = [new In([3, 4])], Ours = x => torch.softmax(x[0], 0), Theirs = x => ts.softmax(x[0], 0) };
        // composite through softmax twice: the gradient of the first softmax sees a non-trivial upstream
        yield return new OpCase { Op = "softmax", Variant = "chained", Inputs = [new In([3, 4])], Ours = x => x[0].softmax(1).mul(3.0).log_softmax(0), Theirs = x => x[0].softmax(1).mul(3.0).log_softmax(0) };
    }

    [OpCases]
    private static IEnumerable<OpCase> LossCases()
    {
        var reductions = new (string, Reduction, ts.nn.Reduction)[]
        {
            ("mean", Reduction.Mean, ts.nn.Reduction.Mean), ("sum", Reduction.Sum, ts.nn.Reduction.Sum), ("none", Reduction.None, ts.nn.Reduction.None),
        };
        foreach (var (name, r, tr) in reductions)
        {
            yield return new OpCase { Op = "mse_loss", Variant = name, Inputs = [new In([3, 4]), new In([3, 4])], TolScale = 10,
                                      Ours = t => F.mse_loss(t[0], t[1], r), Theirs = t => TF.mse_loss(t[0], t[1], tr) };
            yield return new OpCase { Op = "nll_loss", Variant = name, Inputs = [new In([4, 5]), new In([4], Domain.Index, IndexBound: 5)], TolScale = 10,
                                      Ours = t => F.nll_loss(t[0], t[1], reduction: r), Theirs = t => TF.nll_loss(t[0], t[1], reduction: tr) };
            yield return new OpCase { Op = "nll_loss", Variant = name + "_weight", Inputs = [new In([4, 5]), new In([4], Domain.Index, IndexBound: 5), new In([5], Domain.Positive, Grad: false)], TolScale = 10,
                                      Ours = t => F.nll_loss(t[0], t[1], t[2], r), Theirs = t => TF.nll_loss(t[0], t[1], t[2], tr) };
            yield return new OpCase { Op = "nll_loss", Variant = name + "_3d", Inputs = [new In([2, 3, 4]), new In([2, 4], Domain.Index, IndexBound: 3)], TolScale = 10,
                                      Ours = t => F.nll_loss(t[0], t[1], reduction: r), Theirs = t => TF.nll_loss(t[0], t[1], reduction: tr) };
            yield return new OpCase { Op = "cross_entropy", Variant = name, Inputs = [new In([4, 5]), new In([4], Domain.Index, IndexBound: 5)], TolScale = 10,
                                      Ours = t => F.cross_entropy(t[0], t[1], reduction: r), Theirs = t => TF.cross_entropy(t[0], t[1], reduction: tr) };
            yield return new OpCase { Op = "cross_entropy", Variant = name + "_weight_ignore", TolScale = 10,
                                      Inputs = [new In([6, 3]), new In([6], Domain.Index, IndexBound: 3), new In([3], Domain.Positive, Grad: false)],
                                      Ours = t => F.cross_entropy(t[0], t[1], t[2], ignore_index: 1, reduction: r), Theirs = t => TF.cross_entropy(t[0], t[1], t[2], ignore_index: 1, reduction: tr) };
            yield return new OpCase { Op = "cross_entropy", Variant = name + "_label_smoothing", TolScale = 10,
                                      Inputs = [new In([6, 3]), new In([6], Domain.Index, IndexBound: 3), new In([3], Domain.Positive, Grad: false)],
                                      Ours = t => F.cross_entropy(t[0], t[1], t[2], ignore_index: 2, reduction: r, label_smoothing: 0.2),
                                      Theirs = t => TF.cross_entropy(t[0], t[1], t[2], ignore_index: 2, reduction: tr, label_smoothing: 0.2) };
            yield return new OpCase { Op = "cross_entropy", Variant = name + "_probabilities", TolScale = 10,
                                      Inputs = [new In([4, 5]), new In([4, 5], Domain.Positive), new In([5], Domain.Positive, Grad: false)],
                                      Ours = t => F.cross_entropy(t[0], t[1], t[2], reduction: r), Theirs = t => TF.cross_entropy(t[0], t[1], t[2], reduction: tr) };
            yield return new OpCase { Op = "binary_cross_entropy_with_logits", Variant = name, Inputs = [new In([3, 4]), new In([3, 4], Domain.Unit)], TolScale = 10,
                                      Ours = t => F.binary_cross_entropy_with_logits(t[0], t[1], reduction: r), Theirs = t => TF.binary_cross_entropy_with_logits(t[0], t[1], reduction: tr) };
            yield return new OpCase { Op = "binary_cross_entropy_with_logits", Variant = name + "_weights", TolScale = 10,
                                      Inputs = [new In([3, 4]), new In([3, 4], Domain.Unit), new In([4], Domain.Positive, Grad: false), new In([4], Domain.Positive, Grad: false)],
                                      Ours = t => F.binary_cross_entropy_with_logits(t[0], t[1], t[2], r, t[3]),
                                      Theirs = t => TF.binary_cross_entropy_with_logits(t[0], t[1], t[2], tr, t[3]) };
        }
        yield return new OpCase { Op = "nll_loss", Variant = "1d_input", Inputs = [new In([5]), new In([], Domain.Index, IndexBound: 5)],
                                  Ours = t => F.nll_loss(t[0], t[1]),
                                  // LibTorch's C++ nll_loss wants 2+ dims; PyTorch's Python one (which we follow) takes [C]
                                  Theirs = t => TF.nll_loss(t[0].unsqueeze(0), t[1].unsqueeze(0)) };
        yield return new OpCase { Op = "cross_entropy", Variant = "1d_input", Inputs = [new In([5]), new In([], Domain.Index, IndexBound: 5)],
                                  Ours = t => F.cross_entropy(t[0], t[1]), Theirs = t => TF.cross_entropy(t[0], t[1]) };
        yield return new OpCase { Op = "cross_entropy", Variant = "3d", Inputs = [new In([2, 3, 4]), new In([2, 4], Domain.Index, IndexBound: 3)], TolScale = 10,
                                  Ours = t => F.cross_entropy(t[0], t[1]), Theirs = t => TF.cross_entropy(t[0], t[1]) };
        yield return new OpCase { Op = "mse_loss", Variant = "scalar", Inputs = [new In([]), new In([])],
                                  Ours = t => F.mse_loss(t[0], t[1]), Theirs = t => TF.mse_loss(t[0], t[1]) };
        yield return new OpCase { Op = "mse_loss", Variant = "transposed", Inputs = [new In([3, 4], Transposed: true), new In([3, 4])], TolScale = 10,
                                  Ours = t => F.mse_loss(t[0], t[1]), Theirs = t => TF.mse_loss(t[0], t[1]) };
    }

    [OpCases]
    private static IEnumerable<OpCase> LinearCases()
    {
        yield return new OpCase { Op = "nn.functional.linear", Variant = "bias", Inputs = [new In([3, 4]), new In([5, 4]), new In([5])], TolScale = 10,
                                  Ours = t => F.linear(t[0], t[1], t[2]), Theirs = t => TF.linear(t[0], t[1], t[2]) };
        // addmm broadcasts a bias of any shape that expands to [M, N]
        yield return new OpCase { Op = "nn.functional.linear", Variant = "column_bias", Inputs = [new In([3, 4]), new In([5, 4]), new In([3, 1])], TolScale = 10,
                                  Ours = t => F.linear(t[0], t[1], t[2]), Theirs = t => TF.linear(t[0], t[1], t[2]) };
        yield return new OpCase { Op = "nn.functional.linear", Variant = "no_bias", Inputs = [new In([3, 4]), new In([5, 4])], TolScale = 10,
                                  Ours = t => F.linear(t[0], t[1]), Theirs = t => TF.linear(t[0], t[1]) };
        yield return new OpCase { Op = "nn.functional.linear", Variant = "vector_input", Inputs = [new In([4]), new In([5, 4]), new In([5])], TolScale = 10,
                                  Ours = t => F.linear(t[0], t[1], t[2]), Theirs = t => TF.linear(t[0], t[1], t[2]) };
        yield return new OpCase { Op = "nn.functional.linear", Variant = "batched_3d", Inputs = [new In([2, 3, 4]), new In([5, 4]), new In([5])], TolScale = 10,
                                  Ours = t => F.linear(t[0], t[1], t[2]), Theirs = t => TF.linear(t[0], t[1], t[2]) };
        yield return new OpCase { Op = "nn.functional.linear", Variant = "transposed_weight", Inputs = [new In([3, 4]), new In([5, 4], Transposed: true), new In([5])], TolScale = 10,
                                  Ours = t => F.linear(t[0], t[1], t[2]), Theirs = t => TF.linear(t[0], t[1], t[2]) };
    }
}
