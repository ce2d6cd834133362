namespace Autograd;

public static partial class torch
{
    public static partial class optim
    {
        public static partial class lr_scheduler
        {
            /// <summary>Cosine annealing with warm restarts: the first cycle lasts <paramref name="T_0"/> epochs,
            /// each next one <paramref name="T_mult"/> times longer.</summary>
            public static LRScheduler CosineAnnealingWarmRestarts(Optimizer optimizer, int T_0, int T_mult = 1, double eta_min = 0,
                                                                  int last_epoch = -1, bool verbose = false) =>
                new WarmRestarts(optimizer, T_0, T_mult, eta_min, last_epoch);

            /// <summary>Cycles the rate between <paramref name="base_lr"/> and <paramref name="max_lr"/> (and the
            /// momentum the other way when <paramref name="cycle_momentum"/>), per PyTorch's <c>CyclicLR</c>.</summary>
            public static LRScheduler CyclicLR(Optimizer optimizer, double base_lr, double max_lr, int step_size_up = 2000,
                                               int step_size_down = -1,
                                               CyclicMode mode = CyclicMode.Triangular, double gamma = 1.0,
                                                   Func<double, double>? scale_fn = null,
                                               CyclicScaleMode scale_mode = CyclicScaleMode.Cycle, bool cycle_momentum = true,
                                               double base_momentum = 0.8, double max_momentum = 0.9, int last_epoch = -1,
                                                   bool verbose = false) =>
                new Cyclic(optimizer, base_lr, max_lr, step_size_up, step_size_down, mode, gamma, scale_fn, scale_mode,
                           cycle_momentum, base_momentum, max_momentum, last_epoch);

            /// <summary>The 1cycle policy: warm up to <paramref name="max_lr"/>, then anneal to
            /// max_lr / div_factor / final_div_factor, over <paramref name="total_steps"/> (or epochs × steps_per_epoch) steps.</summary>
            public static LRScheduler OneCycleLR(Optimizer optimizer, double max_lr, int total_steps = -1, int epochs = -1,
                                                 int steps_per_epoch = -1,
                                                 double pct_start = 0.3, AnnealStrategy anneal_strategy = AnnealStrategy.Cos,
                                                     bool cycle_momentum = true,
                                                 double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25,
                                                     double final_div_factor = 1e4,
                                                 bool three_phase = false, int last_epoch = -1, bool verbose = false) =>
                new OneCycle(optimizer, max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum,
                             base_momentum, max_momentum, div_factor, final_div_factor, three_phase, last_epoch);

            /// <summary>CyclicLR's built-in policies.</summary>
            public enum CyclicMode
            {
                /// <summary>A constant amplitude.</summary>
                Triangular,
                /// <summary>The amplitude halves every cycle.</summary>
                Triangular2,
                /// <summary>The amplitude scales by gamma^iteration.</summary>
                ExpRange,
            }
            /// <summary>Whether CyclicLR's scale function takes the cycle number or the iteration.</summary>
            public enum CyclicScaleMode
            {
                /// <summary>The scale function takes the cycle number.</summary>
                Cycle,
                /// <summary>The scale function takes the iteration.</summary>
                Iterations,
            }
            /// <summary>OneCycleLR's annealing curve.</summary>
            public enum AnnealStrategy
            {
                /// <summary>Cosine annealing.</summary>
                Cos,
                /// <summary>Linear annealing.</summary>
                Linear,
            }

            private sealed class WarmRestarts : LRScheduler
            {
                private readonly int _t0, _tMult;
                private readonly double _etaMin;
                private double _tCur, _tI;

                internal WarmRestarts(Optimizer optimizer, int t0, int tMult, double etaMin, int lastEpoch) : base(optimizer, lastEpoch)
                {
                    if (t0 <= 0) throw new ArgumentException($"Expected positive integer T_0, but got {t0}");
                    if (tMult < 1) throw new ArgumentException($"Expected integer T_mult >= 1, but got {tMult}");
                    (_t0, _tMult, _etaMin, _tI, _tCur) = (t0, tMult, etaMin, t0, lastEpoch);
                    step();
                }

