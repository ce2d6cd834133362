using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        // The out= overloads of the pointwise ops (PyTorch's keyword-only out: pass it as `@out: c`, or last).
        // The result is written into out, which is returned: resized when its shape differs (PyTorch's
        // warning if it held elements), of any dtype the result can be cast to, and one version later. A null
        // out is PyTorch's out=None, the usual op. Under grad mode no argument may require grad.

        /// <summary>left + right, broadcast, written into <paramref name="out"/>.</summary>
        public static Tensor add(Tensor left, Tensor right, Tensor? @out) => add(left, right, 1, @out);
        /// <summary>left + alpha * right, broadcast, written into <paramref name="out"/>.</summary>
        public static Tensor add(Tensor left, Tensor right, Scalar alpha, Tensor? @out) =>
            Ops.PointwiseOut.Binary("add", left, right, @out, (left, right, alpha), static s => s.left.add(s.right, s.alpha),
                                    Ops.PointwiseOut.AddKernel(alpha, 1));
        /// <summary>left + right written into <paramref name="out"/>.</summary>
        public static Tensor add(Tensor left, Scalar right, Tensor? @out) =>
            Ops.PointwiseOut.WithScalars("add", left, @out, (left, right), static s => s.left.add(s.right), AgnUnaryOp.Affine, 1,
                                         right.Value);
        /// <summary>left - right, broadcast, written into <paramref name="out"/>.</summary>
        public static Tensor sub(Tensor left, Tensor right, Tensor? @out) => sub(left, right, 1, @out);
        /// <summary>left - alpha * right, broadcast, written into <paramref name="out"/>.</summary>
        public static Tensor sub(Tensor left, Tensor right, Scalar alpha, Tensor? @out) =>
            Ops.PointwiseOut.Binary("sub", left, right, @out, (left, right, alpha), static s => s.left.sub(s.right, s.alpha),
                                    Ops.PointwiseOut.AddKernel(alpha, -1));
        /// <summary>left - right written into <paramref name="out"/>.</summary>
        public static Tensor sub(Tensor left, Scalar right, Tensor? @out) =>
            Ops.PointwiseOut.WithScalars("sub", left, @out, (left, right), static s => s.left.sub(s.right), AgnUnaryOp.Affine, 1,
                                         -right.Value);
        /// <summary>left * right, broadcast, written into <paramref name="out"/>.</summary>
        public static Tensor mul(Tensor left, Tensor right, Tensor? @out) =>
            Ops.PointwiseOut.Binary("mul", left, right, @out, (left, right), static s => s.left.mul(s.right), (AgnBinaryOp.Mul, 1));
        /// <summary>left * right written into <paramref name="out"/>.</summary>
        public static Tensor mul(Tensor left, Scalar right, Tensor? @out) =>
            Ops.PointwiseOut.WithScalars("mul", left, @out, (left, right), static s => s.left.mul(s.right), AgnUnaryOp.Affine,
                                         right.Value, -0.0);
        /// <summary>left / right (true division), broadcast, written into <paramref name="out"/>.</summary>
        public static Tensor div(Tensor left, Tensor right, Tensor? @out) => div(left, right, RoundingMode.None, @out);
        /// <summary>left / right, broadcast, rounded as <see cref="Tensor.div(Tensor, RoundingMode)"/>, written
        /// into <paramref name="out"/>.</summary>
        public static Tensor div(Tensor left, Tensor right, RoundingMode rounding_mode, Tensor? @out) =>
            Ops.PointwiseOut.Binary("div", left, right, @out, (left, right, rounding_mode),
                                    static s => s.left.div(s.right, s.rounding_mode), rounding_mode == RoundingMode.None
                ? (AgnBinaryOp.Div, 1) : null);
        /// <summary>left / right written into <paramref name="out"/>.</summary>
        public static Tensor div(Tensor left, Scalar right, Tensor? @out) => div(left, right, RoundingMode.None, @out);
        /// <summary>left / right, rounded as <see cref="Tensor.div(Tensor, RoundingMode)"/>, written into <paramref name="out"/>.</summary>
        public static Tensor div(Tensor left, Scalar right, RoundingMode rounding_mode, Tensor? @out)
        {
            if (@out is null) return left.div(right, rounding_mode);
            // true division of a float left may run directly, on the divisor as a 0-d tensor of left's dtype as the
            // op makes it; otherwise the op runs and makes its own
            bool direct = rounding_mode == RoundingMode.None && DType.IsFloating(left._dtype);
            return Ops.PointwiseOut.Binary("div", left, direct ? ScalarTensor(right, left._dtype) : null, @out,
                                           (left, right, rounding_mode), static s =>
                s.left.div(s.right, s.rounding_mode), direct ? (AgnBinaryOp.Div, 1) : null);
        }

        /// <summary>left ** exponent, broadcast, written into <paramref name="out"/>.</summary>
        public static Tensor pow(Tensor left, Tensor exponent, Tensor? @out) =>
            Ops.PointwiseOut.Binary("pow", left, exponent, @out, (left, exponent), static s => s.left.pow(s.exponent),
                                    (AgnBinaryOp.Pow, 1));
        /// <summary>left ** exponent written into <paramref name="out"/>.</summary>
        public static Tensor pow(Tensor left, Scalar exponent, Tensor? @out) =>
            Ops.PointwiseOut.WithScalars("pow", left, @out, (left, exponent), static s => s.left.pow(s.exponent),
                                         AgnUnaryOp.PowScalar, exponent.Value, 0);
        /// <summary>The larger of input and other (NaN if either is), broadcast, written into <paramref name="out"/>.</summary>
        public static Tensor maximum(Tensor input, Tensor other, Tensor? @out) =>
            Ops.PointwiseOut.Binary("maximum", input, other, @out, (input, other), static s => s.input.maximum(s.other),
                                    (AgnBinaryOp.Maximum, 1));
        /// <summary>The smaller of input and other (NaN if either is), broadcast, written into <paramref name="out"/>.</summary>
        public static Tensor minimum(Tensor input, Tensor other, Tensor? @out) =>
            Ops.PointwiseOut.Binary("minimum", input, other, @out, (input, other), static s => s.input.minimum(s.other),
                                    (AgnBinaryOp.Minimum, 1));
        /// <summary>input clamped to [min, max] (either bound may be null, not both) written into <paramref name="out"/>.</summary>
        public static Tensor clamp(Tensor input, Scalar? min, Scalar? max, Tensor? @out) =>
            Ops.PointwiseOut.WithScalars("clamp", input, @out, (input, min, max), static s => s.input.clamp(s.min, s.max),
                                         min is null && max is null ? null : AgnUnaryOp.Clamp, min?.Value ?? double.NaN, max?.Value
                                             ?? double.NaN);
        /// <summary>e ** input written into <paramref name="out"/>.</summary>
        public static Tensor exp(Tensor input, Tensor? @out) =>
            Ops.PointwiseOut.Unary("exp", input, @out, static x => x.exp(), AgnUnaryOp.Exp);
        /// <summary>Natural logarithm of input written into <paramref name="out"/>.</summary>
        public static Tensor log(Tensor input, Tensor? @out) =>
            Ops.PointwiseOut.Unary("log", input, @out, static x => x.log(), AgnUnaryOp.Log);
        /// <summary>log(1 + input) written into <paramref name="out"/>.</summary>
        public static Tensor log1p(Tensor input, Tensor? @out) =>
            Ops.PointwiseOut.Unary("log1p", input, @out, static x => x.log1p(), AgnUnaryOp.Log1p);
        /// <summary>Square root of input written into <paramref name="out"/>.</summary>
        public static Tensor sqrt(Tensor input, Tensor? @out) =>
            Ops.PointwiseOut.Unary("sqrt", input, @out, static x => x.sqrt(), AgnUnaryOp.Sqrt);
        /// <summary>1 / sqrt(input) written into <paramref name="out"/>.</summary>
        public static Tensor rsqrt(Tensor input, Tensor? @out) =>
            Ops.PointwiseOut.Unary("rsqrt", input, @out, static x => x.rsqrt(), AgnUnaryOp.Rsqrt);
        /// <summary>|input| written into <paramref name="out"/>.</summary>
        public static Tensor abs(Tensor input, Tensor? @out) =>
            Ops.PointwiseOut.Unary("abs", input, @out, static x => x.abs(), AgnUnaryOp.Abs);
        /// <summary>Sign of input written into <paramref name="out"/>.</summary>
        public static Tensor sign(Tensor input, Tensor? @out) =>
            Ops.PointwiseOut.Unary("sign", input, @out, static x => x.sign(), AgnUnaryOp.Sign);
        /// <summary>Sine of input written into <paramref name="out"/>.</summary>
        public static Tensor sin(Tensor input, Tensor? @out) =>
            Ops.PointwiseOut.Unary("sin", input, @out, static x => x.sin(), AgnUnaryOp.Sin);
        /// <summary>Cosine of input written into <paramref name="out"/>.</summary>
        public static Tensor cos(Tensor input, Tensor? @out) =>
            Ops.PointwiseOut.Unary("cos", input, @out, static x => x.cos(), AgnUnaryOp.Cos);
        /// <summary>Hyperbolic tangent of input written into <paramref name="out"/>.</summary>
        public static Tensor tanh(Tensor input, Tensor? @out) =>
            Ops.PointwiseOut.Unary("tanh", input, @out, static x => x.tanh(), AgnUnaryOp.Tanh);
        /// <summary>Logistic sigmoid of input written into <paramref name="out"/>.</summary>
        public static Tensor sigmoid(Tensor input, Tensor? @out) =>
            Ops.PointwiseOut.Unary("sigmoid", input, @out, static x => x.sigmoid(), AgnUnaryOp.Sigmoid);
        /// <summary>-input written into <paramref name="out"/>.</summary>
        public static Tensor neg(Tensor input, Tensor? @out) =>
            Ops.PointwiseOut.Unary("neg", input, @out, static x => x.neg(), AgnUnaryOp.Neg);
    }
}

