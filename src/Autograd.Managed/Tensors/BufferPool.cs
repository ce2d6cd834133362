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
        internal int Reserved; // reclaimers given out for this length in cycle ReservedCycle
        internal int ReservedCycle;
    }

    private static readonly Dictionary<int, Bucket> s_buckets = [];
    private static long s_bytes;

    /// <summary>Note [Reclaimer budget]: bytes of the reclaimers given out since the last gen-2 collection
    /// (<see cref="s_cycle"/>, the gen-2 count then).</summary>
    private static long s_reserved;
    private static int s_cycle = -1;

    /// <summary>Arrays handed out again since start-up (tests check that recycling happens).</summary>
    internal static long Reused;

    /// <summary>Bytes of the arrays <see cref="Reclaimer"/>s brought back, each kept alive through the collection
    /// that found its storage dead (Note [Reclaimer budget]; tests).</summary>
    internal static long ReclaimedBytes;

    /// <summary>How many of those the pool then refused, having survived a collection for nothing (tests).</summary>
    internal static long Dropped;

    /// <summary>Drops every array held (tests start from an empty pool).</summary>
    internal static void Clear()
    {
        lock (s_buckets)
        {
            s_buckets.Clear();
            (s_bytes, s_reserved) = (0, 0);
        }
    }

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
        lock (s_buckets) return s_buckets.TryGetValue(length, out Bucket? bucket) ? Pop(bucket, length) : null;
    }

    /// <summary><see cref="TryRent(int)"/>, and whether the storage made of the array may carry a <see cref="Reclaimer"/>
    /// (Note [Reclaimer budget]).</summary>
    internal static byte[]? TryRent(int length, out bool reclaim)
    {
        reclaim = false;
        if (!Enabled) return null;
        lock (s_buckets)
        {
            if (!s_buckets.TryGetValue(length, out Bucket? bucket)) s_buckets[length] = bucket = new Bucket();
            byte[]? array = Pop(bucket, length);
            reclaim = Reserve(bucket, length);
            return array;
        }
    }

    private static byte[]? Pop(Bucket bucket, int length)
    {
        if (!bucket.Free.TryPop(out byte[]? array)) return null;
        s_bytes -= length;
        Reused++;
        bucket.LastUse = Environment.TickCount64;
        return array;
    }

    /// <summary>
    /// Note [Reclaimer budget]: a reclaimer keeps its array alive through the collection that finds its
    /// storage dead (it must, to hand the array back), so the GC counts every reclaimed array as
    /// surviving a gen-2 collection, and sizes the next gen-2 budget from the survivors. Arrays that the
    /// pool then drops, being full, survive for nothing: with a reclaimer on every large result, a
    /// training loop's dead activations would outweigh its live data at every gen-2 collection, each
    /// larger budget would let more dead arrays pile up before the next one, and the process would grow
    /// far past what it needs without the pool. So reclaimers are given out only for arrays the pool would
    /// keep: per length, the arrays held plus the reclaimers given out since the last gen-2 collection
    /// stay within what <see cref="Return"/> keeps of that length, and in all, bytes held plus bytes
    /// reserved stay within <see cref="MaxBytes"/> (counting only reservations, and evicting held arrays to make
    /// room, let twice as much survive each collection: a CNN training run peaked 50% higher). A pool full of
    /// sizes no longer in use gives no reclaimers until <see cref="Trim"/> drops the idle ones.
    /// Other large results get a plain array, freed by the GC as
    /// without the pool. The count restarts at each gen-2 collection, the only kind that reclaims
    /// large-object arrays; a storage that outlives one (a parameter, a data set) no longer counts
    /// against the budget. Under s_buckets' lock.
    /// </summary>
    private static bool Reserve(Bucket bucket, int length)
    {
        int cycle = GC.CollectionCount(2);
        if (cycle != s_cycle) (s_cycle, s_reserved) = (cycle, 0);
        if (bucket.ReservedCycle != cycle) (bucket.ReservedCycle, bucket.Reserved) = (cycle, 0);
        if (bucket.Free.Count + bucket.Reserved >= Capacity(length) || s_bytes + s_reserved + length > MaxBytes) return false;
        bucket.Reserved++;
        s_reserved += length;
        bucket.LastUse = Environment.TickCount64;
        return true;
    }

    /// <summary>How many arrays of <paramref name="length"/> bytes <see cref="Return"/> keeps.</summary>
    private static long Capacity(int length) => Math.Max(MinPerLength, PerLengthBytes / length);

    /// <summary>Keeps <paramref name="array"/> for reuse; the caller guarantees nothing references it. False if
    /// the pool is full for its length.</summary>
    internal static bool Return(byte[] array)
    {
        if (!Enabled) return false;
        lock (s_buckets)
        {
            if (!s_buckets.TryGetValue(array.Length, out Bucket? bucket)) s_buckets[array.Length] = bucket = new Bucket();
            bucket.LastUse = Environment.TickCount64;
            if (bucket.Free.Count >= Capacity(array.Length) || array.Length > MaxBytes) return false;
            if (s_bytes + array.Length > MaxBytes && !Evict(MaxBytes - array.Length, bucket)) return false;
            bucket.Free.Push(array);
            s_bytes += array.Length;
            return true;
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
    /// <see cref="IdleMs"/> go back to the GC, and their buckets go.</summary>
    private static void Trim()
    {
        long now = Environment.TickCount64;
        lock (s_buckets)
        {
            foreach ((int length, Bucket bucket) in s_buckets)
                if (now - bucket.LastUse >= IdleMs)
                {
                    while (bucket.Free.TryPop(out byte[]? array)) s_bytes -= array.Length;
                    s_buckets.Remove(length); // so a process seeing many sizes keeps no bucket per size
                }
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
