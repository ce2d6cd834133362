namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>PyTorch's <c>resize_</c>: gives this tensor the shape <paramref name="size"/> with contiguous
            /// strides, keeping its storage offset. The storage grows (old elements kept, new ones uninitialised)
            /// when it is too small, and every tensor sharing it sees it grown; the same shape changes nothing.</summary>
            /// <exception cref="InvalidOperationException">The tensor requires grad, or its storage is a caller's array
            /// (<c>torch.from_array</c>): PyTorch's "cannot resize variables that require grad" / "Trying to resize
            /// storage that is not resizable".</exception>
            /// <exception cref="ArgumentException">A negative size.</exception>
            public Tensor resize_(params long[] size) => requires_grad
                ? throw new InvalidOperationException("cannot resize variables that require grad")
                : Ops.OutArgument.Resize(this, (long[])(size ?? throw new ArgumentNullException(nameof(size))).Clone());
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>
    /// PyTorch's out= protocol, shared by every op that takes an <c>out</c> tensor: the autograd check, the dtype
    /// check, resize_output (a warning when a non-empty output changes shape), then the op writes the values
    /// and bumps the output's version.
    /// </summary>
    internal static class OutArgument
    {
        /// <summary>PyTorch's rule for out= overloads: no history can be recorded, so none may be needed (nor a tangent:
        /// out= functions are not forward differentiable).</summary>
        internal static void CheckAutograd(string op, Tensor a, Tensor b, Tensor @out)
        {
            if (GradMode.IsEnabled && (a.requires_grad || b.requires_grad || @out.requires_grad))
                throw new InvalidOperationException(
                    $"{op}(): functions with out=... arguments don't support automatic differentiation, but one of the arguments " +
                    $"requires grad.");
            // PyTorch checks this after writing out; here it comes first, so the failed call changes nothing
            if (ForwardAD.Active && (ForwardAD.HasTangent(a) || ForwardAD.HasTangent(b) || ForwardAD.HasTangent(@out)))
                throw new NotImplementedException(
                    $"Trying to use forward AD with {op}_out that does not support it because it is an out= function");
            InferenceMode.CheckInplace(@out);
        }

        /// <summary>Makes <paramref name="out"/> ready to receive a result of <paramref name="shape"/> and
        /// <paramref name="dtype"/>: ATen's resize_out. Call it only after every check of the inputs, so a
        /// failing call leaves <paramref name="out"/> as it was.</summary>
        internal static Tensor Prepare(Tensor @out, long[] shape, ScalarType dtype)
        {
            if (@out._dtype != dtype)
                throw new ArgumentException(
                    $"Expected out tensor to have dtype {DType.MetaName(dtype)}, but got {DType.MetaName(@out._dtype)} instead");
            if (!ResizeOutput(@out, shape)) Elementwise.CheckNoInternalOverlap(@out); // a resized out is contiguous
            return @out;
        }

        /// <summary>ATen's resize_output: gives <paramref name="out"/> <paramref name="shape"/> unless it has it,
        /// with PyTorch's deprecation warning when it held elements. Returns whether it was resized.</summary>
        internal static bool ResizeOutput(Tensor @out, long[] shape)
        {
            if (Shape.SameShape(@out._shape, shape)) return false;
            if (@out._numel != 0) WarnResized(@out._shape, shape);
            Resize(@out, shape);
            return true;
        }

        /// <summary>resize_ below autograd (as ATen's resize_output calls it, so an out= leaf that requires grad
        /// may be resized under no_grad): contiguous strides at the same offset, storage grown if needed.</summary>
        internal static Tensor Resize(Tensor t, long[] shape)
        {
            Shape.CheckSizes(shape);
            if (Shape.SameShape(t._shape, shape)) return t;
            long bytes = Shape.StorageBytes(shape, t._dtype, t._offset);
            long numel = Shape.Numel(shape);
            if (numel > 0 && bytes > t._storage.ByteLength) t._storage.Grow(bytes);
            t._shape = shape;
            t._strides = Shape.ContiguousStrides(shape);
            t._numel = numel;
            return t;
        }

        private static int s_warned;

        internal static void ResetWarningForTests() => s_warned = 0;

        /// <summary>PyTorch's UserWarning, printed once per process as Python's default filter would per call site.</summary>
        private static void WarnResized(long[] from, long[] to)
        {
            if (Interlocked.Exchange(ref s_warned, 1) != 0) return;
            Console.Error.WriteLine(
                $"UserWarning: An output with one or more elements was resized since it had shape {Shape.Format(from)}, which " +
                $"does not match the required output shape {Shape.Format(to)}. " +
                "This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero " +
                "elements. " +
                "You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0).");
        }
    }
}
