using Autograd;
using static Autograd.torch;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

public static partial class OpTable
{
    /// <summary>The dropout family with both generators seeded inside the op: every evaluation (parity, each finite
    /// difference, the second-order check) draws LibTorch's mask for that seed, so the op is a fixed linear map.</summary>
    [OpCases]
    private static IEnumerable<OpCase> DropoutCases()
    {
        const int seed = 1234;
        OpCase Case(string op, string variant, In x, Func<Tensor, Tensor> ours, Func<ts.Tensor, ts.Tensor> theirs) => new()
        {
            Op = op, Variant = variant, Inputs = [x],
            Ours = t => { torch.manual_seed(seed); return ours(t[0]); },
            Theirs = t => { ts.manual_seed(seed); return theirs(t[0]); },
        };

        yield return Case("nn.functional.dropout", "train", new In([4, 5]), x => F.dropout(x, 0.3), x => TF.dropout(x, 0.3));
        yield return Case("nn.functional.dropout", "transposed", new In([4, 5], Transposed: true), x => F.dropout(x, 0.5), x => TF.dropout(x, 0.5));
        yield return Case("nn.functional.dropout", "scalar", new In([]), x => F.dropout(x, 0.2), x => TF.dropout(x, 0.2));
        yield return Case("nn.functional.dropout", "empty", new In([0, 3]), x => F.dropout(x, 0.2), x => TF.dropout(x, 0.2));
        yield return Case("nn.functional.dropout", "eval", new In([3, 4]), x => F.dropout(x, 0.3, training: false),
                          x => TF.dropout(x, 0.3, training: false));
        yield return Case("nn.functional.dropout", "then_tanh", new In([3, 4]), x => F.dropout(x, 0.4).tanh(), x => TF.dropout(x, 0.4).tanh());
        yield return Case("nn.functional.dropout1d", "batched", new In([3, 4, 5]), x => F.dropout1d(x, 0.4), x => TF.dropout1d(x, 0.4));
        yield return Case("nn.functional.dropout1d", "unbatched", new In([4, 5]), x => F.dropout1d(x, 0.4), x => TF.dropout1d(x, 0.4));
        yield return Case("nn.functional.dropout2d", "batched", new In([2, 4, 3, 2]), x => F.dropout2d(x, 0.4), x => TF.dropout2d(x, 0.4));
        yield return Case("nn.functional.dropout2d", "unbatched", new In([4, 3, 2]), x => F.dropout2d(x, 0.4), x => TF.dropout2d(x, 0.4));
        yield return Case("nn.functional.alpha_dropout", "train", new In([4, 5]), x => F.alpha_dropout(x, 0.3, training: true),
                          x => TF.alpha_dropout(x, 0.3, training: true));
        yield return Case("nn.functional.alpha_dropout", "eval", new In([4, 5]), x => F.alpha_dropout(x, 0.3), x => TF.alpha_dropout(x, 0.3));

        // module forms in train mode (their default)
        yield return Case("nn.Dropout", "module", new In([3, 4]), x => nn.Dropout(0.3).call(x), x => ts.nn.Dropout(0.3).call(x));
        yield return Case("nn.Dropout1d", "module", new In([2, 3, 4]), x => nn.Dropout1d(0.3).call(x), x => ts.nn.Dropout1d(0.3).call(x));
        yield return Case("nn.Dropout2d", "module", new In([2, 3, 2, 2]), x => nn.Dropout2d(0.3).call(x), x => ts.nn.Dropout2d(0.3).call(x));
        yield return Case("nn.AlphaDropout", "module", new In([3, 4]), x => nn.AlphaDropout(0.3).call(x), x => ts.nn.AlphaDropout(0.3).call(x));
    }

    [OpCases]
    private static IEnumerable<OpCase> PoolWithIndicesCases()
    {
        yield return new OpCase
        {
            Op = "nn.functional.max_pool1d_with_indices", Variant = "values", Inputs = [new In([2, 3, 9])], TolScale = 10,
            Ours = t => F.max_pool1d_with_indices(t[0], 3, 2, 1).output,
            Theirs = t => TF.max_pool1d_with_indices(t[0], 3, 2, 1).output,
        };
        yield return new OpCase
        {
            Op = "nn.functional.max_pool1d_with_indices", Variant = "indices_dilated_ceil", Inputs = [new In([2, 3, 9])], Differentiable = false,
            Ours = t => F.max_pool1d_with_indices(t[0], 2, 2, 0, 2, ceil_mode: true).indices,
            Theirs = t => TF.max_pool1d_with_indices(t[0], 2, 2, 0, 2, ceil_mode: true).indices,
        };
        yield return new OpCase
        {
            Op = "nn.functional.adaptive_max_pool2d_with_indices", Variant = "values", Inputs = [new In([2, 3, 7, 5])], TolScale = 10,
            Ours = t => F.adaptive_max_pool2d_with_indices(t[0], [3, 2]).Values,
            Theirs = t => TF.adaptive_max_pool2d_with_indices(t[0], [3, 2]).Values,
        };
        yield return new OpCase
        {
            Op = "nn.functional.adaptive_max_pool2d_with_indices", Variant = "indices_up", Inputs = [new In([2, 2, 3, 4])], Differentiable = false,
            Ours = t => F.adaptive_max_pool2d_with_indices(t[0], [5, 6]).Indices,
            Theirs = t => TF.adaptive_max_pool2d_with_indices(t[0], [5, 6]).Indices,
        };
    }
}
