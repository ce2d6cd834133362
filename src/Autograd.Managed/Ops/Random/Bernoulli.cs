using Autograd.Ops;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>In place: 1 with probability <paramref name="p"/>, else 0 (one double uniform per
            /// element, compared with p, as LibTorch's CPU kernel does). Any dtype. Returns this tensor.</summary>
            /// <exception cref="ArgumentException">p outside [0, 1] (PyTorch's message); nothing is modified.</exception>
            public Tensor bernoulli_(double p = 0.5, Generator? generator = null) => BernoulliOps.Scalar(this, p, generator);

            /// <summary>In place: element i is 1 with probability p[i] (<paramref name="p"/> broadcast to this
            /// shape; a float64 p draws double uniforms, a float32 p float ones, as in LibTorch).</summary>
            /// <exception cref="ArgumentException">An element of p outside [0, 1], or p not broadcastable; nothing is modified.</exception>
            public Tensor bernoulli_(Tensor p, Generator? generator = null) => BernoulliOps.WithTensor(this, p, generator);

            /// <summary>A new tensor of 0s and 1s, element i being 1 with probability this[i] (same dtype).</summary>
            public Tensor bernoulli(Generator? generator = null) => torch.bernoulli(this, generator);

            /// <summary>In place: exponential samples with rate <paramref name="lambda"/>:
            /// -1/λ · log1p(-u) for a double uniform u per element, as LibTorch's CPU kernel computes it.</summary>
            /// <exception cref="ArgumentException">lambda &lt;= 0 (PyTorch's message).</exception>
            /// <exception cref="NotSupportedException">A non-floating tensor.</exception>
            public Tensor exponential_(double lambda = 1.0, Generator? generator = null) =>
                BernoulliOps.Exponential(this, lambda, generator);
        }

        /// <summary>0s and 1s drawn with the probabilities in <paramref name="input"/> (its shape and dtype).</summary>
        public static Tensor bernoulli(Tensor input, Generator? generator = null)
        {
            if (!DType.IsFloating(input._dtype)) throw RandomFill.NotImplemented("bernoulli_tensor_cpu_p_", input._dtype);
            return Tensor.Empty((long[])input._shape.Clone(), input._dtype).bernoulli_(input, generator);
        }

        /// <summary>0s and 1s, each 1 with probability <paramref name="p"/>, shaped like <paramref name="input"/>.</summary>
        public static Tensor bernoulli(Tensor input, double p, Generator? generator = null) =>
            Tensor.Empty((long[])input._shape.Clone(), input._dtype).bernoulli_(p, generator);
    }
}

namespace Autograd.Ops
{
    /// <summary>bernoulli_ and exponential_: one double uniform per element, LibTorch's transforms.</summary>
    internal static class BernoulliOps
    {
        /// <summary>
        /// The mask LibTorch's CPU dropout draws (ATen's <c>_dropout_impl</c>: <c>noise = empty_like(input)</c>,
        /// or [N, C, 1, ...] for feature dropout, then <c>noise.bernoulli_(1 - p)</c>, then
        /// <c>noise.div_(1 - p)</c> and <c>input * noise</c>): 0s and 1s of <paramref name="dtype"/>, each 1
        /// with probability <paramref name="keep"/>, one double uniform per element in order. Callers scale
        /// and multiply; the fused native_dropout path is LibTorch's on accelerators only.
        /// </summary>
        internal static Tensor DropoutMask(long[] shape, double keep, ScalarType dtype, torch.Generator? generator = null) =>
            Tensor.Empty((long[])shape.Clone(), dtype).bernoulli_(keep, generator);

