namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>Batch normalisation of input [N, C, *] per channel. Training: the batch statistics
                /// over every dim but 1 normalise the input (biased variance), and running_mean/running_var
                /// (when given) are updated in place as (1 - momentum) * running + momentum * batch, with the
                /// unbiased variance. Evaluation: the running statistics normalise the input. weight and bias
                /// [C] are optional.</summary>
                /// <exception cref="ArgumentException">A statistic or weight is not of size C, the running
                /// statistics are missing in evaluation mode, or training sees one value per channel
                /// (PyTorch's messages). Nothing is updated when it throws.</exception>
                public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null,
                                                Tensor? bias = null, bool training = false, double momentum = 0.1,
                                                double eps = 1e-05) =>
                    Ops.Norms.BatchNorm(input, running_mean, running_var, weight, bias, training, momentum, eps);

                /// <summary>Instance normalisation of input [N, C, *]: each (sample, channel) normalised over its
                /// spatial positions (biased variance) when <paramref name="use_input_stats"/>, and the running
                /// statistics [C] (when given) updated in place with the per-instance statistics averaged over
                /// the batch; otherwise the running statistics normalise the input. weight and bias [C] optional.</summary>
                /// <exception cref="ArgumentException">As for <see cref="batch_norm"/>; input statistics need more
                /// than one spatial element.</exception>
                public static Tensor instance_norm(Tensor input, Tensor? running_mean = null, Tensor? running_var = null,
                                                   Tensor? weight = null, Tensor? bias = null, bool use_input_stats = true,
                                                   double momentum = 0.1, double eps = 1e-05) =>
                    Ops.Norms.InstanceNorm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps);
            }
        }
    }
}

namespace Autograd.Ops
{
    internal static partial class Norms
    {
        internal static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
                                         bool training, double momentum, double eps)
        {
            int rank = input._shape.Length;
            if (rank < 2)
                throw new ArgumentException($"Expected 2D or higher input (got {rank}D input)");
            long c = input._shape[1];
            CheckChannels(c, weight, bias, runningMean, runningVar, training);
            if (training)
            {
                long perChannel = input._numel / Math.Max(c, 1);
                if (perChannel == 1)
                    throw new ArgumentException(
                        $"Expected more than 1 value per channel when training, got input size torch.Size({Shape.Format(input._shape)})");
            }
            CheckFloating(input, "batch_norm");
            CheckParameters(input, weight, bias, runningMean, runningVar);

            long[] dims = Enumerable.Range(0, rank).Where(d => d != 1).Select(d => (long)d).ToArray();
            Tensor y;
            if (training)
            {
                Tensor mean = input.mean(dims, keepdim: true);
                Tensor centred = input.sub(mean);
                Tensor variance = centred.mul(centred).mean(dims, keepdim: true);
                y = centred.mul(variance.add(eps).rsqrt());
                UpdateRunning(runningMean, runningVar, mean, variance, input._numel / Math.Max(c, 1), momentum);
            }
            else
            {
                Tensor mean = ChannelView(runningMean!, rank), variance = ChannelView(runningVar!, rank);
                y = input.sub(mean).mul(variance.add(eps).rsqrt());
            }
            return Affine(y, weight, bias);
        }

