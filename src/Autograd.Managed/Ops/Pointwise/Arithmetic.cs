using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    /// <summary>How <c>div</c> rounds its quotient (TorchSharp's <c>torch.RoundingMode</c>).</summary>
    public enum RoundingMode
    {
        /// <summary>True division.</summary>
        None,
        /// <summary>Rounds toward zero (C-style integer division).</summary>
        trunc,
        /// <summary>Rounds toward negative infinity (Python's <c>//</c>).</summary>
        floor,
    }

    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>this + alpha * target, broadcast (PyTorch's <c>add</c>).</summary>
            public Tensor add(Tensor target, Scalar alpha) => Ops.Arithmetic.Add(this, target, alpha);
            /// <summary>this + target, broadcast.</summary>
            public Tensor add(Tensor target) => Ops.Arithmetic.Add(this, target, 1);
            /// <summary>this + alpha * scalar.</summary>
            public Tensor add(Scalar scalar, Scalar alpha) => Ops.Arithmetic.AddScalar(this, scalar, alpha);
            /// <summary>this + scalar.</summary>
            public Tensor add(Scalar scalar) => Ops.Arithmetic.AddScalar(this, scalar, 1);
            /// <summary>this - alpha * target, broadcast.</summary>
            public Tensor sub(Tensor target, Scalar alpha) => Ops.Arithmetic.Add(this, target, alpha, sub: true);
            /// <summary>this - target, broadcast.</summary>
            public Tensor sub(Tensor target) => Ops.Arithmetic.Add(this, target, 1, sub: true);
            /// <summary>this - target.</summary>
            public Tensor sub(Scalar target) => Ops.Arithmetic.AddScalar(this, target, 1, sub: true);
            /// <summary>this * target, broadcast.</summary>
            public Tensor mul(Tensor target) => Ops.Arithmetic.Mul(this, target);
            /// <summary>this * target.</summary>
            public Tensor mul(Scalar target) => Ops.Arithmetic.MulScalar(this, target);
            /// <summary>this / target, broadcast: true division (integers give float32) unless
            /// <paramref name="rounding_mode"/> truncates or floors (then integers stay integers; no gradient flows).</summary>
            public Tensor div(Tensor target, RoundingMode rounding_mode = RoundingMode.None) =>
                Ops.Arithmetic.Div(this, target, rounding_mode);
            /// <summary>this / target (see <see cref="div(Tensor, RoundingMode)"/>).</summary>
            public Tensor div(Scalar target, RoundingMode rounding_mode = RoundingMode.None) =>
                rounding_mode == RoundingMode.None ? Ops.Arithmetic.DivScalar(this, target)
                    : Ops.Arithmetic.Div(this, ScalarTensor(target, ResultType(this, target)), rounding_mode);
            /// <summary>-this.</summary>
            public Tensor neg() => Ops.Arithmetic.Neg(this);

            /// <summary>In place: this += alpha * target.</summary>
            public Tensor add_(Tensor target, Scalar alpha) => Ops.Arithmetic.AddInPlace(this, target, alpha);
            /// <summary>In place: this += target.</summary>
            public Tensor add_(Tensor target) => Ops.Arithmetic.AddInPlace(this, target, 1);
            /// <summary>In place: this += alpha * scalar.</summary>
            public Tensor add_(Scalar scalar, Scalar alpha) => Ops.Arithmetic.AddScalarInPlace(this, scalar, alpha);
            /// <summary>In place: this += scalar.</summary>
            public Tensor add_(Scalar scalar) => Ops.Arithmetic.AddScalarInPlace(this, scalar, 1);
            /// <summary>In place: this -= alpha * target.</summary>
            public Tensor sub_(Tensor target, Scalar alpha) => Ops.Arithmetic.AddInPlace(this, target, alpha, sub: true);
            /// <summary>In place: this -= target.</summary>
            public Tensor sub_(Tensor target) => Ops.Arithmetic.AddInPlace(this, target, 1, sub: true);
            /// <summary>In place: this -= target.</summary>
            public Tensor sub_(Scalar target) => Ops.Arithmetic.AddScalarInPlace(this, target, 1, sub: true);
            /// <summary>In place: this *= target.</summary>
            public Tensor mul_(Tensor target) => Ops.Arithmetic.BinaryInPlace(this, target, AgnBinaryOp.Mul, s => s.mul(target));
            /// <summary>In place: this *= target.</summary>
            public Tensor mul_(Scalar target) => Ops.Arithmetic.MulScalarInPlace(this, target);
            /// <summary>In place: this /= target.</summary>
            public Tensor div_(Tensor target, RoundingMode rounding_mode = RoundingMode.None) => rounding_mode == RoundingMode.None
                ? Ops.Arithmetic.BinaryInPlace(this, target, AgnBinaryOp.Div, s => s.div(target), trueDivision: true)
                : Ops.Arithmetic.RoundedInPlace(this, target, rounding_mode);
            /// <summary>In place: this /= target.</summary>
            public Tensor div_(Scalar target, RoundingMode rounding_mode = RoundingMode.None) => rounding_mode == RoundingMode.None
                ? Ops.Arithmetic.BinaryInPlace(this, ScalarTensor(target, ScalarType.Float64), AgnBinaryOp.Div, s => s.div(target),
                                               trueDivision: true)
                : Ops.Arithmetic.RoundedInPlace(this, ScalarTensor(target, ResultType(this, target)), rounding_mode);
            /// <summary>In place: this = -this.</summary>
            public Tensor neg_() => Ops.Arithmetic.InPlaceScalar(this, 0, s => s.neg(), AgnUnaryOp.Neg, 0, 0);
        }
    }

    public static partial class torch
    {
        /// <summary>left + right, broadcast.</summary>
        public static Tensor add(Tensor left, Tensor right) => left.add(right);
        /// <summary>left + alpha * right, broadcast.</summary>
        public static Tensor add(Tensor left, Tensor right, Scalar alpha) => left.add(right, alpha);
        /// <summary>left + right.</summary>
        public static Tensor add(Tensor left, Scalar right) => left.add(right);
        /// <summary>left + alpha * right.</summary>
        public static Tensor add(Tensor left, Scalar right, Scalar alpha) => left.add(right, alpha);
        /// <summary>left - right, broadcast.</summary>
        public static Tensor sub(Tensor left, Tensor right) => left.sub(right);
        /// <summary>left - right.</summary>
        public static Tensor sub(Tensor left, Scalar right) => left.sub(right);
        /// <summary>left * right, broadcast.</summary>
        public static Tensor mul(Tensor left, Tensor right) => left.mul(right);
        /// <summary>left * right.</summary>
        public static Tensor mul(Tensor left, Scalar right) => left.mul(right);
        /// <summary>left / right, broadcast.</summary>
        public static Tensor div(Tensor left, Tensor right, RoundingMode rounding_mode = RoundingMode.None) =>
            left.div(right, rounding_mode);
        /// <summary>left / right.</summary>
        public static Tensor div(Tensor left, Scalar right, RoundingMode rounding_mode = RoundingMode.None) =>
            left.div(right, rounding_mode);
        /// <summary>-input.</summary>
        public static Tensor neg(Tensor input) => input.neg();
    }
}

