using static Autograd.Ops.Elementwise;

namespace Autograd;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            // Each activation is a composition of differentiable ops whose derivative is PyTorch's (away from
            // kinks, where PyTorch picks one side: noted per op). A branch that where() discards is computed on
            // clamped input, so it cannot overflow and turn the discarded gradient into 0 * inf = NaN.

            /// <summary>min(max(x, 0), 6); the gradient is 1 strictly inside (0, 6).</summary>
            public static Tensor relu6(Tensor x, bool inplace = false) => hardtanh(x, 0, 6, inplace);

            /// <summary>min(max(x, min_val), max_val) (PyTorch's hardtanh: the gradient is 1 strictly inside the bounds).</summary>
            /// <exception cref="ArgumentException"><paramref name="min_val"/> &gt; <paramref name="max_val"/>.</exception>
            public static Tensor hardtanh(Tensor x, double min_val = -1.0, double max_val = 1.0, bool inplace = false)
            {
                if (min_val > max_val) throw new ArgumentException("min_val cannot be greater than max_val");
                return Activate(x, inplace, "hardtanh", t => t.clamp(min_val, max_val));
            }

            /// <summary>TorchSharp's alias of <see cref="hardtanh"/>.</summary>
            public static Tensor Hardtanh(Tensor x, double min_val = -1.0, double max_val = 1.0, bool inplace = false) =>
                hardtanh(x, min_val, max_val, inplace);

            /// <summary>x for x &gt; 0, negative_slope * x otherwise.</summary>
            public static Tensor leaky_relu(Tensor input, double negative_slope = 0.01, bool inplace = false) =>
                Activate(input, inplace, "leaky_relu", t => torch.where(t.gt(0), t, t.mul(negative_slope)));

            /// <summary>x for x &gt; 0, weight * x otherwise; <paramref name="weight"/> has one element or one per channel
            /// (dim 1 of the input; inputs of fewer than 2 dims have one channel).</summary>
            /// <exception cref="ArgumentException">The weight's size is neither 1 nor the channel count, or its dtype is not the
            /// input's (PyTorch's messages).</exception>
            public static Tensor prelu(Tensor input, Tensor weight)
            {
                Floating(input, "prelu");
                ArgumentNullException.ThrowIfNull(weight);
                if (weight._dtype != input._dtype)
                    throw new ArgumentException(
                        $"prelu: Type promoting not supported. Got {DType.ShortName(input._dtype)} and {DType.ShortName(weight._dtype)}");
                long n = weight.numel(), channels = input._shape.Length >= 2 ? input._shape[1] : 1;
                if (n != 1 && n != channels)
                    throw new ArgumentException(
                        $"Mismatch of parameter numbers and input channel size. Found parameter numbers = {n} and channel size = " +
                        $"{channels}.");
                // one slope per channel broadcasts along dim 1; a single slope as a 0-d value keeps the input's shape
                var shape = new long[input._shape.Length];
                Array.Fill(shape, 1L);
                if (shape.Length >= 2) shape[1] = n;
                Tensor w = weight.reshape(shape);
                return torch.where(input.gt(0), input, input.mul(w));
            }

            /// <summary>x for x &gt; 0, alpha * (exp(x) - 1) otherwise.</summary>
            public static Tensor elu(Tensor x, double alpha, bool inplace = false) =>
                Activate(x, inplace, "elu", t => Elu(t, alpha, 1, 1));

            /// <summary>scale * elu(x, alpha) with SELU's constants (alpha ≈ 1.6733, scale ≈ 1.0507).</summary>
            public static Tensor selu(Tensor x, bool inplace = false) =>
                Activate(x, inplace, "selu", t => Elu(t, SeluAlpha, SeluScale, 1));

            /// <summary>max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).</summary>
            /// <exception cref="ArgumentException"><paramref name="alpha"/> is 0.</exception>
            public static Tensor celu(Tensor x, double alpha, bool inplace = false)
            {
                if (alpha == 0) throw new ArgumentException("ZeroDivisionError: alpha cannot be 0 for CELU");
                return Activate(x, inplace, "celu", t => Elu(t, alpha, 1, 1 / alpha));
            }

            // PyTorch's elu kernel: x > 0 ? scale * x : scale * alpha * expm1(x * input_scale)
            private static Tensor Elu(Tensor x, double alpha, double scale, double inputScale)
            {
                Tensor negative = x.clamp(max: 0).mul(inputScale).expm1().mul(alpha * scale);
                return torch.where(x.gt(0), scale == 1 ? x : x.mul(scale), negative);
            }

            private const double SeluAlpha = 1.6732632423543772848170429916717;
            private const double SeluScale = 1.0507009873554804934193349852946;

            /// <summary>x * Φ(x), Φ the standard normal CDF: 0.5 * x * (1 + erf(x / sqrt(2))).</summary>
            public static Tensor gelu(Tensor x) => gelu(x, Modules.GELU.Approximate.none);

            /// <summary>GELU, in place on <paramref name="x"/> when <paramref name="inplace"/>.</summary>
            public static Tensor gelu(Tensor x, bool inplace) => gelu(x, Modules.GELU.Approximate.none, inplace);

            /// <summary>GELU: exact (<c>none</c>) or the tanh approximation
            /// 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3))).</summary>
            public static Tensor gelu(Tensor x, Modules.GELU.Approximate approximate, bool inplace = false) =>
                Activate(x, inplace, "gelu", t => approximate == Modules.GELU.Approximate.tanh
                    ? t.mul(0.5).mul(t.pow(3).mul(0.044715).add(t).mul(Math.Sqrt(2 / Math.PI)).tanh().add(1))
                    : t.mul(0.5).mul(t.mul(1 / Math.Sqrt(2)).erf().add(1)));

            /// <summary>x * sigmoid(x) (also called swish).</summary>
            public static Tensor silu(Tensor x, bool inplace = false) => Activate(x, inplace, "silu", t => t.mul(t.sigmoid()));

            /// <summary>TorchSharp's alias of <see cref="silu"/>.</summary>
            public static Tensor SiLU(Tensor x, bool inplace = false) => silu(x, inplace);

            /// <summary>x * tanh(softplus(x)).</summary>
            public static Tensor mish(Tensor x, bool inplace = false) => Activate(x, inplace, "mish", t => t.mul(softplus(t).tanh()));

            /// <summary>TorchSharp's alias of <see cref="mish"/>.</summary>
            public static Tensor Mish(Tensor x) => mish(x, false);

            /// <summary>log(1 + exp(beta * x)) / beta, and x itself where beta * x &gt; threshold (PyTorch's linear
            /// region).</summary>
            public static Tensor softplus(Tensor x, double beta = 1, double threshold = 20)
            {
                Floating(x, "softplus");
                Tensor z = x.mul(beta);
                Tensor smooth = z.clamp(max: threshold).exp().log1p().mul(1 / beta);
                return torch.where(z.gt(threshold), x, smooth);
            }

            /// <summary>x / (1 + |x|).</summary>
            public static Tensor softsign(Tensor x, bool inplace = false) => Activate(x, inplace, "softsign", t => t.div(t.abs().add(1)));

            /// <summary>TorchSharp's alias of <see cref="softsign"/>.</summary>
            public static Tensor Softsign(Tensor x) => softsign(x, false);

            /// <summary>x * relu6(x + 3) / 6.</summary>
            public static Tensor hardswish(Tensor input, bool inplace = false) =>
                Activate(input, inplace, "hardswish", t => t.mul(t.add(3).clamp(0, 6)).mul(1.0 / 6));

            /// <summary>relu6(x + 3) / 6.</summary>
            public static Tensor hardsigmoid(Tensor input, bool inplace = false) =>
                Activate(input, inplace, "hardsigmoid", t => t.add(3).clamp(0, 6).mul(1.0 / 6));

            /// <summary>x - tanh(x).</summary>
            public static Tensor tanhshrink(Tensor x, bool inplace = false) => Activate(x, inplace, "tanhshrink", t => t.sub(t.tanh()));

            /// <summary>TorchSharp's alias of <see cref="tanhshrink"/>.</summary>
            public static Tensor Tanhshrink(Tensor x) => tanhshrink(x, false);

            /// <summary>x - lambda for x &gt; lambda, x + lambda for x &lt; -lambda, 0 otherwise.</summary>
            /// <exception cref="ArgumentException"><paramref name="lambda"/> is negative (PyTorch's message).</exception>
            public static Tensor softshrink(Tensor x, double lambda = 0.5)
            {
                CheckLambda(lambda);
                Floating(x, "softshrink");
                return x.sub(x.clamp(-lambda, lambda)); // the gradient is 1 outside [-lambda, lambda], 0 inside
            }

            /// <summary>TorchSharp's alias of <see cref="softshrink"/>.</summary>
            public static Tensor Softshrink(Tensor x, double lambda = 0.5) => softshrink(x, lambda);

            /// <summary>x where |x| &gt; lambda, 0 otherwise.</summary>
            /// <exception cref="ArgumentException"><paramref name="lambda"/> is negative (PyTorch's message).</exception>
            public static Tensor hardshrink(Tensor x, double lambda = 0.5)
            {
                CheckLambda(lambda);
                Floating(x, "hardshrink");
                return torch.where(x.abs().le(lambda), 0.0, x); // NaN stays NaN, as in PyTorch
            }

            /// <summary>TorchSharp's alias of <see cref="hardshrink"/>.</summary>
            public static Tensor Hardshrink(Tensor x, double lambda = 0.5) => hardshrink(x, lambda);

            /// <summary>x where x &gt; threshold, value otherwise.</summary>
            public static Tensor threshold(Tensor x, double threshold, double value, bool inplace = false) =>
                Activate(x, inplace, "threshold", t => torch.where(t.le(threshold), value, t)); // NaN stays NaN

            /// <summary>TorchSharp's alias of <see cref="threshold"/>.</summary>
            public static Tensor Threshold(Tensor x, double threshold, double value, bool inplace = false) =>
                functional.threshold(x, threshold, value, inplace);

            /// <summary>a * sigmoid(b), where a and b are the two halves of <paramref name="input"/> along
            /// <paramref name="dim"/>.</summary>
            /// <exception cref="ArgumentException">A 0-d input, or an odd size along dim (PyTorch's messages).</exception>
            public static Tensor glu(Tensor input, long dim = -1)
            {
                if (input._shape.Length == 0) throw new ArgumentException("glu does not support scalars because halving size must be even");
                int d = Shape.WrapDim(dim, input._shape.Length);
                if (input._shape[d] % 2 != 0)
                    throw new ArgumentException($"Halving dimension must be even, but dimension {d} is size {input._shape[d]}");
                Floating(input, "glu");
                long half = input._shape[d] / 2;
                return input.narrow(d, 0, half).mul(input.narrow(d, half, half).sigmoid());
            }

            /// <summary>log(sigmoid(x)): x - log(1 + exp(x)) below 0, -log(1 + exp(-x)) from 0 on, so exp never
            /// overflows and the gradient at 0 is sigmoid(0) = 0.5.</summary>
            public static Tensor logsigmoid(Tensor x)
            {
                Floating(x, "log_sigmoid");
                Tensor negative = x.clamp(max: 0), positive = x.clamp(min: 0);
                return torch.where(x.lt(0), negative.sub(negative.exp().log1p()), positive.neg().exp().log1p().neg());
            }

            /// <summary>softmax(-x) along <paramref name="dim"/>.</summary>
            public static Tensor softmin(Tensor x, long dim) => x.neg().softmax(dim);

            private static void CheckLambda(double lambda)
            {
                if (!(lambda >= 0))
                    throw new ArgumentException($"lambda must be greater or equal to 0, but found to be {PyRepr.Float(lambda)}.");
            }

            private static void Floating(Tensor x, string op)
            {
                ArgumentNullException.ThrowIfNull(x);
                if (!DType.IsFloating(x._dtype))
                    throw new NotSupportedException($"\"{op}\" not implemented for '{DType.ShortName(x._dtype)}'");
            }

            /// <summary>f(x), or in place: f's result written into x (through a clone when x records history, as every
            /// in-place op here); x's in-place checks run first.</summary>
            private static Tensor Activate(Tensor x, bool inplace, string op, Func<Tensor, Tensor> f)
            {
                Floating(x, op);
                if (!inplace) return f(x);
                CheckInPlace(x, x._dtype, null, false);
                return Commit(x, f(Records(x, false) ? x.clone() : x));
            }
        }
    }
}
