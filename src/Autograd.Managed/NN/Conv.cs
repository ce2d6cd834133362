namespace Autograd
{
    /// <summary>TorchSharp's padding presets for convolutions: <c>Valid</c> is no padding; <c>Same</c> pads so the
    /// output has the input's size (stride 1 only; an odd total padding puts the extra element after the input).</summary>
    public enum Padding
    {
        /// <summary>No padding.</summary>
        Valid = 0,
        /// <summary>Output size = input size.</summary>
        Same = 1,
    }

    /// <summary>TorchSharp's names for how <see cref="torch.nn.functional.pad(torch.Tensor, long[], PaddingModes, double)"/>
    /// and a convolution module (PyTorch's <c>padding_mode</c>) fill the new elements: with zeros or a constant, by
    /// reflection about the edge, by repeating the edge, or by wrapping around.</summary>
    public enum PaddingModes
    {
        /// <summary>Zeros (PyTorch's <c>'zeros'</c>, the default).</summary>
        Zeros = 0,
        /// <summary>Reflection about the edge element (<c>'reflect'</c>).</summary>
        Reflect = 1,
        /// <summary>The edge element repeated (<c>'replicate'</c>).</summary>
        Replicate = 2,
        /// <summary>Wrapping around (<c>'circular'</c>).</summary>
        Circular = 3,
        /// <summary>A constant (<c>F.pad</c>'s default; the convolution modules reject it).</summary>
        Constant = 4,
    }

    public static partial class torch
    {
        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>1-d convolution (cross-correlation) of input [N, C, L] or [C, L] with weight [Co, C/groups, K]
                /// and optional bias [Co]; output [N, Co, Lout] with Lout = (L + 2 padding - dilation (K - 1) - 1) / stride + 1.</summary>
                /// <exception cref="ArgumentException">Wrong ranks, channel counts, groups, sizes or parameters
                /// (PyTorch's messages).</exception>
                public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, long? stride = null, long? padding = null,
                                            long? dilation = null, long groups = 1) =>
                    Ops.ConvOps.Conv(input, weight, bias, [stride ?? 1], [padding ?? 0], null, [dilation ?? 1], groups, 1, "conv1d");

                /// <summary>1-d convolution with <see cref="Padding.Same"/> or <see cref="Padding.Valid"/> padding; see
                /// <see cref="conv1d(Tensor, Tensor, Tensor?, long?, long?, long?, long)"/>.</summary>
                public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias, Padding padding, long? stride = null,
                                            long? dilation = null, long groups = 1) =>
                    Ops.ConvOps.Conv(input, weight, bias, [stride ?? 1], null, padding, [dilation ?? 1], groups, 1, "conv1d");

                /// <summary>2-d convolution (cross-correlation) of input [N, C, H, W] or [C, H, W] with weight
                /// [Co, C/groups, KH, KW] and optional bias [Co]. <paramref name="strides"/>, <paramref name="padding"/> and
                /// <paramref name="dilation"/> hold one value for both dims or one per dim (defaults 1, 0, 1); output
                /// [N, Co, Hout, Wout] with Hout = (H + 2 padding - dilation (KH - 1) - 1) / stride + 1.</summary>
                /// <exception cref="ArgumentException">Wrong ranks, channel counts, groups, sizes or parameters
                /// (PyTorch's messages).</exception>
                public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null,
                                            long[]? padding = null, long[]? dilation = null, long groups = 1) =>
                    Ops.ConvOps.Conv(input, weight, bias, strides ?? [1], padding ?? [0], null, dilation ?? [1], groups, 2, "conv2d");

                /// <summary>2-d convolution with <see cref="Padding.Same"/> or <see cref="Padding.Valid"/> padding; see
                /// <see cref="conv2d(Tensor, Tensor, Tensor?, long[], long[], long[], long)"/>.</summary>
                public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, Padding padding, long[]? strides = null,
                                            long[]? dilation = null, long groups = 1) =>
                    Ops.ConvOps.Conv(input, weight, bias, strides ?? [1], null, padding, dilation ?? [1], groups, 2, "conv2d");

                /// <summary>2-d transposed convolution (the adjoint of
                /// <see cref="conv2d(Tensor, Tensor, Tensor?, long[], long[], long[], long)"/>
                /// in its input) of input [N, Cin, H, W] or [Cin, H, W] with weight [Cin, Cout/groups, KH, KW] and optional
                /// bias [Cout]; output [N, Cout, Hout, Wout] with Hout = (H - 1) stride - 2 padding + dilation (KH - 1)
                /// + output_padding + 1.</summary>
                /// <exception cref="ArgumentException">Wrong ranks, channel counts, groups, sizes or parameters
                /// (PyTorch's messages).</exception>
                public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null,
                                                      long[]? padding = null, long[]? output_padding = null, long[]? dilation = null,
                                                      long groups = 1) =>
                    Ops.ConvOps.ConvTranspose(input, weight, bias, strides ?? [1], padding ?? [0], output_padding ?? [0],
                                              dilation ?? [1], groups, 2, "conv_transpose2d");
            }
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>Argument checks and batching of the public convolutions (PyTorch's rules and messages, from
    /// ATen's <c>check_shape_forward</c>); the arithmetic is <see cref="Convolution"/>.</summary>
    internal static class ConvOps
    {
        internal static Tensor Conv(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[]? padding, Padding? mode,
                                    long[] dilation, long groups, int rank, string op)
        {
            bool batched = CheckInput(input, rank, op);
            long[] s = Expand(stride, rank, "stride"), d = Expand(dilation, rank, "dilation");
            long[] p = padding is null ? new long[rank] : Expand(padding, rank, "padding");
            CheckParams(s, p, d, groups);
            CheckTensors(input, weight, bias, rank, batched);
            if (mode == Padding.Same && s.Any(v => v != 1))
                throw new ArgumentException("padding='same' is not supported for strided convolutions");
            long[] k = Convolution.Spatial(weight);
            long[] before = new long[rank], after = new long[rank];
            for (int i = 0; i < rank; i++)
            {
                long total = mode == Padding.Same ? d[i] * (k[i] - 1) : 2 * p[i];
                before[i] = mode == Padding.Same ? total / 2 : p[i];
                after[i] = total - before[i];
            }
            long[] inSpatial = batched ? input._shape[2..] : input._shape[1..];
            CheckWeight(input, weight, bias, groups, batched);
            var padded = new long[rank];
            var span = new long[rank];
            for (int i = 0; i < rank; i++)
            {
                padded[i] = inSpatial[i] + before[i] + after[i];
                span[i] = d[i] * (k[i] - 1) + 1;
            }
            if (padded.Where((v, i) => v < span[i]).Any())
                throw new ArgumentException($"Calculated padded input size per channel: ({string.Join(" x ", padded)}). " +
                                            $"Kernel size: ({string.Join(" x ", span)}). Kernel size can't be greater than " +
                                            $"actual input size");
            long[] outSpatial = new long[rank];
            for (int i = 0; i < rank; i++) outSpatial[i] = (padded[i] - span[i]) / s[i] + 1;
            var g = new ConvGeometry(s, before, d, groups);
            Tensor x = batched ? input : input.unsqueeze(0);
            Tensor y = Convolution.Forward(x, weight, bias, g, outSpatial);
            return batched ? y : y.squeeze(0);
        }

        internal static Tensor ConvTranspose(Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding, long[] outputPadding,
                                             long[] dilation, long groups, int rank, string op)
        {
            bool batched = CheckInput(input, rank, op);
            long[] s = Expand(stride, rank, "stride"), d = Expand(dilation, rank, "dilation");
            long[] p = Expand(padding, rank, "padding"), op2 = Expand(outputPadding, rank, "output_padding");
            CheckParams(s, p, d, groups);
            if (op2.Any(v => v < 0)) throw new ArgumentException("negative output_padding is not supported");
            CheckTensors(input, weight, bias, rank, batched);
            long cin = input._shape[batched ? 1 : 0];
            if (weight._shape[0] % groups != 0)
                throw new ArgumentException($"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, " +
                                            // sic: LibTorch's double brackets
                                            $"but got weight of size [{Shape.Format(weight._shape)}] instead");
            if (cin != weight._shape[0])
                throw new ArgumentException(
                    $"Given transposed=1, weight of size {Shape.Format(weight._shape)}, expected input{Shape.Format(input._shape)} " +
                    $"to have {weight._shape[0]} channels, but got {cin} channels instead");
            if (bias is not null && (bias._shape.Length != 1 || bias._shape[0] != weight._shape[1] * groups))
                throw new ArgumentException(
                    $"Given transposed=1, weight of size {Shape.Format(weight._shape)}, expected bias to be 1-dimensional " +
                    $"with {weight._shape[1] * groups} elements, but got bias of size {Shape.Format(bias._shape)} instead");
            for (int i = 0; i < rank; i++)
                if (op2[i] >= s[i] && op2[i] >= d[i])
                    throw new ArgumentException($"output padding must be smaller than either stride or dilation, but got output_padding: " +
                                                $"{Shape.Format(op2)}, stride: {Shape.Format(s)}, dilation: {Shape.Format(d)}");
            long[] k = Convolution.Spatial(weight), inSpatial = batched ? input._shape[2..] : input._shape[1..];
            long[] outSpatial = new long[rank];
            for (int i = 0; i < rank; i++) outSpatial[i] = (inSpatial[i] - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op2[i] + 1;
            if (outSpatial.Any(v => v <= 0))
                throw new ArgumentException(
                    $"Given input size per channel: ({string.Join(" x ", inSpatial)}). Calculated output size per channel: " +
                    $"({string.Join(" x ", outSpatial)}). Output size is too small");
            var g = new ConvGeometry(s, p, d, groups);
            Tensor x = batched ? input : input.unsqueeze(0);
            Tensor y = Convolution.InputGrad(x, weight, bias, g, outSpatial, Convolution.ForwardName);
            return batched ? y : y.squeeze(0);
        }

        /// <summary>Checks the input's rank; true when it is batched.</summary>
        private static bool CheckInput(Tensor input, int rank, string op)
        {
            int n = input._shape.Length;
            if (n != rank + 1 && n != rank + 2)
                throw new ArgumentException(
                    $"Expected {rank + 1}D (unbatched) or {rank + 2}D (batched) input to {op}, but got input of size: " +
                    $"{Shape.Format(input._shape)}");
            return n == rank + 2;
        }

        /// <summary>A parameter given as one value for every dim or one per dim.</summary>
        private static long[] Expand(long[] v, int rank, string name)
        {
            if (v.Length == rank) return v;
            if (v.Length == 1) return Enumerable.Repeat(v[0], rank).ToArray();
            throw new ArgumentException(
                $"expected {name} to be a single integer value or a list of {rank} values to match the convolution " +
                $"dimensions, but got {name}={Shape.Format(v)}");
        }

        private static void CheckParams(long[] stride, long[] padding, long[] dilation, long groups)
        {
            if (padding.Any(v => v < 0)) throw new ArgumentException("negative padding is not supported");
            if (stride.Any(v => v <= 0)) throw new ArgumentException("non-positive stride is not supported");
            if (dilation.Any(v => v <= 0)) throw new ArgumentException("dilation should be greater than zero");
            if (groups <= 0) throw new ArgumentException("non-positive groups is not supported");
        }

        /// <summary>Weight rank and dtypes: one floating dtype for input, weight and bias.</summary>
        private static void CheckTensors(Tensor input, Tensor weight, Tensor? bias, int rank, bool batched)
        {
            if (weight._shape.Length != rank + 2)
            {
                int k = input._shape.Length + (batched ? 0 : 1);
                long[] shown = batched ? input._shape : [1, .. input._shape];
                throw new ArgumentException(
                    $"Expected {weight._shape.Length}-dimensional input for {weight._shape.Length}-dimensional weight " +
                    $"{Shape.Format(weight._shape)}, but got {k}-dimensional input of size {Shape.Format(shown)} instead");
            }
            if (weight._dtype != input._dtype)
                throw new ArgumentException(
                    $"Input type ({DType.MetaName(input._dtype)}) and weight type ({DType.MetaName(weight._dtype)}) should be the same");
            if (bias is not null && bias._dtype != input._dtype)
                throw new ArgumentException(
                    $"Input type ({DType.MetaName(input._dtype)}) and bias type ({DType.MetaName(bias._dtype)}) should be the same");
            if (!DType.IsFloating(input._dtype))
                throw new NotSupportedException($"\"slow_conv2d_cpu\" not implemented for '{DType.ShortName(input._dtype)}'");
        }

        /// <summary>Channel and group checks of a (non-transposed) convolution.</summary>
        private static void CheckWeight(Tensor input, Tensor weight, Tensor? bias, long groups, bool batched)
        {
            long[] ws = weight._shape;
            if (bias is not null && (bias._shape.Length != 1 || bias._shape[0] != ws[0]))
                throw new ArgumentException(
                    $"Given weight of size {Shape.Format(ws)}, expected bias to be 1-dimensional with {ws[0]} elements, " +
                    $"but got bias of size {Shape.Format(bias._shape)} instead");
            if (ws[0] < groups)
                throw new ArgumentException(
                    $"Given groups={groups}, expected weight to be at least {groups} at dimension 0, but got weight of size " +
                    $"{Shape.Format(ws)} instead");
            if (ws[0] % groups != 0)
                throw new ArgumentException(
                    $"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but got weight of " +
                    $"size [{Shape.Format(ws)}] instead"); // sic: LibTorch's double brackets
            long c = input._shape[batched ? 1 : 0];
            if (c != ws[1] * groups)
            {
                long[] shown = batched ? input._shape : [1, .. input._shape];
                throw new ArgumentException(
                    $"Given groups={groups}, weight of size {Shape.Format(ws)}, expected input{Shape.Format(shown)} to have " +
                    $"{ws[1] * groups} channels, but got {c} channels instead");
            }
        }
    }
}
