// Activation modules, continued (Activations.cs has the base): the hard, shrink and threshold family,
// softplus and its relatives, GLU and softmin.
using F = Autograd.torch.nn.functional;

namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>log(1 + exp(beta * x)) / beta, linear above threshold.</summary>
    public sealed class Softplus : Activation
    {
        internal Softplus(double beta, double threshold) : base(nameof(Softplus))
        {
            this.beta = beta;
            this.threshold = threshold;
        }

        /// <summary>PyTorch's <c>beta</c> setting.</summary>
        public double beta { get; set; }

        /// <summary>PyTorch's <c>threshold</c> setting.</summary>
        public double threshold { get; set; }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.softplus(tensor, beta, threshold);

        /// <inheritdoc/>
        public override string extra_repr() => $"beta={PyFloat(beta)}, threshold={PyFloat(threshold)}";
    }

    /// <summary>x / (1 + |x|).</summary>
    public sealed class Softsign : Activation
    {
        internal Softsign(bool inplace) : base(nameof(Softsign), inplace) { }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.softsign(tensor, inplace);

        /// <inheritdoc/>
        public override string extra_repr() => "";
    }

    /// <summary>min(max(x, min_val), max_val).</summary>
    public sealed class Hardtanh : Activation
    {
        internal Hardtanh(double min_val, double max_val, bool inplace) : base(nameof(Hardtanh), inplace)
        {
            this.min_val = min_val;
            this.max_val = max_val;
        }

        /// <summary>PyTorch's <c>min_val</c> setting.</summary>
        public double min_val { get; set; }

        /// <summary>PyTorch's <c>max_val</c> setting.</summary>
        public double max_val { get; set; }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.hardtanh(tensor, min_val, max_val, inplace);

        /// <inheritdoc/>
        public override string extra_repr() => $"min_val={PyFloat(min_val)}, max_val={PyFloat(max_val)}{InplaceSuffix}";
    }

    /// <summary>x * relu6(x + 3) / 6.</summary>
    public sealed class Hardswish : Activation
    {
        internal Hardswish(bool inplace) : base(nameof(Hardswish), inplace) { }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.hardswish(tensor, inplace);

        /// <inheritdoc/>
        public override string extra_repr() => "";
    }

    /// <summary>relu6(x + 3) / 6.</summary>
    public sealed class Hardsigmoid : Activation
    {
        internal Hardsigmoid(bool inplace) : base(nameof(Hardsigmoid), inplace) { }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.hardsigmoid(tensor, inplace);

        /// <inheritdoc/>
        public override string extra_repr() => "";
    }

    /// <summary>x - tanh(x).</summary>
    public sealed class Tanhshrink : Activation
    {
        internal Tanhshrink(bool inplace) : base(nameof(Tanhshrink), inplace) { }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.tanhshrink(tensor, inplace);

        /// <inheritdoc/>
        public override string extra_repr() => "";
    }

    /// <summary>x - lambda above lambda, x + lambda below -lambda, 0 between.</summary>
    public sealed class Softshrink : Activation
    {
        internal Softshrink(double lambda) : base(nameof(Softshrink))
        {
            this.lambda = lambda;
        }

        /// <summary>PyTorch's <c>lambda</c> setting.</summary>
        public double lambda { get; set; }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.softshrink(tensor, lambda);

        /// <inheritdoc/>
        public override string extra_repr() => PyFloat(lambda);
    }

    /// <summary>x where |x| &gt; lambda, 0 otherwise.</summary>
    public sealed class Hardshrink : Activation
    {
        internal Hardshrink(double lambda) : base(nameof(Hardshrink))
        {
            this.lambda = lambda;
        }

        /// <summary>PyTorch's <c>lambda</c> setting.</summary>
        public double lambda { get; set; }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.hardshrink(tensor, lambda);

        /// <inheritdoc/>
        public override string extra_repr() => PyFloat(lambda);
    }

    /// <summary>x where x &gt; threshold, value otherwise.</summary>
    public sealed class Threshold : Activation
    {
        internal Threshold(double threshold, double value, bool inplace) : base(nameof(Threshold), inplace)
        {
            this.threshold = threshold;
            this.value = value;
        }

        /// <summary>PyTorch's <c>threshold</c> setting.</summary>
        public double threshold { get; set; }

        /// <summary>PyTorch's <c>value</c> setting.</summary>
        public double value { get; set; }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.threshold(tensor, threshold, value, inplace);

        /// <inheritdoc/>
        public override string extra_repr() => $"threshold={PyFloat(threshold)}, value={PyFloat(value)}{InplaceSuffix}";
    }

    /// <summary>a * sigmoid(b) for the two halves a, b of the input along dim.</summary>
    public sealed class GLU : Activation
    {
        internal GLU(long dim) : base(nameof(GLU))
        {
            this.dim = dim;
        }

        /// <summary>PyTorch's <c>dim</c> setting.</summary>
        public long dim { get; set; }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.glu(tensor, dim);

        /// <inheritdoc/>
        public override string extra_repr() => $"dim={dim}";
    }

    /// <summary>log(sigmoid(x)).</summary>
    public sealed class LogSigmoid : Activation
    {
        internal LogSigmoid() : base(nameof(LogSigmoid)) { }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.logsigmoid(tensor);

        /// <inheritdoc/>
        public override string extra_repr() => "";
    }

    /// <summary>softmax(-x) along dim.</summary>
    public sealed class Softmin : Activation
    {
        internal Softmin(long dim) : base(nameof(Softmin))
        {
            this.dim = dim;
        }

        /// <summary>PyTorch's <c>dim</c> setting.</summary>
        public long dim { get; set; }

        /// <summary><c>nn.functional</c>'s form.</summary>
        public override Tensor forward(Tensor tensor) => F.softmin(tensor, dim);

        /// <inheritdoc/>
        public override string extra_repr() => $"dim={dim}";
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A <see cref="Modules.Softplus"/> module: log(1 + exp(beta * x)) / beta, linear above threshold.</summary>
            public static Modules.Softplus Softplus(double beta = 1, double threshold = 20) => new(beta, threshold);

            /// <summary>A <see cref="Modules.Softsign"/> module: x / (1 + |x|).</summary>
            public static Modules.Softsign Softsign() => new(false);

            /// <summary>A <see cref="Modules.Softsign"/> module: x / (1 + |x|).</summary>
            public static Modules.Softsign Softsign(bool inplace) => new(inplace);

            /// <summary>A <see cref="Modules.Hardtanh"/> module: min(max(x, min_val), max_val).</summary>
            public static Modules.Hardtanh Hardtanh(double min_val = -1.0, double max_val = 1.0, bool inplace = false) =>
                new(min_val, max_val, inplace);

            /// <summary>A <see cref="Modules.Hardswish"/> module: x * relu6(x + 3) / 6.</summary>
            public static Modules.Hardswish Hardswish(bool inplace = false) => new(inplace);

            /// <summary>A <see cref="Modules.Hardsigmoid"/> module: relu6(x + 3) / 6.</summary>
            public static Modules.Hardsigmoid Hardsigmoid(bool inplace = false) => new(inplace);

            /// <summary>A <see cref="Modules.Tanhshrink"/> module: x - tanh(x).</summary>
            public static Modules.Tanhshrink Tanhshrink() => new(false);

            /// <summary>A <see cref="Modules.Tanhshrink"/> module: x - tanh(x).</summary>
            public static Modules.Tanhshrink Tanhshrink(bool inplace = false) => new(inplace);

            /// <summary>A <see cref="Modules.Softshrink"/> module: x - lambda above lambda, x + lambda below -lambda, 0 between.</summary>
            public static Modules.Softshrink Softshrink(double lambda = 0.5) => new(lambda);

            /// <summary>A <see cref="Modules.Hardshrink"/> module: x where |x| &gt; lambda, 0 otherwise.</summary>
            public static Modules.Hardshrink Hardshrink(double lambda = 0.5) => new(lambda);

            /// <summary>A <see cref="Modules.Threshold"/> module: x where x &gt; threshold, value otherwise.</summary>
            public static Modules.Threshold Threshold(double threshold, double value, bool inplace = false) =>
                new(threshold, value, inplace);

            /// <summary>A <see cref="Modules.GLU"/> module: a * sigmoid(b) for the two halves a, b of the input along dim.</summary>
            public static Modules.GLU GLU(long dim = -1) => new(dim);

            /// <summary>A <see cref="Modules.LogSigmoid"/> module: log(sigmoid(x)).</summary>
            public static Modules.LogSigmoid LogSigmoid() => new();

            /// <summary>A <see cref="Modules.Softmin"/> module: softmax(-x) along dim.</summary>
            public static Modules.Softmin Softmin(long dim) => new(dim);
        }
    }
}
