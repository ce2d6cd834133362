namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>
    /// <c>y = x1ᵀ A x2 + b</c> per output feature: input1 [*, in1_features], input2 [*, in2_features],
    /// <see cref="weight"/> [out_features, in1_features, in2_features], <see cref="bias"/> [out_features] (optional);
    /// the math is <c>nn.functional.bilinear</c>'s.
    /// </summary>
    public sealed class Bilinear : torch.nn.Module<Tensor, Tensor, Tensor>
    {
        [Utils.ComponentName(Name = nameof(weight))]
        private Parameter _weight = null!;
        [Utils.ComponentName(Name = nameof(bias))]
        private Parameter? _bias;

        internal Bilinear(long in1_features, long in2_features, long out_features, bool hasBias, Device? device, ScalarType? dtype)
            : base(nameof(Bilinear))
        {
            this.in1_features = in1_features;
            this.in2_features = in2_features;
            this.out_features = out_features;
            weight = new Parameter(torch.empty(out_features, in1_features, in2_features, dtype: dtype, device: device));
            bias = hasBias ? new Parameter(torch.empty(out_features, dtype: dtype, device: device)) : null;
            reset_parameters();
        }

        /// <summary>PyTorch's initialisation: weight, then bias, uniform in ±1/sqrt(in1_features), drawn from the
        /// default generator in that order.</summary>
        public void reset_parameters()
        {
            double bound = 1 / Math.Sqrt(_weight._shape[1]);
            torch.nn.init.uniform_(_weight, -bound, bound);
            if (_bias is not null) torch.nn.init.uniform_(_bias, -bound, bound);
        }

        /// <summary>The weight, [out_features, in1_features, in2_features]. Setting it replaces the registered parameter.</summary>
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

        /// <summary>The size of each first input sample.</summary>
        public long in1_features { get; set; }

        /// <summary>The size of each second input sample.</summary>
        public long in2_features { get; set; }

        /// <summary>The size of each output sample.</summary>
        public long out_features { get; set; }

        /// <summary><c>nn.functional.bilinear(input1, input2, weight, bias)</c>.</summary>
        /// <exception cref="ArgumentException">The inputs don't fit the weight (PyTorch's messages).</exception>
        public override Tensor forward(Tensor input1, Tensor input2) => torch.nn.functional.bilinear(input1, input2, _weight, _bias);

        /// <inheritdoc/>
        public override string extra_repr() =>
            $"in1_features={in1_features}, in2_features={in2_features}, out_features={out_features}, bias={PyBool(_bias is not null)}";
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A bilinear layer from (<paramref name="in1_features"/>, <paramref name="in2_features"/>) to
            /// <paramref name="out_features"/>, initialised as PyTorch's (<see cref="Modules.Bilinear.reset_parameters"/>).</summary>
            public static Modules.Bilinear Bilinear(long in1_features, long in2_features, long out_features, bool hasBias = true,
                                                    Device? device = null, ScalarType? dtype = null) =>
                new(in1_features, in2_features, out_features, hasBias, device, dtype);
        }
    }
}
