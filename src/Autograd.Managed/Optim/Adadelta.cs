namespace Autograd
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Adadelta (PyTorch's <c>torch.optim.Adadelta</c>): the step is the gradient scaled by the ratio
            /// of the roots of running averages of past squared steps and of squared gradients.</summary>
            /// <param name="parameters">Leaf tensors that require grad.</param>
            /// <param name="lr">Scales the step.</param>
            /// <param name="rho">Decay of the running averages.</param>
            /// <param name="eps">Added inside both roots.</param>
            /// <param name="weight_decay">L2 penalty, added to the gradient.</param>
            /// <param name="maximize">Ascend instead of descend.</param>
            /// <exception cref="ArgumentException">lr, eps or weight_decay negative (or NaN), rho outside [0, 1], an empty
            /// list, or a parameter that is not a leaf requiring grad.</exception>
            public static Modules.Adadelta Adadelta(IEnumerable<Tensor> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6,
                                                    double weight_decay = 0, bool maximize = false) =>
                new(Optimizer.OneGroup<Modules.Adadelta.ParamGroup>(parameters), lr, rho, eps, weight_decay, maximize);

            /// <summary>Adadelta over named parameters (a module's <c>named_parameters()</c>).</summary>
            /// <inheritdoc cref="Adadelta(IEnumerable{torch.Tensor}, double, double, double, double, bool)"/>
            public static Modules.Adadelta Adadelta(IEnumerable<(string name, Tensor parameter)> parameters, double lr = 1.0,
                                                    double rho = 0.9, double eps = 1e-6, double weight_decay = 0,
                                                    bool maximize = false) =>
                Adadelta(parameters.Select(p => p.parameter), lr, rho, eps, weight_decay, maximize);

            /// <summary>Adadelta over parameter groups, each with options of its own (unset options take these defaults).</summary>
            /// <inheritdoc cref="Adadelta(IEnumerable{torch.Tensor}, double, double, double, double, bool)"/>
            public static Modules.Adadelta Adadelta(IEnumerable<Modules.Adadelta.ParamGroup> parameters, double lr = 1.0, double rho = 0.9,
                                                    double eps = 1e-6, double weight_decay = 0, bool maximize = false) =>
                new(parameters, lr, rho, eps, weight_decay, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>The optimizer <see cref="torch.optim.Adadelta(IEnumerable{torch.Tensor}, double, double, double, double, bool)"/>
        /// returns. State per parameter: <c>step</c>, <c>square_avg</c>, <c>acc_delta</c>.</summary>
        public sealed class Adadelta : torch.optim.Optimizer
        {
            /// <summary>Adadelta's options; null entries take the optimizer's defaults.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Decay of the running averages.</summary>
                public double? rho;
                /// <summary>Added inside the roots.</summary>
                public double? eps;
                /// <summary>L2 penalty.</summary>
                public double? weight_decay;
                /// <summary>Ascend instead of descend.</summary>
                public bool? maximize;
            }

            /// <summary>A group of parameters with Adadelta options.</summary>
            public class ParamGroup : ParamGroup<Options>
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }
                /// <summary>A group with the given options.</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, Options options) : base(parameters, options) { }
                /// <summary>A group with these options.</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6,
                                  double weight_decay = 0, bool maximize = false)
                    : base(parameters,
                           new Options { LearningRate = lr, rho = rho, eps = eps, weight_decay = weight_decay, maximize = maximize }) { }
            }

            internal Adadelta(IEnumerable<ParamGroup> groups, double lr, double rho, double eps, double weightDecay, bool maximize)
                : base(new Options { LearningRate = lr, rho = rho, eps = eps, weight_decay = weightDecay, maximize = maximize })
            {
                CheckLr(lr);
                if (!(rho >= 0 && rho <= 1)) throw new ArgumentException($"Invalid rho value: {Format(rho)}");
                if (!(eps >= 0)) throw new ArgumentException($"Invalid epsilon value: {Format(eps)}");
                CheckNonNegative("weight_decay", weightDecay);
                AddGroups(groups);
            }

            private protected override OptimizerOptions NewOptions() => new Options();

            private protected override void FillDefaults(OptimizerOptions options)
            {
                var (o, d) = ((Options)options, (Options)_defaults);
                o.rho ??= d.rho;
                o.eps ??= d.eps;
                o.weight_decay ??= d.weight_decay;
                o.maximize ??= d.maximize;
            }

            // PyTorch's _single_tensor_adadelta
            private protected override void Update(Modules.ParamGroup group)
            {
                var o = (Options)group.Options!;
                double lr = o.LearningRate!.Value, rho = o.rho!.Value, eps = o.eps!.Value, wd = o.weight_decay!.Value;
                foreach (Tensor p in group.Params)
                {
                    if (p._grad is not Tensor grad) continue;
                    var s = StateOf(p,
                                    () => new() { ["step"] = 0.0, ["square_avg"] = torch.zeros_like(p),
                                                 ["acc_delta"] = torch.zeros_like(p) });
                    s["step"] = (double)s["step"] + 1;
                    if (o.maximize!.Value) grad = grad.neg();
                    if (wd != 0) grad = grad.add(p, wd);
                    var (squareAvg, accDelta) = ((Tensor)s["square_avg"], (Tensor)s["acc_delta"]);
                    squareAvg.mul_(rho).addcmul_(grad, grad, 1 - rho);
                    Tensor std = squareAvg.add(eps).sqrt_();
                    Tensor delta = accDelta.add(eps).sqrt_().div_(std).mul_(grad);
                    accDelta.mul_(rho).addcmul_(delta, delta, 1 - rho);
                    p.add_(delta, -lr);
                }
            }
        }
    }
}
