using Autograd.Native;

namespace Autograd.Ops;

/// <summary>
/// Shared machinery of elementwise ops: PyTorch's type promotion, broadcasting to an output, scalar
/// operands and the in-place protocol (checks, version bump, history rebase).
/// </summary>
internal static class Elementwise
{
    /// <summary>PyTorch's result_type for two tensors: dimensioned tensors win over 0-d ones of the same
    /// or lower category; a 0-d tensor of a higher category decides.</summary>
    internal static ScalarType ResultType(Tensor a, Tensor b)
    {
        bool az = a._shape.Length == 0, bz = b._shape.Length == 0;
        if (az == bz) return DType.Promote(a._dtype, b._dtype);
        Tensor dim = az ? b : a, zero = az ? a : b;
        return DType.Category(zero._dtype) > DType.Category(dim._dtype) ? zero._dtype : dim._dtype;
    }

    /// <summary>PyTorch's result_type for a tensor and a Python-style scalar: a scalar of a higher
    /// category gives that category's default type (float32, int64); otherwise the tensor's type.</summary>
    internal static ScalarType ResultType(Tensor a, Scalar s)
    {
        int cs = DType.Category(s.Kind);
        if (cs <= DType.Category(a._dtype)) return a._dtype;
        return cs == 2 ? DType.DefaultFloat : ScalarType.Int64;
    }

    /// <summary>A 0-d tensor holding <paramref name="s"/> as <paramref name="dtype"/>.</summary>
    internal static Tensor ScalarTensor(Scalar s, ScalarType dtype)
    {
        Tensor t = Tensor.Empty(Shape.Scalar, dtype);
        Span<byte> data = t._storage.Bytes;
        switch (dtype)
        {
            case ScalarType.Float32: BitConverter.TryWriteBytes(data, (float)s.Value); break;
            case ScalarType.Float64: BitConverter.TryWriteBytes(data, s.Value); break;
            case ScalarType.Int64: BitConverter.TryWriteBytes(data, s.IntValue); break;
            case ScalarType.Bool: data[0] = (byte)(s.Value != 0 ? 1 : 0); break;
            default: return Kernels.ConvertContiguous(ScalarTensor(s, DType.Compute(dtype)), dtype); // rounds or wraps as a store does
        }
        return t;
    }

    /// <summary>x as <paramref name="dtype"/> (no copy when it already is); not recorded for autograd —
    /// the engine casts gradients back to each input's dtype (Note [Broadcast reduction]).</summary>
    internal static Tensor As(Tensor x, ScalarType dtype) => x._dtype == dtype ? x : Kernels.ConvertContiguous(x, dtype);

    /// <summary>out = a (op) b broadcast, computed in <paramref name="compute"/>, written as <paramref name="outType"/>.</summary>
    internal static Tensor Binary(AgnBinaryOp op, Tensor a, Tensor b, ScalarType compute, ScalarType outType, double alpha = 1)
    {
        long[] shape = Shape.Broadcast(a._shape, b._shape);
        Tensor ca = As(a, compute), cb = As(b, compute);
        return BinaryInto(op, ca, cb, NewContiguous(shape, outType, a, b), alpha);
    }

    /// <summary><paramref name="output"/> = a (op) b, a and b broadcast to output's shape and of the kernel's
    /// dtype already; returns output. The one kernel call of <see cref="Binary"/> and of out= (PointwiseOut).</summary>
    internal static Tensor BinaryInto(AgnBinaryOp op, Tensor a, Tensor b, Tensor output, double alpha = 1)
    {
        long[] shape = output._shape;
        Kernels.Binary(op, a, Shape.ExpandStrides(a._shape, a._strides, shape), b,
                       Shape.ExpandStrides(b._shape, b._strides, shape), output, alpha);
        return output;
    }

    /// <summary>out = op(x) elementwise in x's dtype.</summary>
    internal static Tensor Unary(AgnUnaryOp op, Tensor x, double p0 = 0, double p1 = 0) =>
        UnaryInto(op, x, NewContiguous(x._shape, x._dtype, x, x), p0, p1);

    /// <summary><paramref name="output"/> = op(x), output of x's shape and dtype; returns output.</summary>
    internal static Tensor UnaryInto(AgnUnaryOp op, Tensor x, Tensor output, double p0 = 0, double p1 = 0)
    {
        Kernels.Unary(op, x, x._strides, output, p0, p1);
        return output;
    }

    /// <summary>A new contiguous result of <paramref name="shape"/>. Shape and stride arrays are never
    /// mutated, so when an input already carries this very shape array with exactly the contiguous
    /// strides, the result shares that strides array instead of allocating one (one allocation less per
    /// elementwise op; the common case of same-shape contiguous operands).</summary>
    internal static Tensor NewContiguous(long[] shape, ScalarType dtype, Tensor a, Tensor b)
    {
        long[]? strides = ReferenceEquals(shape, a._shape) && Shape.IsStandardStrides(shape, a._strides) ? a._strides
            : ReferenceEquals(shape, b._shape) && Shape.IsStandardStrides(shape, b._strides) ? b._strides
            : null;
        if (strides is null) return Tensor.Empty(shape, dtype);
        return new Tensor(Storage.Allocate(Shape.StorageBytes(shape, dtype)), shape, strides, 0, dtype);
    }

