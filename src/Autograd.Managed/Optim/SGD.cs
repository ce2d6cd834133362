namespace Autograd
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Stochastic gradient descent, optionally with momentum, dampening, weight decay,
            /// Nesterov momentum and maximisation: PyTorch's <c>torch.optim.SGD</c> update, parameter by parameter.</summary>
            /// <param name="parameters">Leaf tensors that require grad.</param>
            /// <param name="learningRate">PyTorch's <c>lr</c> (TorchSharp's name).</param>
            /// <param name="momentum">Momentum factor (0: none).</param>
            /// <param name="dampening">Dampening of the momentum.</param>
            /// <param name="weight_decay">L2 penalty added to the gradient.</param>
            /// <param name="nesterov">Nesterov momentum.</param>
            /// <param name="maximize">Ascend instead of descend.</param>
            /// <exception cref="ArgumentException">A negative lr, momentum or weight_decay; Nesterov without momentum
            /// or with dampening; an empty list; or a parameter that is not a leaf requiring grad.</exception>
            public static Modules.SGD SGD(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double dampening = 0,
                                  double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
                new(Modules.SGD.Groups(parameters), learningRate, momentum, dampening, weight_decay, nesterov, maximize);

            /// <summary>SGD over named parameters (a module's <c>named_parameters()</c>).</summary>
            public static Modules.SGD SGD(IEnumerable<(string name, Tensor parameter)> parameters, double learningRate, double momentum = 0,
                                  double dampening = 0, double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
                SGD(parameters.Select(p => p.parameter), learningRate, momentum, dampening, weight_decay, nesterov, maximize);

            /// <summary>SGD over parameter groups, each with options of its own (unset options take these defaults).</summary>
            public static Modules.SGD SGD(IEnumerable<Modules.SGD.ParamGroup> parameters, double learningRate, double momentum = 0,
                                  double dampening = 0, double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
                new(parameters, learningRate, momentum, dampening, weight_decay, nesterov, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>The optimizer <see cref="torch.optim.SGD(IEnumerable{torch.Tensor}, double, double, double, double, bool, bool)"/>
        /// returns (TorchSharp's <c>TorchSharp.Modules.SGD</c>).</summary>
        public sealed class SGD : torch.optim.Optimizer, torch.optim.IMomentum
        {
            /// <summary>SGD's options; null entries take the optimizer's defaults.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Momentum factor.</summary>
                public double? momentum;
                /// <summary>Dampening of the momentum.</summary>
                public double? dampening;
                /// <summary>L2 penalty.</summary>
                public double? weight_decay;
                /// <summary>Nesterov momentum.</summary>
                public bool? nesterov;
                /// <summary>Ascend instead of descend.</summary>
                public bool? maximize;
            }

            /// <summary>A group of parameters with SGD options.</summary>
            public class ParamGroup : ParamGroup<Options>, torch.optim.IMomentum
            {
                /// <inheritdoc/>
                public double Momentum { get => AddedOptions.momentum ?? 0; set => AddedOptions.momentum = value; }
                /// <summary>An empty group.</summary>
                public ParamGroup() { }
                /// <summary>A group with the given options.</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, Options options) : base(parameters, options) { }
                /// <summary>A group with these options.</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, double lr = 1e-3, double momentum = 0, double dampening = 0,
                                  double weight_decay = 0, bool nesterov = false, bool maximize = false)
                    : base(parameters,
                           new Options { LearningRate = lr, momentum = momentum, dampening = dampening, weight_decay = weight_decay,
                                        nesterov = nesterov, maximize = maximize }) { }
            }

            /// <summary>The default momentum (of groups that set none).</summary>
            public double Momentum { get => ((Options)_defaults).momentum!.Value; set => ((Options)_defaults).momentum = value; }

            internal static IEnumerable<ParamGroup> Groups(IEnumerable<Tensor> parameters)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                return [new ParamGroup { Parameters = [.. parameters] }];
            }

            internal SGD(IEnumerable<ParamGroup> groups, double lr, double momentum, double dampening, double weightDecay,
                         bool nesterov, bool maximize)
                : base(new Options { LearningRate = lr, momentum = momentum, dampening = dampening, weight_decay = weightDecay,
                                    nesterov = nesterov, maximize = maximize })
            {
                if (!(lr >= 0)) throw new ArgumentException($"Invalid learning rate: {Format(lr)}");
                if (!(momentum >= 0)) throw new ArgumentException($"Invalid momentum value: {Format(momentum)}");
                if (!(weightDecay >= 0)) throw new ArgumentException($"Invalid weight_decay value: {Format(weightDecay)}");
                if (nesterov && (momentum <= 0 || dampening != 0))
                    throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
                AddGroups(groups);
            }

            private protected override OptimizerOptions NewOptions() => new Options();

            private protected override void FillDefaults(OptimizerOptions options)
            {
                var (o, d) = ((Options)options, (Options)_defaults);
                o.momentum ??= d.momentum;
                o.dampening ??= d.dampening;
                o.weight_decay ??= d.weight_decay;
                o.nesterov ??= d.nesterov;
                o.maximize ??= d.maximize;
            }

            // PyTorch's _single_tensor_sgd. The plain case is one fused pass, p += (-lr) * grad; every other
            // term is one more in-place or scaled-add pass, never a temporary the size of p except d_p
            // where PyTorch makes one too (weight decay, Nesterov).
            private protected override void Update(Modules.ParamGroup group)
            {
                var o = (Options)group.Options!;
                double lr = o.LearningRate!.Value, momentum = o.momentum!.Value, dampening = o.dampening!.Value,
                    weightDecay = o.weight_decay!.Value;
                foreach (Tensor p in group.Params)
                {
                    if (p._grad is not Tensor grad) continue;
                    Tensor dp = o.maximize!.Value ? grad.neg() : grad;
                    if (weightDecay != 0) dp = dp.add(p, weightDecay);
                    if (momentum != 0)
                    {
                        // PyTorch's momentum_buffer starts as the first gradient itself
                        if (!_paramState.TryGetValue(p, out Dictionary<string, object>? s))
                            _paramState[p] = s = new() { ["momentum_buffer"] = dp.clone().detach() };
                        else ((Tensor)s["momentum_buffer"]).mul_(momentum).add_(dp, 1 - dampening);
                        var buf = (Tensor)s["momentum_buffer"];
                        dp = o.nesterov!.Value ? dp.add(buf, momentum) : buf;
                    }
                    p.add_(dp, -lr);
                }
            }
        }
    }
}
