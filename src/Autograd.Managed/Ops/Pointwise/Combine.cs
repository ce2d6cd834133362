using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>sqrt(this² + other²) without overflow, broadcast; floating only
            /// (<c>"hypot_cpu" not implemented for 'Long'</c>).</summary>
            public Tensor hypot(Tensor other) => Ops.Combine.Floating(AgnBinaryOp.Hypot, "hypot", this, other);
            /// <summary>log(exp(this) + exp(other)) without overflow, broadcast; floating only.</summary>
            public Tensor logaddexp(Tensor other) => Ops.Combine.Floating(AgnBinaryOp.LogAddExp, "logaddexp", this, other);
            /// <summary>this · log(other), 0 where this is 0 (unless other is NaN); integer operands give float32.</summary>
            public Tensor xlogy(Tensor y) => Ops.Combine.Xlogy(this, y);
            /// <summary>xlogy with a scalar y.</summary>
            public Tensor xlogy(Scalar y) => Ops.Combine.Xlogy(this, ScalarTensor(y, ResultType(this, y)));
            /// <summary>this + weight · (end - this), broadcast (computed from the nearer end, as PyTorch does).</summary>
            public Tensor lerp(Tensor end, Scalar weight) =>
                Ops.Combine.Lerp(this, end, ScalarTensor(weight, ResultType(this, end)), tensorWeight: false);
            /// <summary>lerp with a tensor weight (differentiable in the weight too).</summary>
            public Tensor lerp(Tensor end, Tensor weight) => Ops.Combine.Lerp(this, end, weight, tensorWeight: true);
            /// <summary>this + value · tensor1 · tensor2, broadcast.</summary>
            public Tensor addcmul(Tensor tensor1, Tensor tensor2, Scalar value) =>
                Ops.Combine.Addc(this, tensor1, tensor2, value, divide: false);
            /// <summary>this + tensor1 · tensor2.</summary>
            public Tensor addcmul(Tensor tensor1, Tensor tensor2) => addcmul(tensor1, tensor2, 1);
            /// <summary>this + value · tensor1 / tensor2, broadcast; integer tensor1 and tensor2 throw PyTorch's message.</summary>
            public Tensor addcdiv(Tensor tensor1, Tensor tensor2, Scalar value) =>
                Ops.Combine.Addc(this, tensor1, tensor2, value, divide: true);
            /// <summary>this + tensor1 / tensor2.</summary>
            public Tensor addcdiv(Tensor tensor1, Tensor tensor2) => addcdiv(tensor1, tensor2, 1);

            /// <summary>In place <see cref="lerp(Tensor, Scalar)"/>.</summary>
            public Tensor lerp_(Tensor end, Scalar weight) => Ops.Combine.InPlace(this, end, s => s.lerp(end, weight));
            /// <summary>In place <see cref="lerp(Tensor, Tensor)"/>.</summary>
            public Tensor lerp_(Tensor end, Tensor weight) => Ops.Combine.InPlace(this, end, s => s.lerp(end, weight));
            /// <summary>In place <see cref="addcmul(Tensor, Tensor, Scalar)"/>.</summary>
            public Tensor addcmul_(Tensor tensor1, Tensor tensor2, Scalar value) =>
                Ops.Combine.InPlace(this, tensor1, s => s.addcmul(tensor1, tensor2, value));
            /// <summary>In place <see cref="addcmul(Tensor, Tensor)"/>.</summary>
            public Tensor addcmul_(Tensor tensor1, Tensor tensor2) => addcmul_(tensor1, tensor2, 1);
            /// <summary>In place <see cref="addcdiv(Tensor, Tensor, Scalar)"/>.</summary>
            public Tensor addcdiv_(Tensor tensor1, Tensor tensor2, Scalar value) =>
                Ops.Combine.InPlace(this, tensor1, s => s.addcdiv(tensor1, tensor2, value));
            /// <summary>In place <see cref="addcdiv(Tensor, Tensor)"/>.</summary>
            public Tensor addcdiv_(Tensor tensor1, Tensor tensor2) => addcdiv_(tensor1, tensor2, 1);
        }
    }

    public static partial class torch
    {
        /// <summary>See <see cref="Tensor.hypot(Tensor)"/>.</summary>
        public static Tensor hypot(Tensor left, Tensor right) => left.hypot(right);
        /// <summary>See <see cref="Tensor.logaddexp(Tensor)"/>.</summary>
        public static Tensor logaddexp(Tensor left, Tensor right) => left.logaddexp(right);
        /// <summary>See <see cref="Tensor.xlogy(Tensor)"/>.</summary>
        public static Tensor xlogy(Tensor x, Tensor y) => x.xlogy(y);
        /// <summary>See <see cref="Tensor.xlogy(Scalar)"/>.</summary>
        public static Tensor xlogy(Tensor x, Scalar y) => x.xlogy(y);
        /// <summary>x · log(y) with a scalar x.</summary>
        public static Tensor xlogy(Scalar x, Tensor y) => ScalarTensor(x, ResultType(y, x)).xlogy(y);
        /// <summary>See <see cref="Tensor.lerp(Tensor, Scalar)"/>.</summary>
        public static Tensor lerp(Tensor input, Tensor end, Scalar weight) => input.lerp(end, weight);
        /// <summary>See <see cref="Tensor.lerp(Tensor, Tensor)"/>.</summary>
        public static Tensor lerp(Tensor input, Tensor end, Tensor weight) => input.lerp(end, weight);
        /// <summary>See <see cref="Tensor.addcmul(Tensor, Tensor, Scalar)"/>.</summary>
        public static Tensor addcmul(Tensor input, Tensor tensor1, Tensor tensor2, Scalar value) => input.addcmul(tensor1, tensor2, value);
        /// <summary>See <see cref="Tensor.addcdiv(Tensor, Tensor, Scalar)"/>.</summary>
        public static Tensor addcdiv(Tensor input, Tensor tensor1, Tensor tensor2, Scalar value) => input.addcdiv(tensor1, tensor2, value);
        /// <summary>input + tensor1 / tensor2.</summary>
        public static Tensor addcdiv(Tensor input, Tensor tensor1, Tensor tensor2) => input.addcdiv(tensor1, tensor2);
    }
}

