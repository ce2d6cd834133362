namespace Autograd;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>Learning-rate schedulers (PyTorch's <c>torch.optim.lr_scheduler</c>, TorchSharp's factories). Each
        /// computes a group's next rate from its current one as PyTorch's chainable form does, so rates match
        /// PyTorch's bit for bit and schedulers compose.</summary>
        public static partial class lr_scheduler
        {
            /// <summary>The scheduler base: <see cref="step()"/> advances the epoch and sets every group's rate.</summary>
            public abstract class LRScheduler
            {
                internal readonly Optimizer? _optimizer;
                internal int _last_epoch;
                internal List<double> _base_lrs = [], _last_lrs = [];

                private protected LRScheduler() { }

                private protected LRScheduler(Optimizer optimizer, int last_epoch)
                {
                    ArgumentNullException.ThrowIfNull(optimizer);
                    _optimizer = optimizer;
                    _last_epoch = last_epoch;
                    _base_lrs = [.. optimizer.ParamGroups.Select(g => g.InitialLearningRate)];
                    _last_lrs = [.. optimizer.ParamGroups.Select(g => g.LearningRate)];
                }

                private protected List<ILearningRateController> Groups => [.. _optimizer!.ParamGroups];

                /// <summary>Advances one epoch (or step) and sets each group's learning rate.</summary>
                public virtual void step() => step(null);

                /// <summary>Sets the schedule to <paramref name="epoch"/> (its closed form), or advances one when null.</summary>
                public virtual void step(int? epoch)
                {
                    _last_epoch = epoch ?? _last_epoch + 1;
                    List<double> lrs = epoch.HasValue ? ClosedForm() : NextRates();
                    List<ILearningRateController> groups = Groups;
                    for (int i = 0; i < groups.Count; i++) groups[i].LearningRate = lrs[i];
                    _last_lrs = lrs;
                }

                /// <summary>Advances with a metric; only ReduceLROnPlateau reads it.</summary>
                public virtual void step(double current, int? epoch = null) => step(epoch);

                /// <summary>The rates the last step set, one per group.</summary>
                public IReadOnlyList<double> get_last_lr() => _last_lrs;

                /// <summary>The next rates from the groups' current ones (PyTorch's <c>get_lr</c>).</summary>
                private protected abstract List<double> NextRates();

                /// <summary>The rates at <see cref="_last_epoch"/> from the base rates (PyTorch's <c>_get_closed_form_lr</c>).</summary>
                private protected virtual List<double> ClosedForm() => NextRates();

                private protected List<double> Current() => [.. Groups.Select(g => g.LearningRate)];
                private protected List<double> Scaled(double factor) => [.. Groups.Select(g => g.LearningRate * factor)];
            }

            /// <summary>Multiplies the initial rate by <paramref name="lr_lambda"/>(epoch).</summary>
            public static LRScheduler LambdaLR(Optimizer optimizer, Func<int, double> lr_lambda, int last_epoch = -1,
                                               bool verbose = false) =>
                new Lambda(optimizer, lr_lambda, last_epoch, multiplicative: false);

            /// <summary>Multiplies the current rate by <paramref name="lr_lambda"/>(epoch) each epoch after the first.</summary>
            public static LRScheduler MultiplicativeLR(Optimizer optimizer, Func<int, double> lr_lambda, int last_epoch = -1,
                                                       bool verbose = false) =>
                new Lambda(optimizer, lr_lambda, last_epoch, multiplicative: true);

            /// <summary>Decays the rate by <paramref name="gamma"/> every <paramref name="step_size"/> epochs.</summary>
            public static LRScheduler StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1,
                                             bool verbose = false) =>
                new Steps(optimizer, e => e != 0 && e % step_size == 0, e => e / step_size, gamma, last_epoch);

            /// <summary>Decays the rate by <paramref name="gamma"/> at each milestone (a milestone listed twice decays twice).</summary>
            public static LRScheduler MultiStepLR(Optimizer optimizer, IList<int> milestones, double gamma = 0.1,
                                                  int last_epoch = -1, bool verbose = false)
            {
                int[] sorted = [.. milestones.Order()];
                return new Steps(optimizer, e => sorted.Contains(e), e => sorted.Count(m => m <= e), gamma, last_epoch,
                                 e => sorted.Count(m => m == e));
            }

            /// <summary>Decays the rate by <paramref name="gamma"/> every epoch.</summary>
            public static LRScheduler ExponentialLR(Optimizer optimizer, double gamma = 0.1, int last_epoch = -1, bool verbose = false) =>
                new Steps(optimizer, e => e != 0, e => e, gamma, last_epoch);

            private sealed class Lambda : LRScheduler
            {
                private readonly Func<int, double> _f;
                private readonly bool _multiplicative;

                internal Lambda(Optimizer optimizer, Func<int, double> f, int lastEpoch, bool multiplicative) : base(optimizer, lastEpoch)
                {
                    (_f, _multiplicative) = (f ?? throw new ArgumentNullException(nameof(f)), multiplicative);
                    step();
                }

                private protected override List<double> NextRates() =>
                    !_multiplicative ? [.. _base_lrs.Select(lr => lr * _f(_last_epoch))]
                    : _last_epoch > 0 ? Scaled(_f(_last_epoch)) : Current();
            }

            // StepLR, MultiStepLR and ExponentialLR: multiply by gamma (once per hit) at the epochs `decays` names.
            private sealed class Steps : LRScheduler
            {
                private readonly Func<int, bool> _decays;
                private readonly Func<int, int> _decaysSoFar, _hits;
                private readonly double _gamma;

                internal Steps(Optimizer optimizer, Func<int, bool> decays, Func<int, int> decaysSoFar, double gamma, int lastEpoch,
                               Func<int, int>? hits = null)
                    : base(optimizer, lastEpoch)
                {
                    (_decays, _decaysSoFar, _gamma, _hits) = (decays, decaysSoFar, gamma, hits ?? (_ => 1));
                    step();
                }

                private protected override List<double> NextRates() =>
                    _decays(_last_epoch) ? Scaled(Math.Pow(_gamma, _hits(_last_epoch))) : Current();

                private protected override List<double> ClosedForm() =>
                    [.. _base_lrs.Select(lr => lr * Math.Pow(_gamma, _decaysSoFar(_last_epoch)))];
            }
        }
    }
}
