namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>Extracts sliding blocks (im2col): input [N, C, H, W] gives [N, C·kH·kW, L], column l holding
                /// the block at the l-th position (row-major) of the (zero-padded) input, L the number of block
                /// positions. Square kernel, dilation, padding and stride.</summary>
                /// <exception cref="ArgumentException">Not 4-d, empty non-batch dims, non-positive kernel, dilation or
                /// stride, negative padding, or no block fits (PyTorch's messages).</exception>
                public static Tensor unfold(Tensor input, long kernel_size, long dilation = 1, long padding = 0, long stride = 1) =>
                    Ops.FoldOps.Unfold(input, (kernel_size, kernel_size), (dilation, dilation), (padding, padding), (stride, stride));

                /// <summary>Extracts sliding blocks with per-dim (height, width) kernel, dilation (default 1), padding
                /// (default 0) and stride (default 1); see <see cref="unfold(Tensor, long, long, long, long)"/>.</summary>
                public static Tensor unfold(Tensor input, (long, long) kernel_size, (long, long)? dilation = null,
                                            (long, long)? padding = null, (long, long)? stride = null) =>
                    Ops.FoldOps.Unfold(input, kernel_size, dilation ?? (1, 1), padding ?? (0, 0), stride ?? (1, 1));

                /// <summary>Combines sliding blocks into an image (col2im), the adjoint of
                /// <see cref="unfold(Tensor, long, long, long, long)"/>: input [N, C·kH·kW, L] (or unbatched
                /// [C·kH·kW, L]) gives [N, C, output_size, output_size], overlapping values summed.</summary>
                /// <exception cref="ArgumentException">Wrong rank, a dim 1 not divisible by the kernel's size, L not the
                /// number of blocks, or bad parameters (PyTorch's messages).</exception>
                public static Tensor fold(Tensor input, long output_size, long kernel_size, long dilation = 1, long padding = 0,
                                          long stride = 1) =>
                    Ops.FoldOps.Fold(input, (output_size, output_size), (kernel_size, kernel_size), (dilation, dilation),
                                     (padding, padding), (stride, stride));

                /// <summary>Combines sliding blocks into an image of (height, width) <paramref name="output_size"/>, with
                /// per-dim kernel, dilation, padding and stride; see <see cref="fold(Tensor, long, long, long, long, long)"/>.</summary>
                public static Tensor fold(Tensor input, (long, long) output_size, (long, long) kernel_size, (long, long)? dilation = null,
                                          (long, long)? padding = null, (long, long)? stride = null) =>
                    Ops.FoldOps.Fold(input, output_size, kernel_size, dilation ?? (1, 1), padding ?? (0, 0), stride ?? (1, 1));
            }
        }
    }
}

namespace Autograd.Ops
{
    using Autograd.Native;

    /// <summary>
    /// F.unfold (im2col) and F.fold (col2im): one native kernel each. They are each other's adjoints, so the
    /// derivative of one is the other with the same geometry, and gradients of any order come from the pair.
    /// </summary>
    internal static class FoldOps
    {
        internal sealed record Geometry((long H, long W) Kernel, (long H, long W) Dilation, (long H, long W) Padding,
                                        (long H, long W) Stride)
        {
            internal AgnConv2dParams Native => new()
            {
                StrideH = Stride.H, StrideW = Stride.W, PadH = Padding.H, PadW = Padding.W,
                DilationH = Dilation.H, DilationW = Dilation.W, Groups = 1,
            };

            /// <summary>Block positions along a dim of size <paramref name="size"/> (PyTorch's div_rtn: floor division).</summary>
            internal static long Blocks(long size, long pad, long dil, long k, long stride) =>
                (long)Math.Floor((double)(size + 2 * pad - (dil * (k - 1) + 1)) / stride) + 1;
        }

        internal static Tensor Unfold(Tensor input, (long, long) kernel, (long, long) dilation, (long, long) padding, (long, long) stride)
        {
            ArgumentNullException.ThrowIfNull(input);
            var g = new Geometry(kernel, dilation, padding, stride);
            CheckParams(g);
            if (input._shape.Length != 4)
                throw new ArgumentException($"Input Error: Only 4D input Tensors are supported (got {input._shape.Length}D)");
            if (input._shape[1] == 0 || input._shape[2] == 0 || input._shape[3] == 0)
                throw new ArgumentException(
                    $"Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, " +
                    $"but got: {Shape.Format(input._shape)}");
            Norms.CheckFloating(input, "im2col_out_cpu");
            long h = input._shape[2], w = input._shape[3];
            long oh = Geometry.Blocks(h, g.Padding.H, g.Dilation.H, g.Kernel.H, g.Stride.H);
            long ow = Geometry.Blocks(w, g.Padding.W, g.Dilation.W, g.Kernel.W, g.Stride.W);
            if (oh < 1 || ow < 1)
                throw new ArgumentException(
                    $"Given input with spatial size ({h}, {h}), kernel_size=({g.Kernel.H}, {g.Kernel.W}), " +
                    $"dilation=({g.Dilation.H}, {g.Dilation.W}), padding=({g.Padding.H}, {g.Padding.W}), calculated shape of the " +
                    $"array of sliding blocks as ({oh}, {ow}), but its components must be at least one.");
            return Im2Col(input, g);
        }

