using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Tangent (radians); integer inputs compute in float32.</summary>
            public Tensor tan() => Ops.Trig.Tan(this);
            /// <summary>Arcsine (NaN outside [-1, 1]).</summary>
            public Tensor asin() => Ops.Trig.Asin(this);
            /// <summary>Arccosine (NaN outside [-1, 1]).</summary>
            public Tensor acos() => Ops.Trig.Acos(this);
            /// <summary>Arctangent.</summary>
            public Tensor atan() => Ops.Trig.Atan(this);
            /// <summary>Hyperbolic sine.</summary>
            public Tensor sinh() => Ops.Trig.Sinh(this);
            /// <summary>Hyperbolic cosine.</summary>
            public Tensor cosh() => Ops.Trig.Cosh(this);
            /// <summary>Inverse hyperbolic sine.</summary>
            public Tensor asinh() => Ops.Trig.Asinh(this);
            /// <summary>Inverse hyperbolic cosine (NaN below 1).</summary>
            public Tensor acosh() => Ops.Trig.Acosh(this);
            /// <summary>Inverse hyperbolic tangent (NaN outside [-1, 1], ±inf at ±1).</summary>
            public Tensor atanh() => Ops.Trig.Atanh(this);
            /// <summary>Alias of <see cref="asin()"/>.</summary>
            public Tensor arcsin() => asin();
            /// <summary>Alias of <see cref="acos()"/>.</summary>
            public Tensor arccos() => acos();
            /// <summary>Alias of <see cref="atan()"/>.</summary>
            public Tensor arctan() => atan();
            /// <summary>Alias of <see cref="asinh()"/>.</summary>
            public Tensor arcsinh() => asinh();
            /// <summary>Alias of <see cref="acosh()"/>.</summary>
            public Tensor arccosh() => acosh();
            /// <summary>Alias of <see cref="atanh()"/>.</summary>
            public Tensor arctanh() => atanh();
            /// <summary>The angle of the point (other, this): atan2(this, other) in (-π, π], broadcast;
            /// integer operands compute in float32.</summary>
            public Tensor atan2(Tensor other) => Ops.Trig.Atan2(this, other);
            /// <summary>Alias of <see cref="atan2(Tensor)"/>.</summary>
            public Tensor arctan2(Tensor other) => atan2(other);

            /// <summary>In place <see cref="tan()"/>.</summary>
            public Tensor tan_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Tan, s => s.tan());
            /// <summary>In place <see cref="asin()"/>.</summary>
            public Tensor asin_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Asin, s => s.asin());
            /// <summary>In place <see cref="acos()"/>.</summary>
            public Tensor acos_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Acos, s => s.acos());
            /// <summary>In place <see cref="atan()"/>.</summary>
            public Tensor atan_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Atan, s => s.atan());
            /// <summary>In place <see cref="sinh()"/>.</summary>
            public Tensor sinh_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Sinh, s => s.sinh());
            /// <summary>In place <see cref="cosh()"/>.</summary>
            public Tensor cosh_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Cosh, s => s.cosh());
            /// <summary>In place <see cref="asinh()"/>.</summary>
            public Tensor asinh_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Asinh, s => s.asinh());
            /// <summary>In place <see cref="acosh()"/>.</summary>
            public Tensor acosh_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Acosh, s => s.acosh());
            /// <summary>In place <see cref="atanh()"/>.</summary>
            public Tensor atanh_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Atanh, s => s.atanh());
        }
    }

    public static partial class torch
    {
        /// <summary>See <see cref="Tensor.tan()"/>.</summary>
        public static Tensor tan(Tensor input) => input.tan();
        /// <summary>See <see cref="Tensor.asin()"/>.</summary>
        public static Tensor asin(Tensor input) => input.asin();
        /// <summary>See <see cref="Tensor.acos()"/>.</summary>
        public static Tensor acos(Tensor input) => input.acos();
        /// <summary>See <see cref="Tensor.atan()"/>.</summary>
        public static Tensor atan(Tensor input) => input.atan();
        /// <summary>See <see cref="Tensor.sinh()"/>.</summary>
        public static Tensor sinh(Tensor input) => input.sinh();
        /// <summary>See <see cref="Tensor.cosh()"/>.</summary>
        public static Tensor cosh(Tensor input) => input.cosh();
        /// <summary>See <see cref="Tensor.asinh()"/>.</summary>
        public static Tensor asinh(Tensor input) => input.asinh();
        /// <summary>See <see cref="Tensor.acosh()"/>.</summary>
        public static Tensor acosh(Tensor input) => input.acosh();
        /// <summary>See <see cref="Tensor.atanh()"/>.</summary>
        public static Tensor atanh(Tensor input) => input.atanh();
        /// <summary>See <see cref="Tensor.atan2(Tensor)"/>.</summary>
        public static Tensor atan2(Tensor input, Tensor other) => input.atan2(other);
    }
}

