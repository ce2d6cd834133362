namespace Autograd
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>NAdam (PyTorch's <c>torch.optim.NAdam</c>): Adam with Nesterov momentum, whose momentum
            /// coefficient warms up as beta1 * (1 - 0.5 * 0.96^(step * momentum_decay)).</summary>
            /// <param name="parameters">Leaf tensors that require grad.</param>
            /// <param name="lr">Learning rate.</param>
            /// <param name="beta1">Decay of the running average of the gradient (PyTorch's <c>betas[0]</c>).</param>
            /// <param name="beta2">Decay of the running average of its square (<c>betas[1]</c>).</param>
            /// <param name="eps">Added to the denominator.</param>
            /// <param name="weight_decay">Weight decay: L2 added to the gradient, or decoupled.</param>
            /// <param name="momentum_decay">The momentum warm-up rate (psi).</param>
            /// <param name="decoupled_weight_decay">Scale the parameter by 1 - lr * weight_decay (NAdamW) instead of adding
            /// an L2 term to the gradient (PyTorch's option; TorchSharp 0.107 has none).</param>
            /// <param name="maximize">Ascend instead of descend (PyTorch's option; TorchSharp 0.107 has none).</param>
            /// <exception cref="ArgumentException">lr, eps, weight_decay or momentum_decay negative (or NaN), a beta outside
            /// [0, 1), an empty list, or a parameter that is not a leaf requiring grad.</exception>
            public static Modules.NAdam NAdam(IEnumerable<Tensor> parameters, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999,
                                              double eps = 1e-8, double weight_decay = 0, double momentum_decay = 4e-3,
                                              bool decoupled_weight_decay = false, bool maximize = false) =>
                new(Optimizer.OneGroup<Modules.NAdam.ParamGroup>(parameters), lr, beta1, beta2, eps, weight_decay, momentum_decay,
                    decoupled_weight_decay, maximize);

            /// <summary>NAdam over named parameters (a module's <c>named_parameters()</c>).</summary>
            /// <inheritdoc cref="NAdam(IEnumerable{torch.Tensor}, double, double, double, double, double, double, bool, bool)"/>
            public static Modules.NAdam NAdam(IEnumerable<(string name, Tensor parameter)> parameters, double lr = 2e-3, double beta1 = 0.9,
                                              double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0,
                                                  double momentum_decay = 4e-3,
                                              bool decoupled_weight_decay = false, bool maximize = false) =>
                NAdam(parameters.Select(p => p.parameter), lr, beta1, beta2, eps, weight_decay, momentum_decay,
                      decoupled_weight_decay, maximize);

            /// <summary>NAdam over parameter groups, each with options of its own (unset options take these defaults).</summary>
            /// <inheritdoc cref="NAdam(IEnumerable{torch.Tensor}, double, double, double, double, double, double, bool, bool)"/>
            public static Modules.NAdam NAdam(IEnumerable<Modules.NAdam.ParamGroup> parameters, double lr = 2e-3, double beta1 = 0.9,
                                              double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0,
                                                  double momentum_decay = 4e-3,
                                              bool decoupled_weight_decay = false, bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, momentum_decay, decoupled_weight_decay, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>The optimizer
        /// <see cref="torch.optim.NAdam(IEnumerable{torch.Tensor}, double, double, double, double, double, double, bool, bool)"/>
        /// returns. State per parameter: <c>step</c>, <c>mu_product</c>, <c>exp_avg</c>, <c>exp_avg_sq</c>.</summary>
        public sealed class NAdam : torch.optim.Optimizer, torch.optim.IBetas
        {
            /// <summary>NAdam's options; null entries take the optimizer's defaults.</summary>
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
                /// <summary>The momentum warm-up rate.</summary>
                public double? momentum_decay;
                /// <summary>Decoupled weight decay (NAdamW).</summary>
                public bool? decoupled_weight_decay;
                /// <summary>Ascend instead of descend.</summary>
                public bool? maximize;
            }

            /// <summary>A group of parameters with NAdam options.</summary>
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
                public ParamGroup(IEnumerable<Tensor> parameters, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999,
                                  double eps = 1e-8,
                                  double weight_decay = 0, double momentum_decay = 4e-3, bool decoupled_weight_decay = false,
                                      bool maximize = false)
                    : base(parameters, new Options
                    {
                        LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weight_decay,
                            momentum_decay = momentum_decay,
                        decoupled_weight_decay = decoupled_weight_decay, maximize = maximize,
                    }) { }
            }

            /// <summary>The default betas (of groups that set none).</summary>
            public (double, double) Betas
            {
                get => (((Options)_defaults).beta1!.Value, ((Options)_defaults).beta2!.Value);
                set => (((Options)_defaults).beta1, ((Options)_defaults).beta2) = value;
            }

            internal NAdam(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay,
                           double momentumDecay, bool decoupled, bool maximize)
                : base(new Options
                {
                    LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weightDecay, momentum_decay = momentumDecay,
                    decoupled_weight_decay = decoupled, maximize = maximize,
                })
            {
                CheckAdamLike(lr, eps, beta1, beta2, weightDecay);
                CheckNonNegative("momentum_decay", momentumDecay);
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
                o.momentum_decay ??= d.momentum_decay;
                o.decoupled_weight_decay ??= d.decoupled_weight_decay;
                o.maximize ??= d.maximize;
            }

            // PyTorch's _single_tensor_nadam
            private protected override void Update(Modules.ParamGroup group)
            {
                var o = (Options)group.Options!;
                double lr = o.LearningRate!.Value, beta1 = o.beta1!.Value, beta2 = o.beta2!.Value, eps = o.eps!.Value;
                double wd = o.weight_decay!.Value, psi = o.momentum_decay!.Value;
                foreach (Tensor p in group.Params)
                {
                    if (p._grad is not Tensor grad) continue;
                    var s = StateOf(p, () => new()
                    {
                        ["step"] = 0.0, ["mu_product"] = 1.0, ["exp_avg"] = torch.zeros_like(p), ["exp_avg_sq"] = torch.zeros_like(p),
                    });
                    if (o.maximize!.Value) grad = grad.neg();
                    double step = (double)s["step"] + 1;
                    s["step"] = step;
                    double bc2 = 1 - Math.Pow(beta2, step);
                    if (wd != 0)
                    {
                        if (o.decoupled_weight_decay!.Value) p.mul_(1 - lr * wd);
                        else grad = grad.add(p, wd);
                    }
                    double mu = beta1 * (1 - 0.5 * Math.Pow(0.96, step * psi));
                    double muNext = beta1 * (1 - 0.5 * Math.Pow(0.96, (step + 1) * psi));
                    // mu_product lives in a float32 0-d tensor: the product is rounded to float each step
                    double muProduct = (float)(double)s["mu_product"] * (float)mu;
                    s["mu_product"] = muProduct;
                    var (expAvg, expAvgSq) = ((Tensor)s["exp_avg"], (Tensor)s["exp_avg_sq"]);
                    expAvg.lerp_(grad, 1 - beta1);
                    expAvgSq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
                    Tensor denom = expAvgSq.div(bc2).sqrt_().add_(eps);
                    double muProductNext = muProduct * muNext;
                    p.addcdiv_(grad, denom, -lr * (1 - mu) / (1 - muProduct));
                    p.addcdiv_(expAvg, denom, -lr * muNext / (1 - muProductNext));
                }
            }
        }
    }
}
