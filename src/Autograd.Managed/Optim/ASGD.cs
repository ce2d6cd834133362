namespace Autograd
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Averaged SGD (PyTorch's <c>torch.optim.ASGD</c>): SGD with a decaying step eta = lr / (1 + lambd *
            /// lr * step)^alpha and a running average <c>ax</c> of the iterates, started after t0 steps.</summary>
            /// <param name="parameters">Leaf tensors that require grad.</param>
            /// <param name="lr">Learning rate (PyTorch's default 1e-2; TorchSharp 0.107's factory has 1e-3).</param>
            /// <param name="lambd">Decay term.</param>
            /// <param name="alpha">Power of the eta update.</param>
            /// <param name="t0">The step at which averaging starts.</param>
            /// <param name="weight_decay">L2 penalty, added to the gradient.</param>
            /// <param name="maximize">Ascend instead of descend.</param>
            /// <exception cref="ArgumentException">lr or weight_decay negative (or NaN), an empty list, or a parameter that
            /// is not a leaf requiring grad.</exception>
            public static Modules.ASGD ASGD(IEnumerable<Tensor> parameters, double lr = 1e-2, double lambd = 1e-4, double alpha = 0.75,
                                            double t0 = 1e6, double weight_decay = 0, bool maximize = false) =>
                new(Optimizer.OneGroup<Modules.ASGD.ParamGroup>(parameters), lr, lambd, alpha, t0, weight_decay, maximize);

            /// <summary>ASGD over named parameters (a module's <c>named_parameters()</c>).</summary>
            /// <inheritdoc cref="ASGD(IEnumerable{torch.Tensor}, double, double, double, double, double, bool)"/>
            public static Modules.ASGD ASGD(IEnumerable<(string name, Tensor parameter)> parameters, double lr = 1e-2, double lambd = 1e-4,
                                            double alpha = 0.75, double t0 = 1e6, double weight_decay = 0, bool maximize = false) =>
                ASGD(parameters.Select(p => p.parameter), lr, lambd, alpha, t0, weight_decay, maximize);

            /// <summary>ASGD over parameter groups, each with options of its own (unset options take these defaults).</summary>
            /// <inheritdoc cref="ASGD(IEnumerable{torch.Tensor}, double, double, double, double, double, bool)"/>
            public static Modules.ASGD ASGD(IEnumerable<Modules.ASGD.ParamGroup> parameters, double lr = 1e-2, double lambd = 1e-4,
                                            double alpha = 0.75, double t0 = 1e6, double weight_decay = 0, bool maximize = false) =>
                new(parameters, lr, lambd, alpha, t0, weight_decay, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>The optimizer <see cref="torch.optim.ASGD(IEnumerable{torch.Tensor}, double, double, double, double, double, bool)"/>
        /// returns. State per parameter: <c>step</c>, <c>eta</c>, <c>mu</c>, <c>ax</c> (the averaged iterate).</summary>
        public sealed class ASGD : torch.optim.Optimizer
        {
            /// <summary>ASGD's options; null entries take the optimizer's defaults.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Ascend instead of descend.</summary>
                public bool? maximize;
                /// <summary>Decay term.</summary>
                public double? lambd;
                /// <summary>Power of the eta update.</summary>
                public double? alpha;
                /// <summary>L2 penalty.</summary>
                public double? weight_decay;
                /// <summary>The step at which averaging starts.</summary>
                public double? t0;
            }

            /// <summary>A group of parameters with ASGD options.</summary>
            public class ParamGroup : ParamGroup<Options>
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }
                /// <summary>A group with the given options.</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, Options options) : base(parameters, options) { }
                /// <summary>A group with these options.</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, double lr = 1e-2, double lambd = 1e-4, double alpha = 0.75,
                                  double t0 = 1e6, double weight_decay = 0, bool maximize = false)
                    : base(parameters,
                           new Options { LearningRate = lr, lambd = lambd, alpha = alpha, t0 = t0, weight_decay = weight_decay,
                                        maximize = maximize }) { }
            }

            internal ASGD(IEnumerable<ParamGroup> groups, double lr, double lambd, double alpha, double t0, double weightDecay,
                          bool maximize)
                : base(new Options { LearningRate = lr, lambd = lambd, alpha = alpha, t0 = t0, weight_decay = weightDecay,
                                    maximize = maximize })
            {
                CheckLr(lr);
                CheckNonNegative("weight_decay", weightDecay);
                AddGroups(groups);
            }

            private protected override OptimizerOptions NewOptions() => new Options();

            private protected override void FillDefaults(OptimizerOptions options)
            {
                var (o, d) = ((Options)options, (Options)_defaults);
                o.maximize ??= d.maximize;
                o.lambd ??= d.lambd;
                o.alpha ??= d.alpha;
                o.weight_decay ??= d.weight_decay;
                o.t0 ??= d.t0;
            }

            // PyTorch's _single_tensor_asgd. eta and mu are float32 0-d tensors there: each stored value is rounded.
            private protected override void Update(Modules.ParamGroup group)
            {
                var o = (Options)group.Options!;
                double lr = o.LearningRate!.Value, lambd = o.lambd!.Value, alpha = o.alpha!.Value, t0 = o.t0!.Value,
                    wd = o.weight_decay!.Value;
                foreach (Tensor p in group.Params)
                {
                    if (p._grad is not Tensor grad) continue;
                    var s = StateOf(p, () => new() { ["step"] = 0.0, ["eta"] = Float32(lr), ["mu"] = 1.0, ["ax"] = torch.zeros_like(p) });
                    if (o.maximize!.Value) grad = grad.neg();
                    double step = (double)s["step"] + 1;
                    s["step"] = step;
                    if (wd != 0) grad = grad.add(p, wd);
                    double eta = (double)s["eta"], mu = (double)s["mu"];
                    p.mul_(1 - lambd * eta);
                    p.add_(grad, -eta);
                    var ax = (Tensor)s["ax"];
                    if (mu != 1) ax.add_(p.sub(ax).mul_(mu));
                    else ax.copy_(p);
                    s["eta"] = Float32(lr / Math.Pow(1 + lambd * lr * step, alpha));
                    s["mu"] = Float32(1 / Math.Max(1, step - t0));
                }
            }
        }
    }
}
