using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>log(1 + this), accurate for small values (integer inputs compute in float32).</summary>
            public Tensor log1p() => Ops.UnaryOps.Log1p(this);
            /// <summary>Square root (NaN for negative values).</summary>
            public Tensor sqrt() => Ops.UnaryOps.Sqrt(this);
            /// <summary>1 / sqrt(this) (inf at 0, NaN for negative values).</summary>
            public Tensor rsqrt() => Ops.UnaryOps.Rsqrt(this);
            /// <summary>Absolute value, keeping the dtype; its gradient at 0 is 0.</summary>
            public Tensor abs() => Ops.UnaryOps.Abs(this);
            /// <summary>Alias of <see cref="abs()"/>.</summary>
            public Tensor absolute() => abs();
            /// <summary>-1, 0 or 1 by the sign of each element, keeping the dtype; its gradient is 0.</summary>
            public Tensor sign() => Ops.UnaryOps.Sign(this);
            /// <summary>Sine (radians).</summary>
            public Tensor sin() => Ops.UnaryOps.Sin(this);
            /// <summary>Cosine (radians).</summary>
            public Tensor cos() => Ops.UnaryOps.Cos(this);
            /// <summary>Hyperbolic tangent.</summary>
            public Tensor tanh() => Ops.UnaryOps.Tanh(this);
            /// <summary>Logistic sigmoid 1 / (1 + exp(-this)).</summary>
            public Tensor sigmoid() => Ops.UnaryOps.Sigmoid(this);
            /// <summary>max(this, 0), keeping the dtype; NaN stays NaN; the gradient at 0 is 0.</summary>
            public Tensor relu() => Ops.UnaryOps.Relu(this);

            /// <summary>In place: this = exp(this). Throws for integer tensors (the float result can't be stored).</summary>
            public Tensor exp_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Exp, s => s.exp());
            /// <summary>In place: this = log(this).</summary>
            public Tensor log_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Log, s => s.log());
            /// <summary>In place: this = log1p(this).</summary>
            public Tensor log1p_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Log1p, s => s.log1p());
            /// <summary>In place: this = sqrt(this).</summary>
            public Tensor sqrt_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Sqrt, s => s.sqrt());
            /// <summary>In place: this = rsqrt(this).</summary>
            public Tensor rsqrt_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Rsqrt, s => s.rsqrt());
            /// <summary>In place: this = |this|.</summary>
            public Tensor abs_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Abs, s => s.abs());
            /// <summary>In place alias of <see cref="abs_"/>.</summary>
            public Tensor absolute_() => abs_();
            /// <summary>In place: this = sign(this).</summary>
            public Tensor sign_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Sign, s => s.sign());
            /// <summary>In place: this = sin(this).</summary>
            public Tensor sin_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Sin, s => s.sin());
            /// <summary>In place: this = cos(this).</summary>
            public Tensor cos_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Cos, s => s.cos());
            /// <summary>In place: this = tanh(this).</summary>
            public Tensor tanh_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Tanh, s => s.tanh());
            /// <summary>In place: this = sigmoid(this).</summary>
            public Tensor sigmoid_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Sigmoid, s => s.sigmoid());
            /// <summary>In place: this = relu(this).</summary>
            public Tensor relu_() => Ops.UnaryOps.InPlace(this, AgnUnaryOp.Relu, s => s.relu());
        }
    }

    public static partial class torch
    {
        /// <summary>log(1 + input).</summary>
        public static Tensor log1p(Tensor input) => input.log1p();
        /// <summary>In place log1p.</summary>
        public static Tensor log1p_(Tensor input) => input.log1p_();
        /// <summary>Square root of input.</summary>
        public static Tensor sqrt(Tensor input) => input.sqrt();
        /// <summary>In place sqrt.</summary>
        public static Tensor sqrt_(Tensor input) => input.sqrt_();
        /// <summary>1 / sqrt(input).</summary>
        public static Tensor rsqrt(Tensor input) => input.rsqrt();
        /// <summary>In place rsqrt.</summary>
        public static Tensor rsqrt_(Tensor input) => input.rsqrt_();
        /// <summary>|input|.</summary>
        public static Tensor abs(Tensor input) => input.abs();
        /// <summary>In place abs.</summary>
        public static Tensor abs_(Tensor input) => input.abs_();
        /// <summary>Alias of <see cref="abs(Tensor)"/>.</summary>
        public static Tensor absolute(Tensor input) => input.abs();
        /// <summary>In place alias of <see cref="abs_(Tensor)"/>.</summary>
        public static Tensor absolute_(Tensor input) => input.abs_();
        /// <summary>Sign of input (-1, 0, 1).</summary>
        public static Tensor sign(Tensor input) => input.sign();
        /// <summary>In place sign.</summary>
        public static Tensor sign_(Tensor input) => input.sign_();
        /// <summary>Sine of input.</summary>
        public static Tensor sin(Tensor input) => input.sin();
        /// <summary>In place sine.</summary>
        public static Tensor sin_(Tensor input) => input.sin_();
        /// <summary>Cosine of input.</summary>
        public static Tensor cos(Tensor input) => input.cos();
        /// <summary>In place cosine.</summary>
        public static Tensor cos_(Tensor input) => input.cos_();
        /// <summary>Hyperbolic tangent of input.</summary>
        public static Tensor tanh(Tensor input) => input.tanh();
        /// <summary>In place tanh.</summary>
        public static Tensor tanh_(Tensor input) => input.tanh_();
        /// <summary>Logistic sigmoid of input.</summary>
        public static Tensor sigmoid(Tensor input) => input.sigmoid();
        /// <summary>In place sigmoid.</summary>
        public static Tensor sigmoid_(Tensor input) => input.sigmoid_();
        /// <summary>max(input, 0).</summary>
        public static Tensor relu(Tensor input) => input.relu();
        /// <summary>In place relu.</summary>
        public static Tensor relu_(Tensor input) => input.relu_();
        /// <summary>In place exp.</summary>
        public static Tensor exp_(Tensor input) => input.exp_();
        /// <summary>In place log.</summary>
        public static Tensor log_(Tensor input) => input.log_();
    }
}

