using System.Runtime.InteropServices;

namespace Autograd;

/// <summary>
/// Note [Result recycling]: the array of a large storage goes back to <see cref="BufferPool"/> once the
/// GC has proven that nothing can reach it any more. Without this, every large result in .NET is a
/// fresh large-object-heap array: the GC decommits dead ones, so each new one page-faults on first
/// touch and the LOH budget forces a gen-2 collection
/// every few results. LibTorch frees through refcounts and malloc's free lists; TorchSharp users through
/// Dispose; here the GC tells us, and we only need a proof that is never wrong.
///
/// A storage owns one reclaimer (and nothing else does), so the reclaimer is finalized in the
/// collection that finds the storage dead. The proof uses two weak handles and the order in which the
/// GC treats them: short weak handles are cleared right after marking from the roots, before objects
/// awaiting finalization are resurrected; long ones only after.
/// <list type="bullet">
/// <item>The short handle on the array is cleared only if no root reaches the array: no live tensor
/// (views share the storage, hence the array), no <c>Span</c> or pinned pointer on any stack — a kernel
/// running on a span of a storage that is otherwise dead keeps the handle alive.</item>
/// <item>The long handle on the storage is cleared only if not even another finalizable object
/// (a user's class with a finalizer holding a tensor) resurrected it. If one did, user code may run
/// on the storage again: we give up on this array for good.</item>
/// </list>
/// Ephemeral collections never clear a handle to a large-object-heap array (it is not condemned), so a
/// reclaimer that finds the array handle set re-registers and asks again after a later collection.
/// Only storage allocated outside backward gets a reclaimer, and only as many as the pool will keep
/// (Note [Reclaimer budget] in <see cref="BufferPool"/>); the engine pools only storage its
/// pass allocated (Note [Gradient recycling]), so no array has two ways back into the pool.
/// </summary>
internal sealed class Reclaimer
{
    private readonly byte[] _array;
    private GCHandle _arrayHandle;   // short weak
    private GCHandle _storageHandle; // long weak (tracks resurrection)

    internal Reclaimer(byte[] array, Storage owner)
    {
        _array = array;
        _arrayHandle = GCHandle.Alloc(array, GCHandleType.Weak);
        _storageHandle = GCHandle.Alloc(owner, GCHandleType.WeakTrackResurrection);
    }

    ~Reclaimer()
    {
        bool storageDead = _storageHandle.Target is null;
        if (storageDead && _arrayHandle.Target is not null)
        {
            GC.ReRegisterForFinalize(this); // not proven yet: ask again after a later collection
            return;
        }
        _arrayHandle.Free();
        _storageHandle.Free();
        if (!storageDead) return;
        Interlocked.Add(ref BufferPool.ReclaimedBytes, _array.Length); // the array handle is clear
        if (!BufferPool.Return(_array)) Interlocked.Increment(ref BufferPool.Dropped);
    }
}