namespace Autograd.Ops
{
    /// <summary>add, sub, mul, div, neg: forward kernels and derivatives (PyTorch's derivatives.yaml).</summary>
    internal static class Arithmetic
    {
        internal static Tensor Add(Tensor a, Tensor b, Scalar alpha, bool sub = false)
        {
            ScalarType t = ResultType(a, b);
            CheckSub(sub, a, b);
            CheckAlpha(t, alpha, sub);
            double al = Negated(alpha, sub);
            var (op, k) = AddKernel(al);
            Tensor result = op != AgnBinaryOp.Add && t == ScalarType.Bool // bools have no sub kernel: alpha -1 is true too
                ? Binary(AgnBinaryOp.Add, a, MulScalarRaw(b, al, t), t, t)
                : op == AgnBinaryOp.AddScaled && DType.IsReducedFloating(t)
                ? Binary(AgnBinaryOp.Add, a, ReducedProduct(b, al, t), t, t)
                : BeyondDouble(alpha, t)
                ? Binary(AgnBinaryOp.Add, a, IntegerProduct(b, alpha, sub, t), t, t)
                : Binary(op, a, b, t, t, k);
            if (Graph.Needs(a, b)) Graph.Connect(sub ? new SubBackward0(al) : (Node)new AddBackward0(al), result, a, b);
            return result;
        }

