using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using InterpolationMode = Autograd.torch.InterpolationMode;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

public static partial class OpTable
{
    [OpCases]
    private static IEnumerable<OpCase> PadCases()
    {
        foreach (var (variant, input, pad, mode, value) in new (string, In, long[], PaddingModes, double)[]
                 {
                     ("constant_2d", new In([2, 3, 4, 5]), [1, 2, 0, 1], PaddingModes.Constant, 0.5),
                     ("constant_crop", new In([2, 3, 4, 5]), [-1, 2, 1, -2], PaddingModes.Constant, -1),
                     ("constant_three_dims", new In([2, 3, 4]), [1, 1, 2, 0, 1, 1], PaddingModes.Constant, 0),
                     ("constant_transposed", new In([4, 3], Transposed: true), [2, 1], PaddingModes.Constant, 3),
                     ("constant_empty", new In([0, 3, 4]), [1, 1], PaddingModes.Constant, 0),
                     ("zeros", new In([2, 3, 4]), [1, 2], PaddingModes.Zeros, 0),
                     ("reflect_1d", new In([2, 3, 6]), [2, 3], PaddingModes.Reflect, 0),
                     ("reflect_1d_unbatched", new In([3, 6]), [3, 1], PaddingModes.Reflect, 0),
                     ("reflect_2d", new In([2, 2, 5, 6]), [1, 2, 3, 1], PaddingModes.Reflect, 0),
                     ("reflect_2d_transposed", new In([2, 5, 4], Transposed: true), [1, 2, 3, 1], PaddingModes.Reflect, 0),
                     ("reflect_3d", new In([1, 2, 3, 4, 5]), [1, 2, 2, 1, 1, 1], PaddingModes.Reflect, 0),
                     ("replicate_1d", new In([2, 3, 4]), [3, 2], PaddingModes.Replicate, 0),
                     ("replicate_2d", new In([2, 2, 3, 4]), [2, 0, 1, 3], PaddingModes.Replicate, 0),
                     ("replicate_3d", new In([1, 2, 2, 3, 2]), [1, 1, 0, 2, 1, 0], PaddingModes.Replicate, 0),
                     ("circular_1d", new In([2, 3, 5]), [2, 3], PaddingModes.Circular, 0),
                     ("circular_2d", new In([2, 2, 3, 4]), [1, 2, 2, 1], PaddingModes.Circular, 0),
                     ("reflect_crop", new In([2, 3, 5]), [-1, 2], PaddingModes.Reflect, 0),
                     ("replicate_crop", new In([2, 2, 3, 4]), [-1, -1, 1, -1], PaddingModes.Replicate, 0),
                     ("circular_crop", new In([2, 3, 4]), [-1, 2], PaddingModes.Circular, 0),
                     ("reflect_empty_batch", new In([0, 3, 4]), [1, 1], PaddingModes.Reflect, 0),
                     ("circular_3d", new In([1, 2, 2, 3, 4]), [1, 1, 1, 0, 2, 1], PaddingModes.Circular, 0),
                 })
        {
            yield return new OpCase
            {
                Op = "nn.functional.pad", Variant = variant, Inputs = [input],
                Ours = t => F.pad(t[0], pad, mode, value),
                Theirs = t => TF.pad(t[0], pad, (TorchSharp.PaddingModes)(int)mode, value),
            };
        }
        yield return new OpCase
        {
            Op = "nn.functional.pad", Variant = "reflect_then_tanh", Inputs = [new In([2, 2, 4, 5])],
            Ours = t => F.pad(t[0], (1L, 2L, 2L, 1L), PaddingModes.Reflect).tanh(),
            Theirs = t => TF.pad(t[0], (1L, 2L, 2L, 1L), TorchSharp.PaddingModes.Reflect).tanh(),
        };
    }

