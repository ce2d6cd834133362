using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Autograd.Modules
{
    /// <summary>The ordered dictionary behind <see cref="ModuleDict{T}"/> and <see cref="ParameterDict"/>: entries in
    /// insertion order under unique keys, registered with this module (<see cref="Register"/>) after every change; a
    /// change the registration refuses (a bad key, a null value) is undone. Entries compare by reference (a
    /// tensor's Equals compares values).</summary>
    public abstract class OrderedDictContainer<T> : torch.nn.Module, IDictionary<string, T>, IList<(string, T)> where T : class
    {
        private protected readonly List<(string key, T value)> _list = [];

        private protected OrderedDictContainer(string name) : base(name) { }

        /// <summary>Registers the entries as this module's children or parameters, replacing the previous ones.</summary>
        private protected abstract void Register(IEnumerable<(string, T)> entries);

        /// <summary>The entries in order (PyTorch's items()).</summary>
        public IEnumerator<(string, T)> items() => _list.GetEnumerator();

        /// <summary>The keys in order.</summary>
        public IEnumerable<string> keys() => _list.Select(e => e.key);

        /// <summary>The values in order.</summary>
        public IEnumerable<T> values() => _list.Select(e => e.value);

        /// <summary>Removes every entry.</summary>
        public void clear() => Clear();

        /// <summary>The entry at <paramref name="index"/>.</summary>
        public (string, T) this[int index]
        {
            get => _list[index];
            set => Change(() => _list[index] = value);
        }

        /// <summary>The value under <paramref name="key"/>; setting a new key appends it.</summary>
        /// <exception cref="KeyNotFoundException">Getting a key that is absent.</exception>
        public T this[string key]
        {
            get => TryGetValue(key, out T? v) ? v
                : throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");
            set => Change(() =>
            {
                int i = _list.FindIndex(e => e.key == key);
                if (i < 0) _list.Add((key, value)); else _list[i] = (key, value);
            });
        }

        /// <summary>The number of entries.</summary>
        public int Count => _list.Count;

        /// <summary>False: the dictionary can change.</summary>
        public bool IsReadOnly => false;

        /// <summary>The keys in order.</summary>
        public ICollection<string> Keys => [.. keys()];

        /// <summary>The values in order.</summary>
        public ICollection<T> Values => [.. values()];

        /// <summary>Appends an entry.</summary>
        /// <exception cref="ArgumentException">The key is already present.</exception>
        public void Add((string, T) item) => Insert(_list.Count, item);

        /// <summary>Appends an entry.</summary>
        /// <exception cref="ArgumentException">The key is already present.</exception>
        public void Add(string key, T value) => Add((key, value));

        /// <summary>Appends an entry.</summary>
        /// <exception cref="ArgumentException">The key is already present.</exception>
        public void Add(KeyValuePair<string, T> item) => Add((item.Key, item.Value));

        /// <summary>Inserts an entry at <paramref name="index"/>.</summary>
        /// <exception cref="ArgumentException">The key is already present.</exception>
        public void Insert(int index, (string, T) item)
        {
            if (ContainsKey(item.Item1))
                throw new ArgumentException($"An item with the same key has already been added. Key: {item.Item1}");
            Change(() => _list.Insert(index, item));
        }

        /// <summary>Whether <paramref name="key"/> is present.</summary>
        public bool ContainsKey(string key) => _list.Exists(e => e.key == key);

        /// <summary>The value under <paramref name="key"/>, if present.</summary>
        public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value)
        {
            int i = _list.FindIndex(e => e.key == key);
            value = i < 0 ? null : _list[i].value;
            return i >= 0;
        }

        /// <summary>Removes the entry under <paramref name="key"/>.</summary>
        public bool Remove(string key)
        {
            int i = _list.FindIndex(e => e.key == key);
            if (i >= 0) RemoveAt(i);
            return i >= 0;
        }

        /// <summary>Removes the entry equal to <paramref name="item"/>.</summary>
        public bool Remove((string, T) item)
        {
            int i = IndexOf(item);
            if (i >= 0) RemoveAt(i);
            return i >= 0;
        }

        /// <summary>Removes the entry with <paramref name="item"/>'s key and value.</summary>
        public bool Remove(KeyValuePair<string, T> item) => Remove((item.Key, item.Value));

        /// <summary>Removes the entry at <paramref name="index"/>.</summary>
        public void RemoveAt(int index) => Change(() => _list.RemoveAt(index));

        /// <summary>Removes every entry.</summary>
        public void Clear() => Change(_list.Clear);

        /// <summary>Whether an entry equals <paramref name="item"/>.</summary>
        public bool Contains((string, T) item) => IndexOf(item) >= 0;

        /// <summary>Whether an entry has <paramref name="item"/>'s key and value.</summary>
        public bool Contains(KeyValuePair<string, T> item) => Contains((item.Key, item.Value));

        /// <summary>The position of <paramref name="item"/>, or -1.</summary>
        // identity, not values
        public int IndexOf((string, T) item) => _list.FindIndex(e => e.Item1 == item.Item1 && ReferenceEquals(e.Item2, item.Item2));

        /// <summary>Copies the entries into <paramref name="array"/> from <paramref name="arrayIndex"/>.</summary>
        public void CopyTo((string, T)[] array, int arrayIndex) => _list.CopyTo(array, arrayIndex);

        /// <summary>Copies the entries into <paramref name="array"/> from <paramref name="arrayIndex"/>.</summary>
        public void CopyTo(KeyValuePair<string, T>[] array, int arrayIndex) =>
            _list.Select(e => new KeyValuePair<string, T>(e.key, e.value)).ToList().CopyTo(array, arrayIndex);

        /// <summary>The entries in order.</summary>
        public IEnumerator<(string, T)> GetEnumerator() => _list.GetEnumerator();

        IEnumerator<KeyValuePair<string, T>> IEnumerable<KeyValuePair<string, T>>.GetEnumerator() =>
            _list.Select(e => new KeyValuePair<string, T>(e.key, e.value)).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private void Change(Action change)
        {
            var before = _list.ToList();
            change();
            try
            {
                Register(_list);
            }
            catch
            {
                _list.Clear();
                _list.AddRange(before);
                Register(_list);
                throw;
            }
        }
    }
}