        /// <summary>alpha * b as LibTorch's float16/bfloat16 add computes it: alpha and b in the dtype, their
        /// product rounded to it before the sum (c10::Half/BFloat16 arithmetic), so a + alpha * b rounds twice.</summary>
        private static Tensor ReducedProduct(Tensor b, double alpha, ScalarType t) =>
            Binary(AgnBinaryOp.Mul, b, ScalarTensor(alpha, t), t, t);

        /// <summary>An int64 alpha past ±2^53, which the kernel's double alpha would round: alpha * b is then
        /// formed first as an exact int64 product (wrapping, as the kernel's own product does).</summary>
        private static bool BeyondDouble(Scalar alpha, ScalarType t) =>
            t == ScalarType.Int64 && alpha.IntValue is > 1L << 53 or < -(1L << 53);

        private static Tensor IntegerProduct(Tensor b, Scalar alpha, bool sub, ScalarType t) =>
            Binary(AgnBinaryOp.Mul, b, ScalarTensor(sub ? unchecked(-alpha.IntValue) : alpha.IntValue, t), t, t);

        /// <summary>a (op) b for mul and div in float16/bfloat16 when b has one element: LibTorch reads such an
        /// operand at its own precision as float32 (iter.original_scalar_value), not rounded to the dtype first,
        /// and rounds only the result.</summary>
        private static Tensor ReducedByScalar(AgnBinaryOp op, Tensor a, Tensor b, ScalarType t) =>
            BinaryInto(op, As(a, t), As(b, ScalarType.Float32), NewContiguous(Shape.Broadcast(a._shape, b._shape), t, a, b));

        private static bool IsReducedByScalar(ScalarType t, Tensor b) => DType.IsReducedFloating(t) && b._numel == 1;

        /// <summary>The kernel for a + al * b: plain add or sub when al is 1 or -1 (exact, and no multiply).</summary>
        internal static (AgnBinaryOp Op, double Alpha) AddKernel(double al) =>
            al == 1 ? (AgnBinaryOp.Add, 1) : al == -1 ? (AgnBinaryOp.Sub, 1) : (AgnBinaryOp.AddScaled, al);

        /// <summary>alpha, or -alpha for sub. An integer alpha is negated as an int64, whatever the dtype (it wraps,
        /// as LibTorch's Scalar negation does: -(-2^63) is -2^63, also for a float result).</summary>
        private static double Negated(Scalar alpha, bool sub) =>
            !sub ? alpha.Value : alpha.IsFloating ? -alpha.Value : unchecked(-alpha.IntValue);

        /// <summary>PyTorch's sub_check.</summary>
        private static void CheckSub(bool sub, Tensor a, Tensor b)
        {
            if (!sub) return;
            if (a._dtype == ScalarType.Bool && b._dtype == ScalarType.Bool)
                throw new ArgumentException(
                    "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` " +
                    "operator instead.");
            if (a._dtype == ScalarType.Bool || b._dtype == ScalarType.Bool)
                throw new ArgumentException(
                    "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use " +
                    "the `~` or `logical_not()` operator instead.");
        }

        /// <summary>Integer and bool results take a scalar operand through the binary kernel as a 0-d tensor:
        /// exact, wrapping on overflow as PyTorch's do (the affine kernel computes in double).</summary>
        private static bool Integral(ScalarType t) => !DType.IsFloating(t);

        /// <summary>a + alpha * s (sub: a - alpha * s).</summary>
        internal static Tensor AddScalar(Tensor a, Scalar s, Scalar alpha, bool sub = false)
        {
            ScalarType t = ResultType(a, s);
            if (Integral(t)) return Add(a, ScalarTensor(s, t), alpha, sub);
            CheckAlpha(t, alpha, sub);
            double v = s.Value * alpha.Value;
            return AddScalar(a, sub ? -v : v, t, sub);
        }