namespace Autograd.Ops
{
    /// <summary>
    /// out= for pointwise ops, as ATen's TensorIterator does it: the autograd rule, then the written-to tensor's
    /// checks (no internal overlap, no partial overlap with an input), then the op's own checks, broadcasting
    /// and the cast of the result type to out's dtype; only then is out resized and written, so a failing call
    /// leaves it as it was. When every operand already has out's floating dtype and none shares out's memory
    /// (other than being out itself), the op's kernel writes out directly and no result is allocated; otherwise the
    /// op runs as usual and its result is copied (and cast) into out.
    /// </summary>
    internal static class PointwiseOut
    {
        /// <summary>out = a (op) b. <paramref name="kernel"/>: the kernel the op runs on floating operands of one
        /// dtype (so the direct write gives its bits), or null to always go through the op.
        /// <paramref name="b"/> null: no direct path (the op's operand is not a tensor of a's dtype).</summary>
        internal static Tensor Binary<TArgs>(string name, Tensor a, Tensor? b, Tensor? @out, TArgs args, Func<TArgs, Tensor> op,
                                             (AgnBinaryOp Op, double Alpha)? kernel)
        {
            if (@out is null) return op(args);
            Check(name, a, b, @out);
            if (kernel is var (k, alpha) && b is not null && PrepareDirect(@out, Shape.Broadcast(a._shape, b._shape), a, b))
                BinaryInto(k, a, b, @out, alpha);
            else Copy(op(args), @out);
            return Written(@out);
        }

