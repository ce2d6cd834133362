using System.Numerics;

namespace Autograd.Ops;

/// <summary>
/// Note [Kthvalue ties]: LibTorch's CPU kthvalue selects with Sedgewick's quickselect (quick_select_template:
/// median-of-three pivot, NaN larger than every number), which is not stable: of several equal elements, the
/// position it returns is wherever that algorithm's swaps left it. This replays the same comparisons and swaps on a
/// copy of each line, so kthvalue's indices are LibTorch's, ties included.
/// </summary>
internal static class QuickSelect
{
    /// <summary>For each line of <paramref name="values"/> (lines of <paramref name="size"/>), the source position of
    /// the element LibTorch's quickselect leaves at <paramref name="rank"/>.</summary>
    internal static long[] Positions<T>(T[] values, long size, long rank) where T : INumberBase<T>, IComparisonOperators<T, T, bool>
    {
        long lines = size == 0 ? 0 : values.Length / size;
        var result = new long[lines];
        var v = new T[size];
        var p = new long[size];
        for (long l = 0; l < lines; l++)
        {
            Array.Copy(values, l * size, v, 0, size);
            for (long i = 0; i < size; i++) p[i] = i;
            Select(v, p, rank);
            result[l] = p[rank];
        }
        return result;
    }

    // x comes after y: NaN after every number
    private static bool After<T>(T x, T y) where T : INumberBase<T>, IComparisonOperators<T, T, bool> =>
        (T.IsNaN(x) && !T.IsNaN(y)) || x > y;

    private static void Swap<T>(T[] v, long[] p, long i, long j)
    {
        (v[i], v[j]) = (v[j], v[i]);
        (p[i], p[j]) = (p[j], p[i]);
    }

    private static void Select<T>(T[] v, long[] p, long k) where T : INumberBase<T>, IComparisonOperators<T, T, bool>
    {
        long left = 0, right = v.Length - 1;
        while (true)
        {
            if (right <= left) return;
            if (right == left + 1)
            {
                if (After(v[left], v[right])) Swap(v, p, left, right);
                return;
            }
            // median of three: v[left + 1] <= v[left] <= v[right], v[left] the pivot
            Swap(v, p, (left + right) >> 1, left + 1);
            if (After(v[left + 1], v[right])) Swap(v, p, left + 1, right);
            if (After(v[left], v[right])) Swap(v, p, left, right);
            if (After(v[left + 1], v[left])) Swap(v, p, left + 1, left);
            long i = left + 1, j = right;
            T pivot = v[left];
            while (true)
            {
                do i++; while (After(pivot, v[i]));
                do j--; while (After(v[j], pivot));
                if (j < i) break;
                Swap(v, p, i, j);
            }
            Swap(v, p, left, j);
            if (j <= k) left = i;
            if (j >= k) right = j - 1;
        }
    }
}