        internal static Tensor AddScalarInPlace(Tensor self, Scalar s, Scalar alpha, bool sub = false)
        {
            ScalarType t = ResultType(self, s);
            if (Integral(t)) return AddInPlace(self, ScalarTensor(s, t), alpha, sub);
            CheckAlpha(t, alpha, sub);
            double v = (sub ? -1 : 1) * s.Value * alpha.Value;
            return InPlaceScalar(self, s, x => sub ? x.sub(s) : x.add(s, alpha), AgnUnaryOp.Affine, 1, v);
        }

        internal static Tensor MulScalar(Tensor a, Scalar s)
        {
            ScalarType t = ResultType(a, s);
            return Integral(t) ? Mul(a, ScalarTensor(s, t)) : MulScalar(a, s.Value, t);
        }

        internal static Tensor MulScalarInPlace(Tensor self, Scalar s)
        {
            ScalarType t = ResultType(self, s);
            if (Integral(t)) return BinaryInPlace(self, ScalarTensor(s, t), AgnBinaryOp.Mul, x => x.mul(s));
            return InPlaceScalar(self, s, x => x.mul(s), AgnUnaryOp.Affine, s.Value, 0);
        }

        /// <summary>PyTorch's alpha_check (alpha must fit the result's category), then the kernel's
        /// alpha.to&lt;scalar_t&gt;(): alpha (sub: -alpha, which sub hands to add's kernel) must be
        /// representable in the result dtype (3e38 is not a float16; sub from int8 with alpha -128 overflows).</summary>
        private static void CheckAlpha(ScalarType t, Scalar alpha, bool sub)
        {
            if (alpha.Kind == ScalarType.Bool && t != ScalarType.Bool)
                throw new ArgumentException("Boolean alpha only supported for Boolean results.");
            if (!DType.IsFloating(t) && alpha.Kind == ScalarType.Float64)
                throw new ArgumentException("For integral input tensors, argument alpha must not be a floating point number.");
            DType.CheckScalarFits(!sub ? alpha : alpha.IsFloating ? -alpha.Value : unchecked(-alpha.IntValue), t, c10Names: true);
        }

        internal static Tensor AddScalar(Tensor a, double value, ScalarType t, bool sub = false)
        {
            // x + s as the affine kernel x * 1 + s: no 0-d operand tensor (exact: x * 1 == x). Bools add as logical or.
            Tensor result = t == ScalarType.Bool ? Binary(AgnBinaryOp.Add, a, ScalarTensor(value, t), t, t) : ScalarAffine(a, t, 1, value);
            if (Graph.Needs(a)) Graph.Connect(sub ? new SubBackward1() : (Node)new AddBackward1(), result, a);
            return result;
        }

        internal static Tensor Mul(Tensor a, Tensor b)
        {
            ScalarType t = ResultType(a, b);
            Tensor result = IsReducedByScalar(t, b) ? ReducedByScalar(AgnBinaryOp.Mul, a, b, t) : Binary(AgnBinaryOp.Mul, a, b, t, t);
            if (Graph.Needs(a, b))
            {
                var node = Graph.Connect(new MulBackward0(), result, a, b);
                if (node.NeedsInputGrad(0)) node.Other = new SavedTensor(b);
                if (node.NeedsInputGrad(1)) node.Self = new SavedTensor(a);
            }
            return result;
        }

        internal static Tensor MulScalar(Tensor a, double value, ScalarType t)
        {
            Tensor result = MulScalarRaw(a, value, t);
            if (Graph.Needs(a)) Graph.Connect(new MulBackward1(value), result, a);
            return result;
        }

        // x * s as the affine kernel x * s + (-0.0): exact (adding -0 keeps every product, signed zeros included).
        private static Tensor MulScalarRaw(Tensor a, double value, ScalarType t) =>
            t == ScalarType.Bool ? Binary(AgnBinaryOp.Mul, a, ScalarTensor(value, t), t, t) : ScalarAffine(a, t, value, -0.0);

