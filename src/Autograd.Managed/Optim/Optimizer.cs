namespace Autograd
{
    public static partial class torch
    {
        /// <summary>Optimizers (PyTorch's <c>torch.optim</c>).</summary>
        public static partial class optim
        {
            /// <summary>What a learning-rate scheduler reads and sets on each parameter group.</summary>
            public interface ILearningRateController
            {
                /// <summary>The group's current learning rate.</summary>
                double LearningRate { get; set; }
                /// <summary>The learning rate the group started with (PyTorch's <c>initial_lr</c>).</summary>
                double InitialLearningRate { get; set; }
            }

            /// <summary>An optimizer (or parameter group) with a momentum that schedulers may cycle (SGD).</summary>
            public interface IMomentum
            {
                /// <summary>The momentum factor.</summary>
                double Momentum { get; set; }
            }

            /// <summary>An optimizer (or parameter group) with Adam's betas, whose first schedulers may cycle.</summary>
            public interface IBetas
            {
                /// <summary>(beta1, beta2).</summary>
                (double, double) Betas { get; set; }
            }

            /// <summary>What every optimizer shares: parameter groups, each with its own options, and per-parameter
            /// state; <see cref="zero_grad"/> and <see cref="step"/>.</summary>
            public abstract partial class Optimizer
            {
                private protected readonly List<Modules.ParamGroup> _groups = [];
                private protected readonly Modules.OptimizerOptions _defaults;

                private protected Optimizer(Modules.OptimizerOptions defaults) => _defaults = defaults;

                /// <summary>Adds every group (the constructor's last step, after the defaults are checked).</summary>
                private protected void AddGroups(IEnumerable<Modules.ParamGroup> groups)
                {
                    ArgumentNullException.ThrowIfNull(groups);
                    foreach (Modules.ParamGroup g in groups) add_param_group(g);
                    if (_groups.Count == 0) throw new ArgumentException("optimizer got an empty parameter list");
                }

                /// <summary>The parameter groups, for learning-rate schedulers (TorchSharp's name).</summary>
                public IEnumerable<ILearningRateController> ParamGroups => _groups;

                /// <summary>The parameter groups (PyTorch's name); each group's <c>Options</c> can be changed between steps.</summary>
                public IReadOnlyList<Modules.ParamGroup> param_groups => _groups;

                /// <summary>Adds a group of parameters; options it leaves unset take the optimizer's defaults.</summary>
                /// <exception cref="ArgumentException">A parameter that is not a leaf requiring grad, or that is
                /// already in a group.</exception>
                public virtual void add_param_group(Modules.ParamGroup param_group)
                {
                    ArgumentNullException.ThrowIfNull(param_group);
                    Tensor[] ps = [.. param_group.Parameters ?? throw new ArgumentException("a parameter group needs parameters")];
                    if (ps.Length == 0 && _groups.Count == 0) throw new ArgumentException("optimizer got an empty parameter list");
                    var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                    foreach (Tensor p in ps)
                    {
                        ArgumentNullException.ThrowIfNull(p, nameof(param_group));
                        if (!p.is_leaf) throw new ArgumentException("can't optimize a non-leaf Tensor");
                        if (!p.requires_grad) throw new ArgumentException("optimizing a parameter that doesn't require gradients");
                        if (!seen.Add(p) || _groups.Any(g => g.Params.Contains(p, ReferenceEqualityComparer.Instance)))
                            throw new ArgumentException("some parameters appear in more than one parameter group");
                    }
                    Modules.OptimizerOptions options = param_group.Options ??= NewOptions();
                    options.LearningRate ??= _defaults.LearningRate;
                    FillDefaults(options);
                    options.InitialLearningRate = options.LearningRate!.Value;
                    param_group.Params = ps;
                    _groups.Add(param_group);
                }

                /// <summary>An options object of this optimizer's type with nothing set.</summary>
                private protected abstract Modules.OptimizerOptions NewOptions();

                /// <summary>Sets every option <paramref name="options"/> leaves null to the optimizer's default.</summary>
                private protected abstract void FillDefaults(Modules.OptimizerOptions options);

                /// <summary>Every parameter of every group, in order.</summary>
                public IEnumerable<Tensor> parameters() => _groups.SelectMany(g => g.Params);

                /// <summary>Resets every parameter's gradient: to null when <paramref name="set_to_none"/> (PyTorch's
                /// default since 2.0: the next backward then stores its gradient without a copy), else to zeros in place.</summary>
                public void zero_grad(bool set_to_none = true)
                {
                    foreach (Tensor p in parameters())
                    {
                        if (p._grad is null) continue;
                        if (set_to_none) { p.DropGrad(); continue; }
                        // PyTorch detaches a grad that has a grad_fn (create_graph) before zeroing it
                        if (p._grad._gradFn is not null) p._grad = p._grad.detach();
                        p._grad.zero_();
                    }
                }

                /// <summary>One update from the current gradients; parameters without a gradient are skipped.
                /// Returns the closure's loss when a closure (re-evaluating the loss) is given, else null.</summary>
                public virtual Tensor? step(Func<Tensor>? closure = null)
                {
                    Tensor? loss = null;
                    if (closure is not null)
                        using (torch.enable_grad()) loss = closure();
                    using (torch.no_grad())
                        foreach (Modules.ParamGroup g in _groups) Update(g);
                    return loss;
                }

                /// <summary>Updates one group's parameters with its options.</summary>
                private protected abstract void Update(Modules.ParamGroup group);

                /// <summary>Per-parameter state under PyTorch's names (<c>step</c>, <c>exp_avg</c>, ...): tensors the size of
                /// the parameter, and numbers. Created at a parameter's first update, as PyTorch does.</summary>
                private protected readonly Dictionary<Tensor, Dictionary<string, object>> _paramState =
                    new(ReferenceEqualityComparer.Instance);

                /// <summary>The state of <paramref name="p"/>, made by <paramref name="init"/> at its first update.</summary>
                private protected Dictionary<string, object> StateOf(Tensor p, Func<Dictionary<string, object>> init)
                {
                    if (!_paramState.TryGetValue(p, out Dictionary<string, object>? s)) _paramState[p] = s = init();
                    return s;
                }

                /// <summary>A step-dependent scalar as PyTorch keeps it: in a 0-d tensor of its scalar dtype, float32
                /// (ASGD's eta and mu, NAdam's mu_product), so each stored value is rounded to float.</summary>
                private protected static double Float32(double v) => (float)v;

                /// <summary>One group holding <paramref name="parameters"/> with all options unset (the defaults).</summary>
                internal static IEnumerable<TGroup> OneGroup<TGroup>(IEnumerable<Tensor> parameters)
                    where TGroup : Modules.ParamGroup, new()
                {
                    ArgumentNullException.ThrowIfNull(parameters);
                    return [new TGroup { Parameters = [.. parameters] }];
                }

                /// <summary>The checks PyTorch's Adam family makes, in its order and words; written so that NaN fails them.</summary>
                private protected static void CheckAdamLike(double lr, double eps, double beta1, double beta2, double weightDecay)
                {
                    CheckLr(lr);
                    if (!(eps >= 0)) throw new ArgumentException($"Invalid epsilon value: {Format(eps)}");
                    if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentException($"Invalid beta parameter at index 0: {Format(beta1)}");
                    if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentException($"Invalid beta parameter at index 1: {Format(beta2)}");
                    CheckNonNegative("weight_decay", weightDecay);
                }

                /// <summary>PyTorch's learning-rate check.</summary>
                private protected static void CheckLr(double lr)
                {
                    if (!(lr >= 0)) throw new ArgumentException($"Invalid learning rate: {Format(lr)}");
                }

                /// <summary>PyTorch's "Invalid {name} value: {v}" check of a hyper-parameter that must be &gt;= 0.</summary>
                private protected static void CheckNonNegative(string name, double v)
                {
                    if (!(v >= 0)) throw new ArgumentException($"Invalid {name} value: {Format(v)}");
                }

                /// <summary>A hyper-parameter as PyTorch's argument-check messages print it: Python's repr of a float.</summary>
                private protected static string Format(double v) => PyRepr.Float(v);
            }
        }
    }

    namespace Modules
    {
        /// <summary>The options every optimizer has: the learning rate (null: the optimizer's default).</summary>
        public class OptimizerOptions
        {
            /// <summary>The learning rate (PyTorch's <c>lr</c>).</summary>
            public double? LearningRate { get; set; }
            /// <summary>The learning rate the group started with.</summary>
            public double InitialLearningRate { get; set; }
        }

        /// <summary>A group of parameters that share options (PyTorch's param_groups entry).</summary>
        public class ParamGroup : torch.optim.ILearningRateController
        {
            internal Tensor[] Params = [];

            /// <summary>The group's parameters.</summary>
            public IEnumerable<Tensor> Parameters { get; set; } = [];

            /// <summary>The group's options; null entries take the optimizer's defaults when the group is added.</summary>
            public OptimizerOptions? Options { get; set; }

            /// <inheritdoc/>
            public double LearningRate
            {
                get => Options?.LearningRate ?? throw new InvalidOperationException("the group has not been added to an optimizer");
                set => (Options
                        ?? throw new InvalidOperationException("the group has not been added to an optimizer")).LearningRate = value;
            }

            /// <inheritdoc/>
            public double InitialLearningRate
            {
                get => Options?.InitialLearningRate ?? throw new InvalidOperationException("the group has not been added to an optimizer");
                set => (Options
                        ?? throw new InvalidOperationException("the group has not been added to an optimizer")).InitialLearningRate = value;
            }
        }

        /// <summary>A parameter group with options of one optimizer's type.</summary>
        public class ParamGroup<TOptions> : ParamGroup where TOptions : OptimizerOptions
        {
            /// <summary>An empty group.</summary>
            public ParamGroup() { }

            /// <summary>A group of <paramref name="parameters"/> with <paramref name="options"/> (null: all defaults).</summary>
            public ParamGroup(IEnumerable<Tensor> parameters, TOptions? options = null) =>
                (Parameters, base.Options) = (parameters, options);

            /// <summary>The group's options.</summary>
            public new TOptions? Options { get => (TOptions?)base.Options; set => base.Options = value; }

            /// <summary>The options, which exist once the group is in an optimizer (or was given some).</summary>
            private protected TOptions AddedOptions =>
                Options ?? throw new InvalidOperationException("the group has not been added to an optimizer");
        }
    }
}
