using System.Text;

namespace Autograd;

/// <summary>Shape and stride arithmetic shared by every op; PyTorch's messages for shape errors.</summary>
internal static class Shape
{
    internal static readonly long[] Scalar = [];

    /// <summary>The strides of every 1-d contiguous tensor, shared (shape and stride arrays are never
    /// written once a tensor holds them).</summary>
    private static readonly long[] UnitStride = [1];

    /// <summary>All-zero strides per rank (a one-element tensor broadcast to any shape), shared likewise.</summary>
    private static readonly long[][] ZeroStrides = [.. Enumerable.Range(0, 9).Select(r => new long[r])];

    /// <summary>
    /// Note [Checked sizes]: every count that sizes memory is computed here, with overflow checks and
    /// PyTorch's messages. Sizes multiply as unsigned 64-bit numbers, as in PyTorch's safe_compute_numel,
    /// so a negative size (a huge unsigned one) fails the same check as a product past int64. Creation
    /// ops check sizes first (<see cref="CheckSizes"/>), allocation checks the byte count
    /// (<see cref="StorageBytes"/>, then <see cref="Storage.Allocate"/> the allocator's limit), every
    /// tensor's element count goes through <see cref="Numel"/>, and every view's extent through
    /// <see cref="CheckExtent"/>: no later index arithmetic can wrap.
    /// </summary>
    internal static long Numel(ReadOnlySpan<long> shape)
    {
        if (!TryProduct(shape, 1, out long n)) throw new ArgumentException("numel: integer multiplication overflow");
        return n;
    }

    /// <summary>The product of <paramref name="factor"/> and every size, false when it overflows int64 at
    /// any step (a size of 0 after an overflow does not clear it, as in PyTorch's safe_multiplies_u64).</summary>
    private static bool TryProduct(ReadOnlySpan<long> shape, ulong factor, out long product)
    {
        ulong n = factor;
        bool overflow = false;
        foreach (long s in shape) overflow |= Math.BigMul(n, (ulong)s, out n) != 0;
        product = (long)n;
        return !overflow && n <= long.MaxValue;
    }

    /// <summary>Bytes of storage for a contiguous tensor of <paramref name="shape"/> and <paramref name="dtype"/>
    /// starting <paramref name="offset"/> elements in (PyTorch's computeStorageNbytesContiguous and its message).</summary>
    internal static long StorageBytes(long[] shape, ScalarType dtype, long offset = 0)
    {
        long bytes = 0;
        bool ok = TryProduct(shape, 1, out long numel) && numel <= long.MaxValue - offset
            && Math.BigMul(numel + offset, DType.ElementSize(dtype), out bytes) == 0 && bytes >= 0;
        if (!ok) throw new ArgumentException($"Storage size calculation overflowed with sizes={Format(shape)}");
        return bytes;
    }

    /// <summary>Checks that a view of <paramref name="shape"/>/<paramref name="strides"/> at
    /// <paramref name="offset"/> stays inside a storage of <paramref name="storageBytes"/> bytes: the
    /// last line of defence behind each view op's own argument checks (PyTorch's setStorage message).</summary>
    internal static void CheckExtent(long[] shape, long[] strides, long offset, ScalarType dtype, long storageBytes)
    {
        int itemSize = DType.ElementSize(dtype);
        bool empty = Numel(shape) == 0; // also rejects most negative sizes, with LibTorch's message
        // LibTorch lets a view with a 0 keep a negative size (expand(0, -2)) and fails when it is copied;
        // such a shape is rejected here, with the message that copy would give
        CheckSizes(shape);
        long last = offset; // the highest element index the view can reach
        bool bad = offset < 0;
        for (int d = 0; d < shape.Length && !empty && !bad; d++)
        {
            if (strides[d] < 0) { bad = true; break; }
            long reach = Math.BigMul(shape[d] - 1, strides[d], out long low);
            bad = reach != 0 || low < 0;
            if (!bad) bad = (last += low) < 0;
        }
        long needed = 0;
        if (!bad && !empty) bad = Math.BigMul(last + 1, itemSize, out needed) != 0 || needed < 0;
        if (bad || needed > storageBytes)
            throw new ArgumentException(
                $"setStorage: sizes {Format(shape)}, strides {Format(strides)}, storage offset {offset}, and itemsize {itemSize} " +
                $"requiring a storage size of {(bad ? "more than " + long.MaxValue : needed.ToString())} are out of bounds for " +
                $"storage of size {storageBytes}");
    }

