using Autograd.Native;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>2^this; integer inputs compute in float32.</summary>
            public Tensor exp2() => Ops.Special.Exp2(this);
            /// <summary>exp(this) - 1, accurate near 0.</summary>
            public Tensor expm1() => Ops.Special.Expm1(this);
            /// <summary>Base-2 logarithm.</summary>
            public Tensor log2() => Ops.Special.Log2(this);
            /// <summary>Base-10 logarithm.</summary>
            public Tensor log10() => Ops.Special.Log10(this);
            /// <summary>The error function.</summary>
            public Tensor erf() => Ops.Special.Erf(this);
            /// <summary>1 - erf(this), accurate where erf is near 1.</summary>
            public Tensor erfc() => Ops.Special.Erfc(this);
            /// <summary>The inverse of erf on (-1, 1): ±inf at ±1, NaN outside.</summary>
            public Tensor erfinv() => Ops.Special.Erfinv(this);
            /// <summary>log|Γ(this)| (inf at the poles 0, -1, -2, ...).</summary>
            public Tensor lgamma() => Ops.Special.Lgamma(this);
            /// <summary>ψ(this) = d lgamma / dx: -inf at +0, +inf at -0 (as PyTorch), NaN at negative integers.</summary>
            public Tensor digamma() => Ops.Special.Polygamma(0, this);
            /// <summary>ψ⁽ⁿ⁾(this), the n-th derivative of digamma (n ≥ 0; n = 0 is digamma).
            /// Throws <c>polygamma(n, x) does not support negative n.</c> for n &lt; 0.</summary>
            public Tensor polygamma(long p) => Ops.Special.Polygamma(p, this);
            /// <summary>1 / this; integer inputs compute in float32.</summary>
            public Tensor reciprocal() => Ops.Special.Reciprocal(this);
            /// <summary>this * this, keeping integer dtypes (bool squares to int64) as PyTorch's pow(2).</summary>
            public Tensor square() => _dtype == ScalarType.Bool ? to(ScalarType.Int64).pow(2) : pow(2);
            /// <summary>The normalised sinc sin(πx) / (πx), 1 at 0.</summary>
            public Tensor sinc() => Ops.Special.Sinc(this);

            /// <summary>In place <see cref="exp2()"/>.</summary>
            public Tensor exp2_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Exp2, s => s.exp2());
            /// <summary>In place <see cref="expm1()"/>.</summary>
            public Tensor expm1_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Expm1, s => s.expm1());
            /// <summary>In place <see cref="log2()"/>.</summary>
            public Tensor log2_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Log2, s => s.log2());
            /// <summary>In place <see cref="log10()"/>.</summary>
            public Tensor log10_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Log10, s => s.log10());
            /// <summary>In place <see cref="erf()"/>.</summary>
            public Tensor erf_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Erf, s => s.erf());
            /// <summary>In place <see cref="erfc()"/>.</summary>
            public Tensor erfc_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Erfc, s => s.erfc());
            /// <summary>In place <see cref="erfinv()"/>.</summary>
            public Tensor erfinv_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Erfinv, s => s.erfinv());
            /// <summary>In place <see cref="lgamma()"/>.</summary>
            public Tensor lgamma_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Lgamma, s => s.lgamma());
            /// <summary>In place <see cref="digamma()"/>.</summary>
            public Tensor digamma_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Polygamma, s => s.digamma());
            /// <summary>In place <see cref="reciprocal()"/>.</summary>
            public Tensor reciprocal_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Reciprocal, s => s.reciprocal());
            /// <summary>In place <see cref="square()"/>.</summary>
            public Tensor square_()
            {
                Ops.Elementwise.CheckInPlace(this, _dtype, null, false);
                return Ops.Elementwise.Commit(this, (Ops.Elementwise.Records(this, false) ? clone() : this).square());
            }
            /// <summary>In place <see cref="sinc()"/>.</summary>
            public Tensor sinc_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Sinc, s => s.sinc());
        }
    }

    public static partial class torch
    {
        /// <summary>See <see cref="Tensor.exp2()"/>.</summary>
        public static Tensor exp2(Tensor input) => input.exp2();
        /// <summary>See <see cref="Tensor.expm1()"/>.</summary>
        public static Tensor expm1(Tensor input) => input.expm1();
        /// <summary>See <see cref="Tensor.log2()"/>.</summary>
        public static Tensor log2(Tensor input) => input.log2();
        /// <summary>See <see cref="Tensor.log10()"/>.</summary>
        public static Tensor log10(Tensor input) => input.log10();
        /// <summary>See <see cref="Tensor.erf()"/>.</summary>
        public static Tensor erf(Tensor input) => input.erf();
        /// <summary>See <see cref="Tensor.erfc()"/>.</summary>
        public static Tensor erfc(Tensor input) => input.erfc();
        /// <summary>See <see cref="Tensor.erfinv()"/>.</summary>
        public static Tensor erfinv(Tensor input) => input.erfinv();
        /// <summary>See <see cref="Tensor.lgamma()"/>.</summary>
        public static Tensor lgamma(Tensor input) => input.lgamma();
        /// <summary>See <see cref="Tensor.digamma()"/>.</summary>
        public static Tensor digamma(Tensor input) => input.digamma();
        /// <summary>See <see cref="Tensor.polygamma(long)"/>.</summary>
        public static Tensor polygamma(long n, Tensor input) => input.polygamma(n);
        /// <summary>TorchSharp's argument order of <see cref="polygamma(long, Tensor)"/>.</summary>
        public static Tensor polygamma(Tensor input, long p) => input.polygamma(p);
        /// <summary>See <see cref="Tensor.reciprocal()"/>.</summary>
        public static Tensor reciprocal(Tensor input) => input.reciprocal();
        /// <summary>See <see cref="Tensor.square()"/>.</summary>
        public static Tensor square(Tensor input) => input.square();
        /// <summary>See <see cref="Tensor.sinc()"/>.</summary>
        public static Tensor sinc(Tensor input) => input.sinc();
    }
}