namespace Autograd.Ops
{
    /// <summary>The unary pointwise family: forward kernels, the in-place protocol, and which tensor each
    /// derivative saves (the formulas live in UnaryBackward.cs).</summary>
    internal static class UnaryOps
    {
        /// <summary>A floating unary op: integer inputs compute in float32 as in PyTorch.</summary>
        internal static Tensor Float(AgnUnaryOp op, Tensor x) => Unary(op, AsFloating(x));

        internal static Tensor Log1p(Tensor x)
        {
            Tensor r = Float(AgnUnaryOp.Log1p, x);
            if (Graph.Needs(x)) Graph.Connect(new Log1PBackward0 { Self = new SavedTensor(x) }, r, x);
            return r;
        }

        internal static Tensor Sqrt(Tensor x)
        {
            Tensor r = Float(AgnUnaryOp.Sqrt, x);
            if (Graph.Needs(x)) Graph.Connect(new SqrtBackward0 { Result = new SavedTensor(r) }, r, x);
            return r;
        }

        internal static Tensor Rsqrt(Tensor x)
        {
            Tensor r = Float(AgnUnaryOp.Rsqrt, x);
            if (Graph.Needs(x)) Graph.Connect(new RsqrtBackward0 { Result = new SavedTensor(r) }, r, x);
            return r;
        }

        internal static Tensor Abs(Tensor x)
        {
            if (x._dtype == ScalarType.Bool) throw new NotSupportedException("\"abs_cpu\" not implemented for 'Bool'");
            Tensor r = Unary(AgnUnaryOp.Abs, x);
            if (Graph.Needs(x)) Graph.Connect(new AbsBackward0 { Self = new SavedTensor(x) }, r, x);
            return r;
        }

        internal static Tensor Sign(Tensor x)
        {
            // sign of a bool is itself (0 or 1); the kernel has no bool path
            Tensor r = x._dtype == ScalarType.Bool ? x.clone() : Unary(AgnUnaryOp.Sign, x);
            if (Graph.Needs(x)) Graph.Connect(new SignBackward0(), r, x);
            return r;
        }

        internal static Tensor Sin(Tensor x)
        {
            Tensor r = Float(AgnUnaryOp.Sin, x);
            if (Graph.Needs(x)) Graph.Connect(new SinBackward0 { Self = new SavedTensor(x) }, r, x);
            return r;
        }

        internal static Tensor Cos(Tensor x)
        {
            Tensor r = Float(AgnUnaryOp.Cos, x);
            if (Graph.Needs(x)) Graph.Connect(new CosBackward0 { Self = new SavedTensor(x) }, r, x);
            return r;
        }

        internal static Tensor Tanh(Tensor x)
        {
            Tensor r = Float(AgnUnaryOp.Tanh, x);
            if (Graph.Needs(x)) Graph.Connect(new TanhBackward0 { Result = new SavedTensor(r) }, r, x);
            return r;
        }

        internal static Tensor Sigmoid(Tensor x)
        {
            Tensor r = Float(AgnUnaryOp.Sigmoid, x);
            if (Graph.Needs(x)) Graph.Connect(new SigmoidBackward0 { Result = new SavedTensor(r) }, r, x);
            return r;
        }

        internal static Tensor Relu(Tensor x)
        {
            if (x._dtype == ScalarType.Bool) throw new NotSupportedException("Boolean inputs not supported for relu");
            // integer relu keeps the dtype; the native RELU is floating-only, an integer CLAMP(0, none) is the same
            Tensor r = DType.IsFloating(x._dtype) ? Unary(AgnUnaryOp.Relu, x) : Unary(AgnUnaryOp.Clamp, x, 0, double.NaN);
            if (Graph.Needs(x)) Graph.Connect(new ReluBackward0 { Result = new SavedTensor(r) }, r, x);
            return r;
        }

        /// <summary>
        /// The in-place protocol for unary ops: PyTorch's checks first (a float result can't be stored in
        /// an integer tensor, leaf rules), then either the out-of-place op on a clone committed back into
        /// self (recording), or the kernel writing self directly.
        /// </summary>
        internal static Tensor InPlace(Tensor self, AgnUnaryOp op, Func<Tensor, Tensor> outOfPlace, double p0 = 0, double p1 = 0)
        {
            bool keepsDtype = op is AgnUnaryOp.Abs or AgnUnaryOp.Sign or AgnUnaryOp.Relu or AgnUnaryOp.Clamp;
            ScalarType resultType = keepsDtype || DType.IsFloating(self._dtype) ? self._dtype : DType.DefaultFloat;
            CheckInPlace(self, resultType, null, false);
            if (Records(self, false)) return Commit(self, outOfPlace(self.clone()));
            if (!DType.IsFloating(self._dtype) || self._dtype == ScalarType.Bool)
                return Commit(self, outOfPlace(self)); // integer paths (relu as clamp, bool sign) go through the op
            Kernels.Unary(op, self, self._strides, self, p0, p1);
            self._storage.Version++;
            return self;
        }
    }
}
