namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>Layer normalisation over the trailing dims given by <paramref name="normalized_shape"/>:
                /// (x - mean) / sqrt(var + eps) * weight + bias, with the biased variance. Input [*, normalized_shape];
                /// weight and bias (optional) have shape normalized_shape. Differentiable to any order in every
                /// floating argument.</summary>
                /// <exception cref="ArgumentException">normalized_shape is empty, or weight, bias or the input's
                /// trailing dims don't match it (PyTorch's messages).</exception>
                public static Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null,
                                                double eps = 1e-05) =>
                    Ops.Norms.LayerNorm(input, normalized_shape, weight, bias, eps, rms: false);

                /// <summary>Root-mean-square normalisation over the trailing dims given by
                /// <paramref name="normalized_shape"/>: x / sqrt(mean(x²) + eps) * weight. A null
                /// <paramref name="eps"/> is the machine epsilon of the input's dtype, as in PyTorch.</summary>
                /// <exception cref="ArgumentException">As for <see cref="layer_norm"/>.</exception>
                public static Tensor rms_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, double? eps = null) =>
                    Ops.Norms.LayerNorm(input, normalized_shape, weight, null, eps ?? Ops.Norms.MachineEpsilon(input.dtype), rms: true);

                /// <summary>Group normalisation: input [N, C, *] with its C channels split into
                /// <paramref name="num_groups"/> groups, each (sample, group) normalised over its channels and
                /// spatial positions (biased variance), then scaled and shifted per channel by weight [C] and
                /// bias [C] (optional).</summary>
                /// <exception cref="ArgumentException">C is not divisible by num_groups, fewer than 2 dims, or
                /// weight/bias not of size C (PyTorch's messages).</exception>
                public static Tensor group_norm(Tensor input, long num_groups, Tensor? weight = null, Tensor? bias = null,
                                                double eps = 1e-05) =>
                    Ops.Norms.GroupNorm(input, num_groups, weight, bias, eps);
            }
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>
    /// Normalisations written as compositions of differentiable ops (mean, sub, mul, rsqrt), so their
    /// first and second derivatives come from those ops' formulas. Every argument is checked before any
    /// computation, with PyTorch's messages.
    /// </summary>
    internal static partial class Norms
    {
        /// <summary>torch.finfo(dtype).eps: the default eps of rms_norm.</summary>
        internal static double MachineEpsilon(ScalarType t) => t == ScalarType.Float64 ? Math.Pow(2, -52) : Math.Pow(2, -23);

        internal static Tensor LayerNorm(Tensor input, long[] normalizedShape, Tensor? weight, Tensor? bias, double eps, bool rms)
        {
            string ns = Shape.Format(normalizedShape);
            if (normalizedShape.Length == 0)
                throw new ArgumentException(
                    $"Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got " +
                    $"normalized_shape = {ns}");
            if (weight is not null && !Shape.SameShape(weight._shape, normalizedShape))
                throw new ArgumentException(
                    $"Expected weight to be of same shape as normalized_shape, but got weight of shape " +
                    $"{Shape.Format(weight._shape)} and normalized_shape = {ns}");
            if (bias is not null && !Shape.SameShape(bias._shape, normalizedShape))
                throw new ArgumentException(
                    $"Expected bias to be of same shape as normalized_shape, but got bias of shape {Shape.Format(bias._shape)} " +
                    $"and normalized_shape = {ns}");
            int rank = input._shape.Length, axis = rank - normalizedShape.Length;
            if (axis < 0 || !Shape.SameShape(input._shape.AsSpan(axis), normalizedShape))
                throw new ArgumentException(
                    $"Given normalized_shape={ns}, expected input with shape " +
                    $"[*{string.Concat(normalizedShape.Select(s => $", {s}"))}], but got input of size{Shape.Format(input._shape)}");
            CheckFloating(input, rms ? "rms_norm" : "LayerNormKernelImpl");

            if (FusedLayerNorm.Applies(input, weight, bias)) return FusedLayerNorm.Forward(input, axis, weight, bias, eps, rms);
            long[] dims = Enumerable.Range(axis, normalizedShape.Length).Select(d => (long)d).ToArray();
            Tensor y;
            if (rms)
                y = input.mul(input.mul(input).mean(dims, keepdim: true).add(eps).rsqrt());
            else
                y = Standardize(input, dims, eps);
            if (weight is not null) y = y.mul(weight);
            if (bias is not null) y = y.add(bias);
            return y;
        }

        /// <summary>(x - mean) / sqrt(var + eps) over <paramref name="dims"/>, with the biased variance.</summary>
        internal static Tensor Standardize(Tensor x, long[] dims, double eps)
        {
            Tensor centred = x.sub(x.mean(dims, keepdim: true));
            Tensor variance = centred.mul(centred).mean(dims, keepdim: true);
            return centred.mul(variance.add(eps).rsqrt());
        }

        internal static Tensor GroupNorm(Tensor input, long groups, Tensor? weight, Tensor? bias, double eps)
        {
            int rank = input._shape.Length;
            if (rank < 2)
                throw new ArgumentException($"Expected at least 2 dimensions for input tensor but received {rank}");
            long n = input._shape[0], c = input._shape[1];
            if (groups <= 0 || c % groups != 0)
                throw new ArgumentException(
                    $"Expected number of channels in input to be divisible by num_groups, but got input of shape " +
                    $"{Shape.Format(input._shape)} and num_groups={groups}");
            if (weight is not null && (weight._shape.Length != 1 || weight._numel != c))
                throw new ArgumentException(
                    $"Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape " +
                    $"{Shape.Format(weight._shape)} and input of shape {Shape.Format(input._shape)}");
            if (bias is not null && (bias._shape.Length != 1 || bias._numel != c))
                throw new ArgumentException(
                    $"Expected bias to be a vector of size equal to the number of channels in input, but got bias of shape " +
                    $"{Shape.Format(bias._shape)} and input of shape {Shape.Format(input._shape)}");
            CheckFloating(input, "GroupNormKernelImpl");

            Tensor y = Standardize(input.reshape(n, groups, -1), [2], eps).reshape(input._shape);
            return Affine(y, weight, bias);
        }

        /// <summary>y * weight + bias with weight/bias [C] broadcast along dim 1.</summary>
        internal static Tensor Affine(Tensor y, Tensor? weight, Tensor? bias)
        {
            if (weight is not null) y = y.mul(ChannelView(weight, y._shape.Length));
            if (bias is not null) y = y.add(ChannelView(bias, y._shape.Length));
            return y;
        }

        /// <summary>A [C] tensor viewed as [1, C, 1, ...] to broadcast along dim 1 of a rank-<paramref name="rank"/> tensor.</summary>
        internal static Tensor ChannelView(Tensor v, int rank)
        {
            var shape = new long[rank];
            Array.Fill(shape, 1L);
            shape[1] = v._numel;
            return v.reshape(shape);
        }

        internal static void CheckFloating(Tensor input, string kernel)
        {
            if (!DType.IsFloating(input._dtype))
                throw new NotSupportedException($"\"{kernel}\" not implemented for '{DType.ShortName(input._dtype)}'");
        }
    }
}
