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
                new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, decoupled: false);

            /// <summary>AdamW (PyTorch's <c>torch.optim.AdamW</c>): Adam with decoupled weight decay, each step
            /// first scaling the parameter by 1 - lr * weight_decay. PyTorch's defaults, weight_decay 0.01
            /// (TorchSharp 0.107's factory has 0 and beta2 0.99).</summary>
            /// <inheritdoc cref="Adam"/>
            public static Modules.AdamW AdamW(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                                              double eps = 1e-8, double weight_decay = 1e-2, bool amsgrad = false, bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>The optimizer <see cref="torch.optim.Adam"/> returns. Each step is one native pass per
        /// parameter (agn_adam) with PyTorch's single-tensor Adam arithmetic, where LibTorch makes about
        /// eight.</summary>
        public class Adam : torch.optim.Optimizer
        {
            private readonly double _lr, _beta1, _beta2, _eps, _weightDecay;
            private readonly bool _amsgrad, _maximize, _decoupled;
            private readonly State?[] _state;

            /// <summary>A parameter's state, created at its first update, as PyTorch's is.</summary>
            private sealed class State(Tensor p, bool amsgrad)
            {
                internal long Step;
                internal readonly Tensor ExpAvg = torch.zeros_like(p), ExpAvgSq = torch.zeros_like(p);
                internal readonly Tensor? MaxExpAvgSq = amsgrad ? torch.zeros_like(p) : null;
            }

            internal Adam(IEnumerable<Tensor> parameters, double lr, double beta1, double beta2, double eps, double weightDecay,
                          bool amsgrad, bool maximize, bool decoupled) : base(parameters)
            {
                // PyTorch's checks, in its order; written so that NaN fails them
                if (!(lr >= 0)) throw new ArgumentException($"Invalid learning rate: {Format(lr)}");
                if (!(eps >= 0)) throw new ArgumentException($"Invalid epsilon value: {Format(eps)}");
                if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentException($"Invalid beta parameter at index 0: {Format(beta1)}");
                if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentException($"Invalid beta parameter at index 1: {Format(beta2)}");
                if (!(weightDecay >= 0)) throw new ArgumentException($"Invalid weight_decay value: {Format(weightDecay)}");
                (_lr, _beta1, _beta2, _eps, _weightDecay) = (lr, beta1, beta2, eps, weightDecay);
                (_amsgrad, _maximize, _decoupled) = (amsgrad, maximize, decoupled);
                _state = new State?[_params.Length];
            }

            private protected override void Update()
            {
                for (int i = 0; i < _params.Length; i++)
                {
                    Tensor p = _params[i];
                    if (p._grad is not Tensor grad) continue; // .grad always has p's dtype and shape (its setter checks)
                    State s = _state[i] ??= new State(p, _amsgrad);
                    s.Step++;
                    var hyper = new AgnAdamHyper
                    {
                        Lr = _lr, Beta1 = _beta1, Beta2 = _beta2, Eps = _eps, WeightDecay = _weightDecay, Step = s.Step,
                        Decoupled = _decoupled ? 1 : 0, Amsgrad = _amsgrad ? 1 : 0, Maximize = _maximize ? 1 : 0,
                    };
                    Ops.Kernels.Adam(p, grad, s.ExpAvg, s.ExpAvgSq, s.MaxExpAvgSq, hyper);
                    p._storage.Version++;
                }
            }
        }

        /// <summary>The optimizer <see cref="torch.optim.AdamW"/> returns: an <see cref="Adam"/> with decoupled
        /// weight decay, as PyTorch's AdamW subclasses Adam.</summary>
        public sealed class AdamW : Adam
        {
            internal AdamW(IEnumerable<Tensor> parameters, double lr, double beta1, double beta2, double eps, double weightDecay,
                           bool amsgrad, bool maximize) : base(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupled: true)
            {
            }
        }
    }
}
