namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>For each element, the bucket index i with boundaries[i-1] &lt; x &lt;= boundaries[i]
            /// (&lt;= / &lt; swapped when <paramref name="right"/>); int64, or int32 with <paramref name="outInt32"/>.</summary>
            /// <exception cref="ArgumentException">boundaries is not 1-d (LibTorch's message).</exception>
            public Tensor bucketize(Tensor boundaries, bool outInt32 = false, bool right = false) =>
                torch.bucketize(this, boundaries, outInt32, right);
            /// <summary>The indices of the nonzero elements, one row per element in row-major order ([n, ndim], int64).</summary>
            public Tensor nonzero() => Ops.Searching.Nonzero(this);
            /// <summary>nonzero() as one int64 tensor per dim (PyTorch's nonzero(as_tuple=True)).</summary>
            public Tensor[] nonzero_as_list() => torch.where(this);
            /// <summary>nonzero(): the indices of the nonzero elements, [n, ndim].</summary>
            public Tensor argwhere() => nonzero();
            /// <summary>The unique elements (sorted; with <paramref name="dim"/>, the unique slices along it in
            /// lexicographic order), the position of every input element (or slice) in that list, and how often each
            /// occurs. NaNs are distinct from each other. Not differentiable.</summary>
            /// <exception cref="IndexOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
            public (Tensor output, Tensor? inverse_indices, Tensor? counts) unique(bool sorted = true, bool return_inverse = false,
                bool return_counts = false, int? dim = null) =>
                Ops.Searching.Unique(this, return_inverse, return_counts, dim, consecutive: false);
            /// <summary>Collapses runs of equal consecutive elements (or slices along <paramref name="dim"/>), with the
            /// run of every input element and each run's length on request.</summary>
            public (Tensor output, Tensor? inverse_indices, Tensor? counts) unique_consecutive(bool return_inverse = false,
                bool return_counts = false, int? dim = null) =>
                Ops.Searching.Unique(this, return_inverse, return_counts, dim, consecutive: true);
        }
    }

    public static partial class torch
    {
        /// <summary>For each of <paramref name="values"/>, the index where it would be inserted into the innermost dim of
        /// <paramref name="sorted_sequence"/> to keep it sorted: the first such index, or the last with
        /// <paramref name="right"/> (or <paramref name="side"/> = "right"). A sequence of more than one dim has the
        /// leading dims of values. <paramref name="sorter"/> gives the sorting order of an unsorted sequence.
        /// NaN values go to the end. int64 result, int32 with <paramref name="out_int32"/>.</summary>
        /// <exception cref="ArgumentException">Mismatched shapes, a sorter of another shape or out of range, or side
        /// and right contradicting each other (LibTorch's messages).</exception>
        public static Tensor searchsorted(Tensor sorted_sequence, Tensor values, bool out_int32 = false, bool right = false,
                                          Tensor? sorter = null, string? side = null) =>
            Ops.Searching.SearchSorted(sorted_sequence, values, out_int32, right, sorter, side, scalarInput: false);
        /// <summary>searchsorted for one value: a 0-d result.</summary>
        public static Tensor searchsorted(Tensor sorted_sequence, Scalar values, bool out_int32, bool right, Tensor sorter) =>
            Ops.Searching.SearchSorted(sorted_sequence, torch.tensor(values.Value, sorted_sequence.dtype), out_int32, right, sorter,
                                       null, scalarInput: true);
        /// <summary>searchsorted for one value: a 0-d result.</summary>
        public static Tensor searchsorted(Tensor sorted_sequence, Scalar values, bool out_int32 = false, bool right = false,
                                          Tensor? sorter = null, string? side = null) =>
            Ops.Searching.SearchSorted(sorted_sequence, torch.tensor(values.Value, sorted_sequence.dtype), out_int32, right, sorter,
                                       side, scalarInput: true);
        /// <summary>searchsorted(boundaries, input, out_int32, right) for 1-d boundaries.</summary>
        /// <exception cref="ArgumentException">boundaries is not 1-d (LibTorch's message).</exception>
        public static Tensor bucketize(Tensor input, Tensor boundaries, bool outInt32 = false, bool right = false)
        {
            if (boundaries.dim() != 1)
                throw new ArgumentException($"boundaries tensor must be 1 dimension, but got dim({boundaries.dim()})");
            return Ops.Searching.SearchSorted(boundaries, input, outInt32, right, null, null, scalarInput: false);
        }
        /// <summary>input.nonzero().</summary>
        public static Tensor nonzero(Tensor input) => input.nonzero();
        /// <summary>input.argwhere().</summary>
        public static Tensor argwhere(Tensor input) => input.argwhere();
        /// <summary>input.unique(sorted, return_inverse, return_counts, dim).</summary>
        public static (Tensor output, Tensor? inverse_indices, Tensor? counts) unique(Tensor input, bool sorted = true,
            bool return_inverse = false, bool return_counts = false, int? dim = null) =>
            input.unique(sorted, return_inverse, return_counts, dim);
        /// <summary>input.unique_consecutive(return_inverse, return_counts, dim).</summary>
        public static (Tensor output, Tensor? inverse_indices, Tensor? counts) unique_consecutive(Tensor input,
            bool return_inverse = false, bool return_counts = false, int? dim = null) =>
            input.unique_consecutive(return_inverse, return_counts, dim);
    }
}

