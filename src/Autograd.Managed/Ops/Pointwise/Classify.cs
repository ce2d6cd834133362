using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Whether each element is NaN (bool; integer and bool tensors give all false).</summary>
            public Tensor isnan() => Ops.Classify.IsNan(this);
            /// <summary>Whether each element is +inf or -inf (bool).</summary>
            public Tensor isinf() => Ops.Classify.Is(this, double.PositiveInfinity, double.NegativeInfinity);
            /// <summary>Whether each element is +inf (bool).</summary>
            public Tensor isposinf() => Ops.Classify.Is(this, double.PositiveInfinity, double.PositiveInfinity);
            /// <summary>Whether each element is -inf (bool).</summary>
            public Tensor isneginf() => Ops.Classify.Is(this, double.NegativeInfinity, double.NegativeInfinity);
            /// <summary>Whether each element is neither NaN nor infinite (bool; all true for integer and bool tensors).</summary>
            public Tensor isfinite() => Ops.Classify.IsFinite(this);
            /// <summary>Whether each element's sign bit is set (bool): true for -0.0 and for NaNs with the bit set.</summary>
            public Tensor signbit() => Ops.Classify.Signbit(this);
            /// <summary>NaN, +inf and -inf replaced by <paramref name="nan"/>, <paramref name="posinf"/> (default: the
            /// dtype's largest finite value) and <paramref name="neginf"/> (default: its lowest). Integer and bool
            /// tensors are copied. d/dx = grad where x is finite, else 0.</summary>
            public Tensor nan_to_num(double nan = 0.0, double? posinf = null, double? neginf = null) =>
                Ops.Classify.NanToNum(this, nan, posinf, neginf);
            /// <summary>In place <see cref="nan_to_num"/>.</summary>
            public Tensor nan_to_num_(double nan = 0.0, double? posinf = null, double? neginf = null)
            {
                Ops.Elementwise.CheckInPlace(this, _dtype, null, false);
                return Ops.Elementwise.Commit(this,
                                              (Ops.Elementwise.Records(this, false) ? clone() : this).nan_to_num(nan, posinf, neginf));
            }
            /// <summary>|this| with the sign bit of <paramref name="other"/>, broadcast; integer operands give float32.
            /// d/dthis = grad · copysign(1, ...) as sign(result / this) (0 where this is 0); d/dother = 0.</summary>
            public Tensor copysign(Tensor other) => Ops.Classify.Copysign(this, other);
            /// <summary>copysign with a scalar sign source.</summary>
            public Tensor copysign(Scalar other) => Ops.Classify.Copysign(this, ScalarTensor(other, ResultType(this, other)));
        }
    }

    public static partial class torch
    {
        /// <summary>See <see cref="Tensor.isnan()"/>.</summary>
        public static Tensor isnan(Tensor input) => input.isnan();
        /// <summary>See <see cref="Tensor.isinf()"/>.</summary>
        public static Tensor isinf(Tensor tensor) => tensor.isinf();
        /// <summary>See <see cref="Tensor.isposinf()"/>.</summary>
        public static Tensor isposinf(Tensor tensor) => tensor.isposinf();
        /// <summary>See <see cref="Tensor.isneginf()"/>.</summary>
        public static Tensor isneginf(Tensor tensor) => tensor.isneginf();
        /// <summary>See <see cref="Tensor.isfinite()"/>.</summary>
        public static Tensor isfinite(Tensor tensor) => tensor.isfinite();
        /// <summary>See <see cref="Tensor.signbit()"/>.</summary>
        public static Tensor signbit(Tensor input) => input.signbit();
        /// <summary>See <see cref="Tensor.nan_to_num"/>.</summary>
        public static Tensor nan_to_num(Tensor input, double nan = 0.0, double? posinf = null, double? neginf = null) =>
            input.nan_to_num(nan, posinf, neginf);
        /// <summary>See <see cref="Tensor.copysign(Tensor)"/>.</summary>
        public static Tensor copysign(Tensor input, Tensor other) => input.copysign(other);
        /// <summary>See <see cref="Tensor.copysign(Scalar)"/>.</summary>
        public static Tensor copysign(Tensor input, Scalar other) => input.copysign(other);
    }
}

namespace Autograd.Ops
{
    /// <summary>Floating-point classification (bool results, no gradient), nan_to_num and copysign.</summary>
    internal static class Classify
    {
        private static Tensor Constant(Tensor x, bool value) =>
            torch.full(x._shape, value, dtype: ScalarType.Bool);

        internal static Tensor IsNan(Tensor x) => DType.IsFloating(x._dtype) ? x.ne(x) : Constant(x, false);

        /// <summary>x equals either value (the two infinities, or one of them twice).</summary>
        internal static Tensor Is(Tensor x, double v1, double v2)
        {
            if (!DType.IsFloating(x._dtype)) return Constant(x, false);
            Tensor r = x.eq(v1);
            return v1 == v2 ? r : r.logical_or(x.eq(v2));
        }

        // x - x is 0 exactly for finite x, NaN for infinities and NaN
        internal static Tensor IsFinite(Tensor x) =>
            DType.IsFloating(x._dtype) ? Binary(AgnBinaryOp.Sub, x, x, x._dtype, x._dtype).eq(0) : Constant(x, true);

        internal static Tensor Signbit(Tensor x)
        {
            if (x._dtype == ScalarType.Bool) return Constant(x, false);
            if (!DType.IsFloating(x._dtype)) return x.lt(0);
            // copysign(1, x) carries x's sign bit, -0.0 and signed NaNs included
            Tensor one = ScalarTensor(1.0, x._dtype);
            return Binary(AgnBinaryOp.Copysign, one, x, x._dtype, x._dtype).lt(0);
        }

        internal static Tensor NanToNum(Tensor x, double nan, double? posinf, double? neginf)
        {
            if (!DType.IsFloating(x._dtype)) return x.clone();
            double max = x._dtype == ScalarType.Float32 ? float.MaxValue : double.MaxValue;
            Tensor r;
            using (torch.no_grad())
            {
                r = torch.where(x.isnan(), nan, x);
                r = torch.where(r.eq(double.PositiveInfinity), posinf ?? max, r);
                r = torch.where(r.eq(double.NegativeInfinity), neginf ?? -max, r);
            }
            // d(nan_to_num x)/dx = grad where x is finite, else 0
            return Formula.Pointwise(r, "NanToNumBackward0", x, x, static (g, s) => torch.where(s.isfinite(), g, torch.zeros_like(g)));
        }

        internal static Tensor Copysign(Tensor a, Tensor b)
        {
            ScalarType t = ResultType(a, b);
            if (!DType.IsFloating(t)) t = ScalarType.Float32;
            Tensor r = Binary(AgnBinaryOp.Copysign, a, b, t, t);
            return Formula.Pointwise(r, "CopysignBackward0", [a, b], [a, r],
                // d(copysign(a, b))/da = grad * result / a (0 where a == 0); the ratio is +-1, constant a.e.
                static (g, s) =>
                {
                    Tensor ratio;
                    using (torch.no_grad()) ratio = torch.where(s[0].eq(0), torch.zeros_like(s[1]), s[1].div(s[0]));
                    return g.mul(ratio);
                },
                // d(copysign(a, b))/db = 0
                static (g, _) => torch.zeros_like(g));
        }
    }
}
