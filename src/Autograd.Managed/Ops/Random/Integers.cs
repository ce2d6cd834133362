using Autograd.Ops;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>In place: integers uniform in [<paramref name="from"/>, <paramref name="to"/>), drawn as
            /// LibTorch draws them (one 32-bit draw per element, or a 64-bit one when the range reaches 2^28;
            /// the draw modulo the range plus from). Returns this tensor.</summary>
            /// <exception cref="ArgumentException">from &gt;= to, or a bound the dtype cannot hold (PyTorch's messages).</exception>
            public Tensor random_(long from, long to, Generator? generator = null) => IntegerOps.RandomFromTo(this, from, to, generator);

            /// <summary>In place: integers uniform in [from, to); the bounds are truncated to integers (TorchSharp's overload).</summary>
            public Tensor random_(double from, double to, Generator? generator = null) =>
                IntegerOps.RandomFromTo(this, (long)from, (long)to, generator);

            /// <summary>In place: integers uniform in [0, <paramref name="to"/>).</summary>
            public Tensor random_(long to, Generator? generator = null) => IntegerOps.RandomFromTo(this, 0, to, generator);
        }

        /// <summary>Integers uniform in [low, high) (int64 unless <paramref name="dtype"/> says otherwise).</summary>
        /// <exception cref="ArgumentException">low &gt;= high (PyTorch's message).</exception>
        public static Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null,
                                     bool requires_grad = false, Generator? generator = null, string[]? names = null)
        {
            Tensor t = RandomOps.Empty(size, dtype ?? ScalarType.Int64, device, names).random_(low, high, generator);
            return Finish(t, requires_grad);
        }
        /// <summary>Integers uniform in [0, high).</summary>
        public static Tensor randint(long high, long[] size, ScalarType? dtype = null, Device? device = null,
                                     bool requires_grad = false, Generator? generator = null, string[]? names = null) =>
            randint(0, high, size, dtype, device, requires_grad, generator, names);
        /// <summary>Integers uniform in [low, high).</summary>
        public static Tensor randint(int low, int high, int[] size, ScalarType? dtype = null, Device? device = null,
                                     bool requires_grad = false, Generator? generator = null, string[]? names = null) =>
            randint(low, high, Array.ConvertAll(size, v => (long)v), dtype, device, requires_grad, generator, names);
        /// <summary>Integers uniform in [0, high).</summary>
        public static Tensor randint(int high, int[] size, ScalarType? dtype = null, Device? device = null,
                                     bool requires_grad = false, Generator? generator = null, string[]? names = null) =>
            randint(0, high, Array.ConvertAll(size, v => (long)v), dtype, device, requires_grad, generator, names);
        /// <summary>Integers in [low, high) shaped like <paramref name="input"/> (its dtype unless given).</summary>
        public static Tensor randint_like(Tensor input, long low, long high, ScalarType? dtype = null, Device? device = null,
                                          bool requires_grad = false) =>
            randint(low, high, input._shape, dtype ?? input.dtype, device, requires_grad);

        /// <summary>A random permutation of 0..n-1 (int64 unless <paramref name="dtype"/> says otherwise),
        /// LibTorch's shuffle: swap element i with i + (32-bit draw mod (n - i)); from n ≥ 2^32/20 on, the
        /// inside-out Fisher-Yates with 64-bit draws.</summary>
        /// <exception cref="ArgumentException">n &lt; 0, or n beyond what the dtype holds exactly.</exception>
        public static Tensor randperm(long n, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                      Generator? generator = null)
        {
            if (n < 0) throw new ArgumentException($"n must be non-negative, got{n}");
            ScalarType t = DType.Check(dtype ?? ScalarType.Int64);
            if (t == ScalarType.Float32 && n > (1L << 24) + 1)
                throw new ArgumentException("n cannot be greater than 2^24+1 for Float type.");
            if (t == ScalarType.Bool) throw RandomFill.NotImplemented("randperm", t);
            Tensor result = RandomOps.Empty([n], ScalarType.Int64, device, null);
            Generator g = generator ?? Generator.Default;
            Span<long> r = result.ContiguousSpan<long>();
            lock (g.Lock) IntegerOps.Permutation(g.Engine, r);
            Tensor typed = t == ScalarType.Int64 ? result : result.to(t);
            return Finish(typed, requires_grad);
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>random_, randint and randperm: LibTorch's integer transforms of the engine's draws.</summary>
    internal static class IntegerOps
    {
        internal static Tensor RandomFromTo(Tensor self, long from, long to, torch.Generator? generator)
        {
            if (from >= to) throw new ArgumentException($"random_ expects 'from' to be less than 'to', but got from={from} >= to={to}");
            if (DType.IsFloating(self._dtype))
            {
                int digits = self._dtype == ScalarType.Float32 ? 24 : 53;
                from = UpdateFrom(from, digits, self._dtype);
                to = UpdateTo(to, digits, self._dtype);
                if (from >= to)
                    throw new ArgumentException(
                        $"random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from={from} >= to={to}");
            }
            else if (self._dtype == ScalarType.Bool)
            {
                if (from is < 0 or > 1) throw new ArgumentException("from is out of bounds for bool");
                if (to - 1 is < 0 or > 1) throw new ArgumentException("to - 1 is out of bounds for bool");
            }
            ulong range = unchecked((ulong)to - (ulong)from);
            ScalarType dtype = self._dtype;
            return RandomFill.InPlace(self, "RandomBackward1", generator, (g, target, _, _) =>
            {
                Mt19937 e = g.Engine;
                // LibTorch's uniform_int_from_to_distribution: from a range of 2^28 on, 32-bit draws modulo
                // the range would skew the distribution by more than about 5%, so it draws 64 bits
                bool wide = range >= 1UL << 28;
                switch (dtype)
                {
                    case ScalarType.Int64:
                        Span<long> l = target.ContiguousSpan<long>();
                        for (int i = 0; i < l.Length; i++) l[i] = Draw(e, range, from, wide);
                        break;
                    case ScalarType.Float32:
                        Span<float> f = target.ContiguousSpan<float>();
                        for (int i = 0; i < f.Length; i++) f[i] = Draw(e, range, from, wide);
                        break;
                    case ScalarType.Float64:
                        Span<double> d = target.ContiguousSpan<double>();
                        for (int i = 0; i < d.Length; i++) d[i] = Draw(e, range, from, wide);
                        break;
                    default:
                        Span<bool> b = target.ContiguousSpan<bool>();
                        for (int i = 0; i < b.Length; i++) b[i] = Draw(e, range, from, false) != 0;
                        break;
                }
            });
        }

        private static long Draw(Mt19937 e, ulong range, long from, bool wide) =>
            unchecked((long)((wide ? e.NextUInt64() : e.NextUInt32()) % range + (ulong)from));

        // LibTorch moves a bound that the dtype would round outside [from, to) to the nearest safe value.
        private static long UpdateFrom(long from, int digits, ScalarType t)
        {
            long fromPlus1 = RoundTrip(from + 1, t);
            if (fromPlus1 < from)
            {
                long f = Math.Abs(from + 1);
                int n = 0;
                while ((f >>= 1) != 0) n++;
                from = fromPlus1 + (1L << (n - digits + 1));
            }
            return from;
        }

        private static long UpdateTo(long to, int digits, ScalarType t)
        {
            long toMinus1 = RoundTrip(to - 1, t);
            if (toMinus1 >= to)
            {
                long v = Math.Abs(to - 1);
                int n = 0;
                while ((v >>= 1) != 0) n++;
                to = toMinus1 - (1L << (n - digits + 1));
            }
            return to;
        }

        private static long RoundTrip(long v, ScalarType t) => t == ScalarType.Float32 ? (long)(float)v : (long)(double)v;

        /// <summary>LibTorch's randperm on the CPU (TensorFactories' randperm_cpu), into a contiguous span.</summary>
        internal static void Permutation(Mt19937 e, Span<long> r)
        {
            long n = r.Length;
            if (n < uint.MaxValue / 20)
            {
                for (int i = 0; i < r.Length; i++) r[i] = i;
                for (long i = 0; i < n - 1; i++)
                {
                    long z = e.NextUInt32() % (n - i);
                    (r[(int)i], r[(int)(z + i)]) = (r[(int)(z + i)], r[(int)i]);
                }
                return;
            }
            for (long i = 0; i < n; i++)
            {
                long z = (long)(e.NextUInt64() % (ulong)(i + 1));
                r[(int)i] = r[(int)z];
                r[(int)z] = i;
            }
        }
    }
}
