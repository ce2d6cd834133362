using System.Runtime.InteropServices;

namespace Autograd;

/// <summary>
/// Note [Native storage]: the memory of a storage too large for one .NET array (<see cref="Storage.ArrayLimit"/>),
/// allocated with the C allocator and owned by this object: its finalizer frees the memory once the GC
/// finds the owner unreachable, so, like array storage, it needs no Dispose. The GC is told about the
/// memory (<see cref="GC.AddMemoryPressure"/>), so collections keep pace with it. Zeroed blocks come from
/// <c>calloc</c>: for sizes this large the C library maps fresh pages, which the OS zeroes only when
/// first touched, so <c>zeros</c> costs no time and no memory until written. A kernel using the pointer
/// keeps the owning storage alive for the call (<c>GC.KeepAlive</c> in <c>Ops/Kernels.cs</c>): unlike an
/// array, native memory is not kept alive by a pinned pointer into it.
/// </summary>
internal sealed unsafe class NativeBlock
{
    private readonly void* _allocation;
    private readonly long _bytes;

    /// <summary>The first byte, on a 64-byte boundary (as large array storage is, see <see cref="Storage.Allocate"/>).</summary>
    internal readonly byte* Pointer;

    /// <summary><paramref name="bytes"/> of native memory, zeroed if <paramref name="zeroed"/>.</summary>
    /// <exception cref="OutOfMemoryException">The C allocator refused (PyTorch's message).</exception>
    internal NativeBlock(long bytes, bool zeroed)
    {
        nuint size = checked((nuint)bytes + 63);
        try
        {
            _allocation = zeroed ? NativeMemory.AllocZeroed(size) : NativeMemory.Alloc(size);
        }
        catch (OutOfMemoryException)
        {
            GC.SuppressFinalize(this); // nothing to free; the finalizer would report 0 bytes of pressure and kill the process
            throw new OutOfMemoryException($"DefaultCPUAllocator: not enough memory: you tried to allocate {bytes} bytes.");
        }
        _bytes = bytes;
        Pointer = (byte*)(((nuint)_allocation + 63) & ~(nuint)63);
        GC.AddMemoryPressure(bytes);
    }

    ~NativeBlock()
    {
        NativeMemory.Free(_allocation);
        GC.RemoveMemoryPressure(_bytes);
    }
}
