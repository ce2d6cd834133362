using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

public static partial class OpTable
{
    [OpCases]
    private static IEnumerable<OpCase> Conv2dCases()
    {
        // (variant, x, w, bias?, strides, padding, dilation, groups)
        foreach (var (variant, x, w, b, s, p, d, g) in new (string, In, In, In?, long[], long[], long[], long)[]
                 {
                     ("basic", new In([2, 3, 6, 5]), new In([4, 3, 3, 3]), new In([4]), [1], [0], [1], 1),
                     ("stride2_pad1", new In([2, 3, 6, 5]), new In([4, 3, 3, 3]), new In([4]), [2], [1], [1], 1),
                     ("per_dim", new In([2, 2, 7, 6]), new In([3, 2, 2, 3]), null, [2, 1], [1, 0], [1, 2], 1),
                     ("dilated_strided", new In([1, 2, 9, 8]), new In([2, 2, 3, 2]), new In([2]), [2, 3], [2, 1], [2, 2], 1),
                     ("groups", new In([2, 4, 5, 5]), new In([6, 2, 3, 3]), new In([6]), [1], [1], [1], 2),
                     ("depthwise", new In([1, 3, 5, 6]), new In([3, 1, 3, 3]), null, [1], [0], [1], 3),
                     ("pointwise_1x1", new In([2, 3, 4, 4]), new In([5, 3, 1, 1]), new In([5]), [1], [0], [1], 1),
                     ("no_bias", new In([2, 3, 5, 5]), new In([2, 3, 2, 2]), null, [1], [0], [1], 1),
                     ("unbatched", new In([3, 5, 6]), new In([4, 3, 3, 3]), new In([4]), [1], [1], [1], 1),
                     ("transposed_input", new In([2, 3, 5, 6], Transposed: true), new In([4, 3, 3, 3]), new In([4]), [1], [1], [1], 1),
                     ("transposed_weight", new In([2, 3, 5, 6]), new In([4, 3, 3, 3], Transposed: true), null, [1], [0], [1], 1),
                     ("empty_batch", new In([0, 3, 5, 5]), new In([4, 3, 3, 3]), new In([4]), [1], [0], [1], 1),
                     ("kernel_fills_input", new In([2, 2, 3, 3]), new In([3, 2, 3, 3]), new In([3]), [1], [0], [1], 1),
                 })
        {
            In[] inputs = b is null ? [x, w] : [x, w, b];
            yield return new OpCase
            {
                Op = "nn.functional.conv2d", Variant = variant, Inputs = inputs, TolScale = 10,
                Ours = t => F.conv2d(t[0], t[1], b is null ? null : t[2], s, p, d, g),
                Theirs = t => TF.conv2d(t[0], t[1], b is null ? null : t[2], s, p, d, g),
            };
        }
        // padding='same': PyTorch pads an odd total asymmetrically (the extra element after the input), the
        // same as an explicit F.pad then a convolution without padding, which is what LibTorch is asked here
        // (TorchSharp's functional conv2d takes no padding mode).
        yield return new OpCase
        {
            Op = "nn.functional.conv2d", Variant = "same_even_kernel", TolScale = 10,
            Inputs = [new In([2, 2, 5, 6]), new In([3, 2, 4, 2]), new In([3])],
            Ours = t => F.conv2d(t[0], t[1], t[2], Padding.Same),
            Theirs = t => TF.conv2d(TF.pad(t[0], [0, 1, 1, 2]), t[1], t[2]),
        };
        yield return new OpCase
        {
            Op = "nn.functional.conv2d", Variant = "same_dilated", TolScale = 10,
            Inputs = [new In([1, 2, 5, 5]), new In([2, 2, 3, 3]), new In([2])],
            Ours = t => F.conv2d(t[0], t[1], t[2], Padding.Same, dilation: [2]),
            Theirs = t => TF.conv2d(t[0], t[1], t[2], padding: [2], dilation: [2]),
        };
        yield return new OpCase
        {
            Op = "nn.functional.conv2d", Variant = "valid", TolScale = 10,
            Inputs = [new In([1, 2, 5, 5]), new In([2, 2, 3, 3])],
            Ours = t => F.conv2d(t[0], t[1], null, Padding.Valid),
            Theirs = t => TF.conv2d(t[0], t[1]),
        };
        // a convolution feeding a nonlinear op: the second-order check sees the double-backward terms
        yield return new OpCase
        {
            Op = "nn.functional.conv2d", Variant = "then_tanh", TolScale = 10,
            Inputs = [new In([2, 2, 4, 4]), new In([3, 2, 2, 2]), new In([3])],
            Ours = t => F.conv2d(t[0], t[1], t[2], [2], [1]).tanh(),
            Theirs = t => TF.conv2d(t[0], t[1], t[2], [2], [1]).tanh(),
        };
    }

