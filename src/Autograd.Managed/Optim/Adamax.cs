namespace Autograd
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Adamax (PyTorch's <c>torch.optim.Adamax</c>): Adam with the infinity norm, a running
            /// maximum of |grad| in place of the running average of its square.</summary>
            /// <param name="parameters">Leaf tensors that require grad.</param>
            /// <param name="lr">Learning rate.</param>
            /// <param name="beta1">Decay of the running average of the gradient (PyTorch's <c>betas[0]</c>).</param>
            /// <param name="beta2">Decay of the running maximum (<c>betas[1]</c>).</param>
            /// <param name="eps">Added to |grad| before the maximum.</param>
            /// <param name="weight_decay">L2 penalty, added to the gradient.</param>
            /// <param name="maximize">Ascend instead of descend (PyTorch's option; TorchSharp 0.107 has none).</param>
            /// <exception cref="ArgumentException">lr, eps or weight_decay negative (or NaN), a beta outside [0, 1),
            /// an empty list, or a parameter that is not a leaf requiring grad.</exception>
            public static Modules.Adamax Adamax(IEnumerable<Tensor> parameters, double lr = 2e-3, double beta1 = 0.9, double beta2 = 0.999,
                                                double eps = 1e-8, double weight_decay = 0, bool maximize = false) =>
                new(Optimizer.OneGroup<Modules.Adamax.ParamGroup>(parameters), lr, beta1, beta2, eps, weight_decay, maximize);

            /// <summary>Adamax over named parameters (a module's <c>named_parameters()</c>).</summary>
            /// <inheritdoc cref="Adamax(IEnumerable{torch.Tensor}, double, double, double, double, double, bool)"/>
            public static Modules.Adamax Adamax(IEnumerable<(string name, Tensor parameter)> parameters, double lr = 2e-3,
                                                double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0,
                                                bool maximize = false) =>
                Adamax(parameters.Select(p => p.parameter), lr, beta1, beta2, eps, weight_decay, maximize);

            /// <summary>Adamax over parameter groups, each with options of its own (unset options take these defaults).</summary>
            /// <inheritdoc cref="Adamax(IEnumerable{torch.Tensor}, double, double, double, double, double, bool)"/>
            public static Modules.Adamax Adamax(IEnumerable<Modules.Adamax.ParamGroup> parameters, double lr = 2e-3, double beta1 = 0.9,
                                                double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>The optimizer <see cref="torch.optim.Adamax(IEnumerable{torch.Tensor}, double, double, double, double, double, bool)"/>
        /// returns. State per parameter: <c>step</c>, <c>exp_avg</c>, <c>exp_inf</c>.</summary>
        public sealed class Adamax : torch.optim.Optimizer, torch.optim.IBetas
        {
            /// <summary>Adamax's options; null entries take the optimizer's defaults.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Decay of the running average of the gradient.</summary>
                public double? beta1;
                /// <summary>Decay of the running maximum of |grad|.</summary>
                public double? beta2;
                /// <summary>Added to |grad|.</summary>
                public double? eps;
                /// <summary>L2 penalty.</summary>
                public double? weight_decay;
                /// <summary>Ascend instead of descend.</summary>
                public bool? maximize;
            }

            /// <summary>A group of parameters with Adamax options.</summary>
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
                                  double eps = 1e-8, double weight_decay = 0, bool maximize = false)
                    : base(parameters,
                           new Options { LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weight_decay,
                                        maximize = maximize }) { }
            }

            /// <summary>The default betas (of groups that set none).</summary>
            public (double, double) Betas
            {
                get => (((Options)_defaults).beta1!.Value, ((Options)_defaults).beta2!.Value);
                set => (((Options)_defaults).beta1, ((Options)_defaults).beta2) = value;
            }

            internal Adamax(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay,
                            bool maximize)
                : base(new Options { LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weightDecay,
                                    maximize = maximize })
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
                o.maximize ??= d.maximize;
            }

            // PyTorch's _single_tensor_adamax
            private protected override void Update(Modules.ParamGroup group)
            {
                var o = (Options)group.Options!;
                double lr = o.LearningRate!.Value, beta1 = o.beta1!.Value, beta2 = o.beta2!.Value, eps = o.eps!.Value,
                    wd = o.weight_decay!.Value;
                foreach (Tensor p in group.Params)
                {
                    if (p._grad is not Tensor grad) continue;
                    var s = StateOf(p,
                                    () => new() { ["step"] = 0.0, ["exp_avg"] = torch.zeros_like(p), ["exp_inf"] = torch.zeros_like(p) });
                    if (o.maximize!.Value) grad = grad.neg();
                    double step = (double)s["step"] + 1;
                    s["step"] = step;
                    if (wd != 0) grad = grad.add(p, wd);
                    var (expAvg, expInf) = ((Tensor)s["exp_avg"], (Tensor)s["exp_inf"]);
                    expAvg.lerp_(grad, 1 - beta1);
                    expInf.copy_(expInf.mul_(beta2).maximum(grad.abs().add_(eps))); // torch.maximum: NaN propagates
                    p.addcdiv_(expAvg, expInf, -(lr / (1 - Math.Pow(beta1, step))));
                }
            }
        }
    }
}