        /// <summary>The mask of <see cref="DropoutMask(long[], double, ScalarType, torch.Generator?)"/> for element-wise
        /// dropout of <paramref name="like"/>: <c>empty_like</c> keeps the layout of a non-overlapping, dense input
        /// (a transposed one, say), and bernoulli_ draws in memory order, so the i-th draw lands on the i-th element
        /// of the input's memory, not of its row-major order.</summary>
        internal static Tensor DropoutMaskLike(Tensor like, double keep, torch.Generator? generator = null)
        {
            if (like.is_contiguous() || !Shape.IsNonOverlappingAndDense(like._shape, like._strides))
                return DropoutMask(like._shape, keep, like._dtype, generator);
            int[] order = RandomFill.MemoryOrderOf(like);
            Tensor dense = Tensor.Empty([.. order.Select(d => like._shape[d])], like._dtype);
            long[] strides = new long[order.Length];
            for (int i = 0; i < order.Length; i++) strides[order[i]] = dense._strides[i];
            return new Tensor(dense._storage, (long[])like._shape.Clone(), strides, 0, like._dtype).bernoulli_(keep, generator);
        }

        internal static Tensor Scalar(Tensor self, double p, torch.Generator? generator)
        {
            if (!(p >= 0 && p <= 1)) throw new ArgumentException($"bernoulli_ expects p to be in [0, 1], but got p={RandomFill.Num(p)}");
            return RandomFill.InPlace(self, "BernoulliBackward1", generator, (g, target, _, _) =>
            {
                var values = new double[target._numel];
                for (int i = 0; i < values.Length; i++) values[i] = Sampling.Uniform01Double(g.Engine) < p ? 1 : 0;
                RandomFill.Store(target, values);
            });
        }

        internal static Tensor WithTensor(Tensor self, Tensor p, torch.Generator? generator)
        {
            if (!DType.IsFloating(p._dtype)) throw RandomFill.NotImplemented("bernoulli_tensor_cpu_p_", p._dtype);
            Tensor probs = p.detach().expand(self._shape);
            // LibTorch checks each p as it draws, after writing the elements before it; checking first
            // leaves the tensor (and the generator) untouched on failure
            foreach (double v in p.detach().to(ScalarType.Float64).ToArray<double>())
                if (!(v >= 0 && v <= 1))
                    throw new ArgumentException(
                        "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If " +
                        "so, please report an enhancement request to PyTorch.)");
            bool doubleP = p._dtype == ScalarType.Float64;
            // p's values in the order the elements are drawn (self's memory order), flat
            Tensor ordered =
                (self.is_contiguous() ? probs : RandomFill.Permuted(probs, RandomFill.MemoryOrderOf(self))).contiguous().reshape(-1);
            return RandomFill.InPlace(self, "BernoulliBackward2", generator, (g, target, _, start) =>
            {
                var values = new double[target._numel];
                Tensor pChunk = ordered.narrow(0, start, target._numel);
                if (doubleP)
                {
                    double[] pv = pChunk.ToArray<double>();
                    for (int i = 0; i < values.Length; i++) values[i] = Sampling.Uniform01Double(g.Engine) < pv[i] ? 1 : 0;
                }
                else
                {
                    float[] pv = pChunk.ToArray<float>();
                    for (int i = 0; i < values.Length; i++) values[i] = Sampling.Uniform01Float(g.Engine) < pv[i] ? 1 : 0;
                }
                RandomFill.Store(target, values);
            });
        }

        internal static Tensor Exponential(Tensor self, double lambda, torch.Generator? generator)
        {
            if (!(lambda > 0.0))
                throw new ArgumentException($"exponential_ expects lambda > 0.0, but found lambda={RandomFill.Num(lambda)}");
            if (!DType.IsFloating(self._dtype) && self._numel > 0) throw RandomFill.NotImplemented("exponential_cpu", self._dtype);
            return RandomFill.InPlace(self, "ExponentialBackward0", generator, (g, target, _, _) =>
            {
                var values = new double[target._numel];
                for (int i = 0; i < values.Length; i++)
                {
                    double u = Sampling.Uniform01Double(g.Engine);
                    values[i] = -1.0 / lambda * LibM.Log1p(-u);
                }
                RandomFill.Store(target, values);
            });
        }
    }
}