    internal static long[] ContiguousStrides(long[] shape)
    {
        if (shape.Length == 0) return Scalar;
        if (shape.Length == 1) return UnitStride;
        var strides = new long[shape.Length];
        long s = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = s;
            s *= Math.Max(shape[d], 1);
        }
        return strides;
    }

    /// <summary>Whether <paramref name="strides"/> are exactly what <see cref="ContiguousStrides"/> gives
    /// for <paramref name="shape"/> (stricter than <see cref="IsContiguous"/>, which ignores size-1 dims).</summary>
    internal static bool IsStandardStrides(long[] shape, long[] strides)
    {
        if (strides.Length != shape.Length) return false;
        long s = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (strides[d] != s) return false;
            s *= Math.Max(shape[d], 1);
        }
        return true;
    }

    internal static bool IsContiguous(long[] shape, long[] strides)
    {
        long expected = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] == 1) continue;
            if (shape[d] == 0) return true;
            if (strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /// <summary>PyTorch's is_non_overlapping_and_dense: the elements fill a block of memory without gaps or
    /// repeats, in some order of the dims (a transposed contiguous tensor is one; a slice with a step is not).</summary>
    internal static bool IsNonOverlappingAndDense(long[] shape, long[] strides)
    {
        var dims = new List<int>(shape.Length);
        for (int d = 0; d < shape.Length; d++)
            if (shape[d] >= 2) dims.Add(d); // size-1 dims have no say, a size-0 tensor holds nothing
        dims.Sort((x, y) => strides[x].CompareTo(strides[y]));
        long expected = 1;
        foreach (int d in dims)
        {
            if (strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /// <summary>Wraps a possibly negative dim into [0, rank); PyTorch's IndexError wording otherwise.
    /// A 0-d tensor accepts dims -1 and 0, as in PyTorch.</summary>
    internal static int WrapDim(long dim, int rank)
    {
        int r = Math.Max(rank, 1);
        if (dim < -r || dim >= r)
            throw new IndexOutOfRangeException($"Dimension out of range (expected to be in range of [{-r}, {r - 1}], but got {dim})");
        return (int)(dim < 0 ? dim + r : dim);
    }

    /// <summary><see cref="WrapDim"/> for an index into the sizes themselves (size(dim), stride(dim)), which a
    /// 0-d tensor does not have: LibTorch's message then.</summary>
    internal static int WrapDimOfShape(long dim, int rank)
    {
        int d = WrapDim(dim, rank);
        if (rank == 0) throw new IndexOutOfRangeException($"Dimension specified as {dim} but tensor has no dimensions");
        return d;
    }

    /// <summary>The broadcast shape of two shapes (PyTorch's rules), or PyTorch's error.</summary>
    internal static long[] Broadcast(long[] a, long[] b)
    {
        if (SameShape(a, b)) return a;
        // When one operand already has the result's shape, hand back its own array (shape arrays are
        // never mutated): the output shares it, and often its strides too (Elementwise.NewContiguous).
        if (BroadcastsTo(a, b)) return b;
        if (BroadcastsTo(b, a)) return a;
        int n = Math.Max(a.Length, b.Length);
        var result = new long[n];
        for (int i = 0; i < n; i++)
        {
            int ia = a.Length - n + i, ib = b.Length - n + i;
            long sa = ia >= 0 ? a[ia] : 1, sb = ib >= 0 ? b[ib] : 1;
            if (sa != sb && sa != 1 && sb != 1)
                throw new ArgumentException(
                    $"The size of tensor a ({sa}) must match the size of tensor b ({sb}) at non-singleton dimension {i}");
            result[i] = sa == 1 ? sb : sa;
        }
        return result;
    }

    /// <summary>Whether <paramref name="x"/> broadcasts to exactly <paramref name="target"/>.</summary>
    private static bool BroadcastsTo(long[] x, long[] target)
    {
        if (x.Length > target.Length) return false;
        for (int i = 1; i <= x.Length; i++)
            if (x[^i] != 1 && x[^i] != target[^i]) return false;
        return true;
    }

    /// <summary>Strides that read a tensor of <paramref name="shape"/>/<paramref name="strides"/> as if
    /// expanded to <paramref name="target"/> (stride 0 on broadcast dims). Caller checked compatibility.</summary>
    internal static long[] ExpandStrides(long[] shape, long[] strides, long[] target)
    {
        if (SameShape(shape, target)) return strides;
        if (Numel(shape) == 1 && target.Length < ZeroStrides.Length) return ZeroStrides[target.Length]; // a scalar broadcast
        var result = new long[target.Length];
        int offset = target.Length - shape.Length;
        for (int d = 0; d < target.Length; d++)
        {
            int sd = d - offset;
            result[d] = sd < 0 || (shape[sd] == 1 && target[d] != 1) ? 0 : strides[sd];
        }
        return result;
    }

    internal static bool SameShape(ReadOnlySpan<long> a, ReadOnlySpan<long> b) => a.SequenceEqual(b);

    /// <summary>PyTorch's rendering of a size: <c>[2, 3]</c>.</summary>
    internal static string Format(ReadOnlySpan<long> shape)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(shape[i]);
        }
        return sb.Append(']').ToString();
    }

    /// <summary>Checks sizes given by a user for a new tensor: non-negative (their product is checked when
    /// the storage is sized, <see cref="StorageBytes"/>). Returns <paramref name="sizes"/>.</summary>
    internal static long[] CheckSizes(long[] sizes)
    {
        // LibTorch stores sizes as SymInts, whose encoding reserves the values below -2^62
        foreach (long s in sizes)
            if (s < -(1L << 62)) throw new ArgumentException($"IntArrayRef contains an int that cannot be represented as a SymInt: {s}");
        foreach (long s in sizes)
            if (s < 0) throw new ArgumentException($"Trying to create tensor with negative dimension {s}: {Format(sizes)}");
        return sizes;
    }
}