    [OpCases]
    private static IEnumerable<OpCase> UnfoldFoldCases()
    {
        yield return new OpCase
        {
            Op = "nn.functional.unfold", Variant = "square", Inputs = [new In([2, 3, 5, 6])],
            Ours = t => F.unfold(t[0], 2), Theirs = t => TF.unfold(t[0], 2),
        };
        yield return new OpCase
        {
            Op = "nn.functional.unfold", Variant = "per_dim", Inputs = [new In([2, 2, 6, 7])],
            Ours = t => F.unfold(t[0], (2L, 3L), (1L, 2L), (1L, 0L), (2L, 1L)),
            Theirs = t => TF.unfold(t[0], (2L, 3L), (1L, 2L), (1L, 0L), (2L, 1L)),
        };
        yield return new OpCase
        {
            Op = "nn.functional.unfold", Variant = "transposed_padded", Inputs = [new In([2, 3, 4, 5], Transposed: true)],
            Ours = t => F.unfold(t[0], 3, padding: 1, stride: 2), Theirs = t => TF.unfold(t[0], 3, padding: 1, stride: 2),
        };
        yield return new OpCase
        {
            Op = "nn.functional.unfold", Variant = "empty_batch", Inputs = [new In([0, 2, 4, 4])],
            Ours = t => F.unfold(t[0], 2), Theirs = t => TF.unfold(t[0], 2),
        };
        yield return new OpCase
        {
            Op = "nn.functional.unfold", Variant = "then_tanh", Inputs = [new In([1, 2, 4, 4])],
            Ours = t => F.unfold(t[0], 2, stride: 1).tanh(), Theirs = t => TF.unfold(t[0], 2, stride: 1).tanh(),
        };
        // output 4x5, kernel 2: 3 x 4 blocks
        yield return new OpCase
        {
            Op = "nn.functional.fold", Variant = "square", Inputs = [new In([2, 12, 12])],
            Ours = t => F.fold(t[0], (4L, 5L), (2L, 2L)), Theirs = t => TF.fold(t[0], (4L, 5L), (2L, 2L)),
        };
        // output 5x6, kernel (2, 3), dilation (1, 2), padding (1, 0), stride (2, 1): 3 x 2 blocks
        yield return new OpCase
        {
            Op = "nn.functional.fold", Variant = "per_dim", Inputs = [new In([2, 12, 6])],
            Ours = t => F.fold(t[0], (5L, 6L), (2L, 3L), (1L, 2L), (1L, 0L), (2L, 1L)),
            Theirs = t => TF.fold(t[0], (5L, 6L), (2L, 3L), (1L, 2L), (1L, 0L), (2L, 1L)),
        };
        yield return new OpCase
        {
            Op = "nn.functional.fold", Variant = "unbatched", Inputs = [new In([8, 9])],
            Ours = t => F.fold(t[0], 4, 2), Theirs = t => TF.fold(t[0], 4, 2),
        };
        yield return new OpCase
        {
            Op = "nn.functional.fold", Variant = "transposed_strided", Inputs = [new In([2, 4, 4], Transposed: true)],
            Ours = t => F.fold(t[0], 4, 2, stride: 2), Theirs = t => TF.fold(t[0], 4, 2, stride: 2),
        };
        yield return new OpCase
        {
            Op = "nn.functional.fold", Variant = "unfold_round_trip", Inputs = [new In([1, 2, 4, 5])],
            Ours = t => F.fold(F.unfold(t[0], 2, padding: 1), (4L, 5L), (2L, 2L), padding: (1L, 1L)).tanh(),
            Theirs = t => TF.fold(TF.unfold(t[0], 2, padding: 1), (4L, 5L), (2L, 2L), padding: (1L, 1L)).tanh(),
        };
    }

