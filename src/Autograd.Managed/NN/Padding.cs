namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>Pads the last <c>pad.Length / 2</c> dims of <paramref name="input"/>: (left, right) for the
                /// last dim first, then (top, bottom) for the one before, and so on (PyTorch's order). Constant
                /// padding takes any rank and negative sizes, which crop; reflect, replicate and circular pad the
                /// last 1, 2 or 3 dims of a tensor with one or two more dims (a batch and channels, or channels).</summary>
                /// <exception cref="ArgumentException">An odd or too long <paramref name="pad"/>, a reflection not smaller
                /// than the dim it mirrors, an output size below zero, a value with a non-constant mode (PyTorch's
                /// messages).</exception>
                /// <exception cref="NotImplementedException">A non-constant mode on a rank it does not support.</exception>
                public static Tensor pad(Tensor input, long[] pad, PaddingModes mode = PaddingModes.Constant, double value = 0) =>
                    Ops.Pad.Apply(input, pad, mode, value);

                /// <inheritdoc cref="pad(Tensor, long[], PaddingModes, double)"/>
                public static Tensor pad(Tensor input, ReadOnlySpan<long> pad, PaddingModes mode = PaddingModes.Constant,
                                         double value = 0) =>
                    Ops.Pad.Apply(input, pad.ToArray(), mode, value);

                /// <summary>Pads the last dim by (left, right); see <see cref="pad(Tensor, long[], PaddingModes, double)"/>.</summary>
                public static Tensor pad(Tensor input, (long, long) pad, PaddingModes mode = PaddingModes.Constant, double value = 0) =>
                    Ops.Pad.Apply(input, [pad.Item1, pad.Item2], mode, value);

                /// <summary>Pads the last two dims by (left, right, top, bottom); see
                /// <see cref="pad(Tensor, long[], PaddingModes, double)"/>.</summary>
                public static Tensor pad(Tensor input, (long, long, long, long) pad, PaddingModes mode = PaddingModes.Constant,
                                         double value = 0) =>
                    Ops.Pad.Apply(input, [pad.Item1, pad.Item2, pad.Item3, pad.Item4], mode, value);

                /// <summary>Pads both sides of every dim of <paramref name="input"/> by <paramref name="pad"/> (TorchSharp's
                /// shorthand); see <see cref="pad(Tensor, long[], PaddingModes, double)"/>.</summary>
                public static Tensor pad(Tensor input, long pad, PaddingModes mode = PaddingModes.Constant, double value = 0)
                {
                    long[] all = new long[input._shape.Length * 2];
                    Array.Fill(all, pad);
                    return Ops.Pad.Apply(input, all, mode, value);
                }
            }
        }
    }
}

namespace Autograd.Ops
{
    using Autograd.Native;

    /// <summary>
    /// F.pad. Constant padding writes the value around a copy of the input (negative sizes crop); its
    /// derivative is constant padding of the gradient by the negated sizes, itself differentiable. Reflect,
    /// replicate and circular padding are an <c>index_select</c> per padded dim with the source index of
    /// every output position, so their gradients are <c>index_add</c>s, to any order.
    /// </summary>
    internal static class Pad
    {
        internal static Tensor Apply(Tensor input, long[] pad, PaddingModes mode, double value)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(pad);
            int rank = input._shape.Length;
            if (pad.Length % 2 != 0) throw new ArgumentException("Padding length must be divisible by 2");
            if (pad.Length > rank * 2)
                throw new ArgumentException(
                    $"Padding length should be less than or equal to two times the input dimension but got padding length " +
                    $"{pad.Length} and input of dimension {rank}");
            if (mode is PaddingModes.Constant or PaddingModes.Zeros)
                return Constant(input, pad, mode == PaddingModes.Zeros ? 0 : value);
            if (value != 0)
                throw new ArgumentException($"Padding mode \"{ModeName(mode)}\" doesn't take in value argument");
            int k = pad.Length / 2;
            if (k is < 1 or > 3 || rank < k + 1 || rank > k + 2)
                throw new ArgumentException($"Padding size {pad.Length} is not supported for {rank}D input tensor.");
            CheckNonConstant(input, pad, mode, k);
            long[] outShape = (long[])input._shape.Clone();
            for (int i = 0; i < k; i++) outShape[rank - 1 - i] += pad[2 * i] + pad[2 * i + 1];
            Shape.StorageBytes(outShape, input._dtype); // LibTorch's overflow message before any index is built
            Tensor y = input;
            for (int i = 0; i < k; i++)
            {
                int d = rank - 1 - i;
                long before = pad[2 * i], after = pad[2 * i + 1];
                if (before == 0 && after == 0) continue;
                y = y.index_select(d, SourceIndex(input._shape[d], before, after, mode));
            }
            return ReferenceEquals(y, input) ? input.clone() : y;
        }

        private static string ModeName(PaddingModes mode) => mode switch
        {
            PaddingModes.Reflect => "reflect",
            PaddingModes.Replicate => "replicate",
            PaddingModes.Circular => "circular",
            _ => "constant",
        };

        /// <summary>The input position each output position of a padded dim reads. Circular padding first crops
        /// (negative sizes), then wraps around what is left, as LibTorch's _pad_circular does.</summary>
        private static Tensor SourceIndex(long size, long before, long after, PaddingModes mode)
        {
            long n = size + before + after;
            long start = Math.Max(0, -before), kept = size - start - Math.Max(0, -after), lead = Math.Max(0, before);
            Tensor idx = Tensor.Empty([n], ScalarType.Int64); // sized and checked as any tensor (replicate is unbounded)
            Storage st = idx._storage;
            for (long j = 0; j < n; j++)
            {
                long s = j - before;
                st.Element<long>(j) = mode switch
                {
                    PaddingModes.Reflect => s < 0 ? -s : s >= size ? 2 * (size - 1) - s : s,
                    PaddingModes.Replicate => Math.Clamp(s, 0, size - 1),
                    _ => ((j - lead) % kept + kept) % kept + start,
                };
            }
            return idx;
        }

