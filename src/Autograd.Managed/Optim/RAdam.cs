namespace Autograd
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>RAdam (PyTorch's <c>torch.optim.RAdam</c>): Adam whose adaptive step is switched on, and
            /// rectified, once the variance of the running average is tractable (rho_t &gt; 5); before that,
            /// plain momentum SGD.</summary>
            /// <param name="parameters">Leaf tensors that require grad.</param>
            /// <param name="lr">Learning rate (PyTorch's default 1e-3; TorchSharp 0.107's factory has 2e-3).</param>
            /// <param name="beta1">Decay of the running average of the gradient (PyTorch's <c>betas[0]</c>).</param>
            /// <param name="beta2">Decay of the running average of its square (<c>betas[1]</c>).</param>
            /// <param name="eps">Added to the denominator.</param>
            /// <param name="weight_decay">Weight decay: L2 added to the gradient, or decoupled.</param>
            /// <param name="decoupled_weight_decay">Scale the parameter by 1 - lr * weight_decay (RAdamW) instead of adding
            /// an L2 term to the gradient (PyTorch's option; TorchSharp 0.107 has none).</param>
            /// <param name="maximize">Ascend instead of descend (PyTorch's option; TorchSharp 0.107 has none).</param>
            /// <exception cref="ArgumentException">lr, eps or weight_decay negative (or NaN), a beta outside [0, 1), an empty
            /// list, or a parameter that is not a leaf requiring grad.</exception>
            public static Modules.RAdam RAdam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                                              double eps = 1e-8, double weight_decay = 0, bool decoupled_weight_decay = false,
                                                  bool maximize = false) =>
                new(Optimizer.OneGroup<Modules.RAdam.ParamGroup>(parameters), lr, beta1, beta2, eps, weight_decay,
                    decoupled_weight_decay, maximize);

            /// <summary>RAdam over named parameters (a module's <c>named_parameters()</c>).</summary>
            /// <inheritdoc cref="RAdam(IEnumerable{torch.Tensor}, double, double, double, double, double, bool, bool)"/>
            public static Modules.RAdam RAdam(IEnumerable<(string name, Tensor parameter)> parameters, double lr = 1e-3, double beta1 = 0.9,
                                              double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0,
                                                  bool decoupled_weight_decay = false,
                                              bool maximize = false) =>
                RAdam(parameters.Select(p => p.parameter), lr, beta1, beta2, eps, weight_decay, decoupled_weight_decay, maximize);

            /// <summary>RAdam over parameter groups, each with options of its own (unset options take these defaults).</summary>
            /// <inheritdoc cref="RAdam(IEnumerable{torch.Tensor}, double, double, double, double, double, bool, bool)"/>
            public static Modules.RAdam RAdam(IEnumerable<Modules.RAdam.ParamGroup> parameters, double lr = 1e-3, double beta1 = 0.9,
                                              double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0,
                                                  bool decoupled_weight_decay = false,
                                              bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, decoupled_weight_decay, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>The optimizer
        /// <see cref="torch.optim.RAdam(IEnumerable{torch.Tensor}, double, double, double, double, double, bool, bool)"/>
        /// returns. State per parameter: <c>step</c>, <c>exp_avg</c>, <c>exp_avg_sq</c>.</summary>
        public sealed class RAdam : torch.optim.Optimizer, torch.optim.IBetas
        {
            /// <summary>RAdam's options; null entries take the optimizer's defaults.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Decay of the running average of the gradient.</summary>
                public double? beta1;
                /// <summary>Decay of the running average of its square.</summary>
                public double? beta2;
                /// <summary>Added to the denominator.</summary>
                public double? eps;
                /// <summary>Weight decay.</summary>
                public double? weight_decay;
                /// <summary>Decoupled weight decay (RAdamW).</summary>
                public bool? decoupled_weight_decay;
                /// <summary>Ascend instead of descend.</summary>
                public bool? maximize;
            }

            /// <summary>A group of parameters with RAdam options.</summary>
            public class ParamGroup : ParamGroup<Options>, torch.optim.IBetas
            {
                /// <inheritdoc/>
                public (double, double) Betas
                {
                    get => (AddedOptions.beta1 ?? 0.9, AddedOptions.beta2 ?? 0.999);
                    set => (AddedOptions.beta1, AddedOptions.beta2) = value;
                }
                /// <summary>An empty group.</summary>
                public ParamGroup() { }
                /// <summary>A group with the given options.</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, Options options) : base(parameters, options) { }
                /// <summary>A group with these options.</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                                  double eps = 1e-8, double weight_decay = 0, bool decoupled_weight_decay = false,
                                  bool maximize = false)
                    : base(parameters, new Options
                    {
                        LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weight_decay,
                        decoupled_weight_decay = decoupled_weight_decay, maximize = maximize,
                    }) { }
            }

            /// <summary>The default betas (of groups that set none).</summary>
            public (double, double) Betas
            {
                get => (((Options)_defaults).beta1!.Value, ((Options)_defaults).beta2!.Value);
                set => (((Options)_defaults).beta1, ((Options)_defaults).beta2) = value;
            }

            internal RAdam(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay,
                           bool decoupled, bool maximize)
                : base(new Options
                {
                    LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weightDecay,
                    decoupled_weight_decay = decoupled, maximize = maximize,
                })
            {
                CheckAdamLike(lr, eps, beta1, beta2, weightDecay);
                AddGroups(groups);
            }

            private protected override OptimizerOptions NewOptions() => new Options();

            private protected override void FillDefaults(OptimizerOptions options)
            {
                var (o, d) = ((Options)options, (Options)_defaults);
                o.beta1 ??= d.beta1;
                o.beta2 ??= d.beta2;
                o.eps ??= d.eps;
                o.weight_decay ??= d.weight_decay;
                o.decoupled_weight_decay ??= d.decoupled_weight_decay;
                o.maximize ??= d.maximize;
            }

            // PyTorch's _single_tensor_radam
            private protected override void Update(Modules.ParamGroup group)
            {
                var o = (Options)group.Options!;
                double lr = o.LearningRate!.Value, beta1 = o.beta1!.Value, beta2 = o.beta2!.Value, eps = o.eps!.Value,
                    wd = o.weight_decay!.Value;
                foreach (Tensor p in group.Params)
                {
                    if (p._grad is not Tensor grad) continue;
                    var s = StateOf(p,
                                    () => new() { ["step"] = 0.0, ["exp_avg"] = torch.zeros_like(p),
                                                 ["exp_avg_sq"] = torch.zeros_like(p) });
                    if (o.maximize!.Value) grad = grad.neg();
                    double step = (double)s["step"] + 1;
                    s["step"] = step;
                    if (wd != 0)
                    {
                        if (o.decoupled_weight_decay!.Value) p.mul_(1 - lr * wd);
                        else grad = grad.add(p, wd);
                    }
                    var (expAvg, expAvgSq) = ((Tensor)s["exp_avg"], (Tensor)s["exp_avg_sq"]);
                    expAvg.lerp_(grad, 1 - beta1);
                    expAvgSq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
                    double bc1 = 1 - Math.Pow(beta1, step), bc2 = 1 - Math.Pow(beta2, step);
                    // the length of the approximated simple moving average, and its limit
                    double rhoInf = 2 / (1 - beta2) - 1;
                    double rhoT = rhoInf - 2 * step * Math.Pow(beta2, step) / bc2;
                    Tensor update = expAvg.div(bc1).mul_(lr);
                    if (rhoT > 5)
                    {
                        double rect = Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
                        // Python's scalar / tensor is reciprocal(tensor) * scalar
                        Tensor adaptiveLr = expAvgSq.sqrt().add_(eps).reciprocal_().mul_(Math.Sqrt(bc2));
                        update.mul_(adaptiveLr).mul_(rect);
                    }
                    p.sub_(update);
                }
            }
        }
    }
}
