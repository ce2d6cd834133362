using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Autograd;

/// <summary>
/// The memory behind one or more tensors (a tensor and its views share a storage): a managed array,
/// the storage object itself for tiny ones, or native memory beyond the array limit (Note [Native
/// storage]). The GC owns all three: no Dispose is ever needed. Kernels get it pinned for one call at a
/// time. The backing array may be of any element type (a user's <c>float[]</c> shared by
/// <c>torch.from_array</c>); everything reads it as bytes through <see cref="Ref"/> / <see cref="At"/>,
/// with 64-bit offsets.
/// Large results allocated outside backward may be <see cref="PooledStorage"/> (Note [Result recycling]).
/// </summary>
internal class Storage
{
    /// <summary>The backing array, a <see cref="NativeBlock"/>, or null when the elements live in
    /// <see cref="_inline"/>. Replaced only by <see cref="Grow"/>.</summary>
    private object? _array;

    /// <summary>Storage of at most <see cref="InlineBytes"/> bytes (every 0-d tensor, and 1-d ones of up to
    /// four float32) keeps its elements in the object itself: one allocation per small tensor instead
    /// of two. Longs, so the elements are 8-byte aligned.</summary>
    private Inline16 _inline;

    private const int InlineBytes = 16;

    [InlineArray(2)]
    private struct Inline16
    {
        private long _element0;
    }

    /// <summary>Where the elements start inside the array, in bytes (see <see cref="Allocate"/>).</summary>
    private int _byteOffset;

    /// <summary>Size of the elements in bytes (the array may be larger by the alignment padding).</summary>
    internal long ByteLength { get; private set; }

    /// <summary>
    /// Note [Version counter]: bumped by every in-place modification of any tensor sharing this storage.
    /// A saved tensor records the version when saved; unpacking it for backward after a bump throws
    /// PyTorch's "modified by an inplace operation" error instead of silently using changed data.
    /// </summary>
    internal int Version;

    /// <summary>
    /// Note [Gradient stealing]: the backward task that allocated this storage (0 when none). The engine
    /// may hand such a freshly computed gradient to a leaf's <c>.grad</c> without copying, exactly once;
    /// it then sets this to <see cref="LeafPrivate"/> so no second leaf can alias the same memory.
    /// </summary>
    internal long OwnerTask;

    /// <summary><see cref="OwnerTask"/> of a gradient stolen into exactly one leaf's .grad and not yet read
    /// through the public getter (Note [Gradient recycling]).</summary>
    internal const long LeafPrivate = -2;

    /// <summary><see cref="OwnerTask"/> of storage that user code may reference: never stolen or pooled again.</summary>
    internal const long HandedOut = -1;

    /// <summary>Note [Gradient recycling]: how many engine gradient slots hold a tensor on this storage
    /// (counted only for storage the running backward task owns, see <see cref="Recyclable"/>);
    /// <see cref="RecycledMark"/> once the array went back to <see cref="BufferPool"/>: any later access
    /// is then a bug in the engine's proof of death, and throws instead of reading memory another tensor owns.</summary>
    internal int EngineUses;

    private const int RecycledMark = -1;

    /// <summary>Note [Inference mode]: allocated inside inference mode (fits in the object's padding).</summary>
    internal readonly bool IsInference;

    internal Storage(Array array) : this(array, 0, ByteLengthOf(array)) { }

    /// <summary>Bytes of an array of primitive elements or Half (not a primitive type for Buffer).</summary>
    private static long ByteLengthOf(Array array) => array is Half[] h ? h.LongLength * 2 : Buffer.ByteLength(array);

    private protected Storage(object? array, int byteOffset, long byteLength)
    {
        _array = array;
        _byteOffset = byteOffset;
        ByteLength = byteLength;
        OwnerTask = Engine.CurrentTask;
        IsInference = InferenceMode.Allocating;
    }

