namespace Autograd;

/// <summary>
/// A tensor saved for backward together with its storage version at save time (Note [Version counter]).
/// Unpacking throws PyTorch's error when the tensor was modified in place since, or when the graph
/// was already freed.
/// </summary>
internal struct SavedTensor
{
    private Tensor? _tensor;
    private int _version;

    internal SavedTensor(Tensor tensor)
    {
        if (tensor._storage.IsInference) throw new InvalidOperationException(InferenceMode.SavedMessage);
        _tensor = tensor;
        _version = tensor._storage.Version;
    }

    internal readonly bool IsEmpty => _tensor is null;

    internal readonly Tensor Unpack(Node owner)
    {
        owner.ThrowIfReleased();
        Tensor t = _tensor ?? throw new InvalidOperationException($"{owner.name()}: a needed tensor was not saved.");
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

    internal void Release() => _tensor = null;
}
