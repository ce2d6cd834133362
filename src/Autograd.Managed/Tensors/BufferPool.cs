namespace Autograd;

/// <summary>
/// Note [Gradient recycling]: large arrays the backward engine has proven dead, kept for the next
/// allocation of the same size. Every large array is a fresh large-object-heap allocation in .NET,
/// and a training step that makes one per weight gradient pays for gen-2 collections and first-touch
/// page faults (measured: an 800 KB temporary cost ~8x the kernel that fills it). LibTorch gets the
/// reuse from malloc; we get it from this pool, fed only by <see cref="Engine"/>, which knows exactly
/// when a gradient it allocated has been consumed (a use count per storage; see Engine). User-visible
/// tensors are never returned here: the GC cannot tell us when those die.
/// </summary>
internal static class BufferPool
{
    /// <summary>Arrays kept per exact length: a training step reuses the same few sizes.</summary>
    private const int PerLength = 4;

    /// <summary>Upper bound on the bytes held, so a one-off huge backward does not pin its memory.</summary>
    private const long MaxBytes = 256L << 20;

    private static readonly Dictionary<int, Stack<byte[]>> s_free = [];
    private static long s_bytes;

    /// <summary>Arrays handed out again since start-up (tests check that recycling happens).</summary>
    internal static long Reused;

    /// <summary>A pooled array of exactly <paramref name="length"/> bytes, or null.</summary>
    internal static byte[]? TryRent(int length)
    {
        lock (s_free)
        {
            if (!s_free.TryGetValue(length, out Stack<byte[]>? stack) || stack.Count == 0) return null;
            s_bytes -= length;
            Reused++;
            return stack.Pop();
        }
    }

    /// <summary>Keeps <paramref name="array"/> for reuse; the caller guarantees nothing references it.</summary>
    internal static void Return(byte[] array)
    {
        lock (s_free)
        {
            if (s_bytes + array.Length > MaxBytes) return;
            if (!s_free.TryGetValue(array.Length, out Stack<byte[]>? stack)) s_free[array.Length] = stack = new Stack<byte[]>(PerLength);
            if (stack.Count >= PerLength) return;
            stack.Push(array);
            s_bytes += array.Length;
        }
    }
}