        /// <summary>x * p0 + p1 in <paramref name="t"/>; integer results need integral p0/p1, which integer
        /// scalars with an integer tensor always are (a float scalar makes t floating).</summary>
        private static Tensor ScalarAffine(Tensor a, ScalarType t, double p0, double p1) =>
            Unary(AgnUnaryOp.Affine, As(a, t), p0, t == ScalarType.Int64 && p1 == 0 ? 0 : p1);

        internal static Tensor Div(Tensor a, Tensor b, RoundingMode mode)
        {
            if (mode == RoundingMode.None) return Div(a, b);
            ScalarType rt = ResultType(a, b);
            if (rt == ScalarType.Bool) throw DType.NotImplemented(mode == RoundingMode.trunc ? "div_trunc_cpu" : "div_floor_cpu", rt);
            Tensor q;
            using (torch.no_grad()) // rounded division has a zero derivative almost everywhere: no history
            {
                // both operands in the result dtype first (a 0-d uint8 253 divides an int8 tensor as -3)
                Tensor ca = As(a, rt), cb = As(b, rt);
                if (DType.IsFloating(rt))
                {
                    // LibTorch's float16/bfloat16 kernels: a one-element divisor divides in float32 and the result
                    // rounds once; otherwise each step rounds to the dtype, as c10::Half/BFloat16 arithmetic does
                    ScalarType ct = DType.IsReducedFloating(rt) && b._numel == 1 ? DType.Compute(rt) : rt;
                    Tensor wa = As(ca, ct), wb = As(DType.IsReducedFloating(rt) && b._numel == 1 ? b : cb, ct);
                    q = As(mode == RoundingMode.trunc ? Unary(AgnUnaryOp.Trunc, Binary(AgnBinaryOp.Div, wa, wb, ct, ct))
                           : FloorDivFloating(wa, wb), rt);
                }
                else
                {
                    if (Comparison.CountNonzero(cb.eq(0)) > 0) throw new DivideByZeroException("ZeroDivisionError");
                    q = Binary(AgnBinaryOp.Div, ca, cb, rt, rt); // integer division truncates
                    if (mode == RoundingMode.floor)
                    {
                        // floor = trunc - 1 where the remainder is nonzero and the signs differ
                        Tensor r = ca.sub(q.mul(cb));
                        q = q.sub(r.ne(0).logical_and(r.lt(0).ne(cb.lt(0))).to(rt));
                    }
                }
            }
            if (Graph.Needs(a, b)) Graph.Connect(new DivRoundedBackward(), q, a, b);
            return q;
        }

        /// <summary>PyTorch's div_floor_floating (Python's float //), not floor(a / b): the quotient of a - fmod(a, b),
        /// stepped down when the remainder's sign differs from b's and rounded to the nearest integer, so
        /// an infinite a gives NaN; b == 0 gives a / b; a zero quotient takes the sign of a / b.</summary>
        private static Tensor FloorDivFloating(Tensor a, Tensor b)
        {
            ScalarType t = a._dtype;
            Tensor mod = Binary(AgnBinaryOp.Fmod, a, b, t, t);
            Tensor div = Binary(AgnBinaryOp.Div, a.sub(mod), b, t, t);
            div = div.sub(mod.ne(0).logical_and(b.lt(0).ne(mod.lt(0))).to(t));
            Tensor floor = Unary(AgnUnaryOp.Floor, div);
            floor = floor.add(div.sub(floor).gt(0.5).to(t));
            Tensor quotient = Binary(AgnBinaryOp.Div, a, b, t, t);
            floor = torch.where(div.eq(0), Binary(AgnBinaryOp.Copysign, torch.zeros_like(quotient), quotient, t, t), floor);
            return torch.where(b.eq(0), quotient, floor);
        }

        internal static Tensor FloorDivideInPlace(Tensor self, Tensor other)
        {
            CheckInPlace(self, ResultType(self, other), other._shape, other.requires_grad);
            Tensor source = Records(self, other.requires_grad) ? self.clone() : self;
            return Commit(self,
                          NotImplementedNode.Record("aten::floor_divide_", [source, other], () => source.div(other, RoundingMode.floor)));
        }

