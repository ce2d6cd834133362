using Autograd.Native;

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>2-d max pooling of input [N, C, H, W] or [C, H, W]: each output is the maximum (NaN wins) of its
                /// window; stride defaults to the kernel size. With <paramref name="ceil_mode"/> the output size rounds up
                /// (a last window must still start inside the input or its left padding).</summary>
                /// <exception cref="ArgumentException">Wrong rank, non-positive sizes, padding over half the kernel, or an
                /// empty output (PyTorch's messages).</exception>
                public static Tensor max_pool2d(Tensor input, long[] kernel_size, long[]? strides = null, long[]? padding = null,
                                                long[]? dilation = null, bool ceil_mode = false) =>
                    max_pool2d_with_indices(input, kernel_size, strides, padding, dilation, ceil_mode).output;

                /// <summary>2-d max pooling with one size for both dims; see
                /// <see cref="max_pool2d(Tensor, long[], long[], long[], long[], bool)"/>.</summary>
                public static Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long? padding = null,
                                                long? dilation = null, bool ceil_mode = false) =>
                    max_pool2d(input, [kernel_size], stride is long s ? [s] : null, [padding ?? 0], [dilation ?? 1], ceil_mode);

                /// <summary>2-d max pooling with per-dim sizes; see
                /// <see cref="max_pool2d(Tensor, long[], long[], long[], long[], bool)"/>.</summary>
                public static Tensor max_pool2d(Tensor input, (long, long) kernel_size, (long, long)? stride = null,
                                                (long, long)? padding = null, (long, long)? dilation = null,
                                                bool ceil_mode = false) =>
                    max_pool2d(input, Ops.PoolOps.Pair(kernel_size), stride is { } s ? Ops.PoolOps.Pair(s) : null,
                               padding is { } p ? Ops.PoolOps.Pair(p) : null, dilation is { } d ? Ops.PoolOps.Pair(d) : null, ceil_mode);

                /// <summary>2-d max pooling returning (values, indices): indices are flat positions h * W + w in each input
                /// plane (int64), as PyTorch's <c>return_indices=True</c>.</summary>
                public static (Tensor output, Tensor indices) max_pool2d_with_indices(Tensor input, long[] kernel_size,
                    long[]? strides = null,
                                                                                      long[]? padding = null,
                                                                                          long[]? dilation = null,
                                                                                          bool ceil_mode = false) =>
                    Ops.PoolOps.MaxPool(input, 2, kernel_size, strides, padding, dilation, ceil_mode, "max_pool2d");

                /// <summary>1-d max pooling of input [N, C, L] or [C, L]; see
                /// <see cref="max_pool2d(Tensor, long[], long[], long[], long[], bool)"/>.</summary>
                public static Tensor max_pool1d(Tensor input, long kernel_size, long? stride = null, long? padding = null,
                                                long? dilation = null, bool ceil_mode = false) =>
                    Ops.PoolOps.MaxPool(input, 1, [kernel_size], stride is long s ? [s] : null, [padding ?? 0], [dilation ?? 1],
                                        ceil_mode, "max_pool1d").Values;

                /// <summary>1-d max pooling returning (values, indices): indices are positions in each input row (int64).</summary>
                public static (Tensor output, Tensor indices) max_pool1d_with_indices(Tensor input, long kernel_size, long? stride = null,
                                                                                      long? padding = null, long? dilation = null,
                                                                                          bool ceil_mode = false) =>
                    Ops.PoolOps.MaxPool(input, 1, [kernel_size], stride is long s ? [s] : null, [padding ?? 0], [dilation ?? 1],
                                        ceil_mode, "max_pool1d");

                /// <summary>2-d average pooling of input [N, C, H, W] or [C, H, W]. The divisor is
                /// <paramref name="divisor_override"/> when given, else the window's size including the zero padding when
                /// <paramref name="count_include_pad"/>, else its size inside the input.</summary>
                /// <exception cref="ArgumentException">Wrong rank, non-positive sizes, padding over half the kernel, or an
                /// empty output (PyTorch's messages).</exception>
                public static Tensor avg_pool2d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null,
                                                bool ceil_mode = false, bool count_include_pad = true,
                                                long? divisor_override = null) =>
                    Ops.PoolOps.AvgPool(input, 2, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override,
                                        "avg_pool2d");

                /// <summary>2-d average pooling with one size for both dims; see
                /// <see cref="avg_pool2d(Tensor, long[], long[], long[], bool, bool, long?)"/>.</summary>
                public static Tensor avg_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0,
                                                bool ceil_mode = false, bool count_include_pad = true,
                                                long? divisor_override = null) =>
                    avg_pool2d(input, [kernel_size], stride is long s ? [s] : null, [padding], ceil_mode, count_include_pad,
                               divisor_override);

                /// <summary>2-d average pooling with per-dim sizes; see
                /// <see cref="avg_pool2d(Tensor, long[], long[], long[], bool, bool, long?)"/>.</summary>
                public static Tensor avg_pool2d(Tensor input, (long, long) kernel_size, (long, long)? stride = null,
                                                (long, long)? padding = null, bool ceil_mode = false, bool count_include_pad = true,
                                                long? divisor_override = null) =>
                    avg_pool2d(input, Ops.PoolOps.Pair(kernel_size), stride is { } s ? Ops.PoolOps.Pair(s) : null,
                               padding is { } p ? Ops.PoolOps.Pair(p) : null, ceil_mode, count_include_pad, divisor_override);

                /// <summary>1-d average pooling of input [N, C, L] or [C, L]; see
                /// <see cref="avg_pool2d(Tensor, long[], long[], long[], bool, bool, long?)"/>.</summary>
                public static Tensor avg_pool1d(Tensor input, long kernel_size, long? stride = null, long? padding = null,
                                                bool ceil_mode = false, bool count_include_pad = true) =>
                    Ops.PoolOps.AvgPool(input, 1, [kernel_size], stride is long s ? [s] : null, [padding ?? 0], ceil_mode,
                                        count_include_pad, null, "avg_pool1d");

                /// <summary>Adaptive 2-d average pooling to <paramref name="output_size"/> (one size or one per dim): output
                /// (i, j) averages rows floor(i H / OH) to ceil((i + 1) H / OH) and the columns alike.</summary>
                /// <exception cref="ArgumentException">Wrong rank or a non-positive output size.</exception>
                public static Tensor adaptive_avg_pool2d(Tensor input, long[] output_size) =>
                    Ops.PoolOps.Adaptive(input, 2, output_size, max: false).Values;
                /// <summary>Adaptive 2-d average pooling to (OH, OW).</summary>
                public static Tensor adaptive_avg_pool2d(Tensor input, (long, long) output_size) =>
                    adaptive_avg_pool2d(input, Ops.PoolOps.Pair(output_size));
                /// <summary>Adaptive 2-d average pooling to (size, size).</summary>
                public static Tensor adaptive_avg_pool2d(Tensor input, long output_size) => adaptive_avg_pool2d(input, [output_size]);
                /// <summary>Adaptive 1-d average pooling of input [N, C, L] or [C, L] to <paramref name="output_size"/>.</summary>
                public static Tensor adaptive_avg_pool1d(Tensor input, long output_size) =>
                    Ops.PoolOps.Adaptive(input, 1, [output_size], max: false).Values;
                /// <summary>Adaptive 2-d max pooling to <paramref name="output_size"/> (windows as
                /// <see cref="adaptive_avg_pool2d(Tensor, long[])"/>).</summary>
                public static Tensor adaptive_max_pool2d(Tensor input, long[] output_size) =>
                    Ops.PoolOps.Adaptive(input, 2, output_size, max: true).Values;
                /// <summary>Adaptive 2-d max pooling returning (values, indices): indices are flat positions h * W + w in each
                /// input plane (int64).</summary>
                public static (Tensor Values, Tensor Indices) adaptive_max_pool2d_with_indices(Tensor input, long[] output_size) =>
                    Ops.PoolOps.Adaptive(input, 2, output_size, max: true);
            }
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>Argument checks and output sizes of the public poolings (PyTorch's rules and messages, from ATen's
    /// <c>pool2d_shape_check</c> and <c>pooling_output_shape</c>); the arithmetic is <see cref="Pooling"/>.</summary>
    internal static class PoolOps
    {
        internal static long[] Pair((long, long) v) => [v.Item1, v.Item2];

        internal static (Tensor Values, Tensor Indices) MaxPool(Tensor input, int rank, long[] kernel, long[]? stride,
                                                                long[]? padding, long[]? dilation,
                                                 bool ceil, string op)
        {
            CheckInput(input, rank, op);
            long[] k = Expand(kernel, rank, "kernel_size"), s = stride is null || stride.Length == 0 ? k : Expand(stride, rank, "stride");
            long[] p = Expand(padding ?? [0], rank, "padding"), d = Expand(dilation ?? [1], rank, "dilation");
            long[] outSpatial = Sizes(input, rank, k, s, p, d, ceil, effective: true);
            var pp = Params(rank, k, s, p, d);
            string name = rank == 2 ? "MaxPool2DWithIndicesBackward0" : "MaxPool1DWithIndicesBackward0";
            return Pooling.Max(input, rank, outSpatial, pp, name);
        }

        internal static Tensor AvgPool(Tensor input, int rank, long[] kernel, long[]? stride, long[]? padding, bool ceil,
                                       bool countIncludePad, long? divisorOverride, string op)
        {
            CheckInput(input, rank, op);
            long[] k = Expand(kernel, rank, "kernel_size"), s = stride is null || stride.Length == 0 ? k : Expand(stride, rank, "stride");
            long[] p = Expand(padding ?? [0], rank, "padding"), d = new long[rank];
            Array.Fill(d, 1);
            if (divisorOverride is long dv && dv == 0) throw new ArgumentException("divisor must be not zero");
            long[] outSpatial = Sizes(input, rank, k, s, p, d, ceil, effective: false);
            var pp = Params(rank, k, s, p, d);
            pp.CountIncludePad = countIncludePad ? 1 : 0;
            pp.DivisorOverride = divisorOverride ?? 0;
            return Pooling.Avg(input, rank, outSpatial, pp, rank == 2 ? "AvgPool2DBackward0" : "AvgPool1DBackward0");
        }

        internal static (Tensor Values, Tensor Indices) Adaptive(Tensor input, int rank, long[] outputSize, bool max)
        {
            string op = (max ? "adaptive_max_pool" : "adaptive_avg_pool") + rank + "d";
            CheckInput(input, rank, op);
            long[] o = Expand(outputSize, rank, "output_size");
            if (o.Any(v => v < 0))
                throw new ArgumentException(
                    $"{op}: elements of output_size must be greater than or equal to 0 but received {Shape.Format(o)}");
            long[] inSpatial = input._shape[^rank..];
            if (inSpatial.Any(v => v == 0))
                throw new ArgumentException(
                    $"{op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes " +
                    $"{Shape.Format(input._shape)} with dimension {Array.IndexOf(input._shape, 0L, input._shape.Length - rank)} " +
                    $"being empty");
            var pp = new AgnPool2dParams { Adaptive = 1 };
            if (max) return Pooling.Max(input, rank, o, pp, rank == 2 ? "AdaptiveMaxPool2DBackward0" : "AdaptiveMaxPool1DBackward0");
            return (Pooling.Avg(input, rank, o, pp, rank == 2 ? "AdaptiveAvgPool2DBackward0" : "AdaptiveAvgPool1DBackward0"), null!);
        }

        private static AgnPool2dParams Params(int rank, long[] k, long[] s, long[] p, long[] d) => rank == 1
            ? new AgnPool2dParams { KernelH = 1, KernelW = k[0], StrideH = 1, StrideW = s[0], PadH = 0, PadW = p[0], DilationH = 1,
                                   DilationW = d[0] }
            : new AgnPool2dParams { KernelH = k[0], KernelW = k[1], StrideH = s[0], StrideW = s[1], PadH = p[0], PadW = p[1],
                                   DilationH = d[0], DilationW = d[1] };

        private static void CheckInput(Tensor input, int rank, string op)
        {
            int n = input._shape.Length;
            bool okRank = n == rank + 1 || n == rank + 2;
            bool nonEmpty = okRank && input._shape.Skip(n - rank - 1).All(v => v != 0);
            if (!okRank || !nonEmpty)
                throw new ArgumentException(rank == 2
                    ? "non-empty 3D or 4D (batch mode) tensor expected for input"
                    : $"{op}: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but " +
                        $"got:{Shape.Format(input._shape)}");
            if (!DType.IsFloating(input._dtype))
                throw new NotSupportedException($"\"{op}\" not implemented for '{DType.ShortName(input._dtype)}'");
        }

        private static long[] Expand(long[] v, int rank, string name)
        {
            if (v.Length == rank) return v;
            if (v.Length == 1) return Enumerable.Repeat(v[0], rank).ToArray();
            throw new ArgumentException($"{name} must either be a single int, or a tuple of {rank} ints");
        }

        /// <summary>PyTorch's pooling_output_shape per dim, after its parameter checks.</summary>
        private static long[] Sizes(Tensor input, int rank, long[] k, long[] s, long[] p, long[] d, bool ceil, bool effective)
        {
            if (k.Any(v => v <= 0))
                throw new ArgumentException($"kernel size should be greater than zero, but got {Describe(rank, "kH", "kW", "kernel", k)}");
            if (s.Any(v => v <= 0))
                throw new ArgumentException($"stride should be greater than zero, but got {Describe(rank, "dH", "dW", "stride", s)}");
            if (d.Any(v => v <= 0))
                throw new ArgumentException(
                    $"dilation should be greater than zero, but got {Describe(rank, "dilationH", "dilationW", "dilation", d)}");
            for (int i = 0; i < rank; i++)
                if (p[i] < 0 || p[i] > (effective ? (d[i] * (k[i] - 1) + 1) : k[i]) / 2)
                    throw new ArgumentException(effective
                        ? $"pad should be at most half of effective kernel size, but got pad={p[i]}, kernel_size={k[i]} and dilation={d[i]}"
                        : $"pad should be at most half of kernel size, but got pad={p[i]} and kernel_size={k[i]}");
            long[] inSpatial = input._shape[^rank..], o = new long[rank];
            for (int i = 0; i < rank; i++)
            {
                long num = inSpatial[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1 + (ceil ? s[i] - 1 : 0);
                o[i] = FloorDiv(num, s[i]) + 1;
                if (ceil && (o[i] - 1) * s[i] >= inSpatial[i] + p[i]) o[i]--;
            }
            if (o.Any(v => v < 1))
            {
                long planes = input._shape[input._shape.Length - rank - 1];
                throw new ArgumentException($"Given input size: ({planes}x{string.Join("x", inSpatial)}). Calculated output size: " +
                                            $"({planes}x{string.Join("x", o)}). Output size is too small");
            }
            return o;
        }

        private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

        private static string Describe(int rank, string h, string w, string one, long[] v) =>
            rank == 2 ? $"{h}: {v[0]} {w}: {v[1]}" : $"{one}: {v[0]}";
    }
}
