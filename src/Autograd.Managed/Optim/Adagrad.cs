namespace Autograd
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Adagrad (PyTorch's <c>torch.optim.Adagrad</c>): each element's step is divided by the root of
            /// the sum of its squared gradients so far; the rate decays as lr / (1 + (step - 1) * lr_decay).</summary>
            /// <param name="parameters">Leaf tensors that require grad.</param>
            /// <param name="lr">Learning rate.</param>
            /// <param name="lr_decay">Learning-rate decay.</param>
            /// <param name="weight_decay">L2 penalty, added to the gradient.</param>
            /// <param name="initial_accumulator_value">The sum's starting value.</param>
            /// <param name="eps">Added to the denominator.</param>
            /// <param name="maximize">Ascend instead of descend (PyTorch's option; TorchSharp 0.107 has none).</param>
            /// <exception cref="ArgumentException">lr, lr_decay, weight_decay, initial_accumulator_value or eps negative (or
            /// NaN), an empty list, or a parameter that is not a leaf requiring grad.</exception>
            public static Modules.Adagrad Adagrad(IEnumerable<Tensor> parameters, double lr = 1e-2, double lr_decay = 0,
                                                  double weight_decay = 0, double initial_accumulator_value = 0, double eps = 1e-10,
                                                  bool maximize = false) =>
                new(Optimizer.OneGroup<Modules.Adagrad.ParamGroup>(parameters), lr, lr_decay, weight_decay,
                    initial_accumulator_value, eps, maximize);

            /// <summary>Adagrad over named parameters (a module's <c>named_parameters()</c>).</summary>
            /// <inheritdoc cref="Adagrad(IEnumerable{torch.Tensor}, double, double, double, double, double, bool)"/>
            public static Modules.Adagrad Adagrad(IEnumerable<(string name, Tensor parameter)> parameters, double lr = 1e-2,
                                                  double lr_decay = 0,
                                                  double weight_decay = 0, double initial_accumulator_value = 0, double eps = 1e-10,
                                                      bool maximize = false) =>
                Adagrad(parameters.Select(p => p.parameter), lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize);

            /// <summary>Adagrad over parameter groups, each with options of its own (unset options take these defaults).</summary>
            /// <inheritdoc cref="Adagrad(IEnumerable{torch.Tensor}, double, double, double, double, double, bool)"/>
            public static Modules.Adagrad Adagrad(IEnumerable<Modules.Adagrad.ParamGroup> parameters, double lr = 1e-2, double lr_decay = 0,
                                                  double weight_decay = 0, double initial_accumulator_value = 0, double eps = 1e-10,
                                                      bool maximize = false) =>
                new(parameters, lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>The optimizer
        /// <see cref="torch.optim.Adagrad(IEnumerable{torch.Tensor}, double, double, double, double, double, bool)"/>
        /// returns. State per parameter: <c>step</c>, <c>sum</c>.</summary>
        public sealed class Adagrad : torch.optim.Optimizer
        {
            /// <summary>Adagrad's options; null entries take the optimizer's defaults.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Learning-rate decay.</summary>
                public double? lr_decay;
                /// <summary>The sum's starting value.</summary>
                public double? initial_accumulator_value;
                /// <summary>Added to the denominator.</summary>
                public double? eps;
                /// <summary>L2 penalty.</summary>
                public double? weight_decay;
                /// <summary>Ascend instead of descend.</summary>
                public bool? maximize;
            }

            /// <summary>A group of parameters with Adagrad options.</summary>
            public class ParamGroup : ParamGroup<Options>
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }
                /// <summary>A group with the given options.</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, Options options) : base(parameters, options) { }
                /// <summary>A group with these options.</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, double lr = 1e-2, double lr_decay = 0, double weight_decay = 0,
                                  double initial_accumulator_value = 0, double eps = 1e-10, bool maximize = false)
                    : base(parameters, new Options
                    {
                        LearningRate = lr, lr_decay = lr_decay, weight_decay = weight_decay,
                            initial_accumulator_value = initial_accumulator_value,
                        eps = eps, maximize = maximize,
                    }) { }
            }

            internal Adagrad(IEnumerable<ParamGroup> groups, double lr, double lrDecay, double weightDecay, double initialAccumulator,
                             double eps, bool maximize)
                : base(new Options
                {
                    LearningRate = lr, lr_decay = lrDecay, weight_decay = weightDecay, initial_accumulator_value = initialAccumulator,
                    eps = eps, maximize = maximize,
                })
            {
                CheckLr(lr);
                CheckNonNegative("lr_decay", lrDecay);
                CheckNonNegative("weight_decay", weightDecay);
                CheckNonNegative("initial_accumulator_value", initialAccumulator);
                if (!(eps >= 0)) throw new ArgumentException($"Invalid epsilon value: {Format(eps)}");
                AddGroups(groups);
            }

            private protected override OptimizerOptions NewOptions() => new Options();

            private protected override void FillDefaults(OptimizerOptions options)
            {
                var (o, d) = ((Options)options, (Options)_defaults);
                o.lr_decay ??= d.lr_decay;
                o.initial_accumulator_value ??= d.initial_accumulator_value;
                o.eps ??= d.eps;
                o.weight_decay ??= d.weight_decay;
                o.maximize ??= d.maximize;
            }

            // PyTorch's _single_tensor_adagrad
            private protected override void Update(Modules.ParamGroup group)
            {
                var o = (Options)group.Options!;
                double lr = o.LearningRate!.Value, lrDecay = o.lr_decay!.Value, eps = o.eps!.Value, wd = o.weight_decay!.Value;
                foreach (Tensor p in group.Params)
                {
                    if (p._grad is not Tensor grad) continue;
                    var s = StateOf(p, () => new() { ["step"] = 0.0, ["sum"] = torch.full_like(p, o.initial_accumulator_value!.Value) });
                    double step = (double)s["step"] + 1;
                    s["step"] = step;
                    if (o.maximize!.Value) grad = grad.neg();
                    if (wd != 0) grad = grad.add(p, wd);
                    double clr = lr / (1 + (step - 1) * lrDecay);
                    var sum = (Tensor)s["sum"];
                    sum.addcmul_(grad, grad, 1);
                    p.addcdiv_(grad, sum.sqrt().add_(eps), -clr);
                }
            }
        }
    }
}
