using F = Autograd.torch.nn.functional;

namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>A pooling module: parameter-less, its forward one <c>nn.functional</c> call. Settings print as the user
    /// gave them, as in PyTorch: one number when built from one number, else a tuple.</summary>
    public abstract class PoolingModule : ParameterLessModule<Tensor, Tensor>
    {
        private protected PoolingModule(string name, bool scalar) : base(name) { _scalar = scalar; }

        private readonly bool _scalar;

        /// <summary>A setting's printout: <paramref name="missing"/> when not given, one number for a scalar-built module,
        /// else a tuple.</summary>
        private protected string Show(long[]? v, string missing) =>
            v is null ? missing : _scalar ? v[0].ToString(System.Globalization.CultureInfo.InvariantCulture) : PyTuple(v);
    }

    /// <summary>1-d max pooling of input [N, C, L] or [C, L]; stride defaults to the kernel size.</summary>
    public sealed class MaxPool1d : PoolingModule
    {
        internal MaxPool1d(long kernel_size, long? stride, long? padding, long? dilation, bool ceil_mode) : base(nameof(MaxPool1d), true)
        {
            this.kernel_size = kernel_size;
            this.stride = stride;
            this.padding = padding;
            this.dilation = dilation;
            this.ceil_mode = ceil_mode;
        }

        /// <summary>The window's size.</summary>
        public long kernel_size { get; set; }
        /// <summary>The window's stride (null: the kernel size).</summary>
        public long? stride { get; set; }
        /// <summary>Implicit -inf padding on both sides (null: 0).</summary>
        public long? padding { get; set; }
        /// <summary>The stride between a window's elements (null: 1).</summary>
        public long? dilation { get; set; }
        /// <summary>Whether the output size rounds up.</summary>
        public bool ceil_mode { get; set; }

        /// <summary><c>nn.functional.max_pool1d</c>.</summary>
        /// <exception cref="ArgumentException">Wrong rank, bad sizes or an empty output (PyTorch's messages).</exception>
        public override Tensor forward(Tensor input) => F.max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode);

        /// <summary>The maxima and their positions in each input row (PyTorch's <c>return_indices=True</c>).</summary>
        public (Tensor Values, Tensor Indices) forward_with_indices(Tensor input) =>
            F.max_pool1d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode);

        /// <inheritdoc/>
        public override string extra_repr() =>
            $"kernel_size={kernel_size}, stride={stride ?? kernel_size}, padding={padding ?? 0}, dilation={dilation ?? 1}, " +
            $"ceil_mode={PyBool(ceil_mode)}";
    }

    /// <summary>2-d max pooling of input [N, C, H, W] or [C, H, W]; stride defaults to the kernel size.</summary>
    public sealed class MaxPool2d : PoolingModule
    {
        internal MaxPool2d(long[] kernel_size, long[]? stride, long[]? padding, long[]? dilation, bool ceil_mode, bool scalar)
            : base(nameof(MaxPool2d), scalar)
        {
            this.kernel_size = kernel_size ?? throw new ArgumentNullException(nameof(kernel_size));
            this.stride = stride;
            this.padding = padding;
            this.dilation = dilation;
            this.ceil_mode = ceil_mode;
        }

        /// <summary>The window's size (one value for both dims, or one per dim).</summary>
        public long[] kernel_size { get; set; }
        /// <summary>The window's stride (null: the kernel size).</summary>
        public long[]? stride { get; set; }
        /// <summary>Implicit -inf padding on both sides (null: 0).</summary>
        public long[]? padding { get; set; }
        /// <summary>The stride between a window's elements (null: 1).</summary>
        public long[]? dilation { get; set; }
        /// <summary>Whether the output size rounds up.</summary>
        public bool ceil_mode { get; set; }

        /// <summary><c>nn.functional.max_pool2d</c>.</summary>
        /// <exception cref="ArgumentException">Wrong rank, bad sizes or an empty output (PyTorch's messages).</exception>
        public override Tensor forward(Tensor input) => F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode);

        /// <summary>The maxima and their flat positions h * W + w in each input plane (PyTorch's <c>return_indices=True</c>).</summary>
        public (Tensor Values, Tensor Indices) forward_with_indices(Tensor input) =>
            F.max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode);

        /// <inheritdoc/>
        public override string extra_repr() =>
            $"kernel_size={Show(kernel_size, "")}, stride={Show(stride, Show(kernel_size, ""))}, padding={Show(padding, "0")}, " +
            $"dilation={Show(dilation, "1")}, ceil_mode={PyBool(ceil_mode)}";
    }

    /// <summary>1-d average pooling of input [N, C, L] or [C, L]; stride defaults to the kernel size.</summary>
    public sealed class AvgPool1d : PoolingModule
    {
        internal AvgPool1d(long kernel_size, long? stride, long? padding, bool ceil_mode, bool count_include_pad)
            : base(nameof(AvgPool1d), false)
        {
            this.kernel_size = kernel_size;
            this.stride = stride;
            this.padding = padding;
            this.ceil_mode = ceil_mode;
            this.count_include_pad = count_include_pad;
        }

        /// <summary>The window's size.</summary>
        public long kernel_size { get; set; }
        /// <summary>The window's stride (null: the kernel size).</summary>
        public long? stride { get; set; }
        /// <summary>Implicit zero padding on both sides (null: 0).</summary>
        public long? padding { get; set; }
        /// <summary>Whether the output size rounds up.</summary>
        public bool ceil_mode { get; set; }
        /// <summary>Whether the zero padding counts in the divisor.</summary>
        public bool count_include_pad { get; set; }

        /// <summary><c>nn.functional.avg_pool1d</c>.</summary>
        /// <exception cref="ArgumentException">Wrong rank, bad sizes or an empty output (PyTorch's messages).</exception>
        public override Tensor forward(Tensor input) => F.avg_pool1d(input, kernel_size, stride, padding, ceil_mode, count_include_pad);

        /// <summary>PyTorch's printout, which shows AvgPool1d's settings as 1-tuples.</summary>
        public override string extra_repr() =>
            $"kernel_size=({kernel_size},), stride=({stride ?? kernel_size},), padding=({padding ?? 0},)";
    }

    /// <summary>2-d average pooling of input [N, C, H, W] or [C, H, W]; stride defaults to the kernel size.</summary>
    public sealed class AvgPool2d : PoolingModule
    {
        internal AvgPool2d(long[] kernel_size, long[]? stride, long[]? padding, bool ceil_mode, bool count_include_pad,
                           long? divisor_override, bool scalar) : base(nameof(AvgPool2d), scalar)
        {
            this.kernel_size = kernel_size ?? throw new ArgumentNullException(nameof(kernel_size));
            this.stride = stride;
            this.padding = padding;
            this.ceil_mode = ceil_mode;
            this.count_include_pad = count_include_pad;
            this.divisor_override = divisor_override;
        }

        /// <summary>The window's size (one value for both dims, or one per dim).</summary>
        public long[] kernel_size { get; set; }
        /// <summary>The window's stride (null: the kernel size).</summary>
        public long[]? stride { get; set; }
        /// <summary>Implicit zero padding on both sides (null: 0).</summary>
        public long[]? padding { get; set; }
        /// <summary>Whether the output size rounds up.</summary>
        public bool ceil_mode { get; set; }
        /// <summary>Whether the zero padding counts in the divisor.</summary>
        public bool count_include_pad { get; set; }
        /// <summary>A fixed divisor instead of the window's size, or null.</summary>
        public long? divisor_override { get; set; }

        /// <summary><c>nn.functional.avg_pool2d</c>.</summary>
        /// <exception cref="ArgumentException">Wrong rank, bad sizes or an empty output (PyTorch's messages).</exception>
        public override Tensor forward(Tensor input) =>
            F.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override);

        /// <inheritdoc/>
        public override string extra_repr() =>
            $"kernel_size={Show(kernel_size, "")}, stride={Show(stride, Show(kernel_size, ""))}, padding={Show(padding, "0")}";
    }

    /// <summary>Adaptive 1-d average pooling of input [N, C, L] or [C, L] to a fixed output length.</summary>
    public sealed class AdaptiveAvgPool1d : PoolingModule
    {
        internal AdaptiveAvgPool1d(long output_size) : base(nameof(AdaptiveAvgPool1d), true) { this.output_size = output_size; }

        /// <summary>The output length.</summary>
        public long output_size { get; set; }

        /// <summary><c>nn.functional.adaptive_avg_pool1d</c>.</summary>
        /// <exception cref="ArgumentException">Wrong rank or an empty input (PyTorch's messages).</exception>
        public override Tensor forward(Tensor input) => F.adaptive_avg_pool1d(input, output_size);

        /// <inheritdoc/>
        public override string extra_repr() => $"output_size={output_size}";
    }

    /// <summary>Adaptive 2-d average pooling of input [N, C, H, W] or [C, H, W] to a fixed output size.</summary>
    public sealed class AdaptiveAvgPool2d : PoolingModule
    {
        internal AdaptiveAvgPool2d(long[] output_size, bool scalar) : base(nameof(AdaptiveAvgPool2d), scalar)
        {
            this.output_size = output_size ?? throw new ArgumentNullException(nameof(output_size));
        }

        /// <summary>The output size (one value for both dims, or one per dim).</summary>
        public long[] output_size { get; set; }

        /// <summary><c>nn.functional.adaptive_avg_pool2d</c>.</summary>
        /// <exception cref="ArgumentException">Wrong rank or an empty input (PyTorch's messages).</exception>
        public override Tensor forward(Tensor input) => F.adaptive_avg_pool2d(input, output_size);

        /// <inheritdoc/>
        public override string extra_repr() => $"output_size={Show(output_size, "")}";
    }

    /// <summary>Adaptive 2-d max pooling of input [N, C, H, W] or [C, H, W] to a fixed output size.</summary>
    public sealed class AdaptiveMaxPool2d : PoolingModule
    {
        internal AdaptiveMaxPool2d(long[] output_size) : base(nameof(AdaptiveMaxPool2d), false)
        {
            this.output_size = output_size ?? throw new ArgumentNullException(nameof(output_size));
        }

        /// <summary>The output size (one value for both dims, or one per dim).</summary>
        public long[] output_size { get; set; }

        /// <summary><c>nn.functional.adaptive_max_pool2d</c>.</summary>
        /// <exception cref="ArgumentException">Wrong rank or an empty input (PyTorch's messages).</exception>
        public override Tensor forward(Tensor input) => F.adaptive_max_pool2d(input, output_size);

        /// <summary>The maxima and their flat positions h * W + w in each input plane.</summary>
        public (Tensor output, Tensor indices) forward_with_indices(Tensor input) => F.adaptive_max_pool2d_with_indices(input, output_size);

        /// <inheritdoc/>
        public override string extra_repr() => $"output_size={Show(output_size, "")}";
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>1-d max pooling over windows of <paramref name="kernel_size"/> (stride defaults to it).</summary>
            public static Modules.MaxPool1d MaxPool1d(long kernel_size, long? stride = null, long? padding = null, long? dilation = null,
                                                      bool ceil_mode = false) => new(kernel_size, stride, padding, dilation, ceil_mode);

            /// <summary>2-d max pooling over square windows (stride defaults to the kernel size).</summary>
            public static Modules.MaxPool2d MaxPool2d(long kernel_size, long? stride = null, long? padding = null, long? dilation = null,
                                                      bool ceil_mode = false) =>
                new([kernel_size, kernel_size], Two(stride), Two(padding), Two(dilation), ceil_mode, scalar: true);

            /// <summary>2-d max pooling with per-dim sizes (stride defaults to the kernel size).</summary>
            public static Modules.MaxPool2d MaxPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null,
                                                      (long, long)? dilation = null, bool ceil_mode = false) =>
                new(Ops.PoolOps.Pair(kernel_size), Two(stride), Two(padding), Two(dilation), ceil_mode, scalar: false);

            /// <summary>2-d max pooling with sizes given as arrays (one value or one per dim).</summary>
            public static Modules.MaxPool2d MaxPool2d(long[] kernel_size, long[]? stride = null, long[]? padding = null,
                                                      long[]? dilation = null,
                                                      bool ceil_mode = false) =>
                                                          new(kernel_size, stride, padding, dilation, ceil_mode, scalar: false);

            /// <summary>1-d average pooling over windows of <paramref name="kernel_size"/> (stride defaults to it).</summary>
            public static Modules.AvgPool1d AvgPool1d(long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false,
                                                      bool count_include_pad = true) =>
                                                          new(kernel_size, stride, padding, ceil_mode, count_include_pad);

            /// <summary>2-d average pooling with sizes given as arrays (one value or one per dim).</summary>
            public static Modules.AvgPool2d AvgPool2d(long[] kernel_size, long[]? stride = null, long[]? padding = null,
                                                      bool ceil_mode = false, bool count_include_pad = true,
                                                      long? divisor_override = null) =>
                new(kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override, scalar: false);

            /// <summary>2-d average pooling with per-dim sizes (stride defaults to the kernel size).</summary>
            public static Modules.AvgPool2d AvgPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null,
                                                      bool ceil_mode = false, bool count_include_pad = true,
                                                          long? divisor_override = null) =>
                new(Ops.PoolOps.Pair(kernel_size), Two(stride), Two(padding), ceil_mode, count_include_pad, divisor_override,
                    scalar: false);

            /// <summary>2-d average pooling over square windows (stride defaults to the kernel size).</summary>
            public static Modules.AvgPool2d AvgPool2d(long kernel_size, long? stride = null, long? padding = null, bool ceil_mode = false,
                                                      bool count_include_pad = true, long? divisor_override = null) =>
                new([kernel_size, kernel_size], Two(stride), Two(padding), ceil_mode, count_include_pad, divisor_override, scalar: true);

            /// <summary>Adaptive 1-d average pooling to <paramref name="output_size"/> elements.</summary>
            public static Modules.AdaptiveAvgPool1d AdaptiveAvgPool1d(long output_size) => new(output_size);

            /// <summary>Adaptive 2-d average pooling to <paramref name="output_size"/> (one value or one per dim).</summary>
            public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d(long[] output_size) => new(output_size, scalar: false);

            /// <summary>Adaptive 2-d average pooling to (OH, OW).</summary>
            public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d((long, long) output_size) =>
                new(Ops.PoolOps.Pair(output_size), scalar: false);

            /// <summary>Adaptive 2-d average pooling to (size, size).</summary>
            public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d(long output_size) => new([output_size, output_size], scalar: true);

            /// <summary>Adaptive 2-d max pooling to <paramref name="output_size"/> (one value or one per dim).</summary>
            public static Modules.AdaptiveMaxPool2d AdaptiveMaxPool2d(long[] output_size) => new(output_size);

            private static long[]? Two(long? v) => v is long x ? [x, x] : null;

            private static long[]? Two((long, long)? v) => v is { } x ? Ops.PoolOps.Pair(x) : null;
        }
    }
}