        /// <summary>The kernel of a + sign * alpha * b on floating operands; none for a bool alpha, which the op
        /// rejects (PyTorch's alpha_check).</summary>
        internal static (AgnBinaryOp, double)? AddKernel(Scalar alpha, double sign) =>
            alpha.Kind == ScalarType.Bool ? null : Arithmetic.AddKernel(sign * alpha.Value);

        /// <summary>out = a (op) scalars: <paramref name="kernel"/> is the unary kernel, with parameters p0 and p1, that
        /// the op runs for a floating a (the affine a * p0 + p1 for add, sub and mul; pow; clamp), or null to always
        /// go through the op.</summary>
        internal static Tensor WithScalars<TArgs>(string name, Tensor a, Tensor? @out, TArgs args, Func<TArgs, Tensor> op,
                                                  AgnUnaryOp? kernel, double p0, double p1)
        {
            if (@out is null) return op(args);
            Check(name, a, null, @out);
            if (kernel is AgnUnaryOp k && PrepareDirect(@out, a._shape, a, null)) UnaryInto(k, a, @out, p0, p1);
            else Copy(op(args), @out);
            return Written(@out);
        }

        /// <summary>out = op(x): <paramref name="kernel"/> is the unary kernel the op runs on a floating x.</summary>
        internal static Tensor Unary(string name, Tensor x, Tensor? @out, Func<Tensor, Tensor> op, AgnUnaryOp kernel) =>
            WithScalars(name, x, @out, x, op, kernel, 0, 0);

