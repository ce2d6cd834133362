namespace Autograd
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Rprop (PyTorch's <c>torch.optim.Rprop</c>): each element moves by its own step size against the
            /// sign of its gradient; the size grows by etaplus while the sign holds and shrinks by etaminus when it
            /// flips (that step is then skipped), within [min_step, max_step].</summary>
            /// <param name="parameters">Leaf tensors that require grad.</param>
            /// <param name="lr">The initial step size.</param>
            /// <param name="etaminus">Shrink factor (PyTorch's <c>etas[0]</c>).</param>
            /// <param name="etaplus">Growth factor (<c>etas[1]</c>).</param>
            /// <param name="min_step">Smallest step size (<c>step_sizes[0]</c>).</param>
            /// <param name="max_step">Largest step size (<c>step_sizes[1]</c>).</param>
            /// <param name="maximize">Ascend instead of descend.</param>
            /// <exception cref="ArgumentException">lr negative (or NaN), etas not 0 &lt; etaminus &lt; 1 &lt; etaplus, an empty
            /// list, or a parameter that is not a leaf requiring grad.</exception>
            public static Modules.Rprop Rprop(IEnumerable<Tensor> parameters, double lr = 1e-2, double etaminus = 0.5, double etaplus = 1.2,
                                              double min_step = 1e-6, double max_step = 50, bool maximize = false) =>
                new(Optimizer.OneGroup<Modules.Rprop.ParamGroup>(parameters), lr, etaminus, etaplus, min_step, max_step, maximize);

            /// <summary>Rprop over named parameters (a module's <c>named_parameters()</c>).</summary>
            /// <inheritdoc cref="Rprop(IEnumerable{torch.Tensor}, double, double, double, double, double, bool)"/>
            public static Modules.Rprop Rprop(IEnumerable<(string name, Tensor parameter)> parameters, double lr = 1e-2,
                                              double etaminus = 0.5, double etaplus = 1.2, double min_step = 1e-6,
                                              double max_step = 50, bool maximize = false) =>
                Rprop(parameters.Select(p => p.parameter), lr, etaminus, etaplus, min_step, max_step, maximize);

            /// <summary>Rprop over parameter groups, each with options of its own (unset options take these defaults).</summary>
            /// <inheritdoc cref="Rprop(IEnumerable{torch.Tensor}, double, double, double, double, double, bool)"/>
            public static Modules.Rprop Rprop(IEnumerable<Modules.Rprop.ParamGroup> parameters, double lr = 1e-2, double etaminus = 0.5,
                                              double etaplus = 1.2, double min_step = 1e-6, double max_step = 50, bool maximize = false) =>
                new(parameters, lr, etaminus, etaplus, min_step, max_step, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>The optimizer <see cref="torch.optim.Rprop(IEnumerable{torch.Tensor}, double, double, double, double, double, bool)"/>
        /// returns. State per parameter: <c>step</c>, <c>prev</c>, <c>step_size</c>.</summary>
        public sealed class Rprop : torch.optim.Optimizer
        {
            /// <summary>Rprop's options; null entries take the optimizer's defaults.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Ascend instead of descend.</summary>
                public bool? maximize;
                /// <summary>Shrink factor.</summary>
                public double? etaminus;
                /// <summary>Growth factor.</summary>
                public double? etaplus;
                /// <summary>Smallest step size.</summary>
                public double? min_step;
                /// <summary>Largest step size.</summary>
                public double? max_step;
            }

            /// <summary>A group of parameters with Rprop options.</summary>
            public class ParamGroup : ParamGroup<Options>
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }
                /// <summary>A group with the given options.</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, Options options) : base(parameters, options) { }
                /// <summary>A group with these options.</summary>
                public ParamGroup(IEnumerable<Tensor> parameters, double lr = 1e-2, double etaminus = 0.5, double etaplus = 1.2,
                                  double min_step = 1e-6, double max_step = 50, bool maximize = false)
                    : base(parameters, new Options
                    {
                        LearningRate = lr, etaminus = etaminus, etaplus = etaplus, min_step = min_step, max_step = max_step,
                            maximize = maximize,
                    }) { }
            }

            internal Rprop(IEnumerable<ParamGroup> groups, double lr, double etaminus, double etaplus, double minStep,
                           double maxStep, bool maximize)
                : base(new Options { LearningRate = lr, etaminus = etaminus, etaplus = etaplus, min_step = minStep,
                                    max_step = maxStep, maximize = maximize })
            {
                CheckLr(lr);
                if (!(etaminus > 0 && etaminus < 1 && 1 < etaplus))
                    throw new ArgumentException($"Invalid eta values: {Format(etaminus)}, {Format(etaplus)}");
                AddGroups(groups);
            }

            private protected override OptimizerOptions NewOptions() => new Options();

            private protected override void FillDefaults(OptimizerOptions options)
            {
                var (o, d) = ((Options)options, (Options)_defaults);
                o.maximize ??= d.maximize;
                o.etaminus ??= d.etaminus;
                o.etaplus ??= d.etaplus;
                o.min_step ??= d.min_step;
                o.max_step ??= d.max_step;
            }

            // PyTorch's _single_tensor_rprop
            private protected override void Update(Modules.ParamGroup group)
            {
                var o = (Options)group.Options!;
                double etaminus = o.etaminus!.Value, etaplus = o.etaplus!.Value;
                foreach (Tensor p in group.Params)
                {
                    if (p._grad is not Tensor grad) continue;
                    var s = StateOf(p,
                                    () => new() { ["step"] = 0.0, ["prev"] = torch.zeros_like(p),
                                                 ["step_size"] = torch.full_like(p, o.LearningRate!.Value) });
                    if (o.maximize!.Value) grad = grad.neg();
                    s["step"] = (double)s["step"] + 1;
                    var (prev, stepSize) = ((Tensor)s["prev"], (Tensor)s["step_size"]);
                    // the factor per element: etaplus where the sign held, etaminus where it flipped, 1 where either is 0
                    // (PyTorch finds the flipped elements again as factor == etaminus: the same set, as etaplus > 1 > etaminus)
                    Tensor sign = grad.mul(prev).sign(), flipped = sign.lt(0);
                    Tensor factor = sign.masked_fill(sign.gt(0), etaplus).masked_fill_(flipped, etaminus).masked_fill_(sign.eq(0), 1);
                    stepSize.mul_(factor).clamp_(o.min_step!.Value, o.max_step!.Value);
                    // where the sign flipped the gradient counts as 0: no move now, and no flip detected next step
                    Tensor g = grad.masked_fill(flipped, 0);
                    p.addcmul_(g.sign(), stepSize, -1);
                    prev.copy_(g);
                }
            }
        }
    }
}