    [OpCases]
    private static IEnumerable<OpCase> Conv1dCases()
    {
        foreach (var (variant, x, w, b, s, p, d, g) in new (string, In, In, In?, long, long, long, long)[]
                 {
                     ("basic", new In([2, 3, 7]), new In([4, 3, 3]), new In([4]), 1, 0, 1, 1),
                     ("strided_padded_dilated", new In([2, 3, 9]), new In([4, 3, 3]), new In([4]), 2, 1, 2, 1),
                     ("groups", new In([2, 4, 6]), new In([2, 2, 2]), null, 1, 1, 1, 2),
                     ("unbatched", new In([3, 7]), new In([2, 3, 3]), new In([2]), 1, 0, 1, 1),
                     ("transposed_input", new In([2, 3, 6], Transposed: true), new In([4, 3, 3]), new In([4]), 1, 1, 1, 1),
                     ("empty_batch", new In([0, 3, 7]), new In([4, 3, 3]), new In([4]), 1, 0, 1, 1),
                 })
        {
            In[] inputs = b is null ? [x, w] : [x, w, b];
            yield return new OpCase
            {
                Op = "nn.functional.conv1d", Variant = variant, Inputs = inputs, TolScale = 10,
                Ours = t => F.conv1d(t[0], t[1], b is null ? null : t[2], s, p, d, g),
                Theirs = t => TF.conv1d(t[0], t[1], b is null ? null : t[2], s, p, d, g),
            };
        }
        yield return new OpCase
        {
            Op = "nn.functional.conv1d", Variant = "same_even_kernel", TolScale = 10,
            Inputs = [new In([2, 2, 7]), new In([3, 2, 4]), new In([3])],
            Ours = t => F.conv1d(t[0], t[1], t[2], Padding.Same),
            Theirs = t => TF.conv1d(TF.pad(t[0], [1, 2]), t[1], t[2]),
        };
    }

    [OpCases]
    private static IEnumerable<OpCase> ConvTranspose2dCases()
    {
        // (variant, x, w [Cin, Cout/groups, KH, KW], bias?, strides, padding, output_padding, dilation, groups)
        foreach (var (variant, x, w, b, s, p, op, d, g) in new (string, In, In, In?, long[], long[], long[], long[], long)[]
                 {
                     ("basic", new In([2, 4, 3, 3]), new In([4, 3, 3, 3]), new In([3]), [1], [0], [0], [1], 1),
                     ("stride2_pad1_outpad1", new In([2, 3, 3, 4]), new In([3, 2, 3, 3]), new In([2]), [2], [1], [1], [1], 1),
                     ("per_dim_dilated", new In([1, 2, 3, 4]), new In([2, 3, 2, 3]), null, [2, 1], [0, 1], [1, 0], [1, 2], 1),
                     ("groups", new In([2, 4, 3, 3]), new In([4, 2, 3, 3]), new In([4]), [2], [0], [0], [1], 2),
                     ("unbatched", new In([2, 3, 3]), new In([2, 3, 2, 2]), new In([3]), [2], [0], [0], [1], 1),
                     ("transposed_input", new In([2, 2, 3, 4], Transposed: true), new In([2, 3, 2, 2]), new In([3]), [1], [0], [0], [1], 1),
                     ("empty_batch", new In([0, 2, 3, 3]), new In([2, 3, 2, 2]), new In([3]), [1], [0], [0], [1], 1),
                 })
        {
            In[] inputs = b is null ? [x, w] : [x, w, b];
            yield return new OpCase
            {
                Op = "nn.functional.conv_transpose2d", Variant = variant, Inputs = inputs, TolScale = 10,
                Ours = t => F.conv_transpose2d(t[0], t[1], b is null ? null : t[2], s, p, op, d, g),
                Theirs = t => TF.conv_transpose2d(t[0], t[1], b is null ? null : t[2], s, p, op, d, g),
            };
        }
    }
}