namespace Autograd.Ops
{
    /// <summary>Exponentials, logarithms, error and gamma functions, reciprocal and sinc.</summary>
    internal static class Special
    {
        private const double Ln2 = 0.6931471805599453094, Ln10 = 2.302585092994045684;
        private const double TwoOverSqrtPi = 1.1283791670955125739, SqrtPiOverTwo = 0.88622692545275801365;

        private static Tensor F(AgnUnaryOp op, Tensor x, double p0 = 0) => Elementwise.Unary(op, Elementwise.AsFloating(x), p0);

        // d(2^x)/dx = grad * 2^x * ln 2
        internal static Tensor Exp2(
            Tensor x) { Tensor r =
            F(AgnUnaryOp.Exp2, x); return Formula.Pointwise(r, "Exp2Backward0", x, r, static (g, y) => g.mul(y.mul(Ln2))); }
        // d(e^x - 1)/dx = grad * (result + 1)
        internal static Tensor Expm1(
            Tensor x) { Tensor r =
            F(AgnUnaryOp.Expm1, x); return Formula.Pointwise(r, "Expm1Backward0", x, r, static (g, y) => g.mul(y.add(1))); }
        // d(log2 x)/dx = grad / (x ln 2)
        internal static Tensor Log2(Tensor x) =>
            Formula.Pointwise(F(AgnUnaryOp.Log2, x), "Log2Backward0", x, x, static (g, s) => g.div(s.mul(Ln2)));
        // d(log10 x)/dx = grad / (x ln 10)
        internal static Tensor Log10(Tensor x) =>
            Formula.Pointwise(F(AgnUnaryOp.Log10, x), "Log10Backward0", x, x, static (g, s) => g.div(s.mul(Ln10)));
        // d(erf x)/dx = grad * 2/sqrt(pi) * exp(-x^2)
        internal static Tensor Erf(Tensor x) =>
            Formula.Pointwise(F(AgnUnaryOp.Erf, x), "ErfBackward0", x, x, static (g, s) => g.mul(s.mul(s).neg().exp().mul(TwoOverSqrtPi)));
        // d(erfc x)/dx = -grad * 2/sqrt(pi) * exp(-x^2)
        internal static Tensor Erfc(Tensor x) =>
            Formula.Pointwise(F(AgnUnaryOp.Erfc, x), "ErfcBackward0", x, x,
                              static (g, s) => g.mul(s.mul(s).neg().exp().mul(-TwoOverSqrtPi)));
        // d(erfinv x)/dx = grad * sqrt(pi)/2 * exp(erfinv(x)^2)
        internal static Tensor Erfinv(
            Tensor x) { Tensor r =
            F(AgnUnaryOp.Erfinv, x); return Formula.Pointwise(r, "ErfinvBackward0", x, r,
                                                              static (g, y) => g.mul(y.mul(y).exp().mul(SqrtPiOverTwo))); }
        // d(lgamma x)/dx = grad * digamma(x)
        internal static Tensor Lgamma(Tensor x) =>
            Formula.Pointwise(F(AgnUnaryOp.Lgamma, x), "LgammaBackward0", x, x, static (g, s) => g.mul(s.digamma()));
        // d(1/x)/dx = -grad * result^2
        internal static Tensor Reciprocal(
            Tensor x) { Tensor r =
            F(AgnUnaryOp.Reciprocal, x); return Formula.Pointwise(r, "ReciprocalBackward0", x, r, static (g, y) => g.mul(y.mul(y)).neg()); }

        internal static Tensor Polygamma(long n, Tensor x)
        {
            if (n < 0) throw new ArgumentException("polygamma(n, x) does not support negative n.");
            // past 2^52 a double cannot hold n; n! is infinite from 171 on, so only n's parity (the sign) and
            // zeta(n + 1, x) being 0, 1 or infinite still matter, and 2^52 + parity keeps both
            Tensor r = F(AgnUnaryOp.Polygamma, x, n < 1L << 52 ? n : (1L << 52) + (n & 1));
            // d(psi^(n) x)/dx = grad * psi^(n+1)(x)
            return Formula.Pointwise(r, n == 0 ? "DigammaBackward0" : "PolygammaBackward0", x, x, (g, s) => g.mul(s.polygamma(n + 1)));
        }

        internal static Tensor Sinc(Tensor x) =>
            // d(sinc x)/dx = grad * (cos(pi x) * pi x - sin(pi x)) / (pi x^2), 0 at x == 0
            Formula.Pointwise(F(AgnUnaryOp.Sinc, x), "SincBackward0", x, x, static (g, s) =>
            {
                Tensor px = s.mul(Math.PI);
                Tensor d = px.cos().mul(px).sub(px.sin()).div(px.mul(s));
                return g.mul(torch.where(s.eq(0), torch.zeros_like(d), d));
            });
    }
}
