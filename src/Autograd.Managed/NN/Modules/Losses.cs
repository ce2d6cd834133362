using F = Autograd.torch.nn.functional;
using Reduction = Autograd.torch.nn.Reduction;

namespace Autograd
{
    using Tensor = torch.Tensor;

    /// <summary>A loss module over 2 inputs: its <see cref="reduction"/> (TorchSharp's base class).</summary>
    public abstract class Loss<T1, T2, TResult> : torch.nn.Module<T1, T2, TResult>
    {
        /// <summary>A loss reducing by <paramref name="reduction"/>.</summary>
        protected Loss(Reduction reduction = Reduction.Mean) : base("Loss") { this.reduction = reduction; }

        /// <summary>How the per-element losses are reduced.</summary>
        public Reduction reduction { get; }
    }

    /// <summary>A loss module over 3 inputs: its <see cref="reduction"/> (TorchSharp's base class).</summary>
    public abstract class Loss<T1, T2, T3, TResult> : torch.nn.Module<T1, T2, T3, TResult>
    {
        /// <summary>A loss reducing by <paramref name="reduction"/>.</summary>
        protected Loss(Reduction reduction = Reduction.Mean) : base("Loss") { this.reduction = reduction; }

        /// <summary>How the per-element losses are reduced.</summary>
        public Reduction reduction { get; }
    }

    /// <summary>A loss over 2 inputs with an optional per-class (or per-element) rescaling <see cref="weight"/>.</summary>
    public abstract class WeightedLoss<T1, T2, TResult> : Loss<T1, T2, TResult>
    {
        /// <summary>A loss with <paramref name="weight"/> (or none) reducing by <paramref name="reduction"/>.</summary>
        protected WeightedLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) : base(reduction) { this.weight = weight; }

        /// <summary>The rescaling weight, or null.</summary>
        public Tensor? weight { get; }
    }
}

namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>Mean squared error: <c>nn.functional.mse_loss</c>.</summary>
    public sealed class MSELoss : Loss<Tensor, Tensor, Tensor>
    {
        /// <summary>A loss reducing by <paramref name="reduction"/>.</summary>
        public MSELoss(Reduction reduction = Reduction.Mean) : base(reduction) { }

        /// <inheritdoc cref="torch.nn.functional.mse_loss"/>
        public override Tensor forward(Tensor input, Tensor target) => F.mse_loss(input, target, reduction);
    }

    /// <summary>Mean absolute error: <c>nn.functional.l1_loss</c>.</summary>
    public sealed class L1Loss : Loss<Tensor, Tensor, Tensor>
    {
        /// <summary>A loss reducing by <paramref name="reduction"/>.</summary>
        public L1Loss(Reduction reduction = Reduction.Mean) : base(reduction) { }

        /// <inheritdoc cref="torch.nn.functional.l1_loss"/>
        public override Tensor forward(Tensor input, Tensor target) => F.l1_loss(input, target, reduction);
    }

    /// <summary>Smooth L1 (quadratic below <see cref="beta"/>): <c>nn.functional.smooth_l1_loss</c>.</summary>
    public sealed class SmoothL1Loss : Loss<Tensor, Tensor, Tensor>
    {
        /// <summary>A loss reducing by <paramref name="reduction"/> with threshold <paramref name="beta"/>.</summary>
        public SmoothL1Loss(Reduction reduction = Reduction.Mean, double beta = 1.0) : base(reduction) { this.beta = beta; }

        /// <summary>Where the loss turns from quadratic to linear.</summary>
        public double beta { get; }

        /// <inheritdoc cref="torch.nn.functional.smooth_l1_loss"/>
        public override Tensor forward(Tensor input, Tensor target) => F.smooth_l1_loss(input, target, reduction, beta);
    }

    /// <summary>Huber loss (quadratic below <see cref="delta"/>): <c>nn.functional.huber_loss</c>.</summary>
    public sealed class HuberLoss : Loss<Tensor, Tensor, Tensor>
    {
        /// <summary>A loss with threshold <paramref name="delta"/> reducing by <paramref name="reduction"/>.</summary>
        public HuberLoss(double delta = 1.0, Reduction reduction = Reduction.Mean) : base(reduction) { this.delta = delta; }

        /// <summary>Where the loss turns from quadratic to linear.</summary>
        public double delta { get; }

        /// <inheritdoc cref="torch.nn.functional.huber_loss"/>
        public override Tensor forward(Tensor input, Tensor target) => F.huber_loss(input, target, delta, reduction);
    }

    /// <summary>log_softmax then negative log-likelihood: <c>nn.functional.cross_entropy</c>.</summary>
    public sealed class CrossEntropyLoss : WeightedLoss<Tensor, Tensor, Tensor>
    {
        /// <summary>A loss with per-class <paramref name="weight"/>, ignoring targets equal to <paramref name="ignore_index"/>
        /// (null: -100), mixing the target with the uniform distribution by <paramref name="label_smoothing"/>.</summary>
        public CrossEntropyLoss(Tensor? weight = null, long? ignore_index = null, Reduction reduction = Reduction.Mean,
                                double label_smoothing = 0.0)
            : base(weight, reduction)
        {
            this.ignore_index = ignore_index;
            this.label_smoothing = label_smoothing;
        }

        /// <summary>The ignored target class, or null (-100).</summary>
        public long? ignore_index { get; }

        /// <summary>The weight of the uniform distribution mixed into the target.</summary>
        public double label_smoothing { get; }

        /// <inheritdoc cref="torch.nn.functional.cross_entropy"/>
        public override Tensor forward(Tensor input, Tensor target) =>
            F.cross_entropy(input, target, weight, ignore_index ?? -100, reduction, label_smoothing);
    }

    /// <summary>Negative log-likelihood of log-probabilities: <c>nn.functional.nll_loss</c>.</summary>
    public sealed class NLLLoss : WeightedLoss<Tensor, Tensor, Tensor>
    {
        /// <summary>A loss with per-class <paramref name="weight"/>, ignoring targets equal to <paramref name="ignore_index"/>.</summary>
        public NLLLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, long ignore_index = -100) : base(weight, reduction)
        {
            this.ignore_index = ignore_index;
        }

        /// <summary>The ignored target class.</summary>
        public long ignore_index { get; }

        /// <inheritdoc cref="torch.nn.functional.nll_loss"/>
        public override Tensor forward(Tensor input, Tensor target) => F.nll_loss(input, target, weight, reduction, ignore_index);
    }

    /// <summary>Binary cross entropy of probabilities: <c>nn.functional.binary_cross_entropy</c>.</summary>
    public sealed class BCELoss : WeightedLoss<Tensor, Tensor, Tensor>
    {
        /// <summary>A loss with per-element <paramref name="weight"/> reducing by <paramref name="reduction"/>.</summary>
        public BCELoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) : base(weight, reduction) { }

        /// <inheritdoc cref="torch.nn.functional.binary_cross_entropy"/>
        public override Tensor forward(Tensor input, Tensor target) => F.binary_cross_entropy(input, target, weight, reduction);
    }

    /// <summary>Binary cross entropy of logits: <c>nn.functional.binary_cross_entropy_with_logits</c>.</summary>
    public sealed class BCEWithLogitsLoss : WeightedLoss<Tensor, Tensor, Tensor>
    {
        /// <summary>A loss with per-element <paramref name="weight"/> and per-class positive weights
        /// <paramref name="pos_weights"/> (PyTorch's <c>pos_weight</c>).</summary>
        public BCEWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? pos_weights = null)
            : base(weight, reduction)
        {
            this.pos_weights = pos_weights;
        }

        /// <summary>The positive examples' weight per class, or null.</summary>
        public Tensor? pos_weights { get; }

        /// <inheritdoc cref="torch.nn.functional.binary_cross_entropy_with_logits"/>
        public override Tensor forward(Tensor input, Tensor target) =>
            F.binary_cross_entropy_with_logits(input, target, weight, reduction, pos_weights);
    }

    /// <summary>Kullback-Leibler divergence: <c>nn.functional.kl_div</c>.</summary>
    public sealed class KLDivLoss : Loss<Tensor, Tensor, Tensor>
    {
        /// <summary>A loss whose target is log-probabilities when <paramref name="log_target"/> (TorchSharp's default true).</summary>
        public KLDivLoss(bool log_target = true, Reduction reduction = Reduction.Mean) : base(reduction) { this.log_target = log_target; }

        /// <summary>Whether the target is given as log-probabilities.</summary>
        public bool log_target { get; }

        /// <inheritdoc cref="torch.nn.functional.kl_div"/>
        public override Tensor forward(Tensor input, Tensor target) => F.kl_div(input, target, log_target, reduction);
    }

    /// <summary>Cosine embedding loss of two inputs and a ±1 target: <c>nn.functional.cosine_embedding_loss</c>.</summary>
    public sealed class CosineEmbeddingLoss : Loss<Tensor, Tensor, Tensor, Tensor>
    {
        /// <summary>A loss with <paramref name="margin"/> reducing by <paramref name="reduction"/>.</summary>
        public CosineEmbeddingLoss(double margin = 0.0, Reduction reduction = Reduction.Mean) : base(reduction) { this.margin = margin; }

        /// <summary>The margin for dissimilar pairs.</summary>
        public double margin { get; }

        /// <inheritdoc cref="torch.nn.functional.cosine_embedding_loss"/>
        public override Tensor forward(Tensor input1, Tensor input2, Tensor target) =>
            F.cosine_embedding_loss(input1, input2, target, margin, reduction);
    }

    /// <summary>max(0, -target * (input1 - input2) + margin): <c>nn.functional.margin_ranking_loss</c>.</summary>
    public sealed class MarginRankingLoss : Loss<Tensor, Tensor, Tensor, Tensor>
    {
        /// <summary>A loss with <paramref name="margin"/> reducing by <paramref name="reduction"/>.</summary>
        public MarginRankingLoss(double margin = 0.0, Reduction reduction = Reduction.Mean) : base(reduction) { this.margin = margin; }

        /// <summary>The margin.</summary>
        public double margin { get; }

        /// <inheritdoc cref="torch.nn.functional.margin_ranking_loss"/>
        public override Tensor forward(Tensor input1, Tensor input2, Tensor target) =>
            F.margin_ranking_loss(input1, input2, target, margin, reduction);
    }

    /// <summary>Triplet margin loss: <c>nn.functional.triplet_margin_loss</c>.</summary>
    public sealed class TripletMarginLoss : Loss<Tensor, Tensor, Tensor, Tensor>
    {
        /// <summary>A loss with <paramref name="margin"/>, distance of order <paramref name="p"/> (with <paramref name="eps"/>),
        /// optionally swapping in the positive-negative distance.</summary>
        public TripletMarginLoss(double margin = 1.0, long p = 2, double eps = 1e-06, bool swap = false,
                                 Reduction reduction = Reduction.Mean)
            : base(reduction)
        {
            this.margin = margin;
            this.p = p;
            this.eps = eps;
            this.swap = swap;
        }

        /// <summary>The margin.</summary>
        public double margin { get; }
        /// <summary>The norm's order.</summary>
        public long p { get; }
        /// <summary>Added to the differences for stability.</summary>
        public double eps { get; }
        /// <summary>Whether the negative distance is min(d(a, n), d(p, n)).</summary>
        public bool swap { get; }

        /// <inheritdoc cref="torch.nn.functional.triplet_margin_loss"/>
        public override Tensor forward(Tensor anchor, Tensor positive, Tensor negative) =>
            F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, reduction);
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Mean squared error loss.</summary>
            public static Modules.MSELoss MSELoss(Reduction reduction = Reduction.Mean) => new(reduction);

            /// <summary>Mean absolute error loss.</summary>
            public static Modules.L1Loss L1Loss(Reduction reduction = Reduction.Mean) => new(reduction);

            /// <summary>Smooth L1 loss with threshold <paramref name="beta"/>.</summary>
            public static Modules.SmoothL1Loss SmoothL1Loss(Reduction reduction = Reduction.Mean, double beta = 1.0) =>
                new(reduction, beta);

            /// <summary>Huber loss with threshold <paramref name="delta"/>.</summary>
            public static Modules.HuberLoss HuberLoss(double delta = 1.0, Reduction reduction = Reduction.Mean) => new(delta, reduction);

            /// <summary>Cross-entropy loss of logits and class indices (or probabilities).</summary>
            public static Modules.CrossEntropyLoss CrossEntropyLoss(Tensor? weight = null, long? ignore_index = null,
                                                                    Reduction reduction = Reduction.Mean,
                                                                    double label_smoothing = 0.0) =>
                new(weight, ignore_index, reduction, label_smoothing);

            /// <summary>Negative log-likelihood loss of log-probabilities and class indices.</summary>
            public static Modules.NLLLoss NLLLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, long ignore_index = -100) =>
                new(weight, reduction, ignore_index);

            /// <summary>Binary cross-entropy loss of probabilities.</summary>
            public static Modules.BCELoss BCELoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) => new(weight, reduction);

            /// <summary>Binary cross-entropy loss of logits, with optional per-class positive weights.</summary>
            public static Modules.BCEWithLogitsLoss BCEWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean,
                                                                      Tensor? pos_weights = null) => new(weight, reduction, pos_weights);

            /// <summary>Kullback-Leibler divergence loss (target as log-probabilities when <paramref name="log_target"/>).</summary>
            public static Modules.KLDivLoss KLDivLoss(bool log_target = true, Reduction reduction = Reduction.Mean) =>
                new(log_target, reduction);

            /// <summary>Cosine embedding loss with <paramref name="margin"/>.</summary>
            public static Modules.CosineEmbeddingLoss CosineEmbeddingLoss(double margin = 0.0, Reduction reduction = Reduction.Mean) =>
                new(margin, reduction);

            /// <summary>Margin ranking loss with <paramref name="margin"/>.</summary>
            public static Modules.MarginRankingLoss MarginRankingLoss(double margin = 0, Reduction reduction = Reduction.Mean) =>
                new(margin, reduction);

            /// <summary>Triplet margin loss.</summary>
            public static Modules.TripletMarginLoss TripletMarginLoss(double margin = 1.0, long p = 2, double eps = 1e-06,
                                                                      bool swap = false,
                                                                      Reduction reduction = Reduction.Mean) =>
                                                                          new(margin, p, eps, swap, reduction);
        }
    }
}
