using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Elementwise bitwise and of integer or bool tensors, broadcast and promoted (for bools, logical and).
            /// Floating operands throw <c>"bitwise_and_cpu" not implemented for 'Float'</c>.</summary>
            public Tensor bitwise_and(Tensor other) => Ops.Bitwise.Apply(AgnBinaryOp.BitwiseAnd, this, other);
            /// <summary>bitwise_and with a scalar.</summary>
            public Tensor bitwise_and(Scalar other) => Ops.Bitwise.Apply(AgnBinaryOp.BitwiseAnd, this, other);
            /// <summary>Elementwise bitwise or (for bools, logical or).</summary>
            public Tensor bitwise_or(Tensor other) => Ops.Bitwise.Apply(AgnBinaryOp.BitwiseOr, this, other);
            /// <summary>bitwise_or with a scalar.</summary>
            public Tensor bitwise_or(Scalar other) => Ops.Bitwise.Apply(AgnBinaryOp.BitwiseOr, this, other);
            /// <summary>Elementwise bitwise exclusive or (for bools, logical xor).</summary>
            public Tensor bitwise_xor(Tensor other) => Ops.Bitwise.Apply(AgnBinaryOp.BitwiseXor, this, other);
            /// <summary>bitwise_xor with a scalar.</summary>
            public Tensor bitwise_xor(Scalar other) => Ops.Bitwise.Apply(AgnBinaryOp.BitwiseXor, this, other);
            /// <summary>Elementwise ~x for integers, logical not for bools; floats throw.</summary>
            public Tensor bitwise_not() => Ops.Bitwise.Not(this);
            /// <summary>this &lt;&lt; other for integer tensors; counts below 0 or of 64 and more give 0 (PyTorch's rule).</summary>
            public Tensor bitwise_left_shift(Tensor other) => Ops.Bitwise.Apply(AgnBinaryOp.LeftShift, this, other);
            /// <summary>bitwise_left_shift by a scalar count.</summary>
            public Tensor bitwise_left_shift(Scalar other) => Ops.Bitwise.Apply(AgnBinaryOp.LeftShift, this, other);
            /// <summary>Arithmetic this &gt;&gt; other for integer tensors; counts below 0 or of 64 and more give the sign fill.</summary>
            public Tensor bitwise_right_shift(Tensor other) => Ops.Bitwise.Apply(AgnBinaryOp.RightShift, this, other);
            /// <summary>bitwise_right_shift by a scalar count.</summary>
            public Tensor bitwise_right_shift(Scalar other) => Ops.Bitwise.Apply(AgnBinaryOp.RightShift, this, other);
            /// <summary>Elementwise logical exclusive or of any dtypes (nonzero is true); a bool result.</summary>
            public Tensor logical_xor(Tensor other) => Ops.Comparison.Compare(AgnBinaryOp.LogicalXor, this, other);

            /// <summary>In place <see cref="bitwise_and(Tensor)"/>.</summary>
            public Tensor bitwise_and_(Tensor other) => Ops.Bitwise.InPlace(this, other, s => s.bitwise_and(other));
            /// <summary>In place <see cref="bitwise_or(Tensor)"/>.</summary>
            public Tensor bitwise_or_(Tensor other) => Ops.Bitwise.InPlace(this, other, s => s.bitwise_or(other));
            /// <summary>In place <see cref="bitwise_xor(Tensor)"/>.</summary>
            public Tensor bitwise_xor_(Tensor other) => Ops.Bitwise.InPlace(this, other, s => s.bitwise_xor(other));
            /// <summary>In place <see cref="bitwise_not()"/>.</summary>
            public Tensor bitwise_not_() => Ops.Bitwise.InPlace(this, this, s => s.bitwise_not());
            /// <summary>In place <see cref="bitwise_left_shift(Tensor)"/>.</summary>
            public Tensor bitwise_left_shift_(Tensor other) => Ops.Bitwise.InPlace(this, other, s => s.bitwise_left_shift(other));
            /// <summary>In place <see cref="bitwise_right_shift(Tensor)"/>.</summary>
            public Tensor bitwise_right_shift_(Tensor other) => Ops.Bitwise.InPlace(this, other, s => s.bitwise_right_shift(other));

            /// <summary>Bitwise exclusive or (<see cref="bitwise_xor(Tensor)"/>).</summary>
            public static Tensor operator ^(Tensor left, Tensor right) => left.bitwise_xor(right);
            /// <summary>Bitwise exclusive or with a scalar.</summary>
            public static Tensor operator ^(Tensor left, Scalar right) => left.bitwise_xor(right);
            /// <summary>Bitwise and with a scalar.</summary>
            public static Tensor operator &(Tensor left, Scalar right) => left.bitwise_and(right);
            /// <summary>Bitwise or with a scalar.</summary>
            public static Tensor operator |(Tensor left, Scalar right) => left.bitwise_or(right);
            /// <summary>Bitwise not (<see cref="bitwise_not()"/>): ~ on integers, logical not on bools.</summary>
            public static Tensor operator ~(Tensor x) => x.bitwise_not();
            /// <summary>Left shift (<see cref="bitwise_left_shift(Tensor)"/>).</summary>
            public static Tensor operator <<(Tensor left, Tensor right) => left.bitwise_left_shift(right);
            /// <summary>Left shift by a count.</summary>
            public static Tensor operator <<(Tensor left, long right) => left.bitwise_left_shift(right);
            /// <summary>Arithmetic right shift (<see cref="bitwise_right_shift(Tensor)"/>).</summary>
            public static Tensor operator >>(Tensor left, Tensor right) => left.bitwise_right_shift(right);
            /// <summary>Arithmetic right shift by a count.</summary>
            public static Tensor operator >>(Tensor left, long right) => left.bitwise_right_shift(right);
        }
    }

    public static partial class torch
    {
        /// <summary>See <see cref="Tensor.bitwise_and(Tensor)"/>.</summary>
        public static Tensor bitwise_and(Tensor left, Tensor right) => left.bitwise_and(right);
        /// <summary>See <see cref="Tensor.bitwise_or(Tensor)"/>.</summary>
        public static Tensor bitwise_or(Tensor left, Tensor right) => left.bitwise_or(right);
        /// <summary>See <see cref="Tensor.bitwise_xor(Tensor)"/>.</summary>
        public static Tensor bitwise_xor(Tensor left, Tensor right) => left.bitwise_xor(right);
        /// <summary>See <see cref="Tensor.bitwise_not()"/>.</summary>
        public static Tensor bitwise_not(Tensor input) => input.bitwise_not();
        /// <summary>See <see cref="Tensor.bitwise_left_shift(Tensor)"/>.</summary>
        public static Tensor bitwise_left_shift(Tensor left, Tensor right) => left.bitwise_left_shift(right);
        /// <summary>See <see cref="Tensor.bitwise_right_shift(Tensor)"/>.</summary>
        public static Tensor bitwise_right_shift(Tensor left, Tensor right) => left.bitwise_right_shift(right);
        /// <summary>See <see cref="Tensor.logical_xor(Tensor)"/>.</summary>
        public static Tensor logical_xor(Tensor left, Tensor right) => left.logical_xor(right);
        /// <summary>Elementwise logical and (bool result).</summary>
        public static Tensor logical_and(Tensor left, Tensor right) => left.logical_and(right);
        /// <summary>Elementwise logical or (bool result).</summary>
        public static Tensor logical_or(Tensor left, Tensor right) => left.logical_or(right);
        /// <summary>Elementwise logical not (bool result).</summary>
        public static Tensor logical_not(Tensor input) => input.logical_not();
    }
}