namespace Autograd.Ops
{
    /// <summary>Pointwise ops of two or three tensors: hypot, logaddexp, xlogy, lerp, addcmul, addcdiv.</summary>
    internal static class Combine
    {
        internal static Tensor Floating(AgnBinaryOp op, string name, Tensor a, Tensor b)
        {
            ScalarType t = ResultType(a, b);
            if (!DType.IsFloating(t)) throw new NotSupportedException($"\"{name}_cpu\" not implemented for '{DType.ShortName(t)}'");
            Tensor r = Binary(op, a, b, t, t);
            if (op == AgnBinaryOp.Hypot)
                return Formula.Pointwise(r, "HypotBackward0", [a, b], [a, b, r],
                    // d(hypot(a, b))/da = grad * a / result
                    static (g, s) => g.mul(s[0].div(s[2])),
                    // d(hypot(a, b))/db = grad * b / result
                    static (g, s) => g.mul(s[1].div(s[2])));
            return Formula.Pointwise(r, "LogaddexpBackward0", [a, b], [a, b],
                // d(logaddexp(a, b))/da = grad / (1 + exp(b - a))
                static (g, s) => g.div(s[1].sub(s[0]).exp().add(1)),
                // d(logaddexp(a, b))/db = grad / (1 + exp(a - b))
                static (g, s) => g.div(s[0].sub(s[1]).exp().add(1)));
        }

        internal static Tensor Xlogy(Tensor x, Tensor y)
        {
            ScalarType t = ResultType(x, y);
            if (!DType.IsFloating(t)) t = ScalarType.Float32;
            return Formula.Pointwise(Binary(AgnBinaryOp.Xlogy, x, y, t, t), "XlogyBackward0", [x, y], [x, y],
                // d(x log y)/dx = grad * xlogy(x != 0, y)
                static (g, s) => g.mul(s[0].ne(0).to(g.dtype).xlogy(s[1])),
                // d(x log y)/dy = grad * x / y
                static (g, s) => g.mul(s[0]).div(s[1]));
        }

