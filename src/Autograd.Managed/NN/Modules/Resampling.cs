namespace Autograd.Modules
{
    using Tensor = torch.Tensor;

    /// <summary>Resamples the spatial dims of [N, C, *spatial]: <c>nn.functional.interpolate</c> with fixed settings.</summary>
    public sealed class Upsample : ParameterLessModule<Tensor, Tensor>
    {
        private readonly long[]? _size;
        private readonly double[]? _scale_factor;

        internal Upsample(long[]? size, double[]? scale_factor, torch.UpsampleMode mode, bool? align_corners, bool? recompute_scale_factor)
            : base(nameof(Upsample))
        {
            _size = size;
            _scale_factor = scale_factor;
            this.mode = mode;
            this.align_corners = align_corners;
            this.recompute_scale_factor = recompute_scale_factor;
        }

        /// <summary>The output's spatial size, or empty when a scale factor is given.</summary>
        public ReadOnlySpan<long> size => _size;

        /// <summary>The spatial scale factors, or empty when a size is given.</summary>
        public ReadOnlySpan<double> scale_factor => _scale_factor;

        /// <summary>The resampling.</summary>
        public torch.UpsampleMode mode { get; private set; }

        /// <summary>Whether linear modes align the corner pixels (null: the default, false).</summary>
        public bool? align_corners { get; private set; }

        /// <summary>Whether the step is recomputed from the sizes rather than taken from the scale factor.</summary>
        public bool? recompute_scale_factor { get; set; }

        /// <summary>The resampled input.</summary>
        /// <exception cref="ArgumentException">As <c>nn.functional.interpolate</c>.</exception>
        public override Tensor forward(Tensor input) =>
            torch.nn.functional.interpolate(input, _size, _scale_factor, (torch.InterpolationMode)mode, align_corners,
                                            recompute_scale_factor ?? false);

        /// <summary>PyTorch's <c>scale_factor=…</c> or <c>size=…</c>, then <c>mode='…'</c>.</summary>
        public override string extra_repr()
        {
            static string Int(long s) => s.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string info = _scale_factor is not null
                ? $"scale_factor={Tuple(_scale_factor.Select(PyFloat))}"
                : $"size={(_size is null ? "None" : Tuple(_size.Select(Int)))}";
            string name = mode switch
            {
                torch.UpsampleMode.Nearest => "nearest",
                torch.UpsampleMode.Linear => "linear",
                torch.UpsampleMode.Bilinear => "bilinear",
                torch.UpsampleMode.Bicubic => "bicubic",
                _ => "trilinear",
            };
            return $"{info}, mode='{name}'";
        }

        private static string Tuple(IEnumerable<string> items)
        {
            string[] a = items.ToArray();
            return a.Length == 1 ? $"({a[0]},)" : $"({string.Join(", ", a)})";
        }
    }

    /// <summary>Extracts sliding blocks: <c>nn.functional.unfold</c> with fixed settings.</summary>
    public sealed class Unfold : ParameterLessModule<Tensor, Tensor>
    {
        internal Unfold((long, long) kernel_size, (long, long) dilation, (long, long) padding, (long, long) stride) : base(nameof(Unfold))
        {
            this.kernel_size = kernel_size;
            this.dilation = dilation;
            this.padding = padding;
            this.stride = stride;
        }

        /// <summary>The block's (height, width).</summary>
        public (long, long) kernel_size { get; set; }
        /// <summary>The spacing of a block's elements.</summary>
        public (long, long) dilation { get; set; }
        /// <summary>The zeros added on both sides.</summary>
        public (long, long) padding { get; set; }
        /// <summary>The step between blocks.</summary>
        public (long, long) stride { get; set; }

        /// <summary>[N, C·kH·kW, L] from [N, C, H, W].</summary>
        /// <exception cref="ArgumentException">As <c>nn.functional.unfold</c>.</exception>
        public override Tensor forward(Tensor input) => torch.nn.functional.unfold(input, kernel_size, dilation, padding, stride);

        /// <inheritdoc/>
        public override string extra_repr() =>
            $"kernel_size={kernel_size}, dilation={dilation}, padding={padding}, stride={stride}";
    }

    /// <summary>Combines sliding blocks into an image: <c>nn.functional.fold</c> with fixed settings.</summary>
    public sealed class Fold : ParameterLessModule<Tensor, Tensor>
    {
        internal Fold((long, long) output_size, (long, long) kernel_size, (long, long) dilation, (long, long) padding, (long, long) stride)
            : base(nameof(Fold))
        {
            this.output_size = output_size;
            this.kernel_size = kernel_size;
            this.dilation = dilation;
            this.padding = padding;
            this.stride = stride;
        }

        /// <summary>The image's (height, width).</summary>
        public (long, long) output_size { get; set; }
        /// <summary>The block's (height, width).</summary>
        public (long, long) kernel_size { get; set; }
        /// <summary>The spacing of a block's elements.</summary>
        public (long, long) dilation { get; set; }
        /// <summary>The zeros that were added on both sides (dropped).</summary>
        public (long, long) padding { get; set; }
        /// <summary>The step between blocks.</summary>
        public (long, long) stride { get; set; }

        /// <summary>[N, C, oH, oW] from [N, C·kH·kW, L].</summary>
        /// <exception cref="ArgumentException">As <c>nn.functional.fold</c>.</exception>
        public override Tensor forward(Tensor input) =>
            torch.nn.functional.fold(input, output_size, kernel_size, dilation, padding, stride);

        /// <inheritdoc/>
        public override string extra_repr() =>
            $"output_size={output_size}, kernel_size={kernel_size}, dilation={dilation}, padding={padding}, stride={stride}";
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>An upsampling layer to <paramref name="size"/> or by <paramref name="scale_factor"/> (exactly one).</summary>
            public static Modules.Upsample Upsample(long[]? size = null, double[]? scale_factor = null,
                                                    UpsampleMode mode = UpsampleMode.Nearest, bool? align_corners = null,
                                                    bool? recompute_scale_factor = null) =>
                new(size, scale_factor, mode, align_corners, recompute_scale_factor);

            /// <summary>An unfolding layer with a square kernel and equal settings in both dims.</summary>
            public static Modules.Unfold Unfold(long kernel_size, long dilation = 1, long padding = 0, long stride = 1) =>
                new((kernel_size, kernel_size), (dilation, dilation), (padding, padding), (stride, stride));

            /// <summary>An unfolding layer with per-dim settings (defaults: dilation 1, padding 0, stride 1).</summary>
            public static Modules.Unfold Unfold((long, long) kernel_size, (long, long)? dilation = null, (long, long)? padding = null,
                                                (long, long)? stride = null) =>
                new(kernel_size, dilation ?? (1, 1), padding ?? (0, 0), stride ?? (1, 1));

            /// <summary>A folding layer with a square output, kernel and equal settings in both dims.</summary>
            public static Modules.Fold Fold(long output_size, long kernel_size, long dilation = 1, long padding = 0, long stride = 1) =>
                new((output_size, output_size), (kernel_size, kernel_size), (dilation, dilation), (padding, padding), (stride, stride));

            /// <summary>A folding layer with per-dim settings (defaults: dilation 1, padding 0, stride 1).</summary>
            public static Modules.Fold Fold((long, long) output_size, (long, long) kernel_size, (long, long)? dilation = null,
                                            (long, long)? padding = null, (long, long)? stride = null) =>
                new(output_size, kernel_size, dilation ?? (1, 1), padding ?? (0, 0), stride ?? (1, 1));
        }
    }
}
