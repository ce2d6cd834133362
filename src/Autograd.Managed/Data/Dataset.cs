namespace Autograd;

public static partial class torch
{
    /// <summary>Utilities (PyTorch's <c>torch.utils</c>).</summary>
    public static partial class utils
    {
        /// <summary>Datasets and data loading (PyTorch's <c>torch.utils.data</c>, TorchSharp's type names).</summary>
        public static partial class data
        {
            /// <summary>A map-style dataset: <see cref="Count"/> items, each read by index (PyTorch's
            /// <c>__len__</c> and <c>__getitem__</c>).</summary>
            public abstract class Dataset<T> : IDisposable
            {
                /// <summary>The number of items.</summary>
                public abstract long Count { get; }

                /// <summary>The item at <paramref name="index"/> (0 ≤ index &lt; Count).</summary>
                public abstract T GetTensor(long index);

                /// <summary>Releases what the dataset holds; nothing by default.</summary>
                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                /// <summary>Override to release resources.</summary>
                protected virtual void Dispose(bool disposing) { }
            }

            /// <summary>A dataset whose items are named tensors (TorchSharp's <c>Dataset</c>).</summary>
            public abstract class Dataset : Dataset<Dictionary<string, Tensor>> { }

            /// <summary>A dataset whose items are lists of tensors (TorchSharp's <c>IterableDataset</c>; still indexed).</summary>
            public abstract class IterableDataset : Dataset<IList<Tensor>> { }

            /// <summary>Item i is the i-th slice along dimension 0 of every tensor (PyTorch's <c>TensorDataset</c>).</summary>
            /// <exception cref="ArgumentException">No tensors, a 0-d tensor, or tensors whose first dimensions differ.</exception>
            public static Modules.TensorDataset TensorDataset(params Tensor[] tensors) => new(tensors);

            /// <summary>The items of a dataset at given indices, in that order.</summary>
            public sealed class Subset<T> : Dataset<T>
            {
                /// <summary>The underlying dataset.</summary>
                public Dataset<T> dataset { get; }
                /// <summary>The indices into it.</summary>
                public IReadOnlyList<long> indices { get; }

                /// <summary>A view of <paramref name="dataset"/> through <paramref name="indices"/>.</summary>
                public Subset(Dataset<T> dataset, IEnumerable<long> indices) =>
                    (this.dataset, this.indices) = (dataset ?? throw new ArgumentNullException(nameof(dataset)), [.. indices]);

                /// <inheritdoc/>
                public override long Count => indices.Count;

                /// <inheritdoc/>
                public override T GetTensor(long index) => dataset.GetTensor(indices[checked((int)index)]);
            }

            /// <summary>Several datasets one after another (PyTorch's <c>ConcatDataset</c>).</summary>
            public sealed class ConcatDataset<T> : Dataset<T>
            {
                private readonly Dataset<T>[] _datasets;
                private readonly long[] _ends;

                /// <summary>The concatenation of <paramref name="datasets"/>.</summary>
                /// <exception cref="ArgumentException">No datasets (PyTorch's message).</exception>
                public ConcatDataset(IEnumerable<Dataset<T>> datasets)
                {
                    _datasets = [.. datasets ?? throw new ArgumentNullException(nameof(datasets))];
                    if (_datasets.Length == 0) throw new ArgumentException("datasets should not be an empty iterable");
                    long end = 0;
                    _ends = [.. _datasets.Select(d => end += d.Count)];
                }

                /// <inheritdoc/>
                public override long Count => _ends[^1];

                /// <inheritdoc/>
                public override T GetTensor(long index)
                {
                    if (index < 0)
                    {
                        if (-index > Count) throw new ArgumentException("absolute value of index should not exceed dataset length");
                        index += Count;
                    }
                    int d = Array.FindIndex(_ends, e => index < e);
                    if (d < 0) throw new ArgumentOutOfRangeException(nameof(index),
                                                                     $"index {index} is out of range for a dataset of {Count} items");
                    return _datasets[d].GetTensor(d == 0 ? index : index - _ends[d - 1]);
                }
            }

            /// <summary>Splits <paramref name="dataset"/> into non-overlapping subsets of the given lengths, through one
            /// <c>randperm</c> of its indices from <paramref name="generator"/> (the default generator when null), as
            /// PyTorch does, so a seed gives PyTorch's split.</summary>
            /// <exception cref="ArgumentException">Lengths that do not sum to the dataset's length.</exception>
            public static Subset<T>[] random_split<T>(Dataset<T> dataset, IList<long> lengths, Generator? generator = null)
            {
                ArgumentNullException.ThrowIfNull(dataset);
                if (lengths.Sum() != dataset.Count)
                    throw new ArgumentException("Sum of input lengths does not equal the length of the input dataset!");
                long[] perm = torch.randperm(dataset.Count, generator: generator).ToArray<long>();
                var result = new Subset<T>[lengths.Count];
                long offset = 0;
                for (int i = 0; i < lengths.Count; i++)
                {
                    result[i] = new Subset<T>(dataset, perm.Skip((int)offset).Take((int)lengths[i]));
                    offset += lengths[i];
                }
                return result;
            }

            /// <summary>Splits by fractions that sum to 1: each length is floor(n · fraction), and the remainder is
            /// spread one item at a time over the subsets in order (PyTorch's rule).</summary>
            public static Subset<T>[] random_split<T>(Dataset<T> dataset, IList<double> fractions, Generator? generator = null)
            {
                ArgumentNullException.ThrowIfNull(dataset);
                if (Math.Abs(fractions.Sum() - 1) > 1e-9 || fractions.Any(f => f < 0 || f > 1))
                    throw new ArgumentException("Sum of input lengths does not equal the length of the input dataset!");
                long n = dataset.Count;
                long[] lengths = [.. fractions.Select(f => (long)Math.Floor(n * f))];
                long remainder = n - lengths.Sum();
                for (long i = 0; i < remainder; i++) lengths[i % lengths.Length]++;
                return random_split(dataset, lengths, generator);
            }
        }
    }
}
