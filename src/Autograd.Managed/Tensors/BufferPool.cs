namespace Autograd;

/// <summary>
/// Arrays proven dead, kept for the next allocation of the same size (<see cref="Storage.Allocate"/>).
/// Every large array is otherwise a fresh large-object-heap allocation in .NET: gen-2 collections and
/// first-touch page faults (an 800 KB gradient cost ~8x the kernel filling it); a mid-sized gradient
/// (8–64 KB) a fresh gen-0 array, cold in the caches. LibTorch gets the reuse from malloc. Two sources
/// feed this pool, each with its own proof that nothing references the array: the backward engine,
/// for gradients it allocated and consumed (Note [Gradient recycling]), and the GC, for any large
/// storage it found unreachable (Note [Result recycling], <see cref="Reclaimer"/>).
/// </summary>
internal static class BufferPool
{
    /// <summary>Arrays kept per exact length: at least this many, more while they stay under
    /// <see cref="PerLengthBytes"/>. Arrays of dead results come back only when a collection runs, so a
    /// loop producing one result per step needs as many as it makes between two collections to stop
    /// touching new memory.</summary>
    private const int MinPerLength = 4;

    private const long PerLengthBytes = 48L << 20;

    /// <summary>Upper bound on the bytes held, so a one-off huge computation does not pin its memory. Tests
    /// lower it.</summary>
    internal static long MaxBytes = 256L << 20;

    /// <summary>Bytes held (tests).</summary>
    internal static long HeldBytes
    {
        get { lock (s_buckets) return s_bytes; }
    }

    private sealed class Bucket
    {
        internal readonly Stack<byte[]> Free = new();
        internal long LastUse; // Environment.TickCount64 of the last rent or return
    }

    private static readonly Dictionary<int, Bucket> s_buckets = [];
    private static long s_bytes;

    /// <summary>Arrays handed out again since start-up (tests check that recycling happens).</summary>
    internal static long Reused;

    /// <summary>Whether arrays are pooled at all: set the environment variable <c>AUTOGRAD_BUFFER_POOL=0</c>
    /// to allocate every storage fresh (to compare the GC's work with and without the pool). Read once.</summary>
    internal static readonly bool Enabled = Environment.GetEnvironmentVariable("AUTOGRAD_BUFFER_POOL") != "0";

    static BufferPool() => _ = new Trimmer();

    /// <summary>A pooled array of exactly <paramref name="length"/> bytes, or null. The pool never asks for a
    /// collection (Note [Result recycling]): arrays of dead results come back when the GC collects on
    /// its own schedule, driven by the application's allocations and ours; until then, allocations
    /// are fresh, exactly as without the pool.</summary>
    internal static byte[]? TryRent(int length)
    {
        if (!Enabled) return null;
        lock (s_buckets)
        {
            if (!s_buckets.TryGetValue(length, out Bucket? bucket) || !bucket.Free.TryPop(out byte[]? array)) return null;
            s_bytes -= length;
            Reused++;
            bucket.LastUse = Environment.TickCount64;
            return array;
        }
    }

    /// <summary>Keeps <paramref name="array"/> for reuse; the caller guarantees nothing references it.</summary>
    internal static void Return(byte[] array)
    {
        if (!Enabled) return;
        lock (s_buckets)
        {
            if (!s_buckets.TryGetValue(array.Length, out Bucket? bucket)) s_buckets[array.Length] = bucket = new Bucket();
            bucket.LastUse = Environment.TickCount64;
            long held = (long)bucket.Free.Count * array.Length;
            if (bucket.Free.Count >= MinPerLength && held + array.Length > PerLengthBytes || array.Length > MaxBytes) return;
            if (s_bytes + array.Length > MaxBytes && !Evict(MaxBytes - array.Length, bucket)) return;
            bucket.Free.Push(array);
            s_bytes += array.Length;
        }
    }

    /// <summary>Drops the arrays of the least recently used other sizes until at most <paramref name="target"/>
    /// bytes are held; false if that is impossible. A full pool thus follows the sizes in use (a loop that moves
    /// from training to evaluation) instead of keeping old ones until a gen-2 collection trims them. Under
    /// s_buckets' lock.</summary>
    private static bool Evict(long target, Bucket keep)
    {
        while (s_bytes > target)
        {
            Bucket? oldest = null;
            int oldestLength = 0;
            foreach ((int length, Bucket b) in s_buckets)
                if (b != keep && b.Free.Count > 0 && (oldest is null || b.LastUse < oldest.LastUse)) (oldest, oldestLength) = (b, length);
            if (oldest is null) return false;
            while (s_bytes > target && oldest.Free.TryPop(out _)) s_bytes -= oldestLength;
        }
        return true;
    }

    /// <summary>A size neither rented nor returned for this long is no longer in use.</summary>
    private const long IdleMs = 10_000;

    /// <summary>After each gen-2 collection (the GC's sign that memory matters): arrays of sizes idle for
    /// <see cref="IdleMs"/> go back to the GC.</summary>
    private static void Trim()
    {
        long now = Environment.TickCount64;
        lock (s_buckets)
        {
            foreach (Bucket bucket in s_buckets.Values)
                if (now - bucket.LastUse >= IdleMs)
                    while (bucket.Free.TryPop(out byte[]? array)) s_bytes -= array.Length;
        }
    }

    /// <summary>Finalized after every collection of its generation (gen 2 once it got there), and
    /// re-registered each time: the usual gen-2 callback.</summary>
    private sealed class Trimmer
    {
        ~Trimmer()
        {
            if (Environment.HasShutdownStarted) return;
            if (GC.GetGeneration(this) == GC.MaxGeneration) Trim();
            GC.ReRegisterForFinalize(this);
        }
    }
}
