namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>Mean absolute error |input - target|, reduced by <paramref name="reduction"/>; input and
                /// target broadcast. The derivative at input == target is 0 (sign), as in PyTorch.</summary>
                public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                    Ops.Losses.Reduce(input.sub(target).abs(), reduction);

                /// <summary>Smooth L1: 0.5 d² / beta where d = |input - target| &lt; beta, else d - 0.5 beta
                /// (beta = 0 is the L1 loss).</summary>
                /// <exception cref="ArgumentException">beta is negative.</exception>
                public static Tensor smooth_l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0) =>
                    Ops.Losses.SmoothL1(input, target, reduction, beta);

                /// <summary>Huber loss: 0.5 d² where d = |input - target| &lt; delta, else delta (d - 0.5 delta).</summary>
                /// <exception cref="ArgumentException">delta is not positive.</exception>
                public static Tensor huber_loss(Tensor input, Tensor target, double delta = 1.0, Reduction reduction = Reduction.Mean) =>
                    Ops.Losses.Huber(input, target, delta, reduction);

                /// <summary>Binary cross entropy of probabilities: -weight (y log x + (1 - y) log(1 - x)) with each
                /// log clamped to ≥ -100 as in PyTorch; input and target have the same shape, weight broadcasts.
                /// Differentiable in input and target.</summary>
                /// <exception cref="ArgumentException">Shapes differ, or an input is outside [0, 1].</exception>
                /// <exception cref="NotSupportedException">weight requires grad (PyTorch has no derivative for it).</exception>
                public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null,
                                                          Reduction reduction = Reduction.Mean) =>
                    Ops.Losses.BinaryCrossEntropy(input, target, weight, reduction);

                /// <summary>Kullback-Leibler divergence of the log-probabilities <paramref name="input"/> from
                /// <paramref name="target"/>: target (log target - input), 0 where target is 0; with
                /// <paramref name="log_target"/> the target is given as log-probabilities: exp(target) (target - input).
                /// Mean averages over every element. The default of log_target is TorchSharp's (true); PyTorch's is False.</summary>
                public static Tensor kl_div(Tensor input, Tensor target, bool log_target = true, Reduction reduction = Reduction.Mean) =>
                    Ops.Losses.KlDiv(input, target, log_target, reduction);
            }
        }
    }
}

namespace Autograd.Ops
{
    using LossReduction = torch.nn.Reduction;

    /// <summary>Element-wise losses written as compositions of differentiable ops (so double backward holds).</summary>
    internal static partial class Losses
    {
        internal static Tensor SmoothL1(Tensor input, Tensor target, LossReduction reduction, double beta)
        {
            if (beta < 0) throw new ArgumentException("smooth_l1_loss does not support negative values for beta.");
            CheckReduction(reduction);
            Tensor d = input.sub(target).abs();
            if (beta == 0) return Reduce(d, reduction);
            Tensor loss = torch.where(d.lt(beta), d.mul(d).mul(0.5 / beta), d.sub(0.5 * beta));
            return Reduce(loss, reduction);
        }

        internal static Tensor Huber(Tensor input, Tensor target, double delta, LossReduction reduction)
        {
            if (!(delta > 0)) throw new ArgumentException("huber_loss does not support non-positive values for delta.");
            CheckReduction(reduction);
            Tensor d = input.sub(target).abs();
            Tensor loss = torch.where(d.lt(delta), d.mul(d).mul(0.5), d.sub(0.5 * delta).mul(delta));
            return Reduce(loss, reduction);
        }

        internal static Tensor BinaryCrossEntropy(Tensor input, Tensor target, Tensor? weight, LossReduction reduction)
        {
            if (!Shape.SameShape(input._shape, target._shape))
                throw new ArgumentException(
                    $"Using a target size (torch.Size({Shape.Format(target._shape)})) that is different to the input size " +
                    $"(torch.Size({Shape.Format(input._shape)})) is deprecated. Please ensure they have the same size.");
            if (GradMode.IsEnabled && (weight?.requires_grad ?? false))
                throw new NotSupportedException("the derivative for 'weight' is not implemented.");
            CheckReduction(reduction);
            if (input._numel > 0)
            {
                Tensor outside;
                using (torch.no_grad()) outside = input.lt(0).logical_or(input.gt(1)).logical_or(input.ne(input));
                if (Comparison.CountNonzero(outside) > 0)
                    throw new ArgumentException("all elements of input should be between 0 and 1");
            }
            // log clamped at -100 keeps 0 * log(0) finite, as PyTorch does
            Tensor logX = input.log().clamp_min(-100), log1mX = Reverse.Sub(1, input).log().clamp_min(-100);
            Tensor loss = target.mul(logX).add(Reverse.Sub(1, target).mul(log1mX)).neg();
            if (weight is not null) loss = loss.mul(weight);
            return Reduce(loss, reduction);
        }

        internal static Tensor KlDiv(Tensor input, Tensor target, bool logTarget, LossReduction reduction)
        {
            CheckReduction(reduction);
            Tensor loss;
            if (logTarget)
                loss = target.exp().mul(target.sub(input));
            else
            {
                // xlogy(t, t) - t * x: t log t is 0 at t = 0 (log of a placeholder 1 keeps its derivative finite)
                Tensor positive = target.gt(0);
                Tensor safe = torch.where(positive, target, torch.ones_like(target));
                loss = target.mul(safe.log()).sub(target.mul(input));
            }
            return Reduce(loss, reduction);
        }

        internal static void CheckReduction(LossReduction reduction)
        {
            if (reduction is not (LossReduction.None or LossReduction.Mean or LossReduction.Sum))
                throw new ArgumentException($"{reduction} is not a valid value for reduction");
        }
    }
}
