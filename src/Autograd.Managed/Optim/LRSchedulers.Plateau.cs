namespace Autograd;

public static partial class torch
{
    public static partial class optim
    {
        public static partial class lr_scheduler
        {
            /// <summary>Reduces each group's rate by <paramref name="factor"/> once the metric passed to
            /// <see cref="LRScheduler.step(double, int?)"/> has not improved for <paramref name="patience"/> epochs.</summary>
            public static LRScheduler ReduceLROnPlateau(Optimizer optimizer, string mode = "min", double factor = 0.1,
                                                        int patience = 10, double threshold = 1e-4,
                                                        string threshold_mode = "rel", int cooldown = 0,
                                                            IList<double>? min_lr = null, double eps = 1e-8, bool verbose = false) =>
                new Plateau(optimizer, mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps);

            private sealed class Plateau : LRScheduler
            {
                private readonly bool _min, _relative;
                private readonly double _factor, _threshold, _eps;
                private readonly int _patience, _cooldown;
                private readonly double[] _minLrs;
                private double _best;
                private int _badEpochs, _cooldownLeft;

                internal Plateau(Optimizer optimizer, string mode, double factor, int patience, double threshold,
                                 string thresholdMode, int cooldown, IList<double>? minLr, double eps) : base(optimizer, 0)
                {
                    if (factor >= 1.0) throw new ArgumentException("Factor should be < 1.0.");
                    if (mode is not ("min" or "max")) throw new ArgumentException($"mode {mode} is unknown!");
                    if (thresholdMode is not ("rel" or "abs")) throw new ArgumentException($"threshold mode {thresholdMode} is unknown!");
                    int groups = Groups.Count;
                    _minLrs = minLr is null || minLr.Count == 0 ? new double[groups]
                        : minLr.Count == 1 ? [.. Enumerable.Repeat(minLr[0], groups)]
                        : minLr.Count == groups ? [.. minLr]
                        : throw new ArgumentException($"expected {groups} min_lrs, got {minLr.Count}");
                    (_min, _relative, _factor, _threshold, _eps, _patience, _cooldown) =
                        (mode == "min", thresholdMode == "rel", factor, threshold, eps, patience, cooldown);
                    _best = _min ? double.PositiveInfinity : double.NegativeInfinity;
                }

                public override void step(int? epoch) =>
                    throw new InvalidOperationException(
                        "ReduceLROnPlateau steps with the metric it watches: step(double metric, int? epoch = null).");

                public override void step(double current, int? epoch = null)
                {
                    _last_epoch = epoch ?? _last_epoch + 1;
                    if (Better(current)) (_best, _badEpochs) = (current, 0);
                    else _badEpochs++;
                    if (_cooldownLeft > 0) { _cooldownLeft--; _badEpochs = 0; }
                    if (_badEpochs > _patience)
                    {
                        List<ILearningRateController> groups = Groups;
                        for (int i = 0; i < groups.Count; i++)
                        {
                            double old = groups[i].LearningRate, next = Math.Max(old * _factor, _minLrs[i]);
                            if (old - next > _eps) groups[i].LearningRate = next;
                        }
                        (_cooldownLeft, _badEpochs) = (_cooldown, 0);
                    }
                    _last_lrs = Current();
                }

                private bool Better(double a) => (_min, _relative) switch
                {
                    (true, true) => a < _best * (1 - _threshold),
                    (true, false) => a < _best - _threshold,
                    (false, true) => a > _best * (_threshold + 1),
                    _ => a > _best + _threshold,
                };

                private protected override List<double> NextRates() => Current();
            }

            private sealed class OneCycle : LRScheduler
            {
                private sealed record Phase(double EndStep, Func<int, double> StartLr, Func<int, double> EndLr,
                                            Func<int, double> StartMomentum, Func<int, double> EndMomentum);

                private readonly int _totalSteps;
                private readonly Phase[] _phases;
                private readonly bool _cycleMomentum, _linear;