namespace Autograd.Ops
{
    /// <summary>nonzero, searchsorted / bucketize and unique / unique_consecutive: index results, no gradients.</summary>
    internal static class Searching
    {
        internal static Tensor Nonzero(Tensor x)
        {
            if (x._shape.Length == 0) return torch.zeros([x.ne(0).item<bool>() ? 1 : 0, 0], ScalarType.Int64);
            Tensor[] perDim = torch.where(x);
            return torch.stack(perDim, 1);
        }

        internal static Tensor SearchSorted(Tensor seq, Tensor values, bool outInt32, bool right, Tensor? sorter, string? side,
                                            bool scalarInput)
        {
            if (side is not null)
            {
                if (side is not ("left" or "right"))
                    throw new ArgumentException($"torch.searchsorted(): side can only be 'left' or 'right' but got {side}");
                if (right && side == "left")
                    throw new ArgumentException(
                        "torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True");
                right = side == "right";
            }
            long[] ss = seq._shape, vs = values._shape;
            if (ss.Length == 0)
                throw new ArgumentException("torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 dimension");
            if (ss.Length != 1 && (ss.Length != vs.Length || !ss[..^1].AsSpan().SequenceEqual(vs[..^1])))
                throw new ArgumentException(
                    "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 dimensions of boundaries tensor " +
                    $"and input value tensor must match, but we got boundaries tensor [{string.Join(", ", ss)}] and input value " +
                    $"tensor [{string.Join(", ", vs)}]");
            long n = ss[^1];
            long[] order = [];
            if (sorter is not null)
            {
                if (sorter._dtype != ScalarType.Int64)
                    throw new ArgumentException(
                        $"torch.searchsorted(): sorter must be a tensor of long dtype but got dtype {DType.Name(sorter._dtype)}");
                if (!sorter._shape.AsSpan().SequenceEqual(ss))
                    throw new ArgumentException(
                        $"torch.searchsorted(): boundary and sorter must have the same size, but got boundary tensor " +
                        $"[{string.Join(", ", ss)}]" +
                        $"and got sorter tensor [{string.Join(", ", sorter._shape)}]");
                order = sorter.contiguous().ToArray<long>();
                if (order.Any(i => i < 0 || i >= n)) throw new ArgumentException("torch.searchsorted(): sorter index out of range");
            }
            ScalarType common = DType.Promote(seq._dtype, values._dtype);
            if (scalarInput) common = seq._dtype;
            if (common == ScalarType.Bool) throw RandomFill.NotImplemented("searchsorted_out_cpu", common);
            ScalarType work = DType.IsFloating(common) ? ScalarType.Float64 : ScalarType.Int64;
            long lines = ss.Length == 1 ? 1 : seq._numel / Math.Max(n, 1);
            long perLine = ss.Length == 1 ? values._numel : (vs.Length == 0 ? 1 : vs[^1]);
            var result = new long[values._numel];
            if (work == ScalarType.Float64)
                Search(seq.to(work).contiguous().ToArray<double>(), values.to(work).contiguous().ToArray<double>(), order, n, lines,
                       perLine, right, result);
            else
                Search(seq.to(work).contiguous().ToArray<long>(), values.to(work).contiguous().ToArray<long>(), order, n, lines,
                       perLine, right, result);
            Tensor r = torch.tensor(result, vs);
            return outInt32 ? r.to(ScalarType.Int32) : r;
        }

