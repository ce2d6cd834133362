using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

public static partial class OpTable
{
    [OpCases]
    private static IEnumerable<OpCase> LayerNormCases()
    {
        foreach (var (variant, input, shape, affine) in new (string, In, long[], int)[]
                 {
                     ("last_dim_affine", new In([3, 5]), [5], 2), ("last_dim_plain", new In([3, 5]), [5], 0),
                     ("two_dims", new In([2, 3, 4]), [3, 4], 2), ("weight_only", new In([2, 3, 4]), [4], 1),
                     ("transposed", new In([4, 3], Transposed: true), [3], 2), ("vector", new In([6]), [6], 2),
                     ("empty_batch", new In([0, 4]), [4], 2),
                 })
        {
            In[] inputs = affine switch
            {
                0 => [input],
                1 => [input, new In(shape)],
                _ => [input, new In(shape), new In(shape)],
            };
            yield return new OpCase
            {
                Op = "nn.functional.layer_norm", Variant = variant, Inputs = inputs, TolScale = 10,
                Ours = t => F.layer_norm(t[0], shape, t.Length > 1 ? t[1] : null, t.Length > 2 ? t[2] : null),
                Theirs = t => TF.layer_norm(t[0], shape, t.Length > 1 ? t[1] : null, t.Length > 2 ? t[2] : null),
            };
            if (affine == 2) continue;
            long[] dims = Enumerable.Range(input.Shape.Length - shape.Length, shape.Length).Select(d => (long)d).ToArray();
            // TorchSharp 0.107 has no rms_norm: the reference is its definition in LibTorch's ops,
            // x * rsqrt(mean(x², normalized dims) + eps) * weight.
            yield return new OpCase
            {
                Op = "nn.functional.rms_norm", Variant = variant, Inputs = inputs, TolScale = 10,
                Ours = t => F.rms_norm(t[0], shape, t.Length > 1 ? t[1] : null, 1e-6),
                Theirs = t =>
                {
                    ts.Tensor y = t[0] * (t[0] * t[0]).mean(dims, keepdim: true).add(1e-6).rsqrt();
                    return t.Length > 1 ? y * t[1] : y;
                },
            };
        }
    }

    [OpCases]
    private static IEnumerable<OpCase> GroupNormCases()
    {
        foreach (var (variant, input, groups, affine) in new (string, In, long, bool)[]
                 {
                     ("groups2_affine", new In([2, 4, 3]), 2, true), ("groups1_plain", new In([2, 4, 3]), 1, false),
                     ("per_channel_4d", new In([2, 3, 2, 2]), 3, true), ("no_spatial", new In([3, 4]), 2, true),
                 })
            yield return new OpCase
            {
                Op = "nn.functional.group_norm", Variant = variant, TolScale = 10,
                Inputs = affine ? [input, new In([input.Shape[1]]), new In([input.Shape[1]])] : [input],
                Ours = t => F.group_norm(t[0], groups, t.Length > 1 ? t[1] : null, t.Length > 2 ? t[2] : null),
                Theirs = t => TF.group_norm(t[0], groups, t.Length > 1 ? t[1] : null, t.Length > 2 ? t[2] : null),
            };
    }

    [OpCases]
    private static IEnumerable<OpCase> BatchNormCases()
    {
        // inputs: x, running_mean, running_var (positive), weight, bias
        foreach (var (variant, shape, training) in new (string, long[], bool)[]
                 {
                     ("train_2d", [4, 3], true), ("train_3d", [2, 3, 4], true), ("train_4d", [2, 3, 2, 2], true),
                     ("eval_2d", [4, 3], false), ("eval_4d", [2, 3, 2, 2], false),
                 })
        {
            long c = shape[1];
            yield return new OpCase
            {
                Op = "nn.functional.batch_norm", Variant = variant, TolScale = 10,
                Inputs = [new In(shape), new In([c], Grad: false), new In([c], Domain.Positive, Grad: false), new In([c]), new In([c])],
                Ours = t => F.batch_norm(t[0], t[1], t[2], t[3], t[4], training, 0.2),
                Theirs = t => TF.batch_norm(t[0], t[1], t[2], t[3], t[4], training, 0.2),
            };
        }
        yield return new OpCase
        {
            Op = "nn.functional.batch_norm", Variant = "train_no_stats_no_affine", TolScale = 10, Inputs = [new In([5, 2])],
            Ours = t => F.batch_norm(t[0], null, null, training: true), Theirs = t => TF.batch_norm(t[0], null, null, training: true),
        };
        yield return new OpCase
        {
            Op = "nn.functional.batch_norm", Variant = "train_transposed", TolScale = 10, Inputs = [new In([3, 4], Transposed: true), new In([4]), new In([4])],
            Ours = t => F.batch_norm(t[0], null, null, t[1], t[2], training: true), Theirs = t => TF.batch_norm(t[0], null, null, t[1], t[2], training: true),
        };
        foreach (var (variant, shape, useInput) in new (string, long[], bool)[]
                 {
                     ("input_stats_3d", [2, 3, 4], true), ("input_stats_4d", [2, 2, 2, 3], true), ("running_stats", [2, 3, 4], false),
                 })
        {
            long c = shape[1];
            yield return new OpCase
            {
                Op = "nn.functional.instance_norm", Variant = variant, TolScale = 10,
                Inputs = [new In(shape), new In([c], Grad: false), new In([c], Domain.Positive, Grad: false), new In([c]), new In([c])],
                Ours = t => F.instance_norm(t[0], t[1], t[2], t[3], t[4], useInput, 0.3),
                Theirs = t => TF.instance_norm(t[0], t[1], t[2], t[3], t[4], useInput, 0.3),
            };
        }
        yield return new OpCase
        {
            Op = "nn.functional.instance_norm", Variant = "plain", TolScale = 10, Inputs = [new In([2, 3, 5])],
            Ours = t => F.instance_norm(t[0]), Theirs = t => TF.instance_norm(t[0]),
        };
    }
}
