using System.Runtime.InteropServices;

namespace Autograd;

/// <summary>
/// The memory behind one or more tensors (a tensor and its views share a storage). Managed memory,
/// so the GC owns it: no Dispose is ever needed. Kernels get it pinned for one call at a time.
/// The backing array may be of any element type (a user's <c>float[]</c> shared by
/// <c>torch.from_array</c>); everything reads it as bytes through <see cref="Ref"/> / <see cref="Bytes"/>.
/// </summary>
internal sealed class Storage
{
    private readonly Array _array;

    /// <summary>Size of the backing array in bytes.</summary>
    internal readonly long ByteLength;

    /// <summary>
    /// Note [Version counter]: bumped by every in-place modification of any tensor sharing this storage.
    /// A saved tensor records the version when saved; unpacking it for backward after a bump throws
    /// PyTorch's "modified by an inplace operation" error instead of silently using changed data.
    /// </summary>
    internal int Version;

    /// <summary>
    /// Note [Gradient stealing]: the backward task that allocated this storage (0 when none). The engine
    /// may hand such a freshly computed gradient to a leaf's <c>.grad</c> without copying, exactly once;
    /// it then sets this to -1 so no second leaf can alias the same memory.
    /// </summary>
    internal long OwnerTask;

    internal Storage(Array array)
    {
        _array = array;
        ByteLength = Buffer.ByteLength(array); // primitive element types only
        OwnerTask = Engine.CurrentTask;
    }

    /// <summary>The first byte (pin with <c>fixed (byte* p = &amp;storage.Ref)</c>).</summary>
    internal ref byte Ref => ref MemoryMarshal.GetArrayDataReference(_array);

    /// <summary>All bytes of the storage.</summary>
    internal Span<byte> Bytes => MemoryMarshal.CreateSpan(ref Ref, (int)ByteLength);

    /// <summary>Uninitialised storage for <paramref name="bytes"/> bytes (callers write every element).</summary>
    internal static Storage Allocate(long bytes) => new(GC.AllocateUninitializedArray<byte>(checked((int)bytes)));

    /// <summary>Zero-filled storage.</summary>
    internal static Storage AllocateZeroed(long bytes) => new(new byte[checked((int)bytes)]);
}
