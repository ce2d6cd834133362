namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>In training, zeroes each element with probability <paramref name="p"/> and scales the
                /// rest by 1 / (1 - p); otherwise (or with p = 0, or an empty input) returns the input itself.
                /// In place on the input when <paramref name="inplace"/>. The gradient is the same mask.</summary>
                /// <exception cref="ArgumentException">p is outside [0, 1].</exception>
                public static Tensor dropout(Tensor input, double p = 0.5, bool training = true, bool inplace = false) =>
                    Ops.Dropouts.Apply(input, p, training, inplace, feature: false, alpha: false);

                /// <summary>Channel-wise dropout of [N, C, L] or [C, L] input: each whole channel is zeroed with
                /// probability <paramref name="p"/>, the rest scaled by 1 / (1 - p).</summary>
                /// <exception cref="ArgumentException">The input is not 2-d or 3-d, or p is outside [0, 1].</exception>
                public static Tensor dropout1d(Tensor input, double p = 0.5, bool training = true, bool inplace = false) =>
                    Ops.Dropouts.Channelwise(input, p, training, inplace, spatialDims: 1);

                /// <summary>Channel-wise dropout of [N, C, H, W] or unbatched [C, H, W] input (any rank but 4 is
                /// one sample, as in LibTorch and TorchSharp): each whole channel is zeroed with probability
                /// <paramref name="p"/>, the rest scaled by 1 / (1 - p).</summary>
                /// <exception cref="ArgumentException">p is outside [0, 1].</exception>
                public static Tensor dropout2d(Tensor input, double p = 0.5, bool training = true, bool inplace = false) =>
                    Ops.Dropouts.Channelwise(input, p, training, inplace, spatialDims: 2);

                /// <summary>Dropout that keeps a SELU network's mean and variance: dropped elements become
                /// -alpha' (SELU's negative saturation) and the result is then affinely rescaled. The default
                /// of <paramref name="training"/> is TorchSharp's (false).</summary>
                /// <exception cref="ArgumentException">p is outside [0, 1].</exception>
                public static Tensor alpha_dropout(Tensor input, double p = 0.5, bool training = false, bool inplace = false) =>
                    Ops.Dropouts.Apply(input, p, training, inplace, feature: false, alpha: true);
            }
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>
    /// LibTorch's CPU dropout: a noise tensor (the input's shape, or [N, C, 1, ...] for feature dropout)
    /// is filled with Bernoulli(1 - p) draws and divided by 1 - p (alpha dropout: rescaled with its
    /// affine terms instead), then multiplied into the input, so the gradient is the noise itself. The
    /// noise is drawn with bernoulli_, so a seed gives LibTorch's masks.
    /// </summary>
    internal static class Dropouts
    {
        // SELU's alpha * scale: the value a dropped unit takes in alpha dropout
        private const double AlphaPrime = 1.7580993408473766;

        internal static Tensor Apply(Tensor input, double p, bool training, bool inplace, bool feature, bool alpha)
        {
            if (p < 0 || p > 1 || double.IsNaN(p))
                throw new ArgumentException($"dropout probability has to be between 0 and 1, but got {p}");
            if (feature && input._shape.Length < 2)
                throw new ArgumentException("Feature dropout requires at least 2 dimensions in the input");
            if (p == 0 || !training || input._numel == 0) return input;
            if (p == 1)
            {
                Tensor zero = torch.zeros(Shape.Scalar, dtype: input._dtype);
                return inplace ? input.mul_(zero) : input.mul(zero);
            }

            Tensor noise = feature ? BernoulliOps.DropoutMask(FeatureShape(input._shape), 1 - p, input._dtype)
                                   : BernoulliOps.DropoutMaskLike(input, 1 - p);
            Tensor? shift = null;
            if (alpha)
            {
                double a = 1 / Math.Sqrt((AlphaPrime * AlphaPrime * p + 1) * (1 - p));
                shift = noise.add(-1).mul_(AlphaPrime * a).add_(AlphaPrime * a * p);
                noise.mul_(a);
            }
            else noise.div_(1 - p);
            Tensor result = inplace ? input.mul_(noise) : input.mul(noise);
            if (shift is not null) result = inplace ? result.add_(shift) : result.add(shift);
            return result;
        }

        internal static Tensor Channelwise(Tensor input, double p, bool training, bool inplace, int spatialDims)
        {
            int rank = input._shape.Length;
            if (spatialDims == 1 && rank is not (2 or 3))
                throw new ArgumentException(
                    $"dropout1d: Expected 2D or 3D input, but received a {rank}D input. Note that dropout1d exists to provide " +
                    $"channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch " +
                    $"dimension (i.e. 2D or 3D inputs).");
            if (p < 0 || p > 1 || double.IsNaN(p))
                throw new ArgumentException($"dropout probability has to be between 0 and 1, but got {p}");
            // LibTorch's rule (C++ frontend, hence TorchSharp): only an input of the batched rank has a batch dim;
            // any other is one sample (Python's dropout2d would take a 3-d input as [N, C, L] instead)
            bool unbatched = rank != spatialDims + 2;
            if (!unbatched) return Apply(input, p, training, inplace, feature: true, alpha: false);
            Tensor batched = input.unsqueeze(0);
            Tensor result = Apply(batched, p, training, inplace, feature: true, alpha: false);
            return ReferenceEquals(result, batched) ? input : inplace ? input : result.squeeze(0);
        }

        /// <summary>[N, C, 1, ..., 1]: one draw per (sample, channel).</summary>
        private static long[] FeatureShape(long[] shape)
        {
            var s = new long[shape.Length];
            Array.Fill(s, 1L);
            s[0] = shape[0];
            s[1] = shape[1];
            return s;
        }
    }
}
