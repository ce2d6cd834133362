using Autograd.Ops;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Indices drawn from the categorical distribution in each row (see
            /// <see cref="torch.multinomial(Tensor, long, bool, Generator?)"/>).</summary>
            public Tensor multinomial(long num_samples, bool replacement = false, Generator? generator = null) =>
                torch.multinomial(this, num_samples, replacement, generator);
        }

        /// <summary>
        /// For each row of <paramref name="input"/> (1-d: one row) of non-negative weights, <paramref name="num_samples"/>
        /// category indices (int64). As LibTorch on the CPU: without replacement, or for one sample, each
        /// weight is divided by an exponential sample (in the input's dtype) and the largest quotients win;
        /// with replacement, one double uniform per sample is located in the row's normalised cumulative sums
        /// (accumulated in the input's dtype).
        /// </summary>
        /// <exception cref="ArgumentException">PyTorch's checks: 1 or 2 dims, a floating dtype, num_samples &gt; 0,
        /// no more samples than categories without replacement, at most 2^24 categories, weights finite and
        /// non-negative with a positive sum per row; a result whose byte count overflows int64.</exception>
        /// <exception cref="OutOfMemoryException">The result's storage cannot be allocated (LibTorch's allocator message).</exception>
        /// <exception cref="NotSupportedException">More than <see cref="Array.MaxLength"/> samples in all.</exception>
        public static Tensor multinomial(Tensor input, long num_samples, bool replacement = false, Generator? generator = null)
        {
            ArgumentNullException.ThrowIfNull(input);
            if (input.dim() is < 1 or > 2) throw new ArgumentException("prob_dist must be 1 or 2 dim");
            if (!DType.IsFloating(input._dtype))
                throw new ArgumentException(
                    $"multinomial only supports floating-point dtypes for input, got: {DType.ShortName(input._dtype)}");
            if (num_samples <= 0) throw new ArgumentException("cannot sample n_sample <= 0 samples");
            long categories = input._shape[^1];
            if (!replacement && num_samples > categories)
                throw new ArgumentException("cannot sample n_sample > prob_dist.size(-1) samples without replacement");
            if (categories > 1L << 24) throw new ArgumentException("number of categories cannot exceed 2^24");
            long rows = input.dim() == 2 ? input._shape[0] : 1;
            long[] shape = input.dim() == 2 ? [rows, num_samples] : [num_samples];
            // the result's storage first: LibTorch's overflow or allocator message before any draw
            Tensor result = Tensor.Empty(shape, ScalarType.Int64);
            if (result._numel > Array.MaxLength)
                throw new NotSupportedException($"multinomial: at most {Array.MaxLength} samples in all (one span), got {result._numel}");
            Generator g = generator ?? Generator.Default;
            using var _ = no_grad();
            Tensor p = input.detach();
            if (!replacement || num_samples == 1) MultinomialOps.ByExponentialRace(p, rows, categories, num_samples, result, g);
            else MultinomialOps.ByCumulativeSearch(p, rows, categories, num_samples, result, g);
            return result;
        }
    }
}

namespace Autograd.Ops
{
    internal static class MultinomialOps
    {
        // Gumbel-max in its exponential form: argmax p / q with q ~ Exp(1) samples one category; the top k
        // quotients sample k without replacement.
        internal static void ByExponentialRace(Tensor p, long rows, long categories, long k, Tensor output, torch.Generator g)
        {
            double[] w = p.to(ScalarType.Float64).ToArray<double>();
            foreach (double v in w)
                if (!(v >= 0 && v < double.PositiveInfinity))
                    throw new ArgumentException("probability tensor contains either `inf`, `nan` or element < 0");
            Tensor sums = p.dim() == 2 ? p.sum(1) : p.sum();
            foreach (double s in sums.to(ScalarType.Float64).ToArray<double>())
                if (s == 0) throw new ArgumentException("invalid multinomial distribution (sum of probabilities <= 0)");

            Tensor q = EmptyLike(p).exponential_(1, g);
            double[] quotients = p.div(q).to(ScalarType.Float64).ToArray<double>();
            Span<long> result = output.ContiguousSpan<long>();
            var order = new long[categories];
            for (long r = 0; r < rows; r++)
            {
                var row = new ReadOnlySpan<double>(quotients, (int)(r * categories), (int)categories);
                for (int j = 0; j < categories; j++) order[j] = j;
                // largest first; among equal quotients the lower index first
                double[] keys = row.ToArray();
                Array.Sort(order, (a, b) => keys[b].CompareTo(keys[a]) is var c && c != 0 ? c : a.CompareTo(b));
                order.AsSpan(0, (int)k).CopyTo(result[(int)(r * k)..]);
            }
        }

        // empty_like keeps a dense input's layout, so the exponentials fill it in the input's memory order
        private static Tensor EmptyLike(Tensor p)
        {
            if (p.is_contiguous()) return Tensor.Empty((long[])p._shape.Clone(), p._dtype);
            Tensor ordered = RandomFill.MemoryOrder(p);
            if (!ordered.is_contiguous()) return Tensor.Empty((long[])p._shape.Clone(), p._dtype);
            Tensor q = Tensor.Empty((long[])p._shape.Clone(), p._dtype);
            return new Tensor(q._storage, (long[])p._shape.Clone(), (long[])p._strides.Clone(), 0, p._dtype);
        }

        internal static void ByCumulativeSearch(Tensor p, long rows, long categories, long k, Tensor output, torch.Generator g)
        {
            Span<long> result = output.ContiguousSpan<long>();
            bool isFloat = p._dtype == ScalarType.Float32;
            double[] w = p.to(ScalarType.Float64).ToArray<double>();
            // every row is validated before any draw, so a failure leaves the generator untouched
            for (long r = 0; r < rows; r++)
            {
                double sum = 0;
                for (long j = 0; j < categories; j++)
                {
                    double v = w[r * categories + j];
                    if (!(v >= 0)) throw new ArgumentException("invalid multinomial distribution (encountering probability entry < 0)");
                    if (double.IsInfinity(v))
                        throw new ArgumentException("invalid multinomial distribution (encountering probability entry = infinity or NaN)");
                    sum += v;
                }
                if (!(sum > 0)) throw new ArgumentException("invalid multinomial distribution (sum of probabilities <= 0)");
            }
            var cum = new double[categories];
            lock (g.Lock)
            {
                for (long r = 0; r < rows; r++)
                {
                    // cumulative sums and their normalisation in the input's precision
                    if (isFloat)
                    {
                        float s = 0;
                        for (long j = 0; j < categories; j++) { s += (float)w[r * categories + j]; cum[j] = s; }
                        for (long j = 0; j < categories; j++) cum[j] = (float)cum[j] / s;
                    }
                    else
                    {
                        double s = 0;
                        for (long j = 0; j < categories; j++) { s += w[r * categories + j]; cum[j] = s; }
                        for (long j = 0; j < categories; j++) cum[j] /= s;
                    }
                    cum[categories - 1] = 1;
                    for (long n = 0; n < k; n++)
                    {
                        double u = Sampling.Uniform01Double(g.Engine);
                        long left = 0, right = categories;
                        while (right - left > 0)
                        {
                            long mid = left + (right - left) / 2;
                            if (cum[mid] < u) left = mid + 1; else right = mid;
                        }
                        result[(int)(r * k + n)] = left;
                    }
                }
            }
        }
    }
}
