namespace Autograd
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>L-BFGS (PyTorch's <c>torch.optim.LBFGS</c>): each <c>step(closure)</c> runs up to
            /// <paramref name="max_iter"/> quasi-Newton iterations on all parameters viewed as one flat vector, the
            /// inverse Hessian approximated from the last <paramref name="history_size"/> (step, gradient change)
            /// pairs; the step length is <paramref name="lr"/> (the first ever: min(1, 1/|g|₁)·lr) or, with
            /// <c>line_search_fn: "strong_wolfe"</c>, found by a line search meeting the strong Wolfe conditions.
            /// One parameter group only. Defaults are PyTorch's (TorchSharp 0.107 defaults lr to 0.01, spells
            /// tolerance_grad <c>tolerange_grad</c> and has no line search).</summary>
            /// <param name="parameters">Leaf tensors that require grad.</param>
            /// <param name="lr">Step length (scales the line search's first trial).</param>
            /// <param name="max_iter">Iterations per <c>step</c>.</param>
            /// <param name="max_eval">Closure evaluations per <c>step</c> (null: max_iter * 5 / 4).</param>
            /// <param name="tolerance_grad">Stop when the largest gradient element is at most this.</param>
            /// <param name="tolerance_change">Stop when the step or the loss changes by less than this.</param>
            /// <param name="history_size">Pairs kept for the Hessian approximation.</param>
            /// <param name="line_search_fn">null (fixed step) or "strong_wolfe".</param>
            /// <exception cref="ArgumentException">lr negative (or NaN), a line search other than "strong_wolfe", an
            /// empty list, or a parameter that is not a leaf requiring grad.</exception>
            public static Modules.LBFGS LBFGS(IEnumerable<Tensor> parameters, double lr = 1, long max_iter = 20, long? max_eval = null,
                                              double tolerance_grad = 1e-7, double tolerance_change = 1e-9, long history_size = 100,
                                              string? line_search_fn = null) =>
                new(Optimizer.OneGroup<Modules.LBFGS.ParamGroup>(parameters), lr, max_iter, max_eval ?? max_iter * 5 / 4,
                    tolerance_grad, tolerance_change, history_size, line_search_fn);

            /// <summary>L-BFGS over named parameters (a module's <c>named_parameters()</c>).</summary>
            /// <inheritdoc cref="LBFGS(IEnumerable{torch.Tensor}, double, long, long?, double, double, long, string?)"/>
            public static Modules.LBFGS LBFGS(IEnumerable<(string name, Tensor parameter)> parameters, double lr = 1, long max_iter = 20,
                                              long? max_eval = null, double tolerance_grad = 1e-7, double tolerance_change = 1e-9,
                                              long history_size = 100, string? line_search_fn = null) =>
                LBFGS(parameters.Select(p => p.parameter), lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size,
                      line_search_fn);
        }
    }

    namespace Modules
    {
        /// <summary>The optimizer
        /// <see cref="torch.optim.LBFGS(IEnumerable{torch.Tensor}, double, long, long?, double, double, long, string?)"/>
        /// returns. Its state (PyTorch's names, kept under the first parameter): <c>func_evals</c>, <c>n_iter</c>,
        /// <c>d</c>, <c>t</c>, <c>old_dirs</c>, <c>old_stps</c>, <c>ro</c>, <c>H_diag</c>, <c>prev_flat_grad</c>,
        /// <c>prev_loss</c>, <c>al</c>. Scalars (step lengths, dot products read back, the line search's
        /// arithmetic) are doubles, as LibTorch's C++ LBFGS keeps them.</summary>
        public sealed partial class LBFGS : torch.optim.Optimizer
        {
            /// <summary>L-BFGS's options.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Iterations per step.</summary>
                public long? max_iter;
                /// <summary>Closure evaluations per step.</summary>
                public long? max_eval;
                /// <summary>First-order optimality tolerance.</summary>
                public double? tolerance_grad;
                /// <summary>Tolerance on step and loss changes.</summary>
                public double? tolerance_change;
                /// <summary>Pairs kept.</summary>
                public long? history_size;
                /// <summary>null or "strong_wolfe".</summary>
                public string? line_search_fn;
            }

            /// <summary>The one parameter group.</summary>
            public class ParamGroup : ParamGroup<Options>
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }
            }

            internal LBFGS(IEnumerable<ParamGroup> groups, double lr, long maxIter, long maxEval, double toleranceGrad,
                           double toleranceChange, long historySize, string? lineSearchFn)
                : base(new Options
                {
                    LearningRate = lr, max_iter = maxIter, max_eval = maxEval, tolerance_grad = toleranceGrad,
                        tolerance_change = toleranceChange,
                    history_size = historySize, line_search_fn = lineSearchFn,
                })
            {
                CheckLr(lr);
                if (lineSearchFn is not null && lineSearchFn != "strong_wolfe")
                    throw new ArgumentException("only 'strong_wolfe' is supported");
                if (maxIter < 1 || historySize < 1) throw new ArgumentException("LBFGS needs max_iter >= 1 and history_size >= 1");
                AddGroups(groups);
            }

            /// <inheritdoc/>
            /// <exception cref="ArgumentException">A second group: PyTorch's LBFGS has one.</exception>
            public override void add_param_group(Modules.ParamGroup param_group)
            {
                if (_groups.Count > 0) throw new ArgumentException("LBFGS doesn't support per-parameter options (parameter groups)");
                base.add_param_group(param_group);
            }

            private protected override OptimizerOptions NewOptions() => new Options();

            private protected override void FillDefaults(OptimizerOptions options)
            {
                var (o, d) = ((Options)options, (Options)_defaults);
                o.max_iter ??= d.max_iter;
                o.max_eval ??= d.max_eval;
                o.tolerance_grad ??= d.tolerance_grad;
                o.tolerance_change ??= d.tolerance_change;
                o.history_size ??= d.history_size;
                o.line_search_fn ??= d.line_search_fn;
            }

            private protected override void Update(Modules.ParamGroup group) =>
                throw new InvalidOperationException("LBFGS updates only through step(closure)");

            private Tensor[] Params => _groups[0].Params;

            // d, prev_flat_grad and the history are flat vectors over all parameters; ro, H_diag and al 0-d
            private protected override long[] StateShape(string key, Tensor p, long totalNumel) =>
                key is "d" or "prev_flat_grad" or "old_dirs" or "old_stps" ? [totalNumel] : [];

            /// <summary>Every gradient flattened into one vector in parameter order (zeros for a parameter without one).</summary>
            private Tensor GatherFlatGrad() =>
                torch.cat([.. Params.Select(p => p._grad is Tensor g ? g.reshape(-1) : torch.zeros([p.numel()], p.dtype))], 0);

            /// <summary>p += step · (p's slice of the flat vector <paramref name="update"/>), for every parameter.</summary>
            private void AddGrad(double step, Tensor update)
            {
                long offset = 0;
                foreach (Tensor p in Params)
                {
                    long n = p.numel();
                    p.add_(update.narrow(0, offset, n).view(p.shape), step);
                    offset += n;
                }
            }

            /// <summary>The loss and flat gradient at x + t·d, the parameters restored to x afterwards.</summary>
            private (double Loss, Tensor Grad) DirectionalEvaluate(Func<Tensor> closure, Tensor[] x, double t, Tensor d)
            {
                AddGrad(t, d);
                double loss;
                using (torch.enable_grad()) loss = closure().ToDouble();
                Tensor g = GatherFlatGrad();
                for (int i = 0; i < x.Length; i++) Params[i].copy_(x[i]);
                return (loss, g);
            }

            /// <summary>Runs up to max_iter L-BFGS iterations, calling <paramref name="closure"/> (which must zero the
            /// gradients, compute the loss and call backward) for each new point; returns the loss of its first call.</summary>
            /// <exception cref="ArgumentNullException">No closure.</exception>
            public override Tensor step(Func<Tensor>? closure = null)
            {
                if (closure is null) throw new ArgumentNullException(nameof(closure), "LBFGS requires a closure function");
                using (torch.no_grad()) return Run(closure);
            }

            private Tensor Run(Func<Tensor> closure)
            {
                var o = (Options)_groups[0].Options!;
                double lr = o.LearningRate!.Value, toleranceGrad = o.tolerance_grad!.Value, toleranceChange = o.tolerance_change!.Value;
                long maxIter = o.max_iter!.Value, maxEval = o.max_eval!.Value, historySize = o.history_size!.Value;
                var s = StateOf(Params[0], () => new() { ["func_evals"] = 0L, ["n_iter"] = 0L });

                Tensor origLoss;
                using (torch.enable_grad()) origLoss = closure();
                double loss = origLoss.ToDouble();
                long currentEvals = 1;
                s["func_evals"] = (long)s["func_evals"] + 1;
                Tensor flatGrad = GatherFlatGrad();
                bool optCond = flatGrad.abs().max().ToDouble() <= toleranceGrad;
                if (optCond) return origLoss;

                Tensor? d = s.GetValueOrDefault("d") as Tensor, hDiag = s.GetValueOrDefault("H_diag") as Tensor;
                Tensor? prevFlatGrad = s.GetValueOrDefault("prev_flat_grad") as Tensor;
                double t = s.GetValueOrDefault("t") is double tt ? tt : 0;
                var oldDirs = s.GetValueOrDefault("old_dirs") as List<Tensor> ?? [];
                var oldStps = s.GetValueOrDefault("old_stps") as List<Tensor> ?? [];
                var ro = s.GetValueOrDefault("ro") as List<Tensor> ?? [];
                int nIter = 0;
                while (nIter < maxIter)
                {
                    nIter++;
                    long stateIter = (long)s["n_iter"] + 1;
                    s["n_iter"] = stateIter;

                    if (stateIter == 1)
                    {
                        d = flatGrad.neg();
                        hDiag = torch.ones([], flatGrad.dtype);
                        (oldDirs, oldStps, ro) = ([], [], []);
                    }
                    else
                    {
                        d = Direction(flatGrad, prevFlatGrad!, d!, t, ref hDiag!, oldDirs, oldStps, ro, historySize, s);
                    }
                    if (prevFlatGrad is null) prevFlatGrad = flatGrad.clone();
                    else prevFlatGrad.copy_(flatGrad);
                    double prevLoss = loss;
                    s["prev_loss"] = prevLoss;

                    // the first step ever is scaled down by the gradient's 1-norm
                    t = stateIter == 1 ? Math.Min(1.0, 1.0 / flatGrad.abs().sum().ToDouble()) * lr : lr;
                    double gtd = flatGrad.dot(d).ToDouble();
                    if (gtd > -toleranceChange) break; // not a descent direction (to tolerance)

                    long lsEvals = 0;
                    if (o.line_search_fn is not null)
                    {
                        Tensor[] xInit = [.. Params.Select(p => p.clone())];
                        (loss, flatGrad, t, lsEvals) =
                            StrongWolfe((x, tt2, dd) => DirectionalEvaluate(closure, x, tt2, dd), xInit, t, d, loss, flatGrad, gtd);
                        AddGrad(t, d);
                        optCond = flatGrad.abs().max().ToDouble() <= toleranceGrad;
                    }
                    else
                    {
                        AddGrad(t, d);
                        if (nIter != maxIter)
                        {
                            // no re-evaluation after the last iteration: in a stochastic setting it would be wasted
                            using (torch.enable_grad()) loss = closure().ToDouble();
                            flatGrad = GatherFlatGrad();
                            optCond = flatGrad.abs().max().ToDouble() <= toleranceGrad;
                            lsEvals = 1;
                        }
                    }
                    currentEvals += lsEvals;
                    s["func_evals"] = (long)s["func_evals"] + lsEvals;

                    if (nIter == maxIter || currentEvals >= maxEval || optCond) break;
                    if (d.mul(t).abs().max().ToDouble() <= toleranceChange) break; // lack of progress
                    if (Math.Abs(loss - prevLoss) < toleranceChange) break;
                }
                if (d is not null) Store(s, d, t, oldDirs, oldStps, ro, hDiag!, prevFlatGrad!);
                return origLoss;
            }

            private static void Store(Dictionary<string, object> s, Tensor d, double t, List<Tensor> oldDirs, List<Tensor> oldStps,
                                      List<Tensor> ro, Tensor hDiag, Tensor prevFlatGrad)
            {
                s["d"] = d;
                s["t"] = t;
                s["old_dirs"] = oldDirs;
                s["old_stps"] = oldStps;
                s["ro"] = ro;
                s["H_diag"] = hDiag;
                s["prev_flat_grad"] = prevFlatGrad;
            }

            /// <summary>The L-BFGS direction -H·g: records the last (s, y) pair when its curvature y·s is positive
            /// enough, then runs the two-loop recursion over the history, scaled by H_diag = y·s / y·y.</summary>
            private static Tensor Direction(Tensor flatGrad, Tensor prevFlatGrad, Tensor d, double t, ref Tensor hDiag,
                                            List<Tensor> oldDirs, List<Tensor> oldStps, List<Tensor> ro, long historySize,
                                            Dictionary<string, object> s)
            {
                Tensor y = flatGrad.sub(prevFlatGrad), st = d.mul(t), ys = y.dot(st);
                if (ys.ToDouble() > 1e-10)
                {
                    if (oldDirs.Count == historySize)
                    {
                        oldDirs.RemoveAt(0);
                        oldStps.RemoveAt(0);
                        ro.RemoveAt(0);
                    }
                    oldDirs.Add(y);
                    oldStps.Add(st);
                    ro.Add(ys.reciprocal());
                    hDiag = ys.div(y.dot(y));
                }
                if (s.GetValueOrDefault("al") is not Tensor?[] al) s["al"] = al = new Tensor?[historySize];
                Tensor q = flatGrad.neg();
                for (int i = oldDirs.Count - 1; i >= 0; i--)
                {
                    al[i] = oldStps[i].dot(q).mul(ro[i]);
                    q.add_(oldDirs[i], -al[i]!.ToDouble());
                }
                Tensor r = q.mul(hDiag);
                for (int i = 0; i < oldDirs.Count; i++)
                {
                    Tensor beI = oldDirs[i].dot(r).mul(ro[i]);
                    r.add_(oldStps[i], al[i]!.sub(beI).ToDouble());
                }
                return r;
            }
        }
    }
}