                public override void step(int? epoch)
                {
                    double e;
                    if (epoch is null && _last_epoch < 0) epoch = 0;
                    if (epoch is null)
                    {
                        e = _last_epoch + 1;
                        _tCur += 1;
                        if (_tCur >= _tI) { _tCur -= _tI; _tI *= _tMult; }
                    }
                    else
                    {
                        e = epoch.Value;
                        if (e < 0) throw new ArgumentException($"Expected non-negative epoch, but got {e}");
                        if (e >= _t0)
                        {
                            if (_tMult == 1) _tCur = e % _t0;
                            else
                            {
                                int n = (int)Math.Log(e / _t0 * (_tMult - 1) + 1, _tMult);
                                _tCur = e - _t0 * (Math.Pow(_tMult, n) - 1) / (_tMult - 1);
                                _tI = _t0 * Math.Pow(_tMult, n);
                            }
                        }
                        else (_tI, _tCur) = (_t0, e);
                    }
                    _last_epoch = (int)Math.Floor(e);
                    List<double> lrs = NextRates();
                    List<ILearningRateController> groups = Groups;
                    for (int i = 0; i < groups.Count; i++) groups[i].LearningRate = lrs[i];
                    _last_lrs = lrs;
                }

                private protected override List<double> NextRates() =>
                    [.. _base_lrs.Select(lr => _etaMin + (lr - _etaMin) * (1 + Math.Cos(Math.PI * _tCur / _tI)) / 2)];
            }

            private sealed class Cyclic : LRScheduler
            {
                private readonly double _totalSize, _stepRatio, _gamma;
                private readonly double[] _maxLrs, _baseMomentum, _maxMomentum;
                private readonly Func<double, double> _scale;
                private readonly CyclicScaleMode _scaleMode;
                private readonly bool _cycleMomentum;

                internal Cyclic(Optimizer optimizer, double baseLr, double maxLr, int up, int down, CyclicMode mode, double gamma,
                                Func<double, double>? scaleFn,
                                CyclicScaleMode scaleMode, bool cycleMomentum, double baseMomentum, double maxMomentum,
                                    int lastEpoch) : base(optimizer, lastEpoch)
                {
                    List<ILearningRateController> groups = Groups;
                    double downSize = down == -1 ? up : down;
                    _totalSize = up + downSize;
                    _stepRatio = up / _totalSize;
                    _base_lrs = [.. groups.Select(_ => baseLr)];
                    _maxLrs = [.. groups.Select(_ => maxLr)];
                    if (lastEpoch == -1) foreach (ILearningRateController g in groups) g.LearningRate = baseLr;
                    _gamma = gamma;
                    _cycleMomentum = cycleMomentum;
                    _baseMomentum = [.. groups.Select(_ => baseMomentum)];
                    _maxMomentum = [.. groups.Select(_ => maxMomentum)];
                    if (cycleMomentum)
                    {
                        if (optimizer is not IMomentum || groups.Any(g => g is not IMomentum))
                            throw new ArgumentException("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
                        if (lastEpoch == -1) foreach (ILearningRateController g in groups) ((IMomentum)g).Momentum = baseMomentum;
                    }
                    (_scale, _scaleMode) = scaleFn is not null ? (scaleFn, scaleMode) : mode switch
                    {
                        CyclicMode.Triangular => (_ => 1.0, CyclicScaleMode.Cycle),
                        CyclicMode.Triangular2 => (x => 1 / Math.Pow(2, x - 1), CyclicScaleMode.Cycle),
                        _ => ((Func<double, double>)(x => Math.Pow(_gamma, x)), CyclicScaleMode.Iterations),
                    };
                    step();
                }

                private protected override List<double> NextRates()
                {
                    List<ILearningRateController> groups = Groups;
                    double cycle = Math.Floor(1 + _last_epoch / _totalSize);
                    double x = 1.0 + _last_epoch / _totalSize - cycle;
                    double factor = x <= _stepRatio ? x / _stepRatio : (x - 1) / (_stepRatio - 1);
                    double scale = _scale(_scaleMode == CyclicScaleMode.Cycle ? cycle : _last_epoch);
                    var lrs = new List<double>(groups.Count);
                    for (int i = 0; i < groups.Count; i++)
                    {
                        lrs.Add(_base_lrs[i] + (_maxLrs[i] - _base_lrs[i]) * factor * scale);
                        if (_cycleMomentum)
                            ((IMomentum)groups[i]).Momentum = _maxMomentum[i] - (_maxMomentum[i] - _baseMomentum[i]) * factor * scale;
                    }
                    return lrs;
                }
            }
        }
    }
}