        internal static Tensor InstanceNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
                                            bool useInputStats, double momentum, double eps)
        {
            int rank = input._shape.Length;
            if (rank < 2)
                throw new ArgumentException($"Expected 2D or higher input (got {rank}D input)");
            long n = input._shape[0], c = input._shape[1];
            CheckChannels(c, weight, bias, runningMean, runningVar, useInputStats);
            long spatial = Shape.Numel(input._shape.AsSpan(2));
            if (useInputStats && spatial == 1)
                throw new ArgumentException(
                    $"Expected more than 1 spatial element when training, got input size torch.Size({Shape.Format(input._shape)})");
            CheckFloating(input, "batch_norm");
            CheckParameters(input, weight, bias, runningMean, runningVar);

            if (!useInputStats)
                return BatchNorm(input, runningMean, runningVar, weight, bias, training: false, momentum, eps);
            long[] dims = Enumerable.Range(2, rank - 2).Select(d => (long)d).ToArray();
            Tensor mean = input.mean(dims, keepdim: true);
            Tensor centred = input.sub(mean);
            Tensor variance = centred.mul(centred).mean(dims, keepdim: true);
            Tensor y = centred.mul(variance.add(eps).rsqrt());
            // PyTorch runs instance norm as batch norm over [1, N*C, *] and folds the N running updates into
            // one: the statistics that update the running ones are the per-instance ones averaged over N.
            if (n > 0 && (runningMean is not null || runningVar is not null))
                using (torch.no_grad())
                    UpdateRunning(runningMean, runningVar, mean.mean(0, keepdim: true), variance.mean(0, keepdim: true), spatial, momentum);
            return Affine(y, weight, bias);
        }

        /// <summary>running = (1 - momentum) * running + momentum * batch, with the batch variance made
        /// unbiased (× count / (count - 1)); in place, outside the graph.</summary>
        private static void UpdateRunning(Tensor? runningMean, Tensor? runningVar, Tensor mean, Tensor biasedVar, long count,
                                          double momentum)
        {
            using (torch.no_grad())
            {
                runningMean?.mul_(1 - momentum).add_(mean.reshape(runningMean._shape).to(runningMean._dtype), momentum);
                runningVar?.mul_(1 - momentum).add_(
                    biasedVar.mul((double)count / (count - 1)).reshape(runningVar._shape).to(runningVar._dtype), momentum);
            }
        }

        /// <summary>LibTorch's CPU kernel's checks, made before the running statistics are updated so a throwing
        /// call changes nothing: the first given of weight, bias, running_mean, running_var sets the
        /// parameters' dtype, which may differ from the input's only as float32 for a float16/bfloat16 input
        /// (check_mixed_data_type); every other parameter must have that dtype (its data_ptr check) and the
        /// running statistics one dim (its accessor).</summary>
        private static void CheckParameters(Tensor input, Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar)
        {
            Tensor?[] parameters = [weight, bias, runningMean, runningVar];
            if (parameters.FirstOrDefault(p => p is not null) is not Tensor first) return;
            bool mixed = first._dtype != input._dtype;
            foreach (Tensor? p in parameters)
            {
                if (p is null) continue;
                if (mixed && (p._dtype != ScalarType.Float32 || !DType.IsReducedFloating(input._dtype)))
                    throw new ArgumentException("mixed dtype (CPU): expect parameter to have scalar type of Float");
                if (p._dtype != first._dtype)
                    throw new ArgumentException(
                        $"expected scalar type {DType.ShortName(first._dtype)} but found {DType.ShortName(p._dtype)}");
            }
            foreach (Tensor? p in new[] { runningMean, runningVar })
                if (p is not null && p._shape.Length != 1)
                    throw new ArgumentException($"TensorAccessor expected 1 dims but tensor has {p._shape.Length}");
        }

        /// <summary>PyTorch's size checks of the per-channel arguments, and the evaluation-mode requirement.</summary>
        private static void CheckChannels(long c, Tensor? weight, Tensor? bias, Tensor? runningMean, Tensor? runningVar,
                                          bool usesBatchStats)
        {
            foreach (var (name, t) in new[] { ("weight", weight), ("bias", bias), ("running_mean", runningMean),
                                             ("running_var", runningVar) })
                if (t is not null && t._numel != c)
                    throw new ArgumentException($"{name} should contain {c} elements not {t._numel}");
            if (!usesBatchStats && runningMean is null) throw new ArgumentException("running_mean must be defined in evaluation mode");
            if (!usesBatchStats && runningVar is null) throw new ArgumentException("running_var must be defined in evaluation mode");
        }
    }
}
