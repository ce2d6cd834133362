using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>this + alpha * other, broadcast (PyTorch's <c>add</c>).</summary>
        public Tensor add(Tensor other, Scalar alpha) => Ops.Arithmetic.Add(this, other, alpha);
        /// <summary>this + other, broadcast.</summary>
        public Tensor add(Tensor other) => Ops.Arithmetic.Add(this, other, 1);
        /// <summary>this + alpha * scalar.</summary>
        public Tensor add(Scalar scalar, Scalar alpha) => Ops.Arithmetic.AddScalar(this, scalar.Value * alpha.Value, ResultType(this, scalar));
        /// <summary>this + scalar.</summary>
        public Tensor add(Scalar scalar) => Ops.Arithmetic.AddScalar(this, scalar.Value, ResultType(this, scalar));
        /// <summary>this - alpha * other, broadcast.</summary>
        public Tensor sub(Tensor other, Scalar alpha) => Ops.Arithmetic.Add(this, other, -alpha.Value, sub: true);
        /// <summary>this - other, broadcast.</summary>
        public Tensor sub(Tensor other) => Ops.Arithmetic.Add(this, other, -1, sub: true);
        /// <summary>this - scalar.</summary>
        public Tensor sub(Scalar scalar) => Ops.Arithmetic.AddScalar(this, -scalar.Value, ResultType(this, scalar), sub: true);
        /// <summary>this * other, broadcast.</summary>
        public Tensor mul(Tensor other) => Ops.Arithmetic.Mul(this, other);
        /// <summary>this * scalar.</summary>
        public Tensor mul(Scalar scalar) => Ops.Arithmetic.MulScalar(this, scalar.Value, ResultType(this, scalar));
        /// <summary>this / other, broadcast; true division (integers give float32).</summary>
        public Tensor div(Tensor other) => Ops.Arithmetic.Div(this, other);
        /// <summary>this / scalar; true division.</summary>
        public Tensor div(Scalar scalar) => Ops.Arithmetic.DivScalar(this, scalar);
        /// <summary>-this.</summary>
        public Tensor neg() => Ops.Arithmetic.Neg(this);

        /// <summary>In place: this += alpha * other.</summary>
        public Tensor add_(Tensor other, Scalar alpha) => Ops.Arithmetic.AddInPlace(this, other, alpha.Value);
        /// <summary>In place: this += other.</summary>
        public Tensor add_(Tensor other) => Ops.Arithmetic.AddInPlace(this, other, 1);
        /// <summary>In place: this += alpha * scalar.</summary>
        public Tensor add_(Scalar scalar, Scalar alpha) => Ops.Arithmetic.InPlaceScalar(this, scalar, s => s.add(scalar, alpha), AgnUnaryOp.Affine, 1, scalar.Value * alpha.Value);
        /// <summary>In place: this += scalar.</summary>
        public Tensor add_(Scalar scalar) => Ops.Arithmetic.InPlaceScalar(this, scalar, s => s.add(scalar), AgnUnaryOp.Affine, 1, scalar.Value);
        /// <summary>In place: this -= alpha * other.</summary>
        public Tensor sub_(Tensor other, Scalar alpha) => Ops.Arithmetic.AddInPlace(this, other, -alpha.Value);
        /// <summary>In place: this -= other.</summary>
        public Tensor sub_(Tensor other) => Ops.Arithmetic.AddInPlace(this, other, -1);
        /// <summary>In place: this -= scalar.</summary>
        public Tensor sub_(Scalar scalar) => Ops.Arithmetic.InPlaceScalar(this, scalar, s => s.sub(scalar), AgnUnaryOp.Affine, 1, -scalar.Value);
        /// <summary>In place: this *= other.</summary>
        public Tensor mul_(Tensor other) => Ops.Arithmetic.BinaryInPlace(this, other, AgnBinaryOp.Mul, s => s.mul(other));
        /// <summary>In place: this *= scalar.</summary>
        public Tensor mul_(Scalar scalar) => Ops.Arithmetic.InPlaceScalar(this, scalar, s => s.mul(scalar), AgnUnaryOp.Affine, scalar.Value, 0);
        /// <summary>In place: this /= other.</summary>
        public Tensor div_(Tensor other) => Ops.Arithmetic.BinaryInPlace(this, other, AgnBinaryOp.Div, s => s.div(other), trueDivision: true);
        /// <summary>In place: this /= scalar.</summary>
        public Tensor div_(Scalar scalar) => Ops.Arithmetic.BinaryInPlace(this, ScalarTensor(scalar, ScalarType.Float64), AgnBinaryOp.Div, s => s.div(scalar), trueDivision: true);
        /// <summary>In place: this = -this.</summary>
        public Tensor neg_() => Ops.Arithmetic.InPlaceScalar(this, 0, s => s.neg(), AgnUnaryOp.Neg, 0, 0);
    }

    public static partial class torch
    {
        /// <summary>input + alpha * other, broadcast.</summary>
        public static Tensor add(Tensor input, Tensor other, Scalar? alpha = null) => input.add(other, alpha ?? 1);
        /// <summary>input + scalar.</summary>
        public static Tensor add(Tensor input, Scalar other) => input.add(other);
        /// <summary>input - alpha * other, broadcast.</summary>
        public static Tensor sub(Tensor input, Tensor other, Scalar? alpha = null) => input.sub(other, alpha ?? 1);
        /// <summary>input - scalar.</summary>
        public static Tensor sub(Tensor input, Scalar other) => input.sub(other);
        /// <summary>input * other, broadcast.</summary>
        public static Tensor mul(Tensor input, Tensor other) => input.mul(other);
        /// <summary>input * scalar.</summary>
        public static Tensor mul(Tensor input, Scalar other) => input.mul(other);
        /// <summary>input / other, broadcast (true division).</summary>
        public static Tensor div(Tensor input, Tensor other) => input.div(other);
        /// <summary>input / scalar (true division).</summary>
        public static Tensor div(Tensor input, Scalar other) => input.div(other);
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
            if (t == ScalarType.Bool && sub)
                throw new ArgumentException("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
            double al = alpha.Value;
            Tensor result = al == 1 ? Binary(AgnBinaryOp.Add, a, b, t, t)
                : al == -1 ? Binary(AgnBinaryOp.Sub, a, b, t, t)
                : Binary(AgnBinaryOp.Add, a, MulScalarRaw(b, al, t), t, t);
            if (Graph.Needs(a, b)) Graph.Connect(sub ? new SubBackward0(al) : (Node)new AddBackward0(al), result, a, b);
            return result;
        }

        internal static Tensor AddScalar(Tensor a, double value, ScalarType t, bool sub = false)
        {
            Tensor result = Elementwise.Binary(AgnBinaryOp.Add, a, ScalarTensor(value, t), t, t);
            if (Graph.Needs(a)) Graph.Connect(sub ? new SubBackward1() : (Node)new AddBackward1(), result, a);
            return result;
        }

        internal static Tensor Mul(Tensor a, Tensor b)
        {
            ScalarType t = ResultType(a, b);
            Tensor result = Binary(AgnBinaryOp.Mul, a, b, t, t);
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

        private static Tensor MulScalarRaw(Tensor a, double value, ScalarType t) =>
            Binary(AgnBinaryOp.Mul, a, ScalarTensor(value, t), t, t);

        internal static Tensor Div(Tensor a, Tensor b)
        {
            ScalarType t = ResultType(a, b);
            if (!DType.IsFloating(t)) t = ScalarType.Float32; // true division
            Tensor result = Binary(AgnBinaryOp.Div, a, b, t, t);
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
            if (!DType.IsFloating(t)) t = ScalarType.Float32;
            Tensor result = Binary(AgnBinaryOp.Div, a, ScalarTensor(s, t), t, t);
            if (Graph.Needs(a)) Graph.Connect(new DivBackward1(s.Value), result, a);
            return result;
        }

        internal static Tensor Neg(Tensor a)
        {
            if (a._dtype == ScalarType.Bool)
                throw new ArgumentException("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
            Tensor result = Unary(AgnUnaryOp.Neg, a);
            if (Graph.Needs(a)) Graph.Connect(new NegBackward0(), result, a);
            return result;
        }

        // ---- in place ------------------------------------------------------------------------

        internal static Tensor AddInPlace(Tensor self, Tensor other, double alpha)
        {
            ScalarType t = ResultType(self, other);
            CheckInPlace(self, t, other._shape, other.requires_grad);
            if (Records(self, other.requires_grad)) return Commit(self, Add(self.clone(), other, alpha, alpha < 0));
            if (alpha == 1) return DirectBinary(AgnBinaryOp.Add, self, other);
            if (alpha == -1) return DirectBinary(AgnBinaryOp.Sub, self, other);
            using (torch.no_grad()) return DirectBinary(AgnBinaryOp.Add, self, other.mul(alpha));
        }

        internal static Tensor BinaryInPlace(Tensor self, Tensor other, AgnBinaryOp op, Func<Tensor, Tensor> outOfPlace, bool trueDivision = false)
        {
            ScalarType t = ResultType(self, other);
            if (trueDivision && !DType.IsFloating(t)) t = ScalarType.Float32;
            CheckInPlace(self, t, other._shape, other.requires_grad);
            if (Records(self, other.requires_grad)) return Commit(self, outOfPlace(self.clone()));
            return DirectBinary(op, self, other);
        }

        /// <summary>In-place op with a scalar: an affine/unary kernel straight into self when not recording.</summary>
        internal static Tensor InPlaceScalar(Tensor self, Scalar scalar, Func<Tensor, Tensor> outOfPlace, AgnUnaryOp op, double p0, double p1)
        {
            CheckInPlace(self, ResultType(self, scalar), null, false);
            if (Records(self, false)) return Commit(self, outOfPlace(self.clone()));
            Kernels.Unary(op, self, self._strides, self, p0, p1);
            self._storage.Version++;
            return self;
        }
    }

    // d(a + alpha*b)/da = grad; d/db = alpha * grad
    internal sealed class AddBackward0(double alpha) : Node
    {
        public override string name() => "AddBackward0";
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0], NeedsInputGrad(1) ? (alpha == 1 ? g[0] : g[0]!.mul(alpha)) : null];
    }

    // d(a + s)/da = grad. (Python's `x + 2` wraps 2 in a tensor and records AddBackward0; so do we.)
    internal sealed class AddBackward1 : Node
    {
        public override string name() => "AddBackward0";
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]];
    }

    // d(a - alpha*b)/da = grad; d/db = -alpha * grad  (alpha stored negated)
    internal sealed class SubBackward0(double negAlpha) : Node
    {
        public override string name() => "SubBackward0";
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0], NeedsInputGrad(1) ? (negAlpha == -1 ? g[0]!.neg() : g[0]!.mul(negAlpha)) : null];
    }

    // d(a - s)/da = grad
    internal sealed class SubBackward1 : Node
    {
        public override string name() => "SubBackward0"; // as Python records `x - 2`
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]];
    }

    // d(a*b)/da = grad * b; d(a*b)/db = grad * a
    internal sealed class MulBackward0 : Node
    {
        internal SavedTensor Self, Other;
        public override string name() => "MulBackward0";
        internal override Tensor?[] Apply(Tensor?[] g) =>
            [NeedsInputGrad(0) ? g[0]!.mul(Other.Unpack(this)) : null, NeedsInputGrad(1) ? g[0]!.mul(Self.Unpack(this)) : null];
        internal override void ReleaseVariables() { Self.Release(); Other.Release(); }
    }

    // d(a*s)/da = grad * s
    internal sealed class MulBackward1(double scalar) : Node
    {
        public override string name() => "MulBackward0"; // as Python records `x * 2`
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.mul(scalar)];
    }

    // d(a/b)/da = grad / b; d(a/b)/db = -grad * a / b^2
    internal sealed class DivBackward0 : Node
    {
        internal SavedTensor Self, Other;
        public override string name() => "DivBackward0";
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor b = Other.Unpack(this);
            return [NeedsInputGrad(0) ? g[0]!.div(b) : null,
                    NeedsInputGrad(1) ? g[0]!.neg().mul(Self.Unpack(this)).div(b.mul(b)) : null];
        }
        internal override void ReleaseVariables() { Self.Release(); Other.Release(); }
    }

    // d(a/s)/da = grad / s
    internal sealed class DivBackward1(double scalar) : Node
    {
        public override string name() => "DivBackward0"; // as Python records `x / 2`
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.div(scalar)];
    }

    // d(-a)/da = -grad
    internal sealed class NegBackward0 : Node
    {
        public override string name() => "NegBackward0";
        internal override Tensor?[] Apply(Tensor?[] g) => [g[0]!.neg()];
    }
}