    [OpCases]
    private static IEnumerable<OpCase> InterpolateCases()
    {
        foreach (var (variant, input, size, scale, mode, align, recompute) in new (string, In, long[]?, double[]?, InterpolationMode, bool?, bool)[]
                 {
                     ("nearest_1d_size", new In([2, 3, 5]), [8], null, InterpolationMode.Nearest, null, false),
                     ("nearest_1d_scale", new In([2, 3, 5]), null, [1.7], InterpolationMode.Nearest, null, false),
                     ("nearest_1d_scale_recomputed", new In([2, 3, 5]), null, [1.7], InterpolationMode.Nearest, null, true),
                     ("nearest_2d_double", new In([2, 2, 3, 4]), [6, 8], null, InterpolationMode.Nearest, null, false),
                     ("nearest_2d_down", new In([2, 2, 5, 7]), [2, 3], null, InterpolationMode.Nearest, null, false),
                     ("nearest_3d", new In([1, 2, 2, 3, 4]), null, [2, 1.5, 0.5], InterpolationMode.Nearest, null, false),
                     ("nearest_exact_2d", new In([2, 2, 3, 4]), [5, 7], null, InterpolationMode.NearestExact, null, false),
                     ("linear_size", new In([2, 3, 5]), [8], null, InterpolationMode.Linear, null, false),
                     ("linear_align", new In([2, 3, 5]), [8], null, InterpolationMode.Linear, true, false),
                     ("linear_scale", new In([2, 3, 4]), null, [2.5], InterpolationMode.Linear, false, false),
                     ("linear_down", new In([2, 3, 9]), [4], null, InterpolationMode.Linear, false, false),
                     ("linear_transposed", new In([2, 5, 3], Transposed: true), [7], null, InterpolationMode.Linear, false, false),
                     ("bilinear_size", new In([2, 2, 3, 4]), [5, 7], null, InterpolationMode.Bilinear, false, false),
                     ("bilinear_align", new In([2, 2, 3, 4]), [5, 7], null, InterpolationMode.Bilinear, true, false),
                     ("bilinear_scale", new In([1, 2, 3, 4]), null, [2.0, 1.5], InterpolationMode.Bilinear, false, false),
                     ("bilinear_scale_recomputed", new In([1, 2, 3, 4]), null, [1.7, 2.3], InterpolationMode.Bilinear, false, true),
                     ("bilinear_down", new In([2, 2, 6, 7]), [3, 2], null, InterpolationMode.Bilinear, false, false),
                     ("bilinear_align_to_one", new In([1, 2, 3, 4]), [1, 5], null, InterpolationMode.Bilinear, true, false),
                     ("trilinear", new In([1, 2, 2, 3, 4]), [3, 4, 5], null, InterpolationMode.Trilinear, false, false),
                     ("area_2d", new In([2, 2, 6, 5]), [3, 2], null, InterpolationMode.Area, null, false),
                     ("empty_batch", new In([0, 2, 3, 4]), [5, 6], null, InterpolationMode.Bilinear, false, false),
                 })
        {
            yield return new OpCase
            {
                Op = "nn.functional.interpolate", Variant = variant, Inputs = [input],
                Ours = t => F.interpolate(t[0], size, scale, mode, align, recompute),
                Theirs = t => TF.interpolate(t[0], size, scale, (ts.InterpolationMode)(int)mode, align, recompute),
            };
        }
        yield return new OpCase
        {
            Op = "nn.functional.interpolate", Variant = "bilinear_then_tanh", Inputs = [new In([1, 2, 3, 3])],
            Ours = t => F.interpolate(t[0], [5, 4], mode: InterpolationMode.Bilinear, align_corners: false).tanh(),
            Theirs = t => TF.interpolate(t[0], [5, 4], mode: ts.InterpolationMode.Bilinear, align_corners: false).tanh(),
        };
    }