    /// <summary>Throws unless a floating op may run on x (PyTorch computes e.g. exp of an int tensor
    /// in float32; we do the same by converting first).</summary>
    internal static Tensor AsFloating(Tensor x) => DType.IsFloating(x._dtype) ? x : As(x, DType.DefaultFloat);

    // ---- in-place protocol ---------------------------------------------------------------------

    /// <summary>
    /// Checks that an in-place op may write <paramref name="self"/>: result dtype castable, broadcast
    /// shape equal to self's, no internal overlap, and PyTorch's leaf rules when recording. Throws
    /// before anything is written.
    /// </summary>
    internal static void CheckInPlace(Tensor self, ScalarType resultType, long[]? otherShape, bool otherRequiresGrad)
    {
        if (!DType.CanCast(resultType, self._dtype))
            throw new ArgumentException(
                $"result type {DType.ShortName(resultType)} can't be cast to the desired output type {DType.ShortName(self._dtype)}");
        if (otherShape is not null)
        {
            long[] b = Shape.Broadcast(self._shape, otherShape);
            if (!Shape.SameShape(b, self._shape))
                throw new ArgumentException(
                    $"output with shape {Shape.Format(self._shape)} doesn't match the broadcast shape {Shape.Format(b)}");
        }
        CheckNoInternalOverlap(self);
        InferenceMode.CheckInplace(self);
        // PyTorch's check_inplace; Note [Views and in-place]
        if (!GradMode.IsEnabled || !(self.requires_grad || otherRequiresGrad)) return;
        if (self._base is { } root)
        {
            ViewHistory.CheckKind(self, indirect: false);
            if (self.requires_grad && root.is_leaf)
                throw new InvalidOperationException("a view of a leaf Variable that requires grad is being used in an in-place operation.");
        }
        if (self._gradFn is null && self._requiresGrad)
            throw new InvalidOperationException("a leaf Variable that requires grad is being used in an in-place operation.");
    }

    /// <summary>PyTorch's check that a tensor about to be written has no two elements at one address (an
    /// expanded view, stride 0).</summary>
    internal static void CheckNoInternalOverlap(Tensor self)
    {
        for (int d = 0; d < self._shape.Length; d++)
            if (self._strides[d] == 0 && self._shape[d] > 1)
                throw new ArgumentException(
                    "unsupported operation: more than one element of the written-to tensor refers to a single memory location. " +
                    "Please clone() the tensor before performing the operation.");
    }

    /// <summary>
    /// Completes an in-place op from its out-of-place <paramref name="result"/>: copies the values into
    /// self's storage, bumps the version (Note [Version counter]) and, when the result carries history,
    /// makes it self's history. When recording, callers compute <paramref name="result"/> from
    /// <c>self.clone()</c> so the saved inputs of the new node are not the memory being overwritten.
    /// </summary>
    internal static Tensor Commit(Tensor self, Tensor result)
    {
        Kernels.Copy(result, Shape.ExpandStrides(result._shape, result._strides, self._shape), self);
        self._storage.Version++;
        // the node's metadata still describes its inputs; its output is now self (or, for a view, its base's region)
        if (result._gradFn is not null) ViewHistory.SetInPlaceHistory(self, result._gradFn, result._outputNr);
        if (ForwardAD.Active) ForwardAD.SetInPlaceTangent(self, ForwardAD.TangentOf(result));
        return self;
    }

    /// <summary>Whether an in-place op on self must record history (then it goes through a clone).</summary>
    /// Note [Forward AD]: an in-place op on a dual tensor goes the same way, so its result's tangent becomes self's.
    internal static bool Records(Tensor self, bool otherRequiresGrad) =>
        GradMode.IsEnabled && (self.requires_grad || otherRequiresGrad) || ForwardAD.Active && ForwardAD.InPlaceOnDual(self, null);

    /// <summary><see cref="Records(Tensor, bool)"/> for an op that also reads <paramref name="other"/>.</summary>
    internal static bool Records(Tensor self, Tensor other) =>
        GradMode.IsEnabled && (self.requires_grad || other.requires_grad) || ForwardAD.Active && ForwardAD.InPlaceOnDual(self, other);

    /// <summary>Whether an in-place op with no operand of its own must record backward history (fill_, random draws).</summary>
    internal static bool RecordsGrad(Tensor self) => GradMode.IsEnabled && self.requires_grad;

    /// <summary>In-place binary arithmetic without history: the kernel writes self directly unless the
    /// other operand shares self's memory in a different layout.</summary>
    internal static Tensor DirectBinary(AgnBinaryOp op, Tensor self, Tensor other, double alpha = 1)
    {
        Tensor o = As(other, self._dtype);
        if (o._storage == self._storage && !(o._offset == self._offset && Shape.SameShape(o._strides, self._strides)))
            o = o.clone();
        Kernels.Binary(op, self, self._strides, o, Shape.ExpandStrides(o._shape, o._strides, self._shape), self, alpha);
        self._storage.Version++;
        return self;
    }
}
