using PoolOps = Autograd.Ops.PoolOps;
using F = Autograd.torch.nn.functional;

namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>
    /// The shared state of the convolution modules (PyTorch's <c>_ConvNd</c>): channel counts, per-dim kernel size,
    /// stride, padding (explicit, or <see cref="Padding.Same"/>/<see cref="Padding.Valid"/>), dilation, groups, and
    /// the parameters <see cref="weight"/> ([out, in/groups, *kernel], or [in, out/groups, *kernel] when transposed)
    /// and <see cref="bias"/> ([out] or null), initialised by <see cref="reset_parameters"/>.
    /// </summary>
    public abstract class Convolution : torch.nn.Module<Tensor, Tensor>
    {
        [Utils.ComponentName(Name = nameof(weight))]
        private Parameter _weight = null!;
        [Utils.ComponentName(Name = nameof(bias))]
        private Parameter? _bias;

        /// <summary>Checks the settings as PyTorch's constructor does, then allocates and initialises the parameters.</summary>
        /// <exception cref="ArgumentException">groups not positive or not dividing the channel counts, <c>same</c> padding
        /// with a stride, or a padding mode a transposed convolution lacks (PyTorch's messages).</exception>
        private protected Convolution(string name, long in_channels, long out_channels, long[] kernel_size, long[] stride, long[]? padding,
                                      Padding? padding_type, long[] dilation, bool transposed, long[] output_padding, long groups,
                                          bool bias,
                                      PaddingModes padding_mode, Device? device, ScalarType? dtype) : base(name)
        {
            if (groups <= 0) throw new ArgumentException("groups must be a positive integer");
            if (in_channels % groups != 0) throw new ArgumentException("in_channels must be divisible by groups");
            if (out_channels % groups != 0) throw new ArgumentException("out_channels must be divisible by groups");
            if (padding_type == Padding.Same && stride.Any(s => s != 1))
                throw new ArgumentException("padding='same' is not supported for strided convolutions");
            if (padding_mode == PaddingModes.Constant)
                throw new ArgumentException(
                    "padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='constant'");
            if (transposed && padding_mode != PaddingModes.Zeros)
                throw new ArgumentException($"Only \"zeros\" padding mode is supported for {name}");
            this.in_channels = in_channels;
            this.out_channels = out_channels;
            this.kernel_size = kernel_size;
            this.stride = stride;
            this.padding = padding_type is null ? padding ?? new long[kernel_size.Length] : null;
            this.padding_type = padding_type;
            this.dilation = dilation;
            this.transposed = transposed;
            this.output_padding = output_padding;
            this.groups = groups;
            this.padding_mode = padding_mode;
            long[] dims = transposed ? [in_channels, out_channels / groups, .. kernel_size]
                : [out_channels, in_channels / groups, .. kernel_size];
            weight = new Parameter(torch.empty(dims, dtype: dtype, device: device));
            this.bias = bias ? new Parameter(torch.empty(out_channels, dtype: dtype, device: device)) : null;
            reset_parameters();
        }

        /// <summary>PyTorch's default initialisation: kaiming_uniform_(weight, a: sqrt(5)), then (when the fan-in is not
        /// zero) the bias uniform in ±1/sqrt(fan_in), drawn from the default generator in that order.</summary>
        public void reset_parameters()
        {
            torch.nn.init.kaiming_uniform_(_weight, a: Math.Sqrt(5));
            if (_bias is null) return;
            (long fanIn, _) = torch.nn.init.CalculateFanInAndFanOut(_weight);
            if (fanIn == 0) return;
            double bound = 1 / Math.Sqrt(fanIn);
            torch.nn.init.uniform_(_bias, -bound, bound);
        }

        /// <summary>The weight. Setting it replaces the registered parameter.</summary>
        public Parameter weight
        {
            get => _weight;
            set
            {
                _weight = value ?? throw new ArgumentNullException(nameof(value));
                ConditionallyRegisterParameter(nameof(weight), value);
            }
        }

        /// <summary>The bias, [out_channels], or null. Setting it replaces (or removes) the registered parameter.</summary>
        public Parameter? bias
        {
            get => _bias;
            set
            {
                _bias = value;
                ConditionallyRegisterParameter(nameof(bias), value);
            }
        }

        /// <summary>Channels of the input.</summary>
        public long in_channels { get; }
        /// <summary>Channels of the output.</summary>
        public long out_channels { get; }
        /// <summary>Whether this is a transposed convolution.</summary>
        public bool transposed { get; }
        /// <summary><see cref="Padding.Same"/> or <see cref="Padding.Valid"/> when the padding was given that way, else null.</summary>
        public Padding? padding_type { get; private set; }
        /// <summary>The explicit padding per spatial dim, or null when <see cref="padding_type"/> is set.</summary>
        public long[]? padding { get; private set; }
        /// <summary>How the input is padded.</summary>
        public PaddingModes padding_mode { get; set; }
        /// <summary>Blocked connections from input to output channels.</summary>
        public long groups { get; set; }
        /// <summary>The kernel's size per spatial dim.</summary>
        public long[] kernel_size { get; set; }
        /// <summary>The stride per spatial dim.</summary>
        public long[] stride { get; set; }
        /// <summary>The dilation per spatial dim.</summary>
        public long[] dilation { get; set; }
        /// <summary>The extra size added to one side of a transposed convolution's output, per spatial dim.</summary>
        public long[] output_padding { get; set; }

        /// <summary>Explicit padding from now on.</summary>
        public void SetPadding(long[] padding)
        {
            this.padding = padding ?? throw new ArgumentNullException(nameof(padding));
            padding_type = null;
        }

        /// <summary><see cref="Padding.Same"/> or <see cref="Padding.Valid"/> from now on.</summary>
        /// <exception cref="ArgumentException">A transposed convolution, or <c>same</c> with a stride.</exception>
        public void SetPadding(Padding padding)
        {
            if (transposed) throw new ArgumentException("Cannot set padding type on ConvTransposeND");
            if (padding == Padding.Same && stride.Any(s => s != 1))
                throw new ArgumentException("padding='same' is not supported for strided convolutions");
            this.padding = null;
            padding_type = padding;
        }

        /// <summary>For a padding mode other than zeros, the input padded by it (PyTorch's
        /// <c>_reversed_padding_repeated_twice</c>: per spatial dim, last first, the amounts before and after), which
        /// the convolution then reads without padding; null for zero padding.</summary>
        private protected Tensor? PaddedByMode(Tensor input)
        {
            if (padding_mode == PaddingModes.Zeros) return null;
            int rank = kernel_size.Length;
            var pad = new long[2 * rank];
            for (int i = 0; i < rank; i++)
            {
                long before, after;
                if (padding is not null) before = after = padding[i];
                else if (padding_type == Padding.Same)
                {
                    long total = dilation[i] * (kernel_size[i] - 1);
                    before = total / 2;
                    after = total - before;
                }
                else before = after = 0;
                pad[2 * (rank - 1 - i)] = before;
                pad[2 * (rank - 1 - i) + 1] = after;
            }
            return F.pad(input, pad, padding_mode);
        }

        /// <summary>PyTorch's printout: channels, kernel_size and stride always; padding, dilation, output_padding,
        /// groups, bias and padding_mode when not the default.</summary>
        public override string extra_repr()
        {
            var s = $"{in_channels}, {out_channels}, kernel_size={PyTuple(kernel_size)}, stride={PyTuple(stride)}";
            if (padding_type is Padding p) s += $", padding={(p == Padding.Same ? "same" : "valid")}";
            else if (padding!.Any(v => v != 0)) s += $", padding={PyTuple(padding!)}";
            if (dilation.Any(v => v != 1)) s += $", dilation={PyTuple(dilation)}";
            if (output_padding.Any(v => v != 0)) s += $", output_padding={PyTuple(output_padding)}";
            if (groups != 1) s += $", groups={groups}";
            if (_bias is null) s += ", bias=False";
            if (padding_mode != PaddingModes.Zeros) s += $", padding_mode={padding_mode.ToString().ToLowerInvariant()}";
            return s;
        }
    }

    /// <summary>1-d convolution over input [N, C_in, L] or [C_in, L]; see <see cref="Convolution"/>.</summary>
    public sealed class Conv1d : Convolution
    {
        internal Conv1d(long in_channels, long out_channels, long kernel_size, long stride, long? padding, Padding? padding_type,
                        long dilation, long groups, bool bias, PaddingModes padding_mode, Device? device, ScalarType? dtype)
            : base(nameof(Conv1d), in_channels, out_channels, [kernel_size], [stride], padding is long p ? [p] : null, padding_type,
                   [dilation], false, [0], groups, bias, padding_mode, device, dtype) { }

        /// <summary><c>nn.functional.conv1d</c> with this module's parameters and settings.</summary>
        /// <exception cref="ArgumentException">The input's rank or channels don't fit, or the kernel is larger than the
        /// padded input (PyTorch's messages).</exception>
        public override Tensor forward(Tensor input)
        {
            if (PaddedByMode(input) is Tensor padded) return F.conv1d(padded, weight, bias, stride[0], 0, dilation[0], groups);
            return padding_type is Padding p
                ? F.conv1d(input, weight, bias, p, stride[0], dilation[0], groups)
                : F.conv1d(input, weight, bias, stride[0], padding![0], dilation[0], groups);
        }
    }

    /// <summary>2-d convolution over input [N, C_in, H, W] or [C_in, H, W]; see <see cref="Convolution"/>.</summary>
    public sealed class Conv2d : Convolution
    {
        internal Conv2d(long in_channels, long out_channels, long[] kernel_size, long[] stride, long[]? padding,
                        Padding? padding_type, long[] dilation, long groups, bool bias, PaddingModes padding_mode, Device? device,
                        ScalarType? dtype)
            : base(nameof(Conv2d), in_channels, out_channels, kernel_size, stride, padding, padding_type, dilation, false, [0, 0],
                   groups, bias, padding_mode, device, dtype) { }

        /// <summary><c>nn.functional.conv2d</c> with this module's parameters and settings.</summary>
        /// <exception cref="ArgumentException">The input's rank or channels don't fit, or the kernel is larger than the
        /// padded input (PyTorch's messages).</exception>
        public override Tensor forward(Tensor input)
        {
            if (PaddedByMode(input) is Tensor padded) return F.conv2d(padded, weight, bias, stride, [0], dilation, groups);
            return padding_type is Padding p
                ? F.conv2d(input, weight, bias, p, stride, dilation, groups)
                : F.conv2d(input, weight, bias, stride, padding, dilation, groups);
        }
    }

    /// <summary>2-d transposed convolution (the gradient of <see cref="Conv2d"/> in its input) over input
    /// [N, C_in, H, W] or [C_in, H, W]; weight [in_channels, out_channels/groups, KH, KW].</summary>
    public sealed class ConvTranspose2d : Convolution
    {
        internal ConvTranspose2d(long in_channels, long out_channels, long[] kernel_size, long[] stride, long[] padding,
                                 long[] output_padding, long[] dilation, long groups, bool bias, PaddingModes padding_mode,
                                 Device? device, ScalarType? dtype)
            : base(nameof(ConvTranspose2d), in_channels, out_channels, kernel_size, stride, padding, null, dilation, true,
                   output_padding, groups, bias, padding_mode, device, dtype) { }

        /// <summary><c>nn.functional.conv_transpose2d</c> with this module's settings.</summary>
        /// <exception cref="ArgumentException">The input's rank or channels don't fit (PyTorch's messages).</exception>
        public override Tensor forward(Tensor input) => forward(input, null);

        /// <summary>As <see cref="forward(Tensor)"/>, choosing the output padding so the output's spatial size is
        /// <paramref name="output_size"/> (spatial sizes, optionally preceded by the batch and channel sizes).</summary>
        /// <exception cref="ArgumentException">No output padding gives that size (PyTorch's message).</exception>
        public Tensor forward(Tensor input, long[]? output_size)
        {
            ArgumentNullException.ThrowIfNull(input);
            long[] outPad = output_size is null || input.dim() is not (3 or 4) ? output_padding : OutputPadding(input, output_size);
            return F.conv_transpose2d(input, weight, bias, stride, padding, outPad, dilation, groups);
        }

        /// <summary>PyTorch's <c>_output_padding</c>: the per-dim output padding that reaches <paramref name="size"/>.</summary>
        private long[] OutputPadding(Tensor input, long[] size)
        {
            const int spatial = 2;
            int nonSpatial = input.dim() == spatial + 2 ? 2 : 1;
            if (size.Length == nonSpatial + spatial) size = size[nonSpatial..];
            if (size.Length != spatial)
                throw new ArgumentException($"ConvTranspose{spatial}D: for {input.dim()}D input, output_size must have {spatial} or " +
                                            $"{nonSpatial + spatial} elements (got {size.Length})");
            long[] min = new long[spatial], max = new long[spatial];
            for (int d = 0; d < spatial; d++)
            {
                min[d] = (input.shape[d + nonSpatial] - 1) * stride[d] - 2 * padding![d] + dilation[d] * (kernel_size[d] - 1) + 1;
                max[d] = min[d] + stride[d] - 1;
            }
            for (int d = 0; d < spatial; d++)
                if (size[d] < min[d] || size[d] > max[d])
                    throw new ArgumentException(
                        $"requested an output size of {Shape.Format(size)}, but valid sizes range from {Shape.Format(min)} " +
                        $"to {Shape.Format(max)} (for an input of torch.Size({Shape.Format(input.shape[2..])}))");
            return [size[0] - min[0], size[1] - min[1]];
        }
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A 1-d convolution from <paramref name="in_channels"/> to <paramref name="out_channels"/> channels,
            /// initialised as PyTorch's (<see cref="Modules.Convolution.reset_parameters"/>).</summary>
            /// <exception cref="ArgumentException">Invalid groups or padding settings (PyTorch's messages).</exception>
            public static Modules.Conv1d Conv1d(long in_channels, long out_channels, long kernel_size, long stride = 1,
                                                long padding = 0, long dilation = 1,
                                                PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true,
                                                    Device? device = null,
                                                ScalarType? dtype = null) =>
                new(in_channels, out_channels, kernel_size, stride, padding, null, dilation, groups, bias, padding_mode, device, dtype);

            /// <summary>A 1-d convolution with <see cref="Padding.Same"/> or <see cref="Padding.Valid"/> padding.</summary>
            /// <exception cref="ArgumentException">Invalid groups, or <c>same</c> with a stride (PyTorch's messages).</exception>
            public static Modules.Conv1d Conv1d(long in_channels, long out_channels, long kernel_size, Padding padding,
                                                long stride = 1, long dilation = 1,
                                                PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true,
                                                    Device? device = null,
                                                ScalarType? dtype = null) =>
                new(in_channels, out_channels, kernel_size, stride, null, padding, dilation, groups, bias, padding_mode, device, dtype);

            /// <summary>A 2-d convolution with a square kernel and the same stride, padding and dilation in both dims,
            /// initialised as PyTorch's.</summary>
            /// <exception cref="ArgumentException">Invalid groups or padding settings (PyTorch's messages).</exception>
            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1,
                                                long padding = 0, long dilation = 1,
                                                PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true,
                                                    Device? device = null,
                                                ScalarType? dtype = null) =>
                new(in_channels, out_channels, [kernel_size, kernel_size], [stride, stride], [padding, padding], null,
                    [dilation, dilation], groups, bias, padding_mode, device, dtype);

            /// <summary>A 2-d convolution with per-dim sizes (defaults: stride 1, padding 0, dilation 1).</summary>
            /// <exception cref="ArgumentException">Invalid groups or padding settings (PyTorch's messages).</exception>
            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long)? stride = null,
                                                (long, long)? padding = null, (long, long)? dilation = null,
                                                PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true,
                                                    Device? device = null,
                                                ScalarType? dtype = null) =>
                new(in_channels, out_channels, PoolOps.Pair(kernel_size), PoolOps.Pair(stride ?? (1, 1)),
                    PoolOps.Pair(padding ?? (0, 0)), null, PoolOps.Pair(dilation ?? (1, 1)), groups, bias, padding_mode, device,
                    dtype);

            /// <summary>A 2-d convolution with a square kernel and <see cref="Padding.Same"/> or
            /// <see cref="Padding.Valid"/> padding.</summary>
            /// <exception cref="ArgumentException">Invalid groups, or <c>same</c> with a stride (PyTorch's messages).</exception>
            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, Padding padding,
                                                long stride = 1, long dilation = 1,
                                                PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true,
                                                    Device? device = null,
                                                ScalarType? dtype = null) =>
                new(in_channels, out_channels, [kernel_size, kernel_size], [stride, stride], null, padding, [dilation, dilation],
                    groups, bias, padding_mode, device, dtype);

            /// <summary>A 2-d convolution with per-dim sizes and <see cref="Padding.Same"/> or
            /// <see cref="Padding.Valid"/> padding.</summary>
            /// <exception cref="ArgumentException">Invalid groups, or <c>same</c> with a stride (PyTorch's messages).</exception>
            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, (long, long) kernel_size, Padding padding,
                                                (long, long)? stride = null,
                                                (long, long)? dilation = null, PaddingModes padding_mode = PaddingModes.Zeros,
                                                    long groups = 1,
                                                bool bias = true, Device? device = null, ScalarType? dtype = null) =>
                new(in_channels, out_channels, PoolOps.Pair(kernel_size), PoolOps.Pair(stride ?? (1, 1)), null, padding,
                    PoolOps.Pair(dilation ?? (1, 1)), groups, bias, padding_mode, device, dtype);

            /// <summary>A 2-d transposed convolution with a square kernel and the same settings in both dims, initialised
            /// as PyTorch's.</summary>
            /// <exception cref="ArgumentException">Invalid groups, or a padding mode other than zeros (PyTorch's messages).</exception>
            public static Modules.ConvTranspose2d ConvTranspose2d(long in_channels, long out_channels, long kernel_size,
                                                                  long stride = 1, long padding = 0, long output_padding = 0,
                                                                  long dilation = 1,
                                                                  PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1,
                                                                      bool bias = true,
                                                                  Device? device = null, ScalarType? dtype = null) =>
                new(in_channels, out_channels, [kernel_size, kernel_size], [stride, stride], [padding, padding],
                    [output_padding, output_padding], [dilation, dilation], groups, bias, padding_mode, device, dtype);

            /// <summary>A 2-d transposed convolution with per-dim sizes (defaults: stride 1, padding 0, output_padding 0,
            /// dilation 1).</summary>
            /// <exception cref="ArgumentException">Invalid groups, or a padding mode other than zeros (PyTorch's messages).</exception>
            public static Modules.ConvTranspose2d ConvTranspose2d(long in_channels, long out_channels, (long, long) kernel_size,
                                                                  (long, long)? stride = null, (long, long)? padding = null,
                                                                  (long, long)? output_padding = null,
                                                                  (long, long)? dilation = null,
                                                                      PaddingModes padding_mode = PaddingModes.Zeros,
                                                                  long groups = 1, bool bias = true, Device? device = null,
                                                                      ScalarType? dtype = null) =>
                new(in_channels, out_channels, PoolOps.Pair(kernel_size), PoolOps.Pair(stride ?? (1, 1)),
                    PoolOps.Pair(padding ?? (0, 0)), PoolOps.Pair(output_padding ?? (0, 0)), PoolOps.Pair(dilation ?? (1, 1)),
                    groups, bias, padding_mode, device, dtype);
        }
    }
}
