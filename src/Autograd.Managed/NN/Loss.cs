namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>How a loss reduces its per-element values (PyTorch's <c>reduction=</c> strings).</summary>
            public enum Reduction : long
            {
                /// <summary>No reduction: the loss has the per-element shape.</summary>
                None = 0,
                /// <summary>The (weighted) mean of the per-element losses.</summary>
                Mean = 1,
                /// <summary>The sum of the per-element losses.</summary>
                Sum = 2,
            }

            public static partial class functional
            {
                /// <summary>Mean squared error (input - target)^2, reduced by <paramref name="reduction"/>;
                /// input and target broadcast. Differentiable in both.</summary>
                public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                    Ops.Losses.MseLoss(input, target, reduction);

                /// <summary>Negative log-likelihood of log-probabilities <paramref name="input"/> ([C], [N, C] or
                /// [N, C, d1, ...]) at int64 class indices <paramref name="target"/> ([], [N] or [N, d1, ...]),
                /// each weighted by <paramref name="weight"/>[class]; targets equal to
                /// <paramref name="ignore_index"/> contribute nothing. Mean divides by the total weight.</summary>
                /// <exception cref="ArgumentException">Shapes or dtypes don't fit (PyTorch's messages).</exception>
                /// <exception cref="IndexOutOfRangeException">A target is outside [0, C): "Target 5 is out of bounds."</exception>
                public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null,
                                              Reduction reduction = Reduction.Mean, long ignore_index = -100) =>
                    Ops.Losses.NllLoss(input, target, weight, reduction, ignore_index);

                /// <summary>log_softmax over the class dim followed by <see cref="nll_loss"/> for int64 class
                /// indices; for a floating <paramref name="target"/> of input's shape (class probabilities),
                /// -sum(weight * target * log_softmax(input)) over classes. <paramref name="label_smoothing"/>
                /// mixes the target with the uniform distribution, as in PyTorch.</summary>
                /// <exception cref="ArgumentException">Shapes or dtypes don't fit (PyTorch's messages).</exception>
                /// <exception cref="IndexOutOfRangeException">A target is outside [0, C).</exception>
                public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                                                   Reduction reduction = Reduction.Mean, double label_smoothing = 0) =>
                    Ops.Losses.CrossEntropy(input, target, weight, ignore_index, reduction, label_smoothing);

                /// <summary>Binary cross entropy of logits, computed stably as
                /// max(x, 0) - x * y + log1p(exp(-|x|)); with <paramref name="pos_weights"/> the positive term
                /// is scaled per class. <paramref name="weight"/> rescales each element. Differentiable in
                /// input and target.</summary>
                /// <exception cref="ArgumentException">Target and input sizes differ.</exception>
                public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null,
                                                                      Reduction reduction = Reduction.Mean, Tensor? pos_weights = null) =>
                    Ops.Losses.BceWithLogits(input, target, weight, reduction, pos_weights);
            }
        }
    }
}

namespace Autograd.Ops
{
    using LossReduction = torch.nn.Reduction;

    /// <summary>mse_loss, cross_entropy and binary_cross_entropy_with_logits (nll_loss is in NllLoss.cs).</summary>
    internal static partial class Losses
    {
        internal static Tensor Reduce(Tensor loss, LossReduction reduction) => reduction switch
        {
            LossReduction.None => loss,
            LossReduction.Sum => loss.sum(),
            LossReduction.Mean => loss.mean(),
            _ => throw new ArgumentException($"{reduction} is not a valid value for reduction"),
        };

        internal static Tensor MseLoss(Tensor input, Tensor target, LossReduction reduction)
        {
            Tensor result;
            using (torch.no_grad())
            {
                Tensor d = input.sub(target);
                result = Reduce(d.mul(d), reduction);
            }
            if (Graph.Needs(input, target))
                Graph.Connect(new MseLossBackward0(reduction) { Self = new SavedTensor(input), Target = new SavedTensor(target) },
                              result, input, target);
            return result;
        }