        internal static Tensor RoundedInPlace(Tensor self, Tensor other, RoundingMode mode)
        {
            CheckInPlace(self, ResultType(self, other), other._shape, other.requires_grad);
            Tensor result = Div(Records(self, other) ? self.clone() : self, other, mode);
            return Commit(self, result);
        }

        internal static Tensor Div(Tensor a, Tensor b)
        {
            ScalarType t = ResultType(a, b);
            if (!DType.IsFloating(t)) t = DType.DefaultFloat; // true division
            Tensor result = IsReducedByScalar(t, b) ? ReducedByScalar(AgnBinaryOp.Div, a, b, t) : Binary(AgnBinaryOp.Div, a, b, t, t);
            if (Graph.Needs(a, b))
            {
                var node = Graph.Connect(new DivBackward0(), result, a, b);
                node.Other = new SavedTensor(b);
                if (node.NeedsInputGrad(1)) node.Self = new SavedTensor(a);
            }
            return result;
        }

        internal static Tensor DivScalar(Tensor a, Scalar s)
        {
            ScalarType t = ResultType(a, s);
            if (!DType.IsFloating(t)) t = DType.DefaultFloat;
            Tensor result = DType.IsReducedFloating(t) ? ReducedByScalar(AgnBinaryOp.Div, a, ScalarTensor(s, ScalarType.Float32), t)
                                                       : Binary(AgnBinaryOp.Div, a, ScalarTensor(s, t), t, t);
            if (Graph.Needs(a)) Graph.Connect(new DivBackward1(s.Value), result, a);
            return result;
        }

        internal static Tensor Neg(Tensor a)
        {
            if (a._dtype == ScalarType.Bool)
                throw new ArgumentException(
                    "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the " +
                    "`~` or `logical_not()` operator instead.");
            Tensor result = Unary(AgnUnaryOp.Neg, a);
            if (Graph.Needs(a)) Graph.Connect(new NegBackward0(), result, a);
            return result;
        }

        // ---- in place ------------------------------------------------------------------------

        internal static Tensor AddInPlace(Tensor self, Tensor other, Scalar alphaScalar, bool sub = false)
        {
            ScalarType t = ResultType(self, other);
            CheckSub(sub, self, other);
            CheckAlpha(t, alphaScalar, sub);
            CheckInPlace(self, t, other._shape, other.requires_grad);
            if (Records(self, other)) return Commit(self, Add(self.clone(), other, alphaScalar, sub));
            double alpha = Negated(alphaScalar, sub);
            var (op, k) = AddKernel(alpha);
            if (op != AgnBinaryOp.Add && t == ScalarType.Bool)
                using (torch.no_grad()) return DirectBinary(AgnBinaryOp.Add, self, other.mul(alpha));
            if (op == AgnBinaryOp.AddScaled && DType.IsReducedFloating(t))
                return DirectBinary(AgnBinaryOp.Add, self, ReducedProduct(other, alpha, t));
            if (BeyondDouble(alphaScalar, t))
                return DirectBinary(AgnBinaryOp.Add, self, IntegerProduct(other, alphaScalar, sub, t));
            return DirectBinary(op, self, other, k);
        }

        internal static Tensor BinaryInPlace(Tensor self, Tensor other, AgnBinaryOp op, Func<Tensor, Tensor> outOfPlace,
                                             bool trueDivision = false)
        {
            ScalarType t = ResultType(self, other);
            if (trueDivision && !DType.IsFloating(t)) t = DType.DefaultFloat;
            CheckInPlace(self, t, other._shape, other.requires_grad);
            if (Records(self, other)) return Commit(self, outOfPlace(self.clone()));
            return DirectBinary(op, self, other);
        }

        /// <summary>In-place op with a scalar: an affine/unary kernel straight into self when not recording.</summary>
        internal static Tensor InPlaceScalar(Tensor self, Scalar scalar, Func<Tensor, Tensor> outOfPlace, AgnUnaryOp op, double p0,
                                             double p1)
        {
            CheckInPlace(self, ResultType(self, scalar), null, false);
            if (Records(self, false)) return Commit(self, outOfPlace(self.clone()));
            Kernels.Unary(op, self, self._strides, self, p0, p1);
            self._storage.Version++;
            return self;
        }
    }
}
