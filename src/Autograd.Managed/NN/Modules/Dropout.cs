using F = Autograd.torch.nn.functional;

namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>A dropout module: in training mode it zeroes elements (or whole channels) with probability
    /// <see cref="p"/> and rescales the rest; in evaluation mode it returns its input. The mask is drawn from the
    /// default generator exactly as LibTorch draws it.</summary>
    public abstract class DropoutModule : ParameterLessModule<Tensor, Tensor>
    {
        /// <exception cref="ArgumentException"><paramref name="p"/> is outside [0, 1] (PyTorch's message).</exception>
        private protected DropoutModule(string name, double p, bool inplace) : base(name)
        {
            if (p < 0 || p > 1 || double.IsNaN(p))
                throw new ArgumentException($"dropout probability has to be between 0 and 1, but got {PyFloat(p)}");
            this.p = p;
            this.inplace = inplace;
        }

        /// <summary>The probability of zeroing an element (or channel).</summary>
        public double p { get; set; }

        /// <summary>Whether forward overwrites its input.</summary>
        public bool inplace { get; set; }

        /// <inheritdoc/>
        public override string extra_repr() => $"p={PyFloat(p)}, inplace={PyBool(inplace)}";
    }

    /// <summary>Element-wise dropout: <c>nn.functional.dropout</c> with this module's training flag.</summary>
    public sealed class Dropout : DropoutModule
    {
        internal Dropout(double p, bool inplace) : base(nameof(Dropout), p, inplace) { }

        /// <inheritdoc cref="torch.nn.functional.dropout"/>
        public override Tensor forward(Tensor tensor) => F.dropout(tensor, p, training, inplace);
    }

    /// <summary>Channel-wise dropout of [N, C, L] or [C, L] input: <c>nn.functional.dropout1d</c>.</summary>
    public sealed class Dropout1d : DropoutModule
    {
        internal Dropout1d(double p, bool inplace) : base(nameof(Dropout1d), p, inplace) { }

        /// <inheritdoc cref="torch.nn.functional.dropout1d"/>
        public override Tensor forward(Tensor tensor) => F.dropout1d(tensor, p, training, inplace);
    }

    /// <summary>Channel-wise dropout of [N, C, H, W] or [C, H, W] input: <c>nn.functional.dropout2d</c>.</summary>
    public sealed class Dropout2d : DropoutModule
    {
        internal Dropout2d(double p, bool inplace) : base(nameof(Dropout2d), p, inplace) { }

        /// <inheritdoc cref="torch.nn.functional.dropout2d"/>
        public override Tensor forward(Tensor tensor) => F.dropout2d(tensor, p, training, inplace);
    }

    /// <summary>Dropout that keeps a SELU network's mean and variance: <c>nn.functional.alpha_dropout</c>.</summary>
    public sealed class AlphaDropout : DropoutModule
    {
        internal AlphaDropout(double p, bool inplace) : base(nameof(AlphaDropout), p, inplace) { }

        /// <inheritdoc cref="torch.nn.functional.alpha_dropout"/>
        public override Tensor forward(Tensor tensor) => F.alpha_dropout(tensor, p, training, inplace);
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Element-wise dropout with probability <paramref name="p"/> (active in training mode only).</summary>
            /// <exception cref="ArgumentException"><paramref name="p"/> is outside [0, 1].</exception>
            public static Modules.Dropout Dropout(double p = 0.5, bool inplace = false) => new(p, inplace);

            /// <summary>Channel-wise dropout of 1-d feature maps with probability <paramref name="p"/>.</summary>
            /// <exception cref="ArgumentException"><paramref name="p"/> is outside [0, 1].</exception>
            public static Modules.Dropout1d Dropout1d(double p = 0.5, bool inplace = false) => new(p, inplace);

            /// <summary>Channel-wise dropout of 2-d feature maps with probability <paramref name="p"/>.</summary>
            /// <exception cref="ArgumentException"><paramref name="p"/> is outside [0, 1].</exception>
            public static Modules.Dropout2d Dropout2d(double p = 0.5, bool inplace = false) => new(p, inplace);

            /// <summary>Alpha dropout with probability <paramref name="p"/> (active in training mode only).</summary>
            /// <exception cref="ArgumentException"><paramref name="p"/> is outside [0, 1].</exception>
            public static Modules.AlphaDropout AlphaDropout(double p = 0.5, bool inplace = false) => new(p, inplace);
        }
    }
}
