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
    /// touching new memory; <see cref="TryRent"/> asks for one each time a size runs dry.</summary>
    private const int MinPerLength = 4;

    private const long PerLengthBytes = 48L << 20;

    /// <summary>Upper bound on the bytes held, so a one-off huge computation does not pin its memory.</summary>
    private const long MaxBytes = 256L << 20;

    private sealed class Bucket
    {
        internal readonly Stack<byte[]> Free = new();
        internal long LastUse; // Environment.TickCount64 of the last rent or return
    }

    private static readonly Dictionary<int, Bucket> s_buckets = [];
    private static long s_bytes;

    /// <summary>Arrays handed out again since start-up (tests check that recycling happens).</summary>
    internal static long Reused;

    static BufferPool() => _ = new Trimmer();

    /// <summary>Bytes of results rented since the gen-2 collection numbered <see cref="s_gen2Seen"/>.</summary>
    private static long s_resultBytesSinceGc;
    private static int s_gen2Seen;

    /// <summary>Results rented since the last gen-2 collection before an empty bucket asks for one.</summary>
    private const long CollectAfterBytes = 32L << 20;

    /// <summary>A collection is requested only when it should cost less than the page faults it saves:
    /// when the results it can give back, faulted in fresh at ~2.5 bytes per ns (a 256 KB result's 64
    /// first-touch faults take ~100 µs here), would take longer than the latest gen-2 collection's
    /// pauses (whoever asked for it, so the estimate follows the heap). A gen-2 collection's cost grows
    /// with the live heap (~1 ms in the benchmark process, far more in an app holding gigabytes), so
    /// with a large heap the byte count outgrows what the pool can hold and the pool stops asking: the
    /// GC's own budget, which scales with the heap, decides.</summary>
    private const long FreshBytesPerTick = 250; // 2.5 bytes per ns, per 100 ns TimeSpan tick

    /// <summary>Pauses of the latest gen-2 collection, in TimeSpan ticks.</summary>
    private static long s_lastPause;

    /// <summary>A collection was requested and none has run since.</summary>
    private static bool s_requested;

    /// <summary>A pooled array of exactly <paramref name="length"/> bytes, or null. <paramref name="result"/>:
    /// it will back a result, which comes back only through a collection (Note [Result recycling]); the
    /// GC does not see a pooled array allocated, so it would not collect on its account. When this size
    /// runs dry after at least <see cref="CollectAfterBytes"/> of results since the last gen-2
    /// collection, this starts one (background): the dead ones among them then come back before they
    /// are needed, with one collection per pool's worth of results, and only while a collection costs
    /// less than the faults it saves (<see cref="FreshBytesPerTick"/>). If nothing comes back (the
    /// caller keeps its results), later allocations are fresh and not counted, so no further collection
    /// is asked for.</summary>
    internal static byte[]? TryRent(int length, bool result)
    {
        byte[]? array = null;
        bool collect = false;
        lock (s_buckets)
        {
            s_buckets.TryGetValue(length, out Bucket? bucket);
            if (bucket is { Free.Count: > 0 })
            {
                s_bytes -= length;
                Reused++;
                bucket.LastUse = Environment.TickCount64;
                array = bucket.Free.Pop();
            }
            if (result)
            {
                int gen2 = GC.CollectionCount(2);
                if (gen2 != s_gen2Seen)
                {
                    (s_gen2Seen, s_resultBytesSinceGc, s_requested) = (gen2, 0, false);
                    s_lastPause = LastGen2Pause();
                }
                if (array is not null) s_resultBytesSinceGc += length;
                collect = bucket is not { Free.Count: > 0 } && !s_requested && WorthCollecting(s_resultBytesSinceGc, s_lastPause);
                if (collect) s_requested = true; // one request per drain: the next gen-2 clears it
            }
        }
        // Sweeping is enough to find dead arrays; a compacting collection paused ~1.5x longer (256^3 loop).
        if (collect) GC.Collect(2, GCCollectionMode.Forced, blocking: false, compacting: false);
        return array;
    }

    /// <summary>Whether a collection that can give back <paramref name="bytes"/> of results is worth its
    /// expected pauses, <paramref name="pauseTicks"/> (<see cref="FreshBytesPerTick"/>).</summary>
    internal static bool WorthCollecting(long bytes, long pauseTicks) =>
        bytes >= Math.Max(CollectAfterBytes, pauseTicks * FreshBytesPerTick);

    /// <summary>Summed pauses of the latest full collection, blocking or background (ticks).</summary>
    private static long LastGen2Pause()
    {
        GCMemoryInfo full = GC.GetGCMemoryInfo(GCKind.FullBlocking), background = GC.GetGCMemoryInfo(GCKind.Background);
        long ticks = 0;
        foreach (TimeSpan pause in (full.Index >= background.Index ? full : background).PauseDurations) ticks += pause.Ticks;
        return ticks;
    }

    /// <summary>Keeps <paramref name="array"/> for reuse; the caller guarantees nothing references it.</summary>
    internal static void Return(byte[] array)
    {
        lock (s_buckets)
        {
            if (!s_buckets.TryGetValue(array.Length, out Bucket? bucket)) s_buckets[array.Length] = bucket = new Bucket();
            bucket.LastUse = Environment.TickCount64;
            long held = (long)bucket.Free.Count * array.Length;
            if (s_bytes + array.Length > MaxBytes) return;
            if (bucket.Free.Count >= MinPerLength && held + array.Length > PerLengthBytes) return;
            bucket.Free.Push(array);
            s_bytes += array.Length;
        }
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