namespace Autograd.Ops
{
    /// <summary>Bitwise ops and shifts for int64 and bool tensors (no gradients: integer results).</summary>
    internal static class Bitwise
    {
        private static string KernelName(AgnBinaryOp op) => op switch
        {
            AgnBinaryOp.BitwiseAnd => "bitwise_and_cpu",
            AgnBinaryOp.BitwiseOr => "bitwise_or_cpu",
            AgnBinaryOp.BitwiseXor => "bitwise_xor_cpu",
            AgnBinaryOp.LeftShift => "lshift_cpu",
            _ => "rshift_cpu",
        };

        internal static Tensor Apply(AgnBinaryOp op, Tensor a, Scalar b) => Apply(op, a, ScalarTensor(b, ResultType(a, b)));

        internal static Tensor Apply(AgnBinaryOp op, Tensor a, Tensor b)
        {
            ScalarType t = ResultType(a, b);
            bool shift = op is AgnBinaryOp.LeftShift or AgnBinaryOp.RightShift;
            if (DType.IsFloating(t) || (shift && t == ScalarType.Bool))
                throw new NotSupportedException($"\"{KernelName(op)}\" not implemented for '{DType.ShortName(t)}'");
            return Binary(op, a, b, t, t);
        }

        internal static Tensor Not(Tensor x)
        {
            if (DType.IsFloating(x._dtype))
                throw new NotSupportedException($"\"bitwise_not_cpu\" not implemented for '{DType.ShortName(x._dtype)}'");
            if (x._dtype == ScalarType.Bool) return x.logical_not();
            return Binary(AgnBinaryOp.BitwiseXor, x, ScalarTensor(-1L, x._dtype), x._dtype, x._dtype); // ~x == x ^ -1
        }

        internal static Tensor InPlace(Tensor self, Tensor other, Func<Tensor, Tensor> outOfPlace)
        {
            CheckInPlace(self, ResultType(self, other), other._shape, false);
            return Commit(self, outOfPlace(self));
        }
    }
}
