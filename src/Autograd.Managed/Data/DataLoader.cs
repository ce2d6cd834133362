namespace Autograd
{
    public static partial class torch
    {
        public static partial class utils
        {
            public static partial class data
            {
                /// <summary>Batches of a dataset of named tensors, each name's items stacked along a new first dimension.</summary>
                /// <param name="dataset">The dataset.</param>
                /// <param name="batchSize">Items per batch.</param>
                /// <param name="shuffle">Visit the items in a random order each epoch: a <c>randperm</c> drawn as PyTorch's
                /// RandomSampler draws it, so a seeded <paramref name="generator"/> gives PyTorch's order.</param>
                /// <param name="device">CPU only (TorchSharp's parameter).</param>
                /// <param name="seed">Seeds a generator of the loader's own when <paramref name="generator"/> is null.</param>
                /// <param name="num_worker">Accepted for TorchSharp compatibility; items are read on the calling thread.</param>
                /// <param name="drop_last">Drop a last batch smaller than <paramref name="batchSize"/>.</param>
                /// <param name="disposeBatch">Accepted for TorchSharp compatibility (nothing needs disposing).</param>
                /// <param name="disposeDataset">Accepted for TorchSharp compatibility.</param>
                /// <param name="generator">The generator the order is drawn from (the default generator when null).</param>
                public static Modules.DataLoader DataLoader(Dataset dataset, int batchSize, bool shuffle = false,
                                                            Device? device = null, int? seed = null,
                                                           int num_worker = 1, bool drop_last = false, bool disposeBatch = true,
                                                               bool disposeDataset = true,
                                                           torch.Generator? generator = null) =>
                    new(dataset, batchSize, shuffle, device, OwnGenerator(seed, generator), drop_last);

                /// <summary>Batches of a dataset of tensor lists (e.g. <see cref="TensorDataset"/>), each position stacked.</summary>
                /// <inheritdoc cref="DataLoader(Dataset, int, bool, Device?, int?, int, bool, bool, bool, Generator?)"/>
                public static Modules.IterableDataLoader DataLoader(IterableDataset dataset, int batchSize, bool shuffle = false,
                                                                    Device? device = null,
                                                                   int? seed = null, int num_worker = 1, bool drop_last = false,
                                                                       bool disposeBatch = true,
                                                                   bool disposeDataset = true, torch.Generator? generator = null) =>
                    new(dataset, batchSize, shuffle, device, OwnGenerator(seed, generator), drop_last);

                /// <summary>Batches of any dataset, assembled by <paramref name="collate_fn"/>.</summary>
                public static Modules.DataLoader<T, S> DataLoader<T, S>(Dataset<T> dataset, int batchSize,
                                                                        Func<IReadOnlyList<T>, S> collate_fn, bool shuffle = false,
                                                                bool drop_last = false, torch.Generator? generator = null) =>
                    new(dataset, batchSize, collate_fn, shuffle, drop_last, generator);

                private static Generator? OwnGenerator(int? seed, torch.Generator? generator) =>
                    generator ?? (seed is int s ? new Generator((ulong)s) : null);

                /// <summary>PyTorch's default collate for items that are tensors: stacked along a new first dimension.</summary>
                internal static Tensor Stack(IEnumerable<Tensor> items) => torch.stack([.. items]);
            }
        }
    }

    namespace Modules
    {
        /// <summary>Iterates a dataset in batches. Each enumeration is one epoch with, when shuffling, a fresh
        /// order. The draws follow PyTorch's single-process DataLoader: one int64 from the loader's generator
        /// (the default one when null) for worker seeds, then, when shuffling without a generator, one more
        /// from the default generator seeding the sampler's own, then <c>randperm(n)</c>.</summary>
        public class DataLoader<T, S> : IEnumerable<S>, IDisposable
        {
            /// <summary>The dataset.</summary>
            public torch.utils.data.Dataset<T> dataset { get; }
            /// <summary>Items per batch.</summary>
            public int batch_size { get; }
            /// <summary>Whether a short last batch is dropped.</summary>
            public bool drop_last { get; }
            /// <summary>Whether each epoch visits the items in a random order.</summary>
            public bool shuffle { get; }
            /// <summary>The generator orders are drawn from (null: the default generator).</summary>
            public torch.Generator? generator { get; }

            private readonly Func<IReadOnlyList<T>, S> _collate;

            /// <summary>A loader over <paramref name="dataset"/>.</summary>
            /// <exception cref="ArgumentException">A batch size below 1 (PyTorch's message).</exception>
            public DataLoader(torch.utils.data.Dataset<T> dataset, int batchSize, Func<IReadOnlyList<T>, S> collate_fn,
                              bool shuffle = false, bool drop_last = false, torch.Generator? generator = null)
            {
                ArgumentNullException.ThrowIfNull(dataset);
                ArgumentNullException.ThrowIfNull(collate_fn);
                if (batchSize < 1)
                    throw new ArgumentException($"batch_size should be a positive integer value, but got batch_size={batchSize}");
                (this.dataset, batch_size, _collate, this.shuffle, this.drop_last, this.generator) =
                    (dataset, batchSize, collate_fn, shuffle, drop_last, generator);
            }

            /// <summary>The number of batches per epoch.</summary>
            public long Count => drop_last ? dataset.Count / batch_size : (dataset.Count + batch_size - 1) / batch_size;

            /// <summary>One epoch of batches.</summary>
            public IEnumerator<S> GetEnumerator()
            {
                DrawSeed(generator); // the iterator's base seed, drawn even when nothing is shuffled
                long n = dataset.Count;
                IEnumerable<long> order = shuffle ? Shuffled(n) : Sequence(n);
                var batch = new List<T>(batch_size);
                foreach (long i in order)
                {
                    batch.Add(dataset.GetTensor(i));
                    if (batch.Count == batch_size) { yield return _collate(batch); batch = new List<T>(batch_size); }
                }
                if (batch.Count > 0 && !drop_last) yield return _collate(batch);
            }

            private IEnumerable<long> Shuffled(long n)
            {
                torch.Generator g = generator ?? new torch.Generator((ulong)DrawSeed(null));
                foreach (long i in torch.randperm(n, generator: g).ToArray<long>()) yield return i;
            }

            /// <summary>LibTorch's <c>torch.empty((), dtype=torch.int64).random_(generator)</c>: one 64-bit draw
            /// modulo 2^63.</summary>
            private static long DrawSeed(torch.Generator? generator)
            {
                torch.Generator g = generator ?? torch.Generator.Default;
                lock (g.Lock) return (long)(g.Engine.NextUInt64() % ((ulong)long.MaxValue + 1));
            }

            private static IEnumerable<long> Sequence(long n)
            {
                for (long i = 0; i < n; i++) yield return i;
            }

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

            /// <summary>Nothing to release; kept for TorchSharp source compatibility.</summary>
            public void Dispose() => GC.SuppressFinalize(this);
        }

        /// <summary>The loader of a <see cref="torch.utils.data.Dataset"/>: batches are name → stacked tensors.</summary>
        public sealed class DataLoader : DataLoader<Dictionary<string, Tensor>, Dictionary<string, Tensor>>
        {
            internal DataLoader(torch.utils.data.Dataset dataset, int batchSize, bool shuffle, Device? device,
                                torch.Generator? generator, bool dropLast)
                : base(dataset, batchSize,
                       items => items[0].Keys.ToDictionary(k => k, k => torch.utils.data.Stack(items.Select(d => d[k]))), shuffle,
                       dropLast, generator) =>
                Device.Check(device);
        }

        /// <summary>The loader of a <see cref="torch.utils.data.IterableDataset"/>: batches are lists of stacked tensors.</summary>
        public sealed class IterableDataLoader : DataLoader<IList<Tensor>, IList<Tensor>>
        {
            internal IterableDataLoader(torch.utils.data.IterableDataset dataset, int batchSize, bool shuffle, Device? device,
                                        torch.Generator? generator, bool dropLast)
                : base(dataset, batchSize,
                       items => [.. Enumerable.Range(0, items[0].Count).Select(p => torch.utils.data.Stack(items.Select(l => l[p])))],
                       shuffle, dropLast, generator) =>
                Device.Check(device);
        }
    }
}