    [OpCases]
    private static IEnumerable<OpCase> BilinearCases()
    {
        foreach (var (variant, x1, x2, w, b) in new (string, In, In, In, In?)[]
                 {
                     ("bias", new In([4, 3]), new In([4, 5]), new In([2, 3, 5]), new In([2])),
                     ("no_bias", new In([4, 3]), new In([4, 5]), new In([2, 3, 5]), null),
                     ("batch_dims", new In([2, 3, 3]), new In([2, 3, 4]), new In([5, 3, 4]), new In([5])),
                     ("vectors", new In([3]), new In([4]), new In([2, 3, 4]), new In([2])),
                     ("transposed", new In([4, 3], Transposed: true), new In([4, 2]), new In([3, 3, 2]), new In([3])),
                     ("empty_batch", new In([0, 3]), new In([0, 2]), new In([4, 3, 2]), new In([4])),
                 })
        {
            In[] inputs = b is null ? [x1, x2, w] : [x1, x2, w, b];
            yield return new OpCase
            {
                Op = "nn.functional.bilinear", Variant = variant, Inputs = inputs, TolScale = 10,
                Ours = t => F.bilinear(t[0], t[1], t[2], b is null ? null : t[3]),
                Theirs = t => TF.bilinear(t[0], t[1], t[2], b is null ? null : t[3]),
            };
        }
    }

    [OpCases]
    private static IEnumerable<OpCase> FusedLayerNormCases()
    {
        // the fused kernel's column blocks (64 wide) and a bias without a weight
        yield return new OpCase
        {
            Op = "nn.functional.layer_norm", Variant = "wide_rows", Inputs = [new In([3, 130]), new In([130]), new In([130])], TolScale = 10,
            Ours = t => F.layer_norm(t[0], [130], t[1], t[2]), Theirs = t => TF.layer_norm(t[0], [130], t[1], t[2]),
        };
        yield return new OpCase
        {
            Op = "nn.functional.layer_norm", Variant = "bias_only", Inputs = [new In([2, 3, 4]), new In([3, 4])], TolScale = 10,
            Ours = t => F.layer_norm(t[0], [3, 4], null, t[1]), Theirs = t => TF.layer_norm(t[0], [3, 4], null, t[1]),
        };
        // rows of more than one float-lane block (512) with a tail of 4, no bias
        yield return new OpCase
        {
            Op = "nn.functional.layer_norm", Variant = "long_rows", Inputs = [new In([2, 524]), new In([524])], TolScale = 10,
            Ours = t => F.layer_norm(t[0], [524], t[1]), Theirs = t => TF.layer_norm(t[0], [524], t[1]),
        };
        // sum's gradient arrives as one broadcast value, which the backward kernel reads in place
        yield return new OpCase
        {
            Op = "nn.functional.layer_norm", Variant = "summed", Inputs = [new In([5, 19]), new In([19]), new In([19])], TolScale = 10,
            Ours = t => F.layer_norm(t[0], [19], t[1], t[2]).sum(), Theirs = t => TF.layer_norm(t[0], [19], t[1], t[2]).sum(),
        };
        // rms_norm on the same kernels; the reference is LibTorch's definition, x * rsqrt(mean(x²) + eps) * weight
        yield return new OpCase
        {
            Op = "nn.functional.rms_norm", Variant = "long_rows", Inputs = [new In([2, 524]), new In([524])], TolScale = 10,
            Ours = t => F.rms_norm(t[0], [524], t[1], 1e-6),
            Theirs = t => t[0] * (t[0] * t[0]).mean([1L], keepdim: true).add(1e-6).rsqrt() * t[1],
        };
        yield return new OpCase
        {
            Op = "nn.functional.rms_norm", Variant = "summed", Inputs = [new In([5, 19]), new In([19])], TolScale = 10,
            Ours = t => F.rms_norm(t[0], [19], t[1], 1e-6).sum(),
            Theirs = t => (t[0] * (t[0] * t[0]).mean([1L], keepdim: true).add(1e-6).rsqrt() * t[1]).sum(),
        };
        yield return new OpCase
        {
            Op = "nn.functional.layer_norm", Variant = "then_tanh", Inputs = [new In([3, 5]), new In([5]), new In([5])], TolScale = 10,
            Ours = t => F.layer_norm(t[0], [5], t[1], t[2]).tanh(), Theirs = t => TF.layer_norm(t[0], [5], t[1], t[2]).tanh(),
        };
    }
}
