namespace Autograd;

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>PyTorch's <c>torch.autograd.graph</c>: hooks on saved tensors, graph traversal and export.</summary>
        public static partial class graph
        {
            /// <summary>
            /// A scope in which every tensor an op saves for backward is passed to <c>pack_hook</c>, and what that returns is
            /// kept instead of the tensor; when backward needs the tensor, <c>unpack_hook</c> gets the packed value back and
            /// must return a tensor with the original's shape and dtype (PyTorch's <c>saved_tensors_hooks</c>). Use it in a
            /// <c>using</c> block; scopes nest (the innermost wins) and are per thread. The hooks stay with the graph: backward
            /// calls the unpack hook of the scope that was active when the tensor was saved, even after the scope ended.
            /// A packed value is not version-checked (the hooks own it, as in PyTorch).
            /// </summary>
            public sealed class saved_tensors_hooks : IDisposable
            {
                internal readonly Func<Tensor, object> Pack;
                internal readonly Func<object, Tensor> Unpack;
                private readonly saved_tensors_hooks? _previous;
                private bool _disposed;

                /// <summary>Installs <paramref name="pack_hook"/> and <paramref name="unpack_hook"/> on this thread
                /// until disposed.</summary>
                public saved_tensors_hooks(Func<Tensor, object> pack_hook, Func<object, Tensor> unpack_hook)
                {
                    Pack = pack_hook ?? throw new ArgumentNullException(nameof(pack_hook));
                    Unpack = unpack_hook ?? throw new ArgumentNullException(nameof(unpack_hook));
                    _previous = SavedTensorHooks.Current;
                    SavedTensorHooks.Current = this;
                    Interlocked.Increment(ref SavedTensorHooks.Active);
                }

                /// <summary>Restores the hooks that were active before (once; later calls do nothing).</summary>
                /// <exception cref="InvalidOperationException">Scopes were not disposed innermost first.</exception>
                public void Dispose()
                {
                    if (_disposed) return;
                    if (!ReferenceEquals(SavedTensorHooks.Current, this))
                        throw new InvalidOperationException("saved_tensors_hooks scopes must be disposed innermost first");
                    _disposed = true;
                    SavedTensorHooks.Current = _previous;
                    Interlocked.Decrement(ref SavedTensorHooks.Active);
                }
            }
        }
    }
}

/// <summary>The thread's innermost <see cref="torch.autograd.graph.saved_tensors_hooks"/>. <see cref="Active"/> counts scopes
/// open on any thread, so saving a tensor reads no thread-static while none is.</summary>
internal static class SavedTensorHooks
{
    internal static int Active;
    [ThreadStatic] internal static torch.autograd.graph.saved_tensors_hooks? Current;

    internal static torch.autograd.graph.saved_tensors_hooks? Installed => Volatile.Read(ref Active) == 0 ? null : Current;

    /// <summary>Runs the pack hook with no hooks installed, so tensors it saves itself are not packed again.</summary>
    internal static PackedTensor Pack(torch.autograd.graph.saved_tensors_hooks hooks, Tensor tensor)
    {
        Current = null;
        try
        {
            return new PackedTensor(hooks.Pack(tensor), hooks.Unpack, tensor._shape, tensor._dtype);
        }
        finally
        {
            Current = hooks;
        }
    }
}

/// <summary>A saved tensor as its pack hook returned it, with the unpack hook that restores it.</summary>
internal sealed class PackedTensor(object packed, Func<object, Tensor> unpack, long[] shape, ScalarType dtype)
{
    internal Tensor Unpack(Node owner)
    {
        Tensor t = unpack(packed)
            ?? throw new InvalidOperationException($"{owner.name()}: the unpack hook returned null instead of a Tensor");
        if (!Shape.SameShape(t._shape, shape) || t._dtype != dtype)
            throw new InvalidOperationException(
                $"{owner.name()}: the unpack hook returned a tensor of shape {Shape.Format(t._shape)} and dtype " +
                $"{DType.LegacyName(t._dtype)}, " +
                $"but the saved tensor had shape {Shape.Format(shape)} and dtype {DType.LegacyName(dtype)}");
        return t;
    }
}