        internal static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, LossReduction reduction,
                                            double smoothing)
        {
            if (smoothing < 0 || smoothing > 1)
                throw new ArgumentException($"label_smoothing must be between 0.0 and 1.0. Got: {smoothing}");
            int classDim = input._shape.Length >= 2 ? 1 : 0;
            if (DType.IsFloating(target._dtype))
                return SoftTargets(input, target, weight, reduction, smoothing, classDim);
            CheckNll(input, target, weight, ignoreIndex); // before any kernel runs
            Tensor logp = input.log_softmax(classDim);
            Tensor nll = NllLoss(logp, target, weight, reduction, ignoreIndex);
            if (smoothing == 0) return nll;
            return nll.mul(1 - smoothing).add(
                SmoothLoss(logp, target, weight, reduction, ignoreIndex, classDim).mul(smoothing / input._shape[classDim]));
        }

        /// <summary>PyTorch's label-smoothing term for class-index targets: -sum over classes of
        /// weight * log p, zero at ignored targets, reduced like the nll term.</summary>
        private static Tensor SmoothLoss(Tensor logp, Tensor target, Tensor? weight, LossReduction reduction, long ignoreIndex,
                                         int classDim)
        {
            Tensor keep = target.ne(ignoreIndex);
            Tensor weighted = weight is null ? logp : logp.mul(ClassView(weight, logp, classDim));
            Tensor loss = weighted.sum(classDim).neg();
            loss = torch.where(keep, loss, torch.zeros_like(loss));
            if (reduction != LossReduction.Mean) return Reduce(loss, reduction);
            double denominator = TotalWeight(target, weight, ignoreIndex);
            return loss.sum().div(denominator);
        }

        /// <summary>weight [C] viewed to broadcast along the class dim of <paramref name="like"/>.</summary>
        private static Tensor ClassView(Tensor weight, Tensor like, int classDim)
        {
            var shape = new long[like._shape.Length];
            Array.Fill(shape, 1L);
            shape[classDim] = weight._numel;
            return weight.reshape(shape);
        }

