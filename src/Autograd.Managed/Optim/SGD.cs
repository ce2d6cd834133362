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
                new(parameters, learningRate, momentum, dampening, weight_decay, nesterov, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>The optimizer <see cref="torch.optim.SGD"/> returns (TorchSharp's <c>TorchSharp.Modules.SGD</c>).</summary>
        public sealed class SGD : torch.optim.Optimizer
        {
            private readonly double _lr, _momentum, _dampening, _weightDecay;
            private readonly bool _nesterov, _maximize;
            private readonly Tensor?[] _momentumBuffers;

            internal SGD(IEnumerable<Tensor> parameters, double lr, double momentum, double dampening, double weightDecay,
                         bool nesterov, bool maximize) : base(parameters)
            {
                if (!(lr >= 0)) throw new ArgumentException($"Invalid learning rate: {Format(lr)}");
                if (!(momentum >= 0)) throw new ArgumentException($"Invalid momentum value: {Format(momentum)}");
                if (!(weightDecay >= 0)) throw new ArgumentException($"Invalid weight_decay value: {Format(weightDecay)}");
                if (nesterov && (momentum <= 0 || dampening != 0))
                    throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
                (_lr, _momentum, _dampening, _weightDecay, _nesterov, _maximize) = (lr, momentum, dampening, weightDecay, nesterov, maximize);
                _momentumBuffers = new Tensor?[_params.Length];
            }

            // PyTorch's _single_tensor_sgd. The plain case is one fused pass, p += (-lr) * grad; every other
            // term is one more in-place or scaled-add pass, never a temporary the size of p except d_p
            // where PyTorch makes one too (weight decay, Nesterov).
            private protected override void Update()
            {
                for (int i = 0; i < _params.Length; i++)
                {
                    Tensor p = _params[i];
                    if (p._grad is not Tensor grad) continue;
                    Tensor dp = _maximize ? grad.neg() : grad;
                    if (_weightDecay != 0) dp = dp.add(p, _weightDecay);
                    if (_momentum != 0)
                    {
                        Tensor? buf = _momentumBuffers[i];
                        if (buf is null) _momentumBuffers[i] = buf = dp.clone().detach();
                        else buf.mul_(_momentum).add_(dp, 1 - _dampening);
                        dp = _nesterov ? dp.add(buf, _momentum) : buf;
                    }
                    p.add_(dp, -_lr);
                }
            }
        }
    }
}
