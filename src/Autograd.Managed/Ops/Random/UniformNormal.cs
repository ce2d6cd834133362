using Autograd.Ops;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>In place: uniform samples from [<paramref name="from"/>, <paramref name="to"/>) drawn as
            /// LibTorch draws them (24 random bits per float32, 53 per float64; bounds rounded to the dtype).
            /// Returns this tensor.</summary>
            /// <exception cref="NotSupportedException">A non-floating tensor.</exception>
            /// <exception cref="ArgumentException">from &gt; to or a bound outside the dtype's range (PyTorch's messages).</exception>
            public Tensor uniform_(double from = 0, double to = 1, Generator? generator = null) =>
                RandomOps.Uniform(this, from, to, generator);

            /// <summary>In place: normal samples with <paramref name="mean"/> and <paramref name="std"/>, drawn
            /// as LibTorch draws them (a contiguous tensor of 16 or more elements is transformed in blocks of
            /// 16; smaller or strided ones one Box-Muller pair at a time, caching the second normal in the
            /// generator). Returns this tensor.</summary>
            /// <exception cref="ArgumentException">std &lt; 0.</exception>
            /// <exception cref="NotSupportedException">A non-floating tensor.</exception>
            public Tensor normal_(double mean = 0, double std = 1, Generator? generator = null) =>
                RandomOps.Normal(this, mean, std, generator);
        }

        /// <summary>Uniform samples from [0, 1) (float32 unless <paramref name="dtype"/> says otherwise).</summary>
        public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                  Generator? generator = null, string[]? names = null) =>
            Finish(RandomOps.Empty(size, dtype, device, names).uniform_(0, 1, generator), requires_grad);

        /// <summary>Standard normal samples (float32 unless <paramref name="dtype"/> says otherwise).</summary>
        public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                   Generator? generator = null, string[]? names = null) =>
            Finish(RandomOps.Empty(size, dtype, device, names).normal_(0, 1, generator), requires_grad);

        /// <summary>Uniform samples shaped like <paramref name="input"/> (its dtype unless given).</summary>
        public static Tensor rand_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            rand(input._shape, dtype ?? input.dtype, device, requires_grad);
        /// <summary>Normal samples shaped like <paramref name="input"/> (its dtype unless given).</summary>
        public static Tensor randn_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            randn(input._shape, dtype ?? input.dtype, device, requires_grad);

        /// <summary>Normal samples with the given mean and standard deviation (PyTorch's
        /// <c>torch.normal(mean, std, size)</c>).</summary>
        public static Tensor normal(double mean, double std, long[] size, Generator? generator = null, ScalarType? dtype = null,
                                    Device? device = null, bool requires_grad = false) =>
            Finish(RandomOps.Empty(size, dtype, device, null).normal_(mean, std, generator), requires_grad);

        /// <summary>One normal sample per element of <paramref name="mean"/> and <paramref name="std"/>
        /// (broadcast): standard normals drawn into the result, then multiplied by std and shifted by mean,
        /// as LibTorch computes it.</summary>
        /// <exception cref="ArgumentException">A negative std (PyTorch's message) or shapes that do not broadcast.</exception>
        public static Tensor normal(Tensor mean, Tensor std, Generator? generator = null)
        {
            RandomOps.CheckStdTensor(std);
            long[] shape = Shape.Broadcast(mean._shape, std._shape);
            using var _ = no_grad();
            Tensor result = Tensor.Empty(shape, mean.dtype).normal_(0, 1, generator);
            return result.mul_(std).add_(mean);
        }

        /// <summary>Normal samples around each element of <paramref name="mean"/> with one standard deviation.</summary>
        /// <exception cref="ArgumentException">std &lt; 0.</exception>
        public static Tensor normal(Tensor mean, double std = 1, Generator? generator = null)
        {
            if (!(std >= 0.0)) throw new ArgumentException($"normal expects std >= 0.0, but found std {RandomFill.Num(std)}");
            using var _ = no_grad();
            return Tensor.Empty(mean._shape, mean.dtype).normal_(0, std, generator).add_(mean);
        }

        /// <summary>Normal samples with one mean and a standard deviation per element of <paramref name="std"/>.</summary>
        /// <exception cref="ArgumentException">A negative std (PyTorch's message).</exception>
        public static Tensor normal(double mean, Tensor std, Generator? generator = null)
        {
            RandomOps.CheckStdTensor(std);
            using var _ = no_grad();
            return Tensor.Empty(std._shape, std.dtype).normal_(0, 1, generator).mul_(std).add_(full([], mean, std.dtype));
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>uniform_ and normal_: argument checks in PyTorch's order and words, then the samplers.</summary>
    internal static class RandomOps
    {
        internal static Tensor Empty(long[] size, ScalarType? dtype, Device? device, string[]? names)
        {
            Device.Check(device);
            if (names is { Length: > 0 }) throw new NotSupportedException("named tensors are not supported by Autograd.Native");
            return Tensor.Empty(Shape.CheckSizes((long[])size.Clone()), DType.Check(dtype ?? DType.DefaultFloat));
        }

        internal static Tensor Uniform(Tensor self, double from, double to, torch.Generator? generator)
        {
            if (!DType.IsFloating(self._dtype)) throw RandomFill.NotImplemented("check_uniform_bounds", self._dtype);
            double max = self._dtype == ScalarType.Float32 ? float.MaxValue : double.MaxValue;
            string name = self._dtype == ScalarType.Float32 ? "float" : "double";
            if (!(from >= -max && from <= max)) throw new ArgumentException($"from is out of bounds for {name}");
            if (!(to >= -max && to <= max)) throw new ArgumentException($"to is out of bounds for {name}");
            if (!(from <= to))
                throw new ArgumentException(
                    $"uniform_ expects to return a [from, to) range, but found from={RandomFill.Num(from)} > to={RandomFill.Num(to)}");
            if (!(to - from <= max))
                throw new ArgumentException(
                    $"uniform_ expects to-from <= std::numeric_limits<{DType.ShortName(self._dtype)}>::max(), but found " +
                    $"to={RandomFill.Num(to)} and from={RandomFill.Num(from)} which result in to-from to exceed the limit");
            return RandomFill.InPlace(self, "UniformBackward0", generator, (g, chunk, _, _) =>
            {
                if (chunk._dtype == ScalarType.Float32) Sampling.Uniform(g.Engine, chunk.ContiguousSpan<float>(), from, to);
                else Sampling.Uniform(g.Engine, chunk.ContiguousSpan<double>(), from, to);
            });
        }

        internal static Tensor Normal(Tensor self, double mean, double std, torch.Generator? generator)
        {
            if (!(std >= 0.0)) throw new ArgumentException($"normal expects std >= 0.0, but found std {RandomFill.Num(std)}");
            if (!DType.IsFloating(self._dtype) && self._numel > 0) throw RandomFill.NotImplemented("normal_kernel_cpu", self._dtype);
            return RandomFill.InPlace(self, "NormalBackward0", generator, (g, target, contiguous, _) =>
            {
                if (contiguous && target._numel >= 16)
                    Sampling.NormalFill(g.Engine, target, mean, std);
                else
                    foreach (Tensor chunk in RandomFill.Chunks(target))
                    {
                        var values = new double[chunk._numel];
                        Sampling.NormalScalar(g, values, mean, std);
                        RandomFill.Store(chunk, values);
                    }
            }, whole: true);
        }

        /// <summary>PyTorch's check of a tensor of standard deviations.</summary>
        internal static void CheckStdTensor(Tensor std)
        {
            if (std._numel > 0 && !(std.min().to(ScalarType.Float64).item<double>() >= 0))
                throw new ArgumentException("normal expects all elements of std >= 0.0");
        }
    }
}