        private static void CheckNonConstant(Tensor input, long[] pad, PaddingModes mode, int k)
        {
            int rank = input._shape.Length;
            string[] names = ["W", "H", "D"];
            for (int i = 0; i < k; i++)
            {
                int d = rank - 1 - i;
                long size = input._shape[d], before = pad[2 * i], after = pad[2 * i + 1];
                if (mode == PaddingModes.Reflect && (before >= size || after >= size))
                    throw new ArgumentException(
                        $"Argument #{4 + 2 * i}: Padding size should be less than the corresponding input dimension, but got: " +
                        $"padding ({before}, {after}) at dimension {d} of input {Shape.Format(input._shape)}");
                if (mode == PaddingModes.Circular && (before > size || after > size))
                    throw new ArgumentException("Padding value causes wrapping around more than once.");
            }
            for (int d = rank == k + 2 ? 1 : 0; d < rank; d++)
                if (input._shape[d] == 0)
                    throw new ArgumentException(
                        $"Expected {k + 1}D or {k + 2}D (batch mode) tensor with possibly 0 batch size and other non-zero " +
                        $"dimensions for input, but got: {Shape.Format(input._shape)}");
            bool small = false;
            for (int i = 0; i < k; i++) small |= input._shape[rank - 1 - i] + pad[2 * i] + pad[2 * i + 1] < 1;
            if (small)
            {
                string Dims(Func<int, long> v) => string.Join(", ", Enumerable.Range(0, k).Reverse().Select(i => $"{names[i]}: {v(i)}"));
                string Out(Func<int, long> v) => string.Join(" ", Enumerable.Range(0, k).Reverse().Select(i => $"{names[i]}: {v(i)}"));
                throw new ArgumentException(
                    $"input ({Dims(i => input._shape[rank - 1 - i])}) is too small. Calculated output " +
                    $"{Out(i => input._shape[rank - 1 - i] + pad[2 * i] + pad[2 * i + 1])}");
            }
        }

        /// <summary>constant_pad_nd: value around the input, negative sizes cropping.</summary>
        internal static Tensor Constant(Tensor input, long[] pad, double value)
        {
            int rank = input._shape.Length;
            // LibTorch crops with narrow first, outermost padded dim first, so a crop past the input fails in
            // narrow's words: the same checks on a throw-away view
            Tensor crop = input.detach();
            for (int i = pad.Length / 2 - 1; i >= 0; i--)
            {
                int d = rank - 1 - i;
                if (pad[2 * i] < 0) crop = crop.narrow(d, -pad[2 * i], crop._shape[d] + pad[2 * i]);
                if (pad[2 * i + 1] < 0) crop = crop.narrow(d, 0, crop._shape[d] + pad[2 * i + 1]);
            }
            long[] shape = (long[])input._shape.Clone();
            for (int i = 0; i < pad.Length / 2; i++)
            {
                int d = rank - 1 - i;
                long size = input._shape[d] + pad[2 * i] + pad[2 * i + 1];
                if (size < 0)
                    throw new ArgumentException(
                        $"The input size {input._shape[d]}, plus negative padding {pad[2 * i]} and {pad[2 * i + 1]} resulted in " +
                        $"a negative output size, which is invalid. Check dimension {d} of your input.");
                shape[d] = size;
            }
            DType.CheckScalarFits(value, input._dtype); // fill_'s check, before the native fill would refuse
            Tensor y = Tensor.Empty(shape, input._dtype);
            if (y._numel > 0)
            {
                Kernels.Fill(y, input._dtype == ScalarType.Int64 ? Math.Truncate(value) : value);
                // the part of the input that survives, and where it lands
                long[] part = (long[])input._shape.Clone();
                long inOffset = input._offset, outOffset = 0;
                for (int i = 0; i < pad.Length / 2; i++)
                {
                    int d = rank - 1 - i;
                    long before = pad[2 * i], after = pad[2 * i + 1];
                    long start = Math.Max(0, -before), end = input._shape[d] - Math.Max(0, -after);
                    part[d] = Math.Max(0, end - start);
                    inOffset += start * input._strides[d];
                    outOffset += Math.Max(0, before) * y._strides[d];
                }
                if (Shape.Numel(part) > 0)
                {
                    Tensor src = new(input._storage, part, input._strides, inOffset, input._dtype);
                    Tensor dst = new(y._storage, part, y._strides, outOffset, y._dtype);
                    Kernels.Copy(src, src._strides, dst);
                }
            }
            if (Graph.Needs(input)) Graph.Connect(new ConstantPadNdBackward0(pad), y, input);
            return y;
        }
    }

    // d(constant_pad(x, pad))/dx = constant_pad(grad, -pad): the gradient cropped back to x's shape; the JVP pads
    // the tangent with zeros
    internal sealed class ConstantPadNdBackward0(long[] pad) : Node
    {
        public override string name() => "ConstantPadNdBackward0";
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0] is { } v ? Pad.Constant(v, pad, 0) : null];
        internal override Tensor?[] Apply(Tensor?[] g) => [Pad.Constant(g[0]!, pad.Select(p => -p).ToArray(), 0)];
    }
}
