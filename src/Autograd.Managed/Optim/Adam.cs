using Autograd.Native;

namespace Autograd
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Adam (PyTorch's <c>torch.optim.Adam</c>): running averages of the gradient and of its
            /// square, bias-corrected, scale each parameter's step. Defaults are PyTorch's (TorchSharp 0.107's
            /// factory defaults <paramref name="beta2"/> to 0.99 instead).</summary>
            /// <param name="parameters">Leaf tensors that require grad.</param>
            /// <param name="lr">Learning rate.</param>
            /// <param name="beta1">Decay of the running average of the gradient (PyTorch's <c>betas[0]</c>).</param>
            /// <param name="beta2">Decay of the running average of its square (<c>betas[1]</c>).</param>
            /// <param name="eps">Added to the denominator.</param>
            /// <param name="weight_decay">L2 penalty, added to the gradient.</param>
            /// <param name="amsgrad">Divide by the running maximum of the squared average (AMSGrad).</param>
            /// <param name="maximize">Ascend instead of descend.</param>
            /// <exception cref="ArgumentException">lr, eps or weight_decay negative (or NaN), a beta outside [0, 1),
            /// an empty list, or a parameter that is not a leaf requiring grad.</exception>
            public static Modules.Adam Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                                            double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new(Modules.Adam.Groups(parameters), lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, decoupled: false);

            /// <summary>Adam over parameter groups, each with options of its own (unset options take these defaults).</summary>
            /// <inheritdoc cref="Adam(IEnumerable{torch.Tensor}, double, double, double, double, double, bool, bool)"/>
            public static Modules.Adam Adam(IEnumerable<Modules.Adam.ParamGroup> parameters, double lr = 1e-3, double beta1 = 0.9,
                                            double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false,
                                            bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, decoupled: false);

            /// <summary>AdamW (PyTorch's <c>torch.optim.AdamW</c>): Adam with decoupled weight decay, each step
            /// first scaling the parameter by 1 - lr * weight_decay. PyTorch's defaults, weight_decay 0.01
            /// (TorchSharp 0.107's factory has 0 and beta2 0.99).</summary>
            /// <inheritdoc cref="Adam(IEnumerable{torch.Tensor}, double, double, double, double, double, bool, bool)"/>
            public static Modules.AdamW AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                                              double eps = 1e-8, double weight_decay = 1e-2, bool amsgrad = false, bool maximize = false) =>
                new(Modules.Adam.Groups(parameters), lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

            /// <summary>AdamW over parameter groups.</summary>
            /// <inheritdoc cref="AdamW(IEnumerable{torch.Tensor}, double, double, double, double, double, bool, bool)"/>
            public static Modules.AdamW AdamW(IEnumerable<Modules.Adam.ParamGroup> parameters, double lr = 1e-3, double beta1 = 0.9,
                                              double beta2 = 0.999, double eps = 1e-8, double weight_decay = 1e-2,
                                              bool amsgrad = false, bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>The optimizer
        /// <see cref="torch.optim.Adam(IEnumerable{torch.Tensor}, double, double, double, double, double, bool, bool)"/>
        /// returns. Each step is one native pass per parameter (agn_adam) with PyTorch's single-tensor Adam
        /// arithmetic, where LibTorch makes about eight.</summary>
        public class Adam : torch.optim.Optimizer, torch.optim.IBetas
        {
            /// <summary>Adam's options; null entries take the optimizer's defaults.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Decay of the running average of the gradient.</summary>
                public double? beta1;
                /// <summary>Decay of the running average of its square.</summary>
                public double? beta2;
                /// <summary>Weight decay (L2 for Adam, decoupled for AdamW).</summary>
                public double? weight_decay;
                /// <summary>Added to the denominator.</summary>
                public double? eps;
                /// <summary>AMSGrad.</summary>
                public bool? amsgrad;
                /// <summary>Ascend instead of descend.</summary>
                public bool? maximize;
            }

            /// <summary>A group of parameters with Adam options.</summary>
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
                                  double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false)
                    : base(parameters,
                           new Options { LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weight_decay,
                                        amsgrad = amsgrad, maximize = maximize }) { }
            }

            /// <summary>The default betas (of groups that set none).</summary>
            public (double, double) Betas
            {
                get => (((Options)_defaults).beta1!.Value, ((Options)_defaults).beta2!.Value);
                set => (((Options)_defaults).beta1, ((Options)_defaults).beta2) = value;
            }

            private readonly bool _decoupled;

            internal static IEnumerable<ParamGroup> Groups(IEnumerable<Tensor> parameters)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                return [new ParamGroup { Parameters = [.. parameters] }];
            }

            internal Adam(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay,
                          bool amsgrad, bool maximize, bool decoupled)
                : base(new Options { LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weightDecay,
                                    amsgrad = amsgrad, maximize = maximize })
            {
                // PyTorch's checks, in its order; written so that NaN fails them
                if (!(lr >= 0)) throw new ArgumentException($"Invalid learning rate: {Format(lr)}");
                if (!(eps >= 0)) throw new ArgumentException($"Invalid epsilon value: {Format(eps)}");
                if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentException($"Invalid beta parameter at index 0: {Format(beta1)}");
                if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentException($"Invalid beta parameter at index 1: {Format(beta2)}");
                if (!(weightDecay >= 0)) throw new ArgumentException($"Invalid weight_decay value: {Format(weightDecay)}");
                _decoupled = decoupled;
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
                o.amsgrad ??= d.amsgrad;
                o.maximize ??= d.maximize;
            }

            private protected override void Update(Modules.ParamGroup group)
            {
                var o = (Options)group.Options!;
                bool amsgrad = o.amsgrad!.Value;
                foreach (Tensor p in group.Params)
                {
                    if (p._grad is not Tensor grad) continue; // .grad always has p's dtype and shape (its setter checks)
                    // PyTorch's state: step, exp_avg, exp_avg_sq and, with amsgrad, max_exp_avg_sq
                    var s = StateOf(p, () => amsgrad
                        ? new() { ["step"] = 0.0, ["exp_avg"] = torch.zeros_like(p), ["exp_avg_sq"] = torch.zeros_like(p),
                                 ["max_exp_avg_sq"] = torch.zeros_like(p) }
                        : new() { ["step"] = 0.0, ["exp_avg"] = torch.zeros_like(p), ["exp_avg_sq"] = torch.zeros_like(p) });
                    double step = (double)s["step"] + 1;
                    s["step"] = step;
                    Tensor? maxExpAvgSq = amsgrad ? s.GetValueOrDefault("max_exp_avg_sq") as Tensor : null;
                    var hyper = new AgnAdamHyper
                    {
                        Lr = o.LearningRate!.Value, Beta1 = o.beta1!.Value, Beta2 = o.beta2!.Value, Eps = o.eps!.Value,
                        WeightDecay = o.weight_decay!.Value, Step = step,
                        Decoupled = _decoupled ? 1 : 0, Amsgrad = maxExpAvgSq is not null ? 1 : 0, Maximize = o.maximize!.Value ? 1 : 0,
                    };
                    Ops.Kernels.Adam(p, grad, (Tensor)s["exp_avg"], (Tensor)s["exp_avg_sq"], maxExpAvgSq, hyper);
                    p._storage.Version++;
                }
            }
        }

        /// <summary>The optimizer
        /// <see cref="torch.optim.AdamW(IEnumerable{torch.Tensor}, double, double, double, double, double, bool, bool)"/>
        /// returns.</summary>
        public sealed class AdamW : Adam
        {
            internal AdamW(IEnumerable<ParamGroup> groups, double lr, double beta1, double beta2, double eps, double weightDecay,
                           bool amsgrad, bool maximize)
                               : base(groups, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupled: true)
            {
            }
        }
    }
}
