namespace Autograd;

public static partial class torch
{
    public static partial class optim
    {
        public static partial class lr_scheduler
        {
            /// <summary>Scales the rate by <paramref name="factor"/> until epoch <paramref name="total_iters"/>.</summary>
            public static LRScheduler ConstantLR(Optimizer optimizer, double factor = 1.0 / 3, int total_iters = 5,
                                                 int last_epoch = -1, bool verbose = false)
            {
                if (factor > 1.0 || factor < 0)
                    throw new ArgumentException("Constant multiplicative factor expected to be between 0 and 1.");
                return new Formula(optimizer, last_epoch,
                                   s => s._last_epoch == 0 ? s.Scaled(factor) : s._last_epoch == total_iters ? s.Scaled(1.0 / factor)
                    : s.Current(),
                                   (e, lr) => lr * (e >= total_iters ? 1 : factor));
            }

            /// <summary>Moves the rate's factor linearly from <paramref name="start_factor"/> to
            /// <paramref name="end_factor"/> over <paramref name="total_iters"/> epochs.</summary>
            public static LRScheduler LinearLR(Optimizer optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0,
                                               int total_iters = 5, int last_epoch = -1, bool verbose = false)
            {
                if (start_factor > 1.0 || start_factor <= 0)
                    throw new ArgumentException("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
                if (end_factor > 1.0 || end_factor < 0)
                    throw new ArgumentException("Ending multiplicative factor expected to be between 0 and 1.");
                return new Formula(optimizer, last_epoch, s =>
                    s._last_epoch == 0 ? s.Scaled(start_factor)
                    : s._last_epoch > total_iters ? s.Current()
                    : s.Scaled(1.0 + (end_factor - start_factor)
                               / (total_iters * start_factor + (s._last_epoch - 1) * (end_factor - start_factor))),
                    (e, lr) => lr * (start_factor + (end_factor - start_factor) * Math.Min(total_iters, e) / total_iters));
            }

            /// <summary>Decays the rate polynomially to 0 over <paramref name="total_iters"/> epochs.</summary>
            public static LRScheduler PolynomialLR(Optimizer optimizer, int total_iters = 5, double power = 1, int last_epoch = -1,
                                                   bool verbose = false) =>
                new Formula(optimizer, last_epoch, s =>
                {
                    if (s._last_epoch == 0 || s._last_epoch > total_iters) return s.Current();
                    double factor = (1.0 - (double)s._last_epoch / total_iters) / (1.0 - (double)(s._last_epoch - 1) / total_iters);
                    return s.Scaled(Math.Pow(factor, power));
                }, (e, lr) => lr * Math.Pow(1.0 - (double)Math.Min(total_iters, e) / total_iters, power));

            /// <summary>Cosine annealing from the initial rate to <paramref name="eta_min"/> over
            /// <paramref name="T_max"/> epochs.</summary>
            public static LRScheduler CosineAnnealingLR(Optimizer optimizer, double T_max, double eta_min = 0, int last_epoch = -1,
                                                        bool verbose = false) =>
                new Formula(optimizer, last_epoch, s =>
                {
                    int e = s._last_epoch;
                    List<ILearningRateController> g = s.Groups;
                    if (e == 0) return s.Current();
                    if ((e - 1 - T_max) % (2 * T_max) == 0)
                        return [.. g.Select((x, i) => x.LearningRate + (s._base_lrs[i] - eta_min) * (1 - Math.Cos(Math.PI / T_max)) / 2)];
                    return [.. g.Select(x =>
                            (1 + Math.Cos(Math.PI * e / T_max)) / (1 + Math.Cos(Math.PI * (e - 1) / T_max))
                        * (x.LearningRate - eta_min) + eta_min)];
                }, (e, lr) => eta_min + (lr - eta_min) * (1 + Math.Cos(Math.PI * e / T_max)) / 2);

            /// <summary>A chain of schedulers stepped together (PyTorch's <c>ChainedScheduler</c>).</summary>
            public static LRScheduler ChainedScheduler(IEnumerable<LRScheduler> schedulers) => new Chained(schedulers);

            /// <summary>TorchSharp's name for <see cref="ChainedScheduler"/>.</summary>
            public static LRScheduler ChainedLR(IEnumerable<LRScheduler> schedulers) => new Chained(schedulers);

            /// <summary>Runs <paramref name="schedulers"/> one after another, switching at each milestone.</summary>
            public static LRScheduler SequentialLR(Optimizer optimizer, IEnumerable<LRScheduler> schedulers,
                                                   IEnumerable<int> milestones, int last_epoch = -1) =>
                new Sequential(optimizer, schedulers, milestones, last_epoch);

            /// <summary>A scheduler given by its step rule and its closed form.</summary>
            private sealed class Formula : LRScheduler
            {
                private readonly Func<Formula, List<double>> _next;
                private readonly Func<int, double, double> _closed;

                internal Formula(Optimizer optimizer, int lastEpoch, Func<Formula, List<double>> next,
                                 Func<int, double, double> closed) : base(optimizer, lastEpoch)
                {
                    (_next, _closed) = (next, closed);
                    step();
                }

                internal new List<ILearningRateController> Groups => base.Groups;
                internal new List<double> Current() => base.Current();
                internal new List<double> Scaled(double factor) => base.Scaled(factor);
                private protected override List<double> NextRates() => _next(this);
                private protected override List<double> ClosedForm() => [.. _base_lrs.Select(lr => _closed(_last_epoch, lr))];
            }

            private sealed class Chained : LRScheduler
            {
                private readonly LRScheduler[] _schedulers;

                internal Chained(IEnumerable<LRScheduler> schedulers)
                {
                    _schedulers = [.. schedulers ?? throw new ArgumentNullException(nameof(schedulers))];
                    if (_schedulers.Length == 0) throw new ArgumentException("ChainedScheduler expects at least one scheduler");
                    if (_schedulers.Any(s => s._optimizer != _schedulers[0]._optimizer))
                        throw new ArgumentException("ChainedScheduler expects all schedulers to belong to the same optimizer");
                    _last_lrs = _schedulers[^1]._last_lrs;
                }

                public override void step()
                {
                    foreach (LRScheduler s in _schedulers) s.step();
                    _last_lrs = [.. _schedulers[0]._optimizer!.ParamGroups.Select(g => g.LearningRate)];
                }

                public override void step(int? epoch)
                {
                    if (epoch.HasValue) throw new ArgumentException("ChainedScheduler steps one epoch at a time");
                    step();
                }

                private protected override List<double> NextRates() => _last_lrs;
            }

            private sealed class Sequential : LRScheduler
            {
                private readonly LRScheduler[] _schedulers;
                private readonly int[] _milestones;

                internal Sequential(Optimizer optimizer, IEnumerable<LRScheduler> schedulers, IEnumerable<int> milestones,
                                    int lastEpoch) : base(optimizer, lastEpoch + 1)
                {
                    _schedulers = [.. schedulers];
                    _milestones = [.. milestones];
                    if (_schedulers.Length == 0) throw new ArgumentException("SequentialLR expects at least one scheduler");
                    if (_schedulers.Any(s => s._optimizer != optimizer))
                        throw new ArgumentException("Sequential Schedulers expects all schedulers to belong to the same optimizer");
                    if (_milestones.Length != _schedulers.Length - 1)
                        throw new ArgumentException(
                            $"Sequential Schedulers expects number of schedulers provided to be one more than the number of " +
                            $"milestone points, but got number of schedulers {_schedulers.Length} and the number of milestones " +
                            $"to be equal to {_milestones.Length}");
                    // undo the construction steps of the given schedulers, then take the first one's initial step
                    foreach (ILearningRateController g in optimizer.ParamGroups) g.LearningRate = g.InitialLearningRate;
                    foreach (LRScheduler s in _schedulers) s._last_epoch -= 1;
                    _schedulers[0].step();
                    _last_lrs = _schedulers[0]._last_lrs;
                }

                public override void step()
                {
                    _last_epoch += 1;
                    int idx = _milestones.Count(m => m <= _last_epoch);
                    LRScheduler s = _schedulers[idx];
                    if (idx > 0 && _milestones[idx - 1] == _last_epoch) s.step(0);
                    else s.step();
                    _last_lrs = s._last_lrs;
                }

                public override void step(int? epoch)
                {
                    if (epoch.HasValue) throw new ArgumentException("SequentialLR steps one epoch at a time");
                    step();
                }

                private protected override List<double> NextRates() => _last_lrs;
            }
        }
    }
}