        private static Tensor SoftTargets(Tensor input, Tensor target, Tensor? weight, LossReduction reduction, double smoothing,
                                          int classDim)
        {
            if (!Shape.SameShape(input._shape, target._shape))
                throw new ArgumentException($"Expected target size {Shape.Format(input._shape)}, got {Shape.Format(target._shape)}");
            long classes = input._shape.Length == 0 ? 1 : input._shape[classDim];
            if (weight is not null && (weight._shape.Length != 1 || weight._numel != classes))
                throw new ArgumentException(
                    $"weight tensor should be defined either for all {classes} classes or no classes but got weight tensor of " +
                    $"shape: {Shape.Format(weight._shape)}");
            Tensor y = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / classes) : target;
            Tensor logp = input.log_softmax(classDim);
            Tensor prod = logp.mul(y);
            if (weight is not null) prod = prod.mul(ClassView(weight, prod, classDim));
            Tensor loss = prod.sum(classDim).neg();
            // mean over the batch (and spatial) elements, not over the weights: PyTorch's rule for soft targets
            return Reduce(loss, reduction);
        }

        internal static Tensor BceWithLogits(Tensor input, Tensor target, Tensor? weight, LossReduction reduction, Tensor? posWeight)
        {
            if (!Shape.SameShape(input._shape, target._shape))
                throw new ArgumentException(
                    $"Target size (torch.Size({Shape.Format(target._shape)})) must be the same as input size " +
                    $"(torch.Size({Shape.Format(input._shape)}))");
            if (GradMode.IsEnabled && ((weight?.requires_grad ?? false) || (posWeight?.requires_grad ?? false)))
                throw new NotSupportedException(
                    $"the derivative for '{(weight?.requires_grad ?? false ? "weight" : "pos_weight")}' is not implemented.");
            Tensor result;
            using (torch.no_grad())
            {
                Tensor x = input, y = target;
                Tensor softplusNeg = x.neg().clamp_min(0).add(x.abs().neg().exp().log1p()); // log(1 + exp(-x)), stable
                Tensor loss = posWeight is null
                    ? Reverse.Sub(1, y).mul(x).add(softplusNeg)
                    : Reverse.Sub(1, y).mul(x).add(posWeight.sub(1).mul(y).add(1).mul(softplusNeg));
                if (weight is not null) loss = loss.mul(weight);
                result = Reduce(loss, reduction);
            }
            if (Graph.Needs(input, target))
                Graph.Connect(new BinaryCrossEntropyWithLogitsBackward0(reduction, weight, posWeight)
                    { Self = new SavedTensor(input), Target = new SavedTensor(target) }, result, input, target);
            return result;
        }
    }

    // d/dx mse = 2 * (x - t) * grad (/ n for mean); d/dt = -that. JVP: the reduction of 2 (x - t)(dx - dt)
    internal sealed class MseLossBackward0(LossReduction reduction) : Node
    {
        internal SavedTensor Self, Target;
        public override string name() => "MseLossBackward0";
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [Losses.Reduce(x[0].sub(x[1]).mul(2).mul(ForwardAD.Sum(t[0], t[1]?.neg())!), reduction)];
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor d = Self.Unpack(this).sub(Target.Unpack(this));
            Tensor scale = g[0]!.mul(2);
            if (reduction == LossReduction.Mean) scale = scale.div(d._numel);
            Tensor gx = d.mul(scale);
            return [NeedsInputGrad(0) ? gx : null, NeedsInputGrad(1) ? gx.neg() : null];
        }
        internal override void ReleaseVariables() { Self.Release(); Target.Release(); }
    }

    // d/dx = (sigmoid(x) * (1 + (p - 1) * y) - p * y) * w * grad;  d/dy = (-x + (p - 1) * softplus(-x)) * w * grad
    // (p = pos_weight, 1 when absent; / numel for mean)
    internal sealed class BinaryCrossEntropyWithLogitsBackward0(LossReduction reduction, Tensor? weight, Tensor? posWeight) : Node
    {
        internal SavedTensor Self, Target;
        public override string name() => "BinaryCrossEntropyWithLogitsBackward0";
        // both derivatives are element-wise factors of grad: Apply(ones) gives them (over numel for mean), and the JVP
        // is their products with the tangents, summed unless the reduction is none
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y)
        {
            Tensor?[] a = Apply([torch.ones_like(y[0])]);
            Tensor? sum = ForwardAD.Sum(t[0] is { } tx ? a[0]!.mul(tx) : null, t[1] is { } ty ? a[1]!.mul(ty) : null);
            return [reduction == LossReduction.None ? sum : sum?.sum()];
        }
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor x = Self.Unpack(this), y = Target.Unpack(this);
            Tensor scale = g[0]!;
            if (weight is not null) scale = scale.mul(weight);
            if (reduction == LossReduction.Mean) scale = scale.div(x._numel);
            Tensor? gx = null, gy = null;
            if (NeedsInputGrad(0))
            {
                Tensor s = x.sigmoid();
                gx = posWeight is null ? s.sub(y) : s.mul(posWeight.sub(1).mul(y).add(1)).sub(posWeight.mul(y));
                gx = gx.mul(scale);
            }
            if (NeedsInputGrad(1))
            {
                if (posWeight is null) gy = x.neg();
                else
                {
                    Tensor softplusNeg = x.neg().clamp_min(0).add(x.abs().neg().exp().log1p());
                    gy = x.neg().add(posWeight.sub(1).mul(softplusNeg));
                }
                gy = gy.mul(scale);
            }
            return [gx, gy];
        }
        internal override void ReleaseVariables() { Self.Release(); Target.Release(); }
    }
}
