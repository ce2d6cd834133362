using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Largest integer not above each element. Integer tensors are returned as a copy; bool throws
            /// (<c>"floor_vml_cpu" not implemented for 'Bool'</c>). The gradient is 0.</summary>
            public Tensor floor() => Ops.Rounding.Round(this, AgnUnaryOp.Floor, "floor", "FloorBackward0");
            /// <summary>Smallest integer not below each element (integers copied, bool throws); gradient 0.</summary>
            public Tensor ceil() => Ops.Rounding.Round(this, AgnUnaryOp.Ceil, "ceil", "CeilBackward0");
            /// <summary>Rounds toward zero (integers copied, bool throws); gradient 0.</summary>
            public Tensor trunc() => Ops.Rounding.Round(this, AgnUnaryOp.Trunc, "trunc", "TruncBackward0");
            /// <summary>Alias of <see cref="trunc()"/>.</summary>
            public Tensor fix() => trunc();
            /// <summary>Rounds half to even (as PyTorch and numpy); with <paramref name="decimals"/> it rounds
            /// x·10^decimals and scales back (negative decimals round to tens, hundreds, ...). Floating tensors
            /// only (<c>"round_vml_cpu" not implemented for 'Long'</c>); gradient 0.</summary>
            public Tensor round(long decimals = 0) => Ops.Rounding.RoundDecimals(this, decimals);
            /// <summary>The fractional part x - trunc(x), with x's sign; floating only. d/dx = 1.</summary>
            public Tensor frac() => Ops.Rounding.Frac(this);

            /// <summary>In place <see cref="floor()"/>.</summary>
            public Tensor floor_() => Ops.Rounding.InPlace(this, s => s.floor());
            /// <summary>In place <see cref="ceil()"/>.</summary>
            public Tensor ceil_() => Ops.Rounding.InPlace(this, s => s.ceil());
            /// <summary>In place <see cref="trunc()"/>.</summary>
            public Tensor trunc_() => Ops.Rounding.InPlace(this, s => s.trunc());
            /// <summary>In place alias of <see cref="trunc_()"/>.</summary>
            public Tensor fix_() => trunc_();
            /// <summary>In place <see cref="round(long)"/>.</summary>
            public Tensor round_(long decimals = 0) => Ops.Rounding.InPlace(this, s => s.round(decimals));
            /// <summary>In place <see cref="frac()"/>.</summary>
            public Tensor frac_() => Ops.Rounding.InPlace(this, s => s.frac());

            /// <summary>C's fmod: this - trunc(this / other) · other, with this's sign, broadcast and promoted.
            /// Integer division by zero throws <c>ZeroDivisionError</c>. d/dthis = 1, d/dother = -trunc(this / other).</summary>
            public Tensor fmod(Tensor target) => Ops.Rounding.Mod(AgnBinaryOp.Fmod, this, target);
            /// <summary>fmod by a scalar.</summary>
            public Tensor fmod(Scalar scalar) => Ops.Rounding.Mod(AgnBinaryOp.Fmod, this, scalar);
            /// <summary>Python's %: this - floor(this / other) · other, with other's sign.
            /// d/dthis = 1, d/dother = -floor(this / other).</summary>
            public Tensor remainder(Tensor target) => Ops.Rounding.Mod(AgnBinaryOp.Remainder, this, target);
            /// <summary>remainder by a scalar.</summary>
            public Tensor remainder(Scalar scalar) => Ops.Rounding.Mod(AgnBinaryOp.Remainder, this, scalar);
            /// <summary>In place <see cref="fmod(Tensor)"/>.</summary>
            public Tensor fmod_(Tensor target) => Ops.Rounding.ModInPlace(this, target, s => s.fmod(target));
            /// <summary>In place <see cref="fmod(Scalar)"/>.</summary>
            public Tensor fmod_(Scalar scalar) =>
                Ops.Rounding.ModInPlace(this, Ops.Rounding.ScalarOperand(this, scalar), s => s.fmod(scalar));
            /// <summary>In place <see cref="remainder(Tensor)"/>.</summary>
            public Tensor remainder_(Tensor target) => Ops.Rounding.ModInPlace(this, target, s => s.remainder(target));
            /// <summary>In place <see cref="remainder(Scalar)"/>.</summary>
            public Tensor remainder_(Scalar scalar) =>
                Ops.Rounding.ModInPlace(this, Ops.Rounding.ScalarOperand(this, scalar), s => s.remainder(scalar));
        }
    }

    public static partial class torch
    {
        /// <summary>See <see cref="Tensor.floor()"/>.</summary>
        public static Tensor floor(Tensor input) => input.floor();
        /// <summary>See <see cref="Tensor.floor_()"/>.</summary>
        public static Tensor floor_(Tensor input) => input.floor_();
        /// <summary>See <see cref="Tensor.ceil()"/>.</summary>
        public static Tensor ceil(Tensor input) => input.ceil();
        /// <summary>See <see cref="Tensor.ceil_()"/>.</summary>
        public static Tensor ceil_(Tensor input) => input.ceil_();
        /// <summary>See <see cref="Tensor.trunc()"/>.</summary>
        public static Tensor trunc(Tensor input) => input.trunc();
        /// <summary>See <see cref="Tensor.trunc_()"/>.</summary>
        public static Tensor trunc_(Tensor input) => input.trunc_();
        /// <summary>See <see cref="Tensor.fix()"/>.</summary>
        public static Tensor fix(Tensor input) => input.fix();
        /// <summary>See <see cref="Tensor.round(long)"/>.</summary>
        public static Tensor round(Tensor input, long decimals = 0) => input.round(decimals);
        /// <summary>See <see cref="Tensor.round_(long)"/>.</summary>
        public static Tensor round_(Tensor input, long decimals = 0) => input.round_(decimals);
        /// <summary>See <see cref="Tensor.frac()"/>.</summary>
        public static Tensor frac(Tensor input) => input.frac();
        /// <summary>See <see cref="Tensor.frac_()"/>.</summary>
        public static Tensor frac_(Tensor input) => input.frac_();
        /// <summary>See <see cref="Tensor.fmod(Tensor)"/>.</summary>
        public static Tensor fmod(Tensor left, Tensor right) => left.fmod(right);
        /// <summary>See <see cref="Tensor.fmod(Scalar)"/>.</summary>
        public static Tensor fmod(Tensor left, Scalar right) => left.fmod(right);
        /// <summary>See <see cref="Tensor.remainder(Tensor)"/>.</summary>
        public static Tensor remainder(Tensor left, Tensor right) => left.remainder(right);
        /// <summary>See <see cref="Tensor.remainder(Scalar)"/>.</summary>
        public static Tensor remainder(Tensor left, Scalar right) => left.remainder(right);
    }
}