                internal OneCycle(Optimizer optimizer, double maxLr, int totalSteps, int epochs, int stepsPerEpoch, double pctStart,
                                  AnnealStrategy anneal,
                                  bool cycleMomentum, double baseMomentum, double maxMomentum, double divFactor,
                                      double finalDivFactor, bool threePhase, int lastEpoch)
                    : base(optimizer, lastEpoch)
                {
                    if (totalSteps == -1 && (epochs == -1 || stepsPerEpoch == -1))
                        throw new ArgumentException("You must define either total_steps OR (epochs AND steps_per_epoch)");
                    if (totalSteps != -1 && totalSteps <= 0)
                        throw new ArgumentException($"Expected positive integer total_steps, but got {totalSteps}");
                    if (totalSteps == -1 && epochs <= 0) throw new ArgumentException($"Expected positive integer epochs, but got {epochs}");
                    if (totalSteps == -1 && stepsPerEpoch <= 0)
                        throw new ArgumentException($"Expected positive integer steps_per_epoch, but got {stepsPerEpoch}");
                    if (pctStart < 0 || pctStart > 1)
                        throw new ArgumentException($"Expected float between 0 and 1 pct_start, but got {pctStart}");
                    _totalSteps = totalSteps != -1 ? totalSteps : checked(epochs * stepsPerEpoch);
                    _linear = anneal == AnnealStrategy.Linear;
                    _cycleMomentum = cycleMomentum;
                    double initial = maxLr / divFactor, min = initial / finalDivFactor;
                    double Initial(int _) => initial;
                    double Max(int _) => maxLr;
                    double Min(int _) => min;
                    double BaseM(int _) => baseMomentum;
                    double MaxM(int _) => maxMomentum;
                    _phases = threePhase
                        ? [new(pctStart * _totalSteps - 1, Initial, Max, MaxM, BaseM),
                           new(2 * pctStart * _totalSteps - 2, Max, Initial, BaseM, MaxM),
                           new(_totalSteps - 1, Initial, Min, MaxM, MaxM)]
                        : [new(pctStart * _totalSteps - 1, Initial, Max, MaxM, BaseM), new(_totalSteps - 1, Max, Min, BaseM, MaxM)];
                    List<ILearningRateController> groups = Groups;
                    if (cycleMomentum && (optimizer is not (IMomentum or IBetas) || groups.Any(g => g is not (IMomentum or IBetas))))
                        throw new ArgumentException("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
                    foreach (ILearningRateController g in groups) g.InitialLearningRate = initial;
                    _base_lrs = [.. groups.Select(_ => initial)];
                    if (cycleMomentum && lastEpoch == -1) foreach (ILearningRateController g in groups) SetMomentum(g, maxMomentum);
                    step();
                }

                private static void SetMomentum(ILearningRateController g, double m)
                {
                    if (g is IBetas b) b.Betas = (m, b.Betas.Item2);
                    else ((IMomentum)g).Momentum = m;
                }

                private double Anneal(double start, double end, double pct) =>
                    _linear ? (end - start) * pct + start : end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1);

                private protected override List<double> NextRates()
                {
                    int step = _last_epoch;
                    if (step > _totalSteps)
                        throw new InvalidOperationException(
                            $"Tried to step {step} times. The specified number of total steps is {_totalSteps}");
                    List<ILearningRateController> groups = Groups;
                    var lrs = new List<double>(groups.Count);
                    for (int i = 0; i < groups.Count; i++)
                    {
                        double start = 0;
                        for (int j = 0; j < _phases.Length; j++)
                        {
                            Phase p = _phases[j];
                            // the last phase also takes the step past its end (PyTorch compares the phase index;
                            // TorchSharp 0.107 compares the group index there)
                            if (step <= p.EndStep || j == _phases.Length - 1)
                            {
                                double pct = (step - start) / (p.EndStep - start);
                                lrs.Add(Anneal(p.StartLr(i), p.EndLr(i), pct));
                                if (_cycleMomentum) SetMomentum(groups[i], Anneal(p.StartMomentum(i), p.EndMomentum(i), pct));
                                break;
                            }
                            start = p.EndStep;
                        }
                    }
                    return lrs;
                }
            }
        }
    }
}