        /// <summary>LibTorch's bounds: the left one moves past every element not &gt;= the value, the right one past
        /// every element not &gt; it (so a NaN value, comparing false, lands at the end).</summary>
        private static void Search<T>(T[] seq, T[] vals, long[] order, long n, long lines, long perLine, bool right, long[] result)
            where T : System.Numerics.INumber<T>
        {
            for (long v = 0; v < vals.Length; v++)
            {
                long line = lines == 1 ? 0 : v / perLine, start = line * n, lo = 0, hi = n;
                T val = vals[v];
                while (lo < hi)
                {
                    long mid = lo + ((hi - lo) >> 1);
                    T m = order.Length > 0 ? seq[start + order[start + mid]] : seq[start + mid];
                    if (right ? !(m > val) : !(m >= val)) lo = mid + 1;
                    else hi = mid;
                }
                result[v] = lo;
            }
        }

        internal static (Tensor, Tensor?, Tensor?) Unique(Tensor x, bool returnInverse, bool returnCounts, int? dim, bool consecutive)
        {
            Tensor rows; // [n, m]: one row per element (no dim) or per slice along dim
            int d = 0;
            if (dim is int dd)
            {
                d = Shape.WrapDimOfShape(dd, x._shape.Length); // a 0-d tensor has no dim to group along
                rows = x.movedim([d], [0]).contiguous();
                rows = rows.reshape(x._shape.Length == 0 ? 1 : x._shape[d], -1);
            }
            else rows = x.reshape(-1, 1);
            long n = rows._shape[0], m = rows._shape[1];
            ScalarType work = DType.IsFloating(x._dtype) ? ScalarType.Float64 : ScalarType.Int64;
            (long[] perm, long[] groupOf, long[] firstOfGroup, long[] counts) = work == ScalarType.Float64
                ? Group(rows.to(work).contiguous().ToArray<double>(), n, m, consecutive)
                : Group(rows.to(work).contiguous().ToArray<long>(), n, m, consecutive);
            Tensor pick = torch.tensor(firstOfGroup);
            Tensor output;
            if (dim is null) output = x.reshape(-1).index_select(0, pick).detach();
            else
            {
                long[] moved = [firstOfGroup.Length, .. x.movedim([d], [0])._shape[1..]];
                output = rows.index_select(0, pick).reshape(moved).movedim([0], [d]).contiguous().detach();
            }
            Tensor? inverse = returnInverse ? torch.tensor(groupOf, dim is null ? x._shape : [n]) : null;
            Tensor? count = returnCounts ? torch.tensor(counts) : null;
            _ = perm;
            return (output, inverse, count);
        }

        /// <summary>Groups the n rows of length m (row-major in <paramref name="v"/>): sorted lexicographically unless
        /// consecutive; rows compare equal element by element (a NaN equals nothing).</summary>
        private static (long[], long[], long[], long[]) Group<T>(T[] v, long n, long m, bool consecutive)
            where T : System.Numerics.INumber<T>
        {
            int Compare(long a, long b)
            {
                for (long j = 0; j < m; j++)
                {
                    T x = v[a * m + j], y = v[b * m + j];
                    bool xn = T.IsNaN(x), yn = T.IsNaN(y);
                    if (xn || yn) { if (xn && yn) continue; return xn ? 1 : -1; } // NaN sorts last
                    int c = x.CompareTo(y);
                    if (c != 0) return c;
                }
                return a.CompareTo(b); // stable
            }
            bool Equal(long a, long b)
            {
                for (long j = 0; j < m; j++)
                    if (!(v[a * m + j] == v[b * m + j])) return false;
                return true;
            }
            long[] perm = new long[n];
            for (long i = 0; i < n; i++) perm[i] = i;
            if (!consecutive) Array.Sort(perm, (a, b) => Compare(a, b));
            var groupOf = new long[n];
            var first = new List<long>();
            var counts = new List<long>();
            for (long i = 0; i < n; i++)
            {
                if (i == 0 || !Equal(perm[i - 1], perm[i])) { first.Add(perm[i]); counts.Add(0); }
                counts[^1]++;
                groupOf[perm[i]] = first.Count - 1;
            }
            return (perm, groupOf, [.. first], [.. counts]);
        }
    }
}
