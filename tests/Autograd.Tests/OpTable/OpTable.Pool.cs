using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

public static partial class OpTable
{
    [OpCases]
    private static IEnumerable<OpCase> PoolCases()
    {
        OpCase Case(string op, string variant, In x, Func<Tensor, Tensor> ours, Func<ts.Tensor, ts.Tensor> theirs) =>
            new() { Op = op, Variant = variant, Inputs = [x], TolScale = 10, Ours = t => ours(t[0]), Theirs = t => theirs(t[0]) };

        // max pooling: kinks where two window elements tie are avoided by continuous random values
        yield return Case("nn.functional.max_pool2d", "k2", new In([2, 3, 6, 5]), x => F.max_pool2d(x, 2), x => TF.max_pool2d(x, 2));
        yield return Case("nn.functional.max_pool2d", "k3_s2_p1", new In([2, 2, 7, 6]), x => F.max_pool2d(x, 3, 2, 1), x => TF.max_pool2d(x, 3, 2, 1));
        yield return Case("nn.functional.max_pool2d", "dilated_ceil", new In([1, 2, 8, 7]), x => F.max_pool2d(x, [2, 3], [2], [1], [2], ceil_mode: true),
                          x => TF.max_pool2d(x, [2, 3], [2], [1], [2], ceil_mode: true));
        yield return Case("nn.functional.max_pool2d", "overlapping", new In([1, 2, 5, 5]), x => F.max_pool2d(x, 3, 1), x => TF.max_pool2d(x, 3, 1));
        yield return Case("nn.functional.max_pool2d", "unbatched", new In([3, 5, 4]), x => F.max_pool2d(x, (2, 2)), x => TF.max_pool2d(x, (2, 2)));
        yield return Case("nn.functional.max_pool2d", "transposed", new In([2, 2, 4, 6], Transposed: true), x => F.max_pool2d(x, 2), x => TF.max_pool2d(x, 2));
        yield return Case("nn.functional.max_pool2d", "empty_batch", new In([0, 2, 4, 4]), x => F.max_pool2d(x, 2), x => TF.max_pool2d(x, 2));
        yield return Case("nn.functional.max_pool2d_with_indices", "values", new In([2, 2, 5, 6]), x => F.max_pool2d_with_indices(x, [2], [2], [1]).output,
                          x => TF.max_pool2d_with_indices(x, [2], [2], [1]).output);
        yield return new OpCase
        {
            Op = "nn.functional.max_pool2d_with_indices", Variant = "indices", Inputs = [new In([2, 2, 5, 6])], Differentiable = false,
            Ours = t => F.max_pool2d_with_indices(t[0], [3], [2], [1], ceil_mode: true).indices,
            Theirs = t => TF.max_pool2d_with_indices(t[0], [3], [2], [1], ceil_mode: true).indices,
        };
        yield return Case("nn.functional.max_pool1d", "k3_s2_p1", new In([2, 3, 9]), x => F.max_pool1d(x, 3, 2, 1), x => TF.max_pool1d(x, 3, 2, 1));
        yield return Case("nn.functional.max_pool1d", "dilated_ceil", new In([2, 9]), x => F.max_pool1d(x, 2, 2, 0, 2, ceil_mode: true),
                          x => TF.max_pool1d(x, 2, 2, 0, 2, ceil_mode: true));

        yield return Case("nn.functional.avg_pool2d", "k2", new In([2, 3, 6, 5]), x => F.avg_pool2d(x, 2), x => TF.avg_pool2d(x, 2));
        yield return Case("nn.functional.avg_pool2d", "k3_s2_p1", new In([2, 2, 7, 6]), x => F.avg_pool2d(x, 3, 2, 1), x => TF.avg_pool2d(x, 3, 2, 1));
        yield return Case("nn.functional.avg_pool2d", "exclude_pad_ceil", new In([1, 2, 7, 6]),
                          x => F.avg_pool2d(x, [3, 2], [2], [1], ceil_mode: true, count_include_pad: false),
                          x => TF.avg_pool2d(x, [3, 2], [2], [1], ceil_mode: true, count_include_pad: false));
        yield return Case("nn.functional.avg_pool2d", "divisor_override", new In([1, 2, 5, 5]), x => F.avg_pool2d(x, 2, 1, 1, divisor_override: 3),
                          x => TF.avg_pool2d(x, 2, 1, 1, divisor_override: 3));
        yield return Case("nn.functional.avg_pool2d", "unbatched", new In([3, 5, 4]), x => F.avg_pool2d(x, (2, 2)), x => TF.avg_pool2d(x, (2, 2)));
        yield return Case("nn.functional.avg_pool2d", "transposed", new In([2, 2, 4, 6], Transposed: true), x => F.avg_pool2d(x, 2), x => TF.avg_pool2d(x, 2));
        yield return Case("nn.functional.avg_pool2d", "empty_batch", new In([0, 2, 4, 4]), x => F.avg_pool2d(x, 2), x => TF.avg_pool2d(x, 2));
        yield return Case("nn.functional.avg_pool1d", "k3_s2_p1", new In([2, 3, 9]), x => F.avg_pool1d(x, 3, 2, 1), x => TF.avg_pool1d(x, 3, 2, 1));
        yield return Case("nn.functional.avg_pool1d", "exclude_pad_ceil", new In([2, 8]), x => F.avg_pool1d(x, 3, 2, 1, ceil_mode: true, count_include_pad: false),
                          x => TF.avg_pool1d(x, 3, 2, 1, ceil_mode: true, count_include_pad: false));

        yield return Case("nn.functional.adaptive_avg_pool2d", "down", new In([2, 3, 7, 5]), x => F.adaptive_avg_pool2d(x, [3, 2]), x => TF.adaptive_avg_pool2d(x, [3, 2]));
        yield return Case("nn.functional.adaptive_avg_pool2d", "up", new In([1, 2, 3, 2]), x => F.adaptive_avg_pool2d(x, 4), x => TF.adaptive_avg_pool2d(x, 4));
        yield return Case("nn.functional.adaptive_avg_pool2d", "global_unbatched", new In([3, 4, 5]), x => F.adaptive_avg_pool2d(x, (1, 1)),
                          x => TF.adaptive_avg_pool2d(x, (1, 1)));
        yield return Case("nn.functional.adaptive_avg_pool1d", "down", new In([2, 3, 7]), x => F.adaptive_avg_pool1d(x, 3), x => TF.adaptive_avg_pool1d(x, 3));
        yield return Case("nn.functional.adaptive_max_pool2d", "down", new In([2, 3, 7, 5]), x => F.adaptive_max_pool2d(x, [3, 2]), x => TF.adaptive_max_pool2d(x, [3, 2]));
        yield return Case("nn.functional.adaptive_max_pool2d", "transposed", new In([2, 2, 5, 6], Transposed: true), x => F.adaptive_max_pool2d(x, [2]),
                          x => TF.adaptive_max_pool2d(x, [2, 2])); // one size for both dims, as PyTorch's Python API expands it
    }
}
