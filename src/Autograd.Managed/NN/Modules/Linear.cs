namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>
    /// <c>y = x @ weight.T + bias</c>: input [*, in_features], <see cref="weight"/> [out_features, in_features],
    /// <see cref="bias"/> [out_features] (optional); the math is <c>nn.functional.linear</c>'s.
    /// </summary>
    public sealed class Linear : torch.nn.Module<Tensor, Tensor>
    {
        // named so that a parent's RegisterComponents() sees them as the registered weight and bias
        [Utils.ComponentName(Name = nameof(weight))]
        private Parameter _weight = null!;
        [Utils.ComponentName(Name = nameof(bias))]
        private Parameter? _bias;

        internal Linear(Parameter weight, Parameter? bias) : base(nameof(Linear))
        {
            ArgumentNullException.ThrowIfNull(weight);
            if (weight._shape.Length != 2)
                throw new ArgumentException($"Linear's weight must be 2-d [out_features, in_features], got {Shape.Format(weight._shape)}");
            if (bias is not null && (bias._shape.Length != 1 || bias._shape[0] != weight._shape[0]))
                throw new ArgumentException($"Linear's bias must be 1-d [{weight._shape[0]}], got {Shape.Format(bias._shape)}");
            in_features = weight._shape[1];
            out_features = weight._shape[0];
            this.weight = weight;
            this.bias = bias;
        }

        internal Linear(long inputSize, long outputSize, bool hasBias, Device? device, ScalarType? dtype) : base(nameof(Linear))
        {
            in_features = inputSize;
            out_features = outputSize;
            weight = new Parameter(torch.empty(outputSize, inputSize, dtype: dtype, device: device));
            bias = hasBias ? new Parameter(torch.empty(outputSize, dtype: dtype, device: device)) : null;
            reset_parameters();
        }

        /// <summary>PyTorch's default initialisation: kaiming_uniform_(weight, a: sqrt(5)), then the bias uniform in
        /// ±1/sqrt(in_features), drawn from the default generator in that order.</summary>
        public void reset_parameters()
        {
            torch.nn.init.kaiming_uniform_(_weight, a: Math.Sqrt(5));
            if (_bias is null) return;
            (long fanIn, _) = torch.nn.init.CalculateFanInAndFanOut(_weight);
            double bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
            torch.nn.init.uniform_(_bias, -bound, bound);
        }

        /// <summary>The weight, [out_features, in_features]. Setting it replaces the registered parameter.</summary>
        public Parameter weight
        {
            get => _weight;
            set
            {
                _weight = value ?? throw new ArgumentNullException(nameof(value));
                ConditionallyRegisterParameter(nameof(weight), value);
            }
        }

        /// <summary>The bias, [out_features], or null. Setting it replaces (or removes) the registered parameter.</summary>
        public Parameter? bias
        {
            get => _bias;
            set
            {
                _bias = value;
                ConditionallyRegisterParameter(nameof(bias), value);
            }
        }

        /// <summary>The size of each input sample.</summary>
        public long in_features { get; set; }

        /// <summary>The size of each output sample.</summary>
        public long out_features { get; set; }

        /// <summary><c>nn.functional.linear(input, weight, bias)</c>.</summary>
        /// <exception cref="ArgumentException">The input's last dim is not in_features (matmul's message).</exception>
        public override Tensor forward(Tensor tensor) => torch.nn.functional.linear(tensor, _weight, _bias);

        /// <inheritdoc/>
        public override string extra_repr() => $"in_features={in_features}, out_features={out_features}, bias={PyBool(_bias is not null)}";
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A linear layer over the given parameters (shared, not copied): <paramref name="weight"/>
            /// [out_features, in_features], <paramref name="bias"/> [out_features] or null.</summary>
            /// <exception cref="ArgumentException">The parameters' shapes don't fit.</exception>
            public static Modules.Linear Linear(Modules.Parameter weight, Modules.Parameter? bias = null) => new(weight, bias);

            /// <summary>A linear layer from <paramref name="inputSize"/> to <paramref name="outputSize"/> features, initialised
            /// as PyTorch's (<see cref="Modules.Linear.reset_parameters"/>).</summary>
            public static Modules.Linear Linear(long inputSize, long outputSize, bool hasBias = true, Device? device = null,
                                                ScalarType? dtype = null) =>
                new(inputSize, outputSize, hasBias, device, dtype);
        }
    }
}