    /// <summary>The first byte (pin with <c>fixed (byte* p = &amp;storage.Ref)</c>).</summary>
    internal ref byte Ref
    {
        get
        {
            if (EngineUses < 0) ThrowRecycled();
            object? memory = _array;
            if (memory is null) return ref Unsafe.As<Inline16, byte>(ref _inline); // pins this object
            if (memory.GetType() == typeof(NativeBlock)) return ref NativeRef(memory);
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Unsafe.As<Array>(memory)), _byteOffset);
        }
    }

    private static unsafe ref byte NativeRef(object block) => ref Unsafe.AsRef<byte>(Unsafe.As<NativeBlock>(block).Pointer);

    /// <summary>The byte <paramref name="byteOffset"/> bytes after <see cref="Ref"/> (any storage size).</summary>
    internal ref byte At(long byteOffset) => ref Unsafe.Add(ref Ref, (nint)byteOffset);

    /// <summary>The element of type <typeparamref name="T"/> at element offset <paramref name="offset"/>.</summary>
    internal ref T Element<T>(long offset) where T : unmanaged => ref Unsafe.As<byte, T>(ref At(offset * Unsafe.SizeOf<T>()));

    /// <summary>Whether the elements live in native memory (Note [Native storage]).</summary>
    internal bool IsNative => _array is NativeBlock;

    private static void ThrowRecycled() =>
        throw new InvalidOperationException("Internal error: a recycled gradient buffer was accessed. Please report this.");

    /// <summary>Whether this storage's array may be pooled once its last use is gone: large enough to be
    /// worth it, and owned by <paramref name="owner"/> (the backward task that allocated it, or
    /// <see cref="LeafPrivate"/> for an unread stolen .grad), so never handed out.</summary>
    internal bool Recyclable(long owner) => OwnerTask == owner && ByteLength >= RecycleFrom && _array is byte[];

    /// <summary>Gives the array to <see cref="BufferPool"/>; this storage is unusable afterwards.</summary>
    internal void Recycle()
    {
        if (_array is not byte[] bytes) return;
        EngineUses = RecycledMark;
        OwnerTask = HandedOut;
        BufferPool.Return(bytes);
    }

    /// <summary>PyTorch's <c>resize_</c> past the end of a storage: the elements move to a larger array or
    /// native block (the old bytes first, the rest uninitialised) and every tensor on this storage finds
    /// them there. An old native block is freed by its finalizer once unreachable (resizing while another
    /// thread reads the tensor is a data race, as in PyTorch). The new array
    /// is a plain one, never rented: a <see cref="PooledStorage"/>'s reclaimer keeps the old
    /// array (it can no longer be reached through this storage) and returns it to the pool once this
    /// storage dies, as before.</summary>
    /// <exception cref="InvalidOperationException">The storage is a caller's array (<c>torch.from_array</c>).</exception>
    internal unsafe void Grow(long bytes)
    {
        if (this is SharedArrayStorage) throw new InvalidOperationException("Trying to resize storage that is not resizable");
        object memory;
        int offset = 0;
        if (bytes > ArrayLimit) memory = new NativeBlock(bytes, zeroed: false);
        else
        {
            bool aligned = bytes >= AlignFrom;
            byte[] array = NewArray(checked((int)(bytes + (aligned ? 63 : 0))));
            offset = aligned ? AlignedOffset(array) : 0;
            memory = array;
        }
        var grown = new Storage(memory, offset, bytes);
        fixed (byte* source = &Ref, target = &grown.Ref)
            Buffer.MemoryCopy(source, target, bytes, ByteLength);
        GC.KeepAlive(this);
        _array = memory;
        _byteOffset = offset;
        ByteLength = bytes;
    }

    /// <summary>Storage over a caller's array (<c>torch.from_array</c>): shared, so never resized.</summary>
    internal static Storage Shared(Array array) => new SharedArrayStorage(array);

    private sealed class SharedArrayStorage(Array array) : Storage(array);

    /// <summary>All bytes of a storage known to be small (under 2 GB: a span's length is an int).</summary>
    internal Span<byte> Bytes => MemoryMarshal.CreateSpan(ref Ref, checked((int)ByteLength));

    /// <summary>Copies <paramref name="values"/> to the start of this storage (any size).</summary>
    internal unsafe void CopyFrom<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        fixed (T* source = values)
        fixed (byte* target = &Ref)
            Buffer.MemoryCopy(source, target, ByteLength, (long)values.Length * sizeof(T));
        GC.KeepAlive(this);
    }

    /// <summary>From this size on, storage a backward pass allocates is taken from <see cref="BufferPool"/>
    /// and given back to it (Note [Gradient recycling]). Below <see cref="AlignFrom"/> such a gradient
    /// would otherwise be a fresh gen-0 array, memory the GC last touched a whole gen-0 budget ago (tens
    /// of MB on a large-L3 machine): every kernel writing it misses the caches, where a pooled one was
    /// written by the previous step. Smaller arrays fit in the GC's 8 KB allocation quantum and stay
    /// cheap.</summary>
    private const int RecycleFrom = 8 * 1024;

    /// <summary>Bytes from which storage is cache-line aligned (large-object-heap arrays, which the GC
    /// does not move by default, so the alignment found at allocation lasts). A backward pass's pooled
    /// storage from <see cref="RecycleFrom"/> on is aligned too, for as long as the GC leaves its
    /// small-object-heap array in place.</summary>
    private const long AlignFrom = 64 * 1024;

    /// <summary>Uninitialised storage for <paramref name="bytes"/> bytes (callers write every element).
    /// Large storage starts on a 64-byte boundary: .NET arrays are only 8/16-byte aligned, and 64-byte
    /// vector loads and stores that straddle cache lines run at roughly half speed (measured on matmul
    /// outputs). Should an app enable LOH compaction, an array may move: the offset stays valid (it is
    /// relative to the array), only the alignment is lost.</summary>
    internal static Storage Allocate(long bytes)
    {
        if (bytes <= InlineBytes) return new Storage(null, 0, bytes);
        if (bytes > ArrayLimit) return new Storage(new NativeBlock(bytes, zeroed: false), 0, bytes);
        if (IsPlain(bytes)) return new(GC.AllocateUninitializedArray<byte>(checked((int)bytes)));
        int length = checked((int)(bytes + 63));
        // Results outside backward come back only through a collection (Note [Result recycling]), as many
        // as the pool will keep (Note [Reclaimer budget]), and a reused array still paces the collector
        // (Note [Collection pacing]); the engine returns its gradients itself (Note [Gradient recycling]) and
        // needs neither.
        bool collected = false, result = length >= LargeObjectBytes && Engine.CurrentTask == 0;
        byte[]? rented = result ? BufferPool.TryRent(length, out collected) : BufferPool.TryRent(length);
        if (result && rented is not null) ChargeCollector(length);
        byte[] array = rented ?? NewArray(length);
        int offset = AlignedOffset(array);
        return collected ? new PooledStorage(array, offset, bytes) : new Storage(array, offset, bytes);
    }

    /// <summary>Note [Collection pacing]: a result outside backward that reuses a pooled large array instead of a fresh
    /// one still allocates a large-object array of the same size, which nothing writes (so its pages are never
    /// touched) and which dies at once. The GC starts its gen-2 collections when large-object allocations use up
    /// its budget, and only those collections bring dead results back (Note [Result recycling]): without the
    /// charge, a pool serving every result would hold off the collections that refill it, and a loop making one
    /// large temporary per step would run the pool dry long before the next collection and page-fault fresh
    /// arrays for the rest of each cycle. With it, large-object allocation runs as without the pool, and so do
    /// the collections it triggers, while the kernels write memory the pool kept mapped.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ChargeCollector(int length)
    {
        try { GC.KeepAlive(GC.AllocateUninitializedArray<byte>(length)); }
        catch (OutOfMemoryException) { } // the charge only paces the collector; the result already has its memory
    }

    /// <summary>Storage larger than this many bytes is native (Note [Native storage]): the largest byte
    /// array less the alignment padding. Below it, array storage keeps the pool and the GC's own
    /// accounting. Tests lower it to run ordinary ops on native storage.</summary>
    internal static long ArrayLimit = Array.MaxLength - 63;

    /// <summary>From this size on a new array's whole 2 MB pages are advised for transparent huge pages
    /// (Note [Huge pages] in prefault.c). PyTorch's
    /// threshold for the same advice (THP_MEM_ALLOC_ENABLE).</summary>
    private const int HugePagesFrom = 2 << 20;

    /// <summary>A new uninitialised array. A large one is advised before anything writes it: the advice
    /// applies to the pages faulted in after it, which are all of them when the GC has just committed
    /// the memory (pages it reuses stay small until the kernel's background collapse). Pooled arrays
    /// keep the pages they got.</summary>
    private static unsafe byte[] NewArray(int length)
    {
        byte[] array;
        try { array = GC.AllocateUninitializedArray<byte>(length); }
        catch (OutOfMemoryException) { throw NotEnoughMemory(length); }
        if (length >= HugePagesFrom)
        {
            long advised;
            fixed (byte* p = array)
                Native.NativeStatus.Check(Native.NativeMethods.agn_advise_huge_pages(p, length, &advised), "agn_advise_huge_pages");
        }
        return array;
    }

    /// <summary>Bytes from the start of <paramref name="array"/>'s elements to its first 64-byte boundary.</summary>
    private static unsafe int AlignedOffset(byte[] array) =>
        (int)((64 - (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)) % 64) % 64);

    /// <summary>Whether storage of <paramref name="bytes"/> is a plain gen-0 array of exactly that size:
    /// neither aligned nor pooled (small, and not a backward pass's <see cref="RecycleFrom"/>-sized one).</summary>
    private static bool IsPlain(long bytes) => bytes < AlignFrom && (bytes < RecycleFrom || Engine.CurrentTask == 0);

    /// <summary>Arrays from this size on live in the large-object heap, whose fresh pages fault and which
    /// only gen-2 collections reclaim. Smaller ones are cheap gen-0 allocations, not worth a reclaimer.</summary>
    private const int LargeObjectBytes = 85_000;

    /// <summary>Zero-filled storage. Large storage comes from <see cref="Allocate"/> and is cleared:
    /// a pooled array is already mapped, where a fresh one page-faults on first touch.</summary>
    internal static Storage AllocateZeroed(long bytes)
    {
        if (bytes <= InlineBytes) return new Storage(null, 0, bytes);
        if (bytes > ArrayLimit) return new Storage(new NativeBlock(bytes, zeroed: true), 0, bytes);
        if (IsPlain(bytes)) return new(new byte[checked((int)bytes)]);
        Storage s = Allocate(bytes);
        s.Bytes.Clear();
        return s;
    }

    /// <summary>PyTorch's allocator message, for an array the GC could not provide (as <see cref="NativeBlock"/>
    /// for native memory).</summary>
    private static OutOfMemoryException NotEnoughMemory(long bytes) =>
        new($"DefaultCPUAllocator: not enough memory: you tried to allocate {bytes} bytes.");

    /// <summary>Large-object storage allocated outside backward, with the <see cref="Reclaimer"/> that pools
    /// its array once the GC proves it dead. A subclass, so the other storages do not carry the field.</summary>
    private sealed class PooledStorage : Storage
    {
        internal readonly Reclaimer Reclaimer;

        internal PooledStorage(byte[] array, int byteOffset, long byteLength) : base(array, byteOffset, byteLength) =>
            Reclaimer = new Reclaimer(array, this);
    }
}
