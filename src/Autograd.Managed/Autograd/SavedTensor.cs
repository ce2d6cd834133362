namespace Autograd;

/// <summary>
/// A tensor saved for backward together with its storage version at save time (Note [Version counter]).
/// Unpacking throws PyTorch's error when the tensor was modified in place since, or when the graph
/// was already freed.
/// </summary>
internal struct SavedTensor
{
    private object? _value; // the tensor, or a PackedTensor under saved_tensors_hooks
    private int _version;

    internal SavedTensor(Tensor tensor)
    {
        if (tensor._storage.IsInference) throw new InvalidOperationException(InferenceMode.SavedMessage);
        _version = tensor._storage.Version;
        _value = SavedTensorHooks.Installed is { } hooks ? SavedTensorHooks.Pack(hooks, tensor) : tensor;
    }

    internal readonly bool IsEmpty => _value is null;

    /// <summary>The saved tensor when it is held as is (not packed by hooks, not released), without checks: for display.</summary>
    internal readonly Tensor? Peek() => _value as Tensor;

    internal readonly Tensor Unpack(Node owner)
    {
        owner.ThrowIfReleased();
        if (_value is PackedTensor packed) return packed.Unpack(owner);
        Tensor t = (Tensor?)_value ?? throw new InvalidOperationException($"{owner.name()}: a needed tensor was not saved.");
        if (t._storage.Version != _version)
        {
            string what = t._gradFn is null
                ? $"[{DType.LegacyName(t._dtype)} {Shape.Format(t._shape)}]"
                : $"[{DType.LegacyName(t._dtype)} {Shape.Format(t._shape)}], which is output {t._outputNr} of {t._gradFn.name()},";
            throw new InvalidOperationException(
                "one of the variables needed for gradient computation has been modified by an inplace operation: " +
                $"{what} is at version {t._storage.Version}; expected version {_version} instead. Hint: the backtrace " +
                "further above shows the operation that failed to compute its gradient. The variable in question was " +
                "changed in there or anywhere later. Good luck!");
        }
        return t;
    }

    internal void Release() => _value = null;
}
