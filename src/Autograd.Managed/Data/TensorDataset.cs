namespace Autograd.Modules;

/// <summary>The dataset <see cref="torch.utils.data.TensorDataset"/> returns.</summary>
public sealed class TensorDataset : torch.utils.data.IterableDataset
{
    private readonly Tensor[] _tensors;

    internal TensorDataset(Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length == 0) throw new ArgumentException("TensorDataset needs at least one tensor");
        foreach (Tensor t in tensors)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(tensors));
            if (t.dim() == 0 || t.shape[0] != tensors[0].shape[0]) throw new ArgumentException("Size mismatch between tensors");
        }
        _tensors = tensors;
    }

    /// <inheritdoc/>
    public override long Count => _tensors[0].shape[0];

    /// <inheritdoc/>
    public override IList<Tensor> GetTensor(long index)
    {
        if (index < 0 || index >= Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is out of range for a dataset of {Count} items");
        return [.. _tensors.Select(t => t.select(0, index))];
    }
}
