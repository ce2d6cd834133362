using F = Autograd.torch.nn.functional;

namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>An activation module: a parameter-less layer whose forward is one <c>nn.functional</c> call.
    /// <see cref="inplace"/> (where the activation has an in-place form) overwrites the input.</summary>
    public abstract class Activation : ParameterLessModule<Tensor, Tensor>
    {
        /// <summary>A module named <paramref name="name"/>.</summary>
        protected Activation(string name, bool inplace = false) : base(name) { this.inplace = inplace; }

        /// <summary>Whether forward overwrites its input.</summary>
        public bool inplace { get; set; }

        /// <summary>PyTorch's <c>inplace=True</c> when set, else nothing.</summary>
        public override string extra_repr() => inplace ? "inplace=True" : "";

        /// <summary>", inplace=True" when set (the tail PyTorch appends to other settings).</summary>
        protected string InplaceSuffix => inplace ? ", inplace=True" : "";
    }

    /// <summary>The logistic sigmoid 1 / (1 + exp(-x)).</summary>
    public sealed class Sigmoid : Activation
    {
        internal Sigmoid(bool inplace) : base(nameof(Sigmoid), inplace) { }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.sigmoid(tensor, inplace);

        /// <summary>Nothing: PyTorch's Sigmoid prints no settings.</summary>
        public override string extra_repr() => "";
    }

    /// <summary>The hyperbolic tangent.</summary>
    public sealed class Tanh : Activation
    {
        internal Tanh(bool inplace) : base(nameof(Tanh), inplace) { }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.tanh(tensor, inplace);

        /// <summary>Nothing: PyTorch's Tanh prints no settings.</summary>
        public override string extra_repr() => "";
    }

    /// <summary>x * Φ(x) (Φ the standard normal CDF), exact or with the tanh approximation.</summary>
    public sealed class GELU : Activation
    {
        /// <summary>How GELU computes Φ: exactly (<see cref="none"/>) or with PyTorch's tanh approximation.</summary>
        public enum Approximate
        {
            /// <summary>0.5 * (1 + erf(x / sqrt(2))).</summary>
            none,
            /// <summary>0.5 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))).</summary>
            tanh,
        }

        internal GELU(bool inplace, Approximate approximate = Approximate.none)
            : base(nameof(GELU), inplace) { this.approximate = approximate; }

        /// <summary>Exact or tanh-approximated.</summary>
        public Approximate approximate { get; set; }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.gelu(tensor, approximate, inplace);

        /// <inheritdoc/>
        public override string extra_repr() => $"approximate='{approximate}'";
    }

    /// <summary>x for x &gt; 0, weight * x otherwise, with a learnable weight (one, or one per channel).</summary>
    public sealed class PReLU : torch.nn.Module<Tensor, Tensor>
    {
        [Utils.ComponentName(Name = nameof(weight))]
        private Parameter _weight = null!;

        internal PReLU(long num_parameters, double init, Device? device, ScalarType? dtype) : base(nameof(PReLU))
        {
            if (num_parameters < 1) throw new ArgumentException($"num_parameters must be positive, got {num_parameters}");
            this.num_parameters = num_parameters;
            this.init = init;
            Device.Check(device);
            weight = new Parameter(torch.full([num_parameters], init, dtype: dtype));
        }

        /// <summary>The slopes for negative inputs, [num_parameters].</summary>
        public Parameter weight
        {
            get => _weight;
            set
            {
                _weight = value ?? throw new ArgumentNullException(nameof(value));
                ConditionallyRegisterParameter(nameof(weight), value);
            }
        }

        /// <summary>The number of slopes: 1 or the channel count.</summary>
        public long num_parameters { get; private set; }

        /// <summary>The slopes' initial value.</summary>
        public double init { get; private set; }

        /// <summary><c>nn.functional.prelu(input, weight)</c>.</summary>
        public override Tensor forward(Tensor tensor) => F.prelu(tensor, _weight);

        /// <inheritdoc/>
        public override string extra_repr() => $"num_parameters={num_parameters}";
    }

    /// <summary>A softmax-family module along <see cref="dim"/>.</summary>
    public abstract class DimActivation : ParameterLessModule<Tensor, Tensor>
    {
        /// <summary>A module named <paramref name="name"/> along <paramref name="dim"/>.</summary>
        protected DimActivation(string name, long dim) : base(name) { this.dim = dim; }

        /// <summary>The dim normalised over (negative counts from the end).</summary>
        public long dim { get; set; }

        /// <inheritdoc/>
        public override string extra_repr() => $"dim={dim}";
    }

    /// <summary>exp(x) / sum(exp(x)) along <see cref="DimActivation.dim"/>.</summary>
    public sealed class Softmax : DimActivation
    {
        internal Softmax(long dim) : base(nameof(Softmax), dim) { }

        /// <summary><c>nn.functional.softmax(input, dim)</c>.</summary>
        public override Tensor forward(Tensor tensor) => F.softmax(tensor, dim);
    }

    /// <summary>log(softmax(x)) along <see cref="DimActivation.dim"/>.</summary>
    public sealed class LogSoftmax : DimActivation
    {
        internal LogSoftmax(long dim) : base(nameof(LogSoftmax), dim) { }

        /// <summary><c>nn.functional.log_softmax(input, dim)</c>.</summary>
        public override Tensor forward(Tensor tensor) => F.log_softmax(tensor, dim);
    }

    /// <summary>max(x, 0).</summary>
    public sealed class ReLU : Activation
    {
        internal ReLU(bool inplace) : base(nameof(ReLU), inplace) { }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.relu(tensor, inplace);
    }

    /// <summary>min(max(x, 0), 6).</summary>
    public sealed class ReLU6 : Activation
    {
        internal ReLU6(bool inplace) : base(nameof(ReLU6), inplace) { }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.relu6(tensor, inplace);
    }

    /// <summary>x for x &gt; 0, negative_slope * x otherwise.</summary>
    public sealed class LeakyReLU : Activation
    {
        internal LeakyReLU(double negative_slope, bool inplace) : base(nameof(LeakyReLU), inplace)
        {
            this.negative_slope = negative_slope;
        }

        /// <summary>PyTorch's <c>negative_slope</c> setting.</summary>
        public double negative_slope { get; set; }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.leaky_relu(tensor, negative_slope, inplace);

        /// <inheritdoc/>
        public override string extra_repr() => $"negative_slope={PyFloat(negative_slope)}{InplaceSuffix}";
    }

    /// <summary>x for x &gt; 0, alpha * (exp(x) - 1) otherwise.</summary>
    public sealed class ELU : Activation
    {
        internal ELU(double alpha, bool inplace) : base(nameof(ELU), inplace)
        {
            this.alpha = alpha;
        }

        /// <summary>PyTorch's <c>alpha</c> setting.</summary>
        public double alpha { get; set; }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.elu(tensor, alpha, inplace);

        /// <inheritdoc/>
        public override string extra_repr() => $"alpha={PyFloat(alpha)}{InplaceSuffix}";
    }

    /// <summary>scale * elu(x, alpha) with SELU's fixed constants.</summary>
    public sealed class SELU : Activation
    {
        internal SELU(bool inplace) : base(nameof(SELU), inplace) { }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.selu(tensor, inplace);
    }

    /// <summary>max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).</summary>
    public sealed class CELU : Activation
    {
        internal CELU(double alpha, bool inplace) : base(nameof(CELU), inplace)
        {
            this.alpha = alpha;
        }

        /// <summary>PyTorch's <c>alpha</c> setting.</summary>
        public double alpha { get; set; }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.celu(tensor, alpha, inplace);

        /// <inheritdoc/>
        public override string extra_repr() => $"alpha={PyFloat(alpha)}{InplaceSuffix}";
    }

    /// <summary>x * sigmoid(x).</summary>
    public sealed class SiLU : Activation
    {
        internal SiLU(bool inplace) : base(nameof(SiLU), inplace) { }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.silu(tensor, inplace);
    }

    /// <summary>x * tanh(softplus(x)).</summary>
    public sealed class Mish : Activation
    {
        internal Mish(bool inplace) : base(nameof(Mish), inplace) { }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.mish(tensor, inplace);
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A sigmoid module.</summary>
            public static Modules.Sigmoid Sigmoid() => new(false);

            /// <summary>A sigmoid module, in place on its input when <paramref name="inplace"/>.</summary>
            public static Modules.Sigmoid Sigmoid(bool inplace) => new(inplace);

            /// <summary>A tanh module.</summary>
            public static Modules.Tanh Tanh() => new(false);

            /// <summary>A tanh module, in place on its input when <paramref name="inplace"/>.</summary>
            public static Modules.Tanh Tanh(bool inplace = false) => new(inplace);

            /// <summary>An exact GELU module.</summary>
            public static Modules.GELU GELU() => new(false);

            /// <summary>An exact GELU module, in place on its input when <paramref name="inplace"/>.</summary>
            public static Modules.GELU GELU(bool inplace) => new(inplace);

            /// <summary>A GELU module, exact or tanh-approximated.</summary>
            public static Modules.GELU GELU(Modules.GELU.Approximate approximate, bool inplace = false) => new(inplace, approximate);

            /// <summary>A PReLU module with <paramref name="num_parameters"/> slopes starting at <paramref name="init"/>.</summary>
            /// <exception cref="ArgumentException"><paramref name="num_parameters"/> &lt; 1.</exception>
            public static Modules.PReLU PReLU(long num_parameters, double init = 0.25, Device? device = null, ScalarType? dtype = null) =>
                new(num_parameters, init, device, dtype);

            /// <summary>A softmax module along <paramref name="dim"/>.</summary>
            public static Modules.Softmax Softmax(long dim) => new(dim);

            /// <summary>A log-softmax module along <paramref name="dim"/>.</summary>
            public static Modules.LogSoftmax LogSoftmax(long dim) => new(dim);

            /// <summary>A <see cref="Modules.ReLU"/> module: max(x, 0).</summary>
            public static Modules.ReLU ReLU(bool inplace = false) => new(inplace);

            /// <summary>A <see cref="Modules.ReLU6"/> module: min(max(x, 0), 6).</summary>
            public static Modules.ReLU6 ReLU6(bool inplace = false) => new(inplace);

            /// <summary>A <see cref="Modules.LeakyReLU"/> module: x for x &gt; 0, negative_slope * x otherwise.</summary>
            public static Modules.LeakyReLU LeakyReLU(double negative_slope = 0.01, bool inplace = false) => new(negative_slope, inplace);

            /// <summary>A <see cref="Modules.ELU"/> module: x for x &gt; 0, alpha * (exp(x) - 1) otherwise.</summary>
            public static Modules.ELU ELU(double alpha = 1.0, bool inplace = false) => new(alpha, inplace);

            /// <summary>A <see cref="Modules.SELU"/> module: scale * elu(x, alpha) with SELU's fixed constants.</summary>
            public static Modules.SELU SELU(bool inplace = false) => new(inplace);

            /// <summary>A <see cref="Modules.CELU"/> module: max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).</summary>
            public static Modules.CELU CELU(double alpha = 1.0, bool inplace = false) => new(alpha, inplace);

            /// <summary>A <see cref="Modules.SiLU"/> module: x * sigmoid(x).</summary>
            public static Modules.SiLU SiLU() => new(false);

            /// <summary>A <see cref="Modules.SiLU"/> module: x * sigmoid(x).</summary>
            public static Modules.SiLU SiLU(bool inplace) => new(inplace);

            /// <summary>A <see cref="Modules.Mish"/> module: x * tanh(softplus(x)).</summary>
            public static Modules.Mish Mish() => new(false);

            /// <summary>A <see cref="Modules.Mish"/> module: x * tanh(softplus(x)).</summary>
            public static Modules.Mish Mish(bool inplace) => new(inplace);
        }
    }
}