        /// <summary>The checks before any value is computed, in TensorIterator's order.</summary>
        private static void Check(string name, Tensor a, Tensor? b, Tensor @out)
        {
            OutArgument.CheckAutograd(name, a, b ?? a, @out);
            CheckNoInternalOverlap(@out);
            CheckNoPartialOverlap(@out, a);
            if (b is not null) CheckNoPartialOverlap(@out, b);
        }

        /// <summary>Whether the kernel may write out directly: every operand of out's floating dtype (the op's
        /// result type then is that dtype too), and an operand sharing out's memory only as out itself, already
        /// of the result's shape (an elementwise kernel reads each element before writing it). Resizes out.</summary>
        private static bool PrepareDirect(Tensor @out, long[] shape, Tensor a, Tensor? b)
        {
            if (!DType.IsFloating(@out._dtype) || a._dtype != @out._dtype || (b is not null && b._dtype != @out._dtype)) return false;
            if (!DirectSafe(@out, a, shape) || (b is not null && !DirectSafe(@out, b, shape))) return false;
            OutArgument.ResizeOutput(@out, shape);
            return true;
        }

        private static bool DirectSafe(Tensor @out, Tensor x, long[] shape) =>
            x._storage != @out._storage || (x._offset == @out._offset && Shape.SameShape(x._shape, @out._shape)
                                            && Shape.SameShape(x._strides, @out._strides) && Shape.SameShape(shape, @out._shape));

        /// <summary>The op's result into out: cast when out's dtype is wider (PyTorch's canCast).</summary>
        private static void Copy(Tensor result, Tensor @out)
        {
            if (!DType.CanCast(result._dtype, @out._dtype))
                throw new ArgumentException(
                    $"result type {DType.ShortName(result._dtype)} can't be cast to the desired output type " +
                    $"{DType.ShortName(@out._dtype)}");
            OutArgument.ResizeOutput(@out, result._shape);
            Kernels.Copy(result, result._strides, @out);
        }

        private static Tensor Written(Tensor @out)
        {
            @out._storage.Version++;
            return @out;
        }

        /// <summary>PyTorch's assert_no_partial_overlap: out and an input over the same bytes must be the same
        /// view. Tensors with gaps or repeats are PyTorch's "too hard" case, not an error (here the op's result
        /// is computed before out is touched, so they are safe).</summary>
        private static void CheckNoPartialOverlap(Tensor @out, Tensor input)
        {
            if (@out._storage != input._storage || @out._numel == 0 || input._numel == 0) return;
            if (!Shape.IsNonOverlappingAndDense(@out._shape, @out._strides)
                || !Shape.IsNonOverlappingAndDense(input._shape, input._strides)) return;
            long ob = @out._offset * DType.ElementSize(@out._dtype), oe = ob + @out._numel * DType.ElementSize(@out._dtype);
            long ib = input._offset * DType.ElementSize(input._dtype), ie = ib + input._numel * DType.ElementSize(input._dtype);
            bool partial = ob == ib && oe == ie ? !Shape.SameShape(@out._strides, input._strides) : ob < ie && ib < oe;
            if (partial)
                throw new ArgumentException(
                    "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory " +
                    "location. Please clone() the tensor before performing the operation.");
        }
    }
}