namespace Autograd.Ops
{
    /// <summary>Trigonometric and hyperbolic functions with their derivatives.</summary>
    internal static class Trig
    {
        private static Tensor F(AgnUnaryOp op, Tensor x) => UnaryOps.Float(op, x);

        // d(tan x)/dx = grad * (1 + tan(x)^2)
        internal static Tensor Tan(
            Tensor x) { Tensor r =
            F(AgnUnaryOp.Tan, x); return Formula.Pointwise(r, "TanBackward0", x, r, static (g, y) => g.mul(y.mul(y).add(1))); }
        // d(asin x)/dx = grad / sqrt(1 - x^2)
        internal static Tensor Asin(Tensor x) =>
            Formula.Pointwise(F(AgnUnaryOp.Asin, x), "AsinBackward0", x, x, static (g, s) => g.mul(Reverse.Sub(1, s.mul(s)).rsqrt()));
        // d(acos x)/dx = -grad / sqrt(1 - x^2)
        internal static Tensor Acos(Tensor x) =>
            Formula.Pointwise(F(AgnUnaryOp.Acos, x), "AcosBackward0", x, x, static (g, s) => g.mul(Reverse.Sub(1, s.mul(s)).rsqrt()).neg());
        // d(atan x)/dx = grad / (1 + x^2)
        internal static Tensor Atan(Tensor x) =>
            Formula.Pointwise(F(AgnUnaryOp.Atan, x), "AtanBackward0", x, x, static (g, s) => g.div(s.mul(s).add(1)));
        // d(sinh x)/dx = grad * cosh(x)
        internal static Tensor Sinh(Tensor x) =>
            Formula.Pointwise(F(AgnUnaryOp.Sinh, x), "SinhBackward0", x, x, static (g, s) => g.mul(s.cosh()));
        // d(cosh x)/dx = grad * sinh(x)
        internal static Tensor Cosh(Tensor x) =>
            Formula.Pointwise(F(AgnUnaryOp.Cosh, x), "CoshBackward0", x, x, static (g, s) => g.mul(s.sinh()));
        // d(asinh x)/dx = grad / sqrt(x^2 + 1)
        internal static Tensor Asinh(Tensor x) =>
            Formula.Pointwise(F(AgnUnaryOp.Asinh, x), "AsinhBackward0", x, x, static (g, s) => g.mul(s.mul(s).add(1).rsqrt()));
        // d(acosh x)/dx = grad / sqrt(x^2 - 1)
        internal static Tensor Acosh(Tensor x) =>
            Formula.Pointwise(F(AgnUnaryOp.Acosh, x), "AcoshBackward0", x, x, static (g, s) => g.mul(s.mul(s).sub(1).rsqrt()));
        // d(atanh x)/dx = grad / (1 - x^2)
        internal static Tensor Atanh(Tensor x) =>
            Formula.Pointwise(F(AgnUnaryOp.Atanh, x), "AtanhBackward0", x, x, static (g, s) => g.div(Reverse.Sub(1, s.mul(s))));

        internal static Tensor Atan2(Tensor a, Tensor b)
        {
            ScalarType t = ResultType(a, b);
            if (!DType.IsFloating(t)) t = ScalarType.Float32;
            return Formula.Pointwise(Binary(AgnBinaryOp.Atan2, a, b, t, t), "Atan2Backward0", [a, b], [a, b],
                // d(atan2(a, b))/da = grad * b / (a^2 + b^2)
                static (g, s) => g.mul(s[1]).div(s[0].mul(s[0]).add(s[1].mul(s[1]))),
                // d(atan2(a, b))/db = -grad * a / (a^2 + b^2)
                static (g, s) => g.mul(s[0]).div(s[0].mul(s[0]).add(s[1].mul(s[1]))).neg());
        }
    }
}
