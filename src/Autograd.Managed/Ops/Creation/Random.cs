namespace Autograd
{
    /// <summary>A seedable source of random numbers (PyTorch's <c>torch.Generator</c>). The default
    /// generator is shared process-wide and locked; <see cref="torch.manual_seed"/> reseeds it.</summary>
    public sealed class Generator
    {
        private Random _random;
        private readonly object _lock = new();

        /// <summary>A generator seeded with <paramref name="seed"/>.</summary>
        public Generator(ulong seed = 67280421310721UL) => _random = new Random(unchecked((int)(seed ^ (seed >> 32))));

        /// <summary>Reseeds this generator and returns it.</summary>
        public Generator manual_seed(long seed)
        {
            lock (_lock) _random = new Random(unchecked((int)(seed ^ (seed >> 32))));
            return this;
        }

        internal void FillUniform(Span<double> values)
        {
            lock (_lock) for (int i = 0; i < values.Length; i++) values[i] = _random.NextDouble();
        }

        internal void FillNormal(Span<double> values)
        {
            // Box-Muller on (0, 1] uniforms: two normals per pair
            lock (_lock)
                for (int i = 0; i < values.Length; i += 2)
                {
                    double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();
                    double r = Math.Sqrt(-2.0 * Math.Log(u1));
                    values[i] = r * Math.Cos(2 * Math.PI * u2);
                    if (i + 1 < values.Length) values[i + 1] = r * Math.Sin(2 * Math.PI * u2);
                }
        }

        internal void FillInts(Span<double> values, long low, long high)
        {
            lock (_lock) for (int i = 0; i < values.Length; i++) values[i] = _random.NextInt64(low, high);
        }
    }

    public static partial class torch
    {
        private static readonly Generator s_default = new();

        /// <summary>Reseeds the default generator; returns it.</summary>
        public static Generator manual_seed(long seed) => s_default.manual_seed(seed);

        private delegate void Filler(Generator g, Span<double> values);

        private static Tensor RandomTensor(long[] size, string[]? names, ScalarType? dtype, Device? device, bool requires_grad, Generator? generator, Filler fill, ScalarType fallback)
        {
            Device.Check(device);
            NoNames(names);
            long[] shape = Shape.CheckSizes((long[])size.Clone());
            Tensor values = Tensor.Empty(shape, ScalarType.Float64);
            // in slices: a span holds fewer than 2^31 elements
            const long Slice = 1 << 20;
            for (long start = 0; start < values._numel; start += Slice)
                fill(generator ?? s_default, new Tensor(values._storage, [Math.Min(Slice, values._numel - start)], [1], start, ScalarType.Float64).ContiguousSpan<double>());
            Tensor result = Ops.Kernels.ConvertContiguous(values, DType.Check(dtype ?? fallback));
            return Finish(result, requires_grad);
        }

        /// <summary>Uniform samples from [0, 1).</summary>
        public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null, string[]? names = null) =>
            RandomTensor(size, names, dtype, device, requires_grad, generator, static (g, v) => g.FillUniform(v), ScalarType.Float32);

        /// <summary>Standard normal samples.</summary>
        public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null, string[]? names = null) =>
            RandomTensor(size, names, dtype, device, requires_grad, generator, static (g, v) => g.FillNormal(v), ScalarType.Float32);

        /// <summary>Integers uniform in [low, high) (int64 by default).</summary>
        public static Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null, string[]? names = null)
        {
            if (low >= high) throw new ArgumentException($"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}");
            return RandomTensor(size, names, dtype, device, requires_grad, generator, (g, v) => g.FillInts(v, low, high), ScalarType.Int64);
        }
        /// <summary>Integers uniform in [0, high).</summary>
        public static Tensor randint(long high, long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null, string[]? names = null) => randint(0, high, size, dtype, device, requires_grad, generator, names);
        /// <summary>Integers uniform in [low, high).</summary>
        public static Tensor randint(int low, int high, int[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null, string[]? names = null) => randint(low, high, Array.ConvertAll(size, v => (long)v), dtype, device, requires_grad, generator, names);
        /// <summary>Integers uniform in [0, high).</summary>
        public static Tensor randint(int high, int[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null, string[]? names = null) => randint(0, high, Array.ConvertAll(size, v => (long)v), dtype, device, requires_grad, generator, names);

        /// <summary>Uniform samples shaped like <paramref name="input"/>.</summary>
        public static Tensor rand_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => rand(input._shape, dtype ?? input.dtype, device, requires_grad);
        /// <summary>Normal samples shaped like <paramref name="input"/>.</summary>
        public static Tensor randn_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => randn(input._shape, dtype ?? input.dtype, device, requires_grad);
        /// <summary>Integers in [low, high) shaped like <paramref name="input"/>.</summary>
        public static Tensor randint_like(Tensor input, long low, long high, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => randint(low, high, input._shape, dtype ?? input.dtype, device, requires_grad);
    }
}
