namespace Autograd
{
    public static partial class torch
    {
        /// <summary>Optimizers (PyTorch's <c>torch.optim</c>).</summary>
        public static partial class optim
        {
            /// <summary>What every optimizer shares: its parameters and <see cref="zero_grad"/>.</summary>
            public abstract class Optimizer
            {
                private protected readonly Tensor[] _params;

                private protected Optimizer(IEnumerable<Tensor> parameters)
                {
                    ArgumentNullException.ThrowIfNull(parameters);
                    _params = [.. parameters];
                    if (_params.Length == 0) throw new ArgumentException("optimizer got an empty parameter list");
                    foreach (Tensor p in _params)
                    {
                        ArgumentNullException.ThrowIfNull(p, nameof(parameters));
                        if (!p.is_leaf) throw new ArgumentException("can't optimize a non-leaf Tensor");
                        if (!p.requires_grad) throw new ArgumentException("optimizing a parameter that doesn't require gradients");
                    }
                }

                /// <summary>The parameters, in the order given.</summary>
                public IEnumerable<Tensor> parameters() => _params;

                /// <summary>Resets every parameter's gradient: to null when <paramref name="set_to_none"/> (PyTorch's
                /// default since 2.0: the next backward then stores its gradient without a copy), else to zeros in place.</summary>
                public void zero_grad(bool set_to_none = true)
                {
                    foreach (Tensor p in _params)
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
                public Tensor? step(Func<Tensor>? closure = null)
                {
                    Tensor? loss = null;
                    if (closure is not null)
                        using (torch.enable_grad()) loss = closure();
                    using (torch.no_grad()) Update();
                    return loss;
                }

                private protected abstract void Update();

                /// <summary>A hyper-parameter as PyTorch's argument-check messages print it: Python's repr of a float.</summary>
                private protected static string Format(double v) => PyRepr.Float(v);
            }
        }
    }
}