        internal static Tensor Fold(Tensor input, (long, long) outputSize, (long, long) kernel, (long, long) dilation, (long, long) padding,
                                    (long, long) stride)
        {
            ArgumentNullException.ThrowIfNull(input);
            var g = new Geometry(kernel, dilation, padding, stride);
            CheckParams(g);
            int rank = input._shape.Length;
            if (rank is not (2 or 3))
                throw new ArgumentException($"Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got {rank}D)");
            if (input._shape[rank - 2] == 0 || input._shape[rank - 1] == 0)
                throw new ArgumentException(
                    $"Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for " +
                    $"input, but got: {Shape.Format(input._shape)}");
            long planes = input._shape[rank - 2], length = input._shape[rank - 1], kk = g.Kernel.H * g.Kernel.W;
            if (planes % kk != 0)
                throw new ArgumentException(
                    $"Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got " +
                    $"input.size(1)={planes} and kernel_size=({g.Kernel.H}, {g.Kernel.W}).");
            (long oh, long ow) = outputSize;
            long bh = Geometry.Blocks(oh, g.Padding.H, g.Dilation.H, g.Kernel.H, g.Stride.H);
            long bw = Geometry.Blocks(ow, g.Padding.W, g.Dilation.W, g.Kernel.W, g.Stride.W);
            string described =
                $"Given output_size=({oh}, {ow}), kernel_size=({g.Kernel.H}, {g.Kernel.W}), dilation=({g.Dilation.H}, " +
                $"{g.Dilation.W}), padding=({g.Padding.H}, {g.Padding.W}), stride=({g.Stride.H}, {g.Stride.W}), ";
            if (length != bh * bw)
                throw new ArgumentException(
                    described + $"expected size of input's dimension 2 to match the calculated number of sliding blocks {bh} * " +
                        $"{bw} = {bh * bw}, but got input.size(2)={length}.");
            if (bh < 1 || bw < 1)
                throw new ArgumentException(
                    described + $"calculated shape of the array of sliding blocks as ({bh}, {bw}), which is invalid.");
            Norms.CheckFloating(input, "col2im_out_cpu");
            if (rank == 2) return Col2Im(input.unsqueeze(0), g, oh, ow).squeeze(0);
            return Col2Im(input, g, oh, ow);
        }

        private static void CheckParams(Geometry g)
        {
            if (g.Kernel.H <= 0 || g.Kernel.W <= 0)
                throw new ArgumentException(
                    $"kernel size should be greater than zero, but got kernel_height: {g.Kernel.H} kernel_width: {g.Kernel.W}");
            if (g.Dilation.H <= 0 || g.Dilation.W <= 0)
                throw new ArgumentException(
                    $"dilation should be greater than zero, but got dilation_height: {g.Dilation.H} dilation_width: {g.Dilation.W}");
            if (g.Padding.H < 0 || g.Padding.W < 0)
                throw new ArgumentException($"padding should be non-negative, but got pad_height: {g.Padding.H} pad_width: {g.Padding.W}");
            if (g.Stride.H <= 0 || g.Stride.W <= 0)
                throw new ArgumentException(
                    $"stride should be greater than zero, but got stride_height: {g.Stride.H} stride_width: {g.Stride.W}");
        }

        /// <summary>cols [N, C·kH·kW, L] of a 4-d image (geometry already checked).</summary>
        internal static Tensor Im2Col(Tensor x, Geometry g)
        {
            long n = x._shape[0], c = x._shape[1];
            long oh = Geometry.Blocks(x._shape[2], g.Padding.H, g.Dilation.H, g.Kernel.H, g.Stride.H);
            long ow = Geometry.Blocks(x._shape[3], g.Padding.W, g.Dilation.W, g.Kernel.W, g.Stride.W);
            Tensor cols = Tensor.Empty([n, c * g.Kernel.H * g.Kernel.W, oh * ow], x._dtype);
            if (cols._numel > 0) Kernels.Fold(true, Kernels.ConvertContiguous(x, x._dtype), cols, g.Kernel.H, g.Kernel.W, g.Native);
            if (Graph.Needs(x)) Graph.Connect(new Im2ColBackward0(g, x._shape[2], x._shape[3]), cols, x);
            return cols;
        }

        /// <summary>The image [N, C, oh, ow] of 3-d cols (geometry already checked).</summary>
        internal static Tensor Col2Im(Tensor cols, Geometry g, long oh, long ow)
        {
            long n = cols._shape[0], c = cols._shape[1] / (g.Kernel.H * g.Kernel.W);
            Tensor y = Tensor.Empty([n, c, oh, ow], cols._dtype);
            if (y._numel > 0) Kernels.Fold(false, y, Kernels.ConvertContiguous(cols, cols._dtype), g.Kernel.H, g.Kernel.W, g.Native);
            if (Graph.Needs(cols)) Graph.Connect(new Col2ImBackward0(g), y, cols);
            return y;
        }
    }

    // unfold is linear with adjoint fold: d unfold(x)/dx = fold(grad) at x's spatial size; its JVP is the unfold of the tangent
    internal sealed class Im2ColBackward0(FoldOps.Geometry g, long h, long w) : Node
    {
        public override string name() => "Im2ColBackward0";
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0] is { } v ? FoldOps.Im2Col(v, g) : null];
        internal override Tensor?[] Apply(Tensor?[] grads) => [FoldOps.Col2Im(grads[0]!, g, h, w)];
    }

    // fold is linear with adjoint unfold: d fold(c)/dc = unfold(grad); its JVP is the fold of the tangent
    internal sealed class Col2ImBackward0(FoldOps.Geometry g) : Node
    {
        public override string name() => "Col2ImBackward0";
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [t[0] is { } v ? FoldOps.Col2Im(v, g, y[0]._shape[2], y[0]._shape[3]) : null];
        internal override Tensor?[] Apply(Tensor?[] grads) => [FoldOps.Im2Col(grads[0]!, g)];
    }
}
