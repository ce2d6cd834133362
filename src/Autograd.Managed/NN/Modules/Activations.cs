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
    }

    /// <summary>max(x, 0).</summary>
    public sealed class ReLU : Activation
    {
        internal ReLU(bool inplace) : base(nameof(ReLU), inplace) { }

        /// <summary><c>nn.functional.relu(input, inplace)</c>.</summary>
        public override Tensor forward(Tensor tensor) => F.relu(tensor, inplace);
    }

    /// <summary>The logistic sigmoid 1 / (1 + exp(-x)).</summary>
    public sealed class Sigmoid : Activation
    {
        internal Sigmoid(bool inplace) : base(nameof(Sigmoid), inplace) { }

        /// <summary><c>nn.functional.sigmoid(input, inplace)</c>.</summary>
        public override Tensor forward(Tensor tensor) => F.sigmoid(tensor, inplace);

        /// <summary>Nothing: PyTorch's Sigmoid prints no settings.</summary>
        public override string extra_repr() => "";
    }

    /// <summary>The hyperbolic tangent.</summary>
    public sealed class Tanh : Activation
    {
        internal Tanh(bool inplace) : base(nameof(Tanh), inplace) { }

        /// <summary><c>nn.functional.tanh(input, inplace)</c>.</summary>
        public override Tensor forward(Tensor tensor) => F.tanh(tensor, inplace);

        /// <summary>Nothing: PyTorch's Tanh prints no settings.</summary>
        public override string extra_repr() => "";
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
}

namespace Autograd
{
    using Autograd.Modules;

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A ReLU module: max(x, 0).</summary>
            public static ReLU ReLU(bool inplace = false) => new(inplace);

            /// <summary>A sigmoid module.</summary>
            public static Sigmoid Sigmoid() => new(false);

            /// <summary>A sigmoid module, in place on its input when <paramref name="inplace"/>.</summary>
            public static Sigmoid Sigmoid(bool inplace) => new(inplace);

            /// <summary>A tanh module.</summary>
            public static Tanh Tanh() => new(false);

            /// <summary>A tanh module, in place on its input when <paramref name="inplace"/>.</summary>
            public static Tanh Tanh(bool inplace = false) => new(inplace);

            /// <summary>A softmax module along <paramref name="dim"/>.</summary>
            public static Softmax Softmax(long dim) => new(dim);

            /// <summary>A log-softmax module along <paramref name="dim"/>.</summary>
            public static LogSoftmax LogSoftmax(long dim) => new(dim);
        }
    }
}