        internal static Tensor Lerp(Tensor start, Tensor end, Tensor weight, bool tensorWeight)
        {
            ScalarType t = ResultType(start, end);
            if (tensorWeight && weight._dtype != t)
                throw new ArgumentException(
                    $"expected dtype {DType.ShortName(t)} for `weight` but got dtype {DType.ShortName(weight._dtype)}");
            if (!DType.IsFloating(t)) throw new NotSupportedException($"\"lerp_kernel_scalar\" not implemented for '{DType.ShortName(t)}'");
            Tensor r;
            using (torch.no_grad())
            {
                // PyTorch's formula: from start when |weight| < 0.5, else from end (exact at weight 1)
                Tensor s = As(start, t), e = As(end, t), w = As(weight, t), diff = e.sub(s);
                r = torch.where(w.abs().lt(0.5), s.add(w.mul(diff)), e.sub(diff.mul(Reverse.Sub(1, w))));
            }
            return Formula.Pointwise(r, tensorWeight ? "LerpBackward1" : "LerpBackward0", [start, end, weight], [start, end, weight],
                // d(lerp)/dstart = grad * (1 - weight)
                static (g, s) => g.mul(Reverse.Sub(1, s[2])),
                // d(lerp)/dend = grad * weight
                static (g, s) => g.mul(s[2]),
                // d(lerp)/dweight = grad * (end - start)
                tensorWeight ? static (g, s) => g.mul(s[1].sub(s[0])) : null);
        }

        internal static Tensor Addc(Tensor self, Tensor t1, Tensor t2, Scalar value, bool divide)
        {
            if (divide && !DType.IsFloating(t1._dtype) && !DType.IsFloating(t2._dtype))
                throw new ArgumentException(
                    "Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true " +
                    "division of tensor1 and tensor2. The historic addcdiv behavior can be implemented as (input + value * " +
                    "torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / " +
                    "tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: (input + value * " +
                    "tensor1 / tensor2), for all dtypes.");
            ScalarType t = ResultType(self, ScalarTensorLike(ResultType(t1, t2), t1, t2));
            if (t == ScalarType.Bool) throw new NotSupportedException("\"addcmul_cpu_out\" not implemented for 'Bool'");
            double v = value.Value;
            Tensor r;
            using (torch.no_grad())
            {
                // PyTorch's order: self + (value * t1) op t2, in the result type
                Tensor a = As(t1, t).mul(value);
                r = As(self, t).add(divide ? a.div(As(t2, t)) : a.mul(As(t2, t)));
            }
            if (divide)
                return Formula.Pointwise(r, "AddcdivBackward0", [self, t1, t2], [t1, t2],
                    // d/dself = grad
                    static (g, _) => g,
                    // d/dt1 = grad * value / t2
                    (g, s) => g.mul(v).div(s[1]),
                    // d/dt2 = -grad * value * t1 / t2^2
                    (g, s) => g.mul(-v).mul(s[0]).div(s[1].mul(s[1])));
            return Formula.Pointwise(r, "AddcmulBackward0", [self, t1, t2], [t1, t2],
                // d/dself = grad
                static (g, _) => g,
                // d/dt1 = grad * value * t2
                (g, s) => g.mul(s[1]).mul(v),
                // d/dt2 = grad * value * t1
                (g, s) => g.mul(s[0]).mul(v));
        }

        /// <summary>A tensor standing for t1 and t2 in result_type with self (dimensioned if either is).</summary>
        private static Tensor ScalarTensorLike(ScalarType t, Tensor t1, Tensor t2) =>
            Tensor.Empty(t1._shape.Length == 0 && t2._shape.Length == 0 ? Shape.Scalar : [0], t);

        internal static Tensor InPlace(Tensor self, Tensor other, Func<Tensor, Tensor> outOfPlace)
        {
            CheckInPlace(self, self._dtype, null, false);
            Tensor r = outOfPlace(Records(self, other) ? self.clone() : self);
            if (!Shape.SameShape(r._shape, self._shape))
                throw new ArgumentException(
                    $"output with shape {Shape.Format(self._shape)} doesn't match the broadcast shape {Shape.Format(r._shape)}");
            if (!DType.CanCast(r._dtype, self._dtype))
                throw new ArgumentException(
                    $"result type {DType.ShortName(r._dtype)} can't be cast to the desired output type {DType.ShortName(self._dtype)}");
            return Commit(self, r);
        }
    }
}