namespace Autograd.Ops
{
    /// <summary>Rounding (floor, ceil, trunc, round, frac) and the two modulo ops.</summary>
    internal static class Rounding
    {
        internal static Tensor Round(Tensor x, AgnUnaryOp op, string name, string node)
        {
            if (x._dtype == ScalarType.Bool) throw new NotSupportedException($"\"{name}_vml_cpu\" not implemented for 'Bool'");
            // integers are already integral: PyTorch copies them
            Tensor r = DType.IsFloating(x._dtype) ? Unary(op, x) : x.detach().clone();
            // d(floor x)/dx = 0 (also ceil, trunc, round)
            return Formula.Pointwise(r, node, x, x, static (g, _) => torch.zeros_like(g));
        }

        internal static Tensor RoundDecimals(Tensor x, long decimals)
        {
            if (!DType.IsFloating(x._dtype))
                throw new NotSupportedException(
                    $"\"{(decimals == 0 ? "round_vml_cpu" : "round_cpu")}\" not implemented for '{DType.ShortName(x._dtype)}'");
            Tensor r = Unary(AgnUnaryOp.Round, x, decimals);
            // d(round x)/dx = 0
            return Formula.Pointwise(r, decimals == 0 ? "RoundBackward0" : "RoundBackward1", x, x, static (g, _) => torch.zeros_like(g));
        }

        internal static Tensor Frac(Tensor x)
        {
            if (!DType.IsFloating(x._dtype))
                throw new NotSupportedException($"\"frac_cpu\" not implemented for '{DType.ShortName(x._dtype)}'");
            // d(x - trunc x)/dx = grad
            return Formula.Pointwise(Unary(AgnUnaryOp.Frac, x), "FracBackward0", x, x, static (g, _) => g);
        }

        /// <summary>In-place rounding: the dtype is kept (integers round to themselves).</summary>
        internal static Tensor InPlace(Tensor self, Func<Tensor, Tensor> outOfPlace)
        {
            CheckInPlace(self, self._dtype, null, false);
            return Commit(self, outOfPlace(Records(self, false) ? self.clone() : self));
        }

        /// <summary>A scalar operand as a 0-d tensor of PyTorch's result type with x.</summary>
        internal static Tensor ScalarOperand(Tensor x, Scalar s) => ScalarTensor(s, ResultType(x, s));

        internal static Tensor Mod(AgnBinaryOp op, Tensor a, Scalar b) => Mod(op, a, ScalarOperand(a, b));

        internal static Tensor Mod(AgnBinaryOp op, Tensor a, Tensor b)
        {
            ScalarType t = ResultType(a, b);
            string name = op == AgnBinaryOp.Fmod ? "fmod" : "remainder";
            if (t == ScalarType.Bool) throw new NotSupportedException($"\"{name}_cpu\" not implemented for 'Bool'");
            if (!DType.IsFloating(t) && Comparison.CountNonzero(b.eq(0)) > 0) throw new DivideByZeroException("ZeroDivisionError");
            Tensor r = Binary(op, a, b, t, t);
            RoundingMode mode = op == AgnBinaryOp.Fmod ? RoundingMode.trunc : RoundingMode.floor;
            return Formula.Pointwise(r, op == AgnBinaryOp.Fmod ? "FmodBackward1" : "RemainderBackward1", [a, b], [a, b],
                // d(a mod b)/da = grad
                static (g, _) => g,
                // d(a mod b)/db = -grad * rounded(a / b) (trunc for fmod, floor for remainder)
                mode == RoundingMode.trunc ? static (g, s) => g.mul(s[0].div(s[1], RoundingMode.trunc)).neg()
                                           : static (g, s) => g.mul(s[0].div(s[1], RoundingMode.floor)).neg());
        }

        internal static Tensor ModInPlace(Tensor self, Tensor other, Func<Tensor, Tensor> outOfPlace)
        {
            CheckInPlace(self, ResultType(self, other), other._shape, other.requires_grad);
            return Commit(self, outOfPlace(Records(self, other) ? self.clone() : self));
        }
    }
}
