namespace Autograd
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>RMSprop (PyTorch's <c>torch.optim.RMSprop</c>; TorchSharp spells it <c>RMSProp</c>): the step
            /// is the gradient over the root of a running average of its square (centered: minus the square of
            /// the running average of the gradient), optionally with momentum.</summary>
            /// <param name="parameters">Leaf tensors that require grad.</param>
            /// <param name="lr">Learning rate.</param>
            /// <param name="alpha">Smoothing constant of the running averages.</param>
            /// <param name="eps">Added to the denominator.</param>
            /// <param name="weight_decay">L2 penalty, added to the gradient.</param>
            /// <param name="momentum">Momentum factor (0: none).</param>
            /// <param name="centered">Normalise by the estimated variance of the gradient.</param>
            /// <param name="maximize">Ascend instead of descend.</param>
            /// <exception cref="ArgumentException">lr, eps, momentum, weight_decay or alpha negative (or NaN), an empty list,
            /// or a parameter that is not a leaf requiring grad.</exception>
            public static Modules.RMSProp RMSProp(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
                                                  double weight_decay = 0, double momentum = 0, bool centered = false,
                                                      bool maximize = false) =>
                new(Optimizer.OneGroup<Modules.RMSProp.ParamGroup>(parameters), lr, alpha, eps, weight_decay, momentum, centered, maximize);

            /// <summary>RMSprop over named parameters (a module's <c>named_parameters()</c>).</summary>
            /// <inheritdoc cref="RMSProp(IEnumerable{torch.Tensor}, double, double, double, double, double, bool, bool)"/>
            public static Modules.RMSProp RMSProp(IEnumerable<(string name, Tensor parameter)> parameters, double lr = 1e-2,
                                                  double alpha = 0.99, double eps = 1e-8, double weight_decay = 0,
                                                  double momentum = 0, bool centered = false,
                                                  bool maximize = false) =>
                RMSProp(parameters.Select(p => p.parameter), lr, alpha, eps, weight_decay, momentum, centered, maximize);

            /// <summary>RMSprop over parameter groups, each with options of its own (unset options take these defaults).</summary>
            /// <inheritdoc cref="RMSProp(IEnumerable{torch.Tensor}, double, double, double, double, double, bool, bool)"/>
            public static Modules.RMSProp RMSProp(IEnumerable<Modules.RMSProp.ParamGroup> parameters, double lr = 1e-2, double alpha = 0.99,
                                                  double eps = 1e-8, double weight_decay = 0, double momentum = 0, bool centered = false,
                                                  bool maximize = false) =>
                new(parameters, lr, alpha, eps, weight_decay, momentum, centered, maximize);

            /// <summary>PyTorch's spelling of
            /// <see cref="RMSProp(IEnumerable{torch.Tensor}, double, double, double, double, double, bool, bool)"/>.</summary>
            /// <inheritdoc cref="RMSProp(IEnumerable{torch.Tensor}, double, double, double, double, double, bool, bool)"/>
            public static Modules.RMSProp RMSprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8,
                                                  double weight_decay = 0, double momentum = 0, bool centered = false,
                                                      bool maximize = false) =>
                RMSProp(parameters, lr, alpha, eps, weight_decay, momentum, centered, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>The optimizer
        /// <see cref="torch.optim.RMSProp(IEnumerable{torch.Tensor}, double, double, double, double, double, bool, bool)"/>
        /// returns. State per parameter: <c>step</c>, <c>square_avg</c>, and <c>momentum_buffer</c> (with momentum) and
        /// <c>grad_avg</c> (centered) once used.</summary>
        public sealed class RMSProp : torch.optim.Optimizer, torch.optim.IMomentum
        {
            /// <summary>RMSprop's options; null entries take the optimizer's defaults.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Ascend instead of descend.</summary>
                public bool? maximize;
                /// <summary>Momentum factor.</summary>
                public double? momentum;
                /// <summary>Smoothing constant.</summary>
                public double? alpha;
                /// <summary>Added to the denominator.</summary>
                public double? eps;
                /// <summary>L2 penalty.</summary>
                public double? weight_decay;
                /// <summary>Centered RMSprop.</summary>
                public bool? centered;
            }

            /// <summary>A group of parameters with RMSprop options.</summary>
            public class ParamGroup : ParamGroup<Options>, torch.optim.IMomentum
            {
                /// <inheritdoc/>
                public double Momentum { get => AddedOptions.momentum ?? 0; set => AddedOptions.momentum = value; }
                /// <summary>An empty group.</summary>
                public ParamGroup() { }
                /// <summary>A group with the given options.</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, Options options) : base(parameters, options) { }
                /// <summary>A group with these options (TorchSharp's parameter order).</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, double lr = 1e-2, double eps = 1e-8, double alpha = 0.99,
                                  double weight_decay = 0, double momentum = 0, bool centered = false, bool maximize = false)
                    : base(parameters, new Options
                    {
                        LearningRate = lr, eps = eps, alpha = alpha, weight_decay = weight_decay, momentum = momentum,
                            centered = centered, maximize = maximize,
                    }) { }
            }

            /// <summary>The default momentum (of groups that set none).</summary>
            public double Momentum { get => ((Options)_defaults).momentum!.Value; set => ((Options)_defaults).momentum = value; }

            internal RMSProp(IEnumerable<ParamGroup> groups, double lr, double alpha, double eps, double weightDecay, double momentum,
                             bool centered, bool maximize)
                : base(new Options
                {
                    LearningRate = lr, alpha = alpha, eps = eps, weight_decay = weightDecay, momentum = momentum,
                        centered = centered, maximize = maximize,
                })
            {
                CheckLr(lr);
                if (!(eps >= 0)) throw new ArgumentException($"Invalid epsilon value: {Format(eps)}");
                CheckNonNegative("momentum", momentum);
                CheckNonNegative("weight_decay", weightDecay);
                CheckNonNegative("alpha", alpha);
                AddGroups(groups);
            }

            private protected override OptimizerOptions NewOptions() => new Options();

            private protected override void FillDefaults(OptimizerOptions options)
            {
                var (o, d) = ((Options)options, (Options)_defaults);
                o.maximize ??= d.maximize;
                o.momentum ??= d.momentum;
                o.alpha ??= d.alpha;
                o.eps ??= d.eps;
                o.weight_decay ??= d.weight_decay;
                o.centered ??= d.centered;
            }

            // PyTorch's _single_tensor_rmsprop
            private protected override void Update(Modules.ParamGroup group)
            {
                var o = (Options)group.Options!;
                double lr = o.LearningRate!.Value, alpha = o.alpha!.Value, eps = o.eps!.Value, wd = o.weight_decay!.Value,
                    momentum = o.momentum!.Value;
                foreach (Tensor p in group.Params)
                {
                    if (p._grad is not Tensor grad) continue;
                    var s = StateOf(p, () => new() { ["step"] = 0.0, ["square_avg"] = torch.zeros_like(p) });
                    if (o.maximize!.Value) grad = grad.neg();
                    s["step"] = (double)s["step"] + 1;
                    if (wd != 0) grad = grad.add(p, wd);
                    var squareAvg = (Tensor)s["square_avg"];
                    squareAvg.mul_(alpha).addcmul_(grad, grad, 1 - alpha);
                    Tensor avg;
                    if (o.centered!.Value)
                    {
                        var gradAvg = (Tensor)(s.TryGetValue("grad_avg", out object? ga) ? ga : s["grad_avg"] = torch.zeros_like(p));
                        gradAvg.lerp_(grad, 1 - alpha);
                        avg = squareAvg.addcmul(gradAvg, gradAvg, -1).sqrt_();
                    }
                    else avg = squareAvg.sqrt();
                    avg.add_(eps);
                    if (momentum > 0)
                    {
                        var buf = (Tensor)(s.TryGetValue("momentum_buffer", out object? mb) ? mb
                                           : s["momentum_buffer"] = torch.zeros_like(p));
                        buf.mul_(momentum).addcdiv_(grad, avg);
                        p.add_(buf, -lr);
                    }
                    else p.addcdiv_(grad, avg, -lr);
                }
            }
        }
    }
}
