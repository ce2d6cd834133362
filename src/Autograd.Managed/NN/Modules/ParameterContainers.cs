using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Autograd.Modules
{
    /// <summary>A list of parameters registered as this module's own parameters "0", "1", …, kept in step with every change.</summary>
    public class ParameterList : torch.nn.Module, IList<Parameter>
    {
        private readonly List<Parameter> _list = [];

        /// <summary>A list of <paramref name="parameters"/>.</summary>
        public ParameterList(params Parameter[] parameters) : base(nameof(ParameterList))
        {
            if (parameters is not null) Change(() => _list.AddRange(parameters));
        }

        /// <summary>The parameter at <paramref name="index"/>.</summary>
        public Parameter this[int index]
        {
            get => _list[index];
            set => Change(() => _list[index] = value);
        }

        /// <summary>The number of parameters.</summary>
        public int Count => _list.Count;

        /// <summary>False: the list can change.</summary>
        public bool IsReadOnly => false;

        /// <summary>Appends <paramref name="item"/>.</summary>
        public void Add(Parameter item) => Change(() => _list.Add(item));

        /// <summary>Appends <paramref name="parameters"/> (PyTorch's append).</summary>
        public void append(params Parameter[] parameters) => Change(() => _list.AddRange(parameters));

        /// <summary>Appends <paramref name="parameters"/> (PyTorch's extend).</summary>
        public void extend(IEnumerable<Parameter> parameters) => Change(() => _list.AddRange(parameters));

        /// <summary>Inserts <paramref name="item"/> at <paramref name="index"/>; later parameters are renumbered.</summary>
        public void Insert(int index, Parameter item) => Change(() => _list.Insert(index, item));

        /// <summary>Removes <paramref name="item"/>; later parameters are renumbered.</summary>
        public bool Remove(Parameter item)
        {
            bool removed = false;
            Change(() => { int i = IndexOf(item); if (removed = i >= 0) _list.RemoveAt(i); });
            return removed;
        }

        /// <summary>Removes the parameter at <paramref name="index"/>; later parameters are renumbered.</summary>
        public void RemoveAt(int index) => Change(() => _list.RemoveAt(index));

        /// <summary>Removes every parameter.</summary>
        public void Clear() => Change(_list.Clear);

        /// <summary>Whether <paramref name="item"/> is in the list.</summary>
        public bool Contains(Parameter item) => IndexOf(item) >= 0;

        /// <summary>The position of <paramref name="item"/>, or -1.</summary>
        public int IndexOf(Parameter item) => _list.FindIndex(p => ReferenceEquals(p, item)); // identity: Tensor.Equals compares values

        /// <summary>Copies the parameters into <paramref name="array"/> from <paramref name="arrayIndex"/>.</summary>
        public void CopyTo(Parameter[] array, int arrayIndex) => _list.CopyTo(array, arrayIndex);

        /// <summary>The parameters in order.</summary>
        public IEnumerator<Parameter> GetEnumerator() => _list.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private void Change(Action change)
        {
            var before = _list.ToList();
            change();
            if (_list.Contains(null!))
            {
                _list.Clear();
                _list.AddRange(before);
                throw new ArgumentNullException("param", "A null tensor cannot be registered as a parameter.");
            }
            SetParameters(_list.Select((p, i) => (i.ToString(CultureInfo.InvariantCulture), p)));
        }

        /// <summary>PyTorch's listing: <c>(0): Parameter containing: [torch.float32 of size 3x4]</c> per entry.</summary>
        public override string extra_repr() => ParameterLines.Of(_list.Select((p, i) => (i.ToString(CultureInfo.InvariantCulture), p)));
    }

    /// <summary>An ordered dictionary of parameters registered as this module's own parameters under their keys.</summary>
    public class ParameterDict : torch.nn.Module, IDictionary<string, Parameter>, IList<(string, Parameter)>
    {
        private readonly List<(string key, Parameter parameter)> _list = [];

        /// <summary>An empty dictionary.</summary>
        public ParameterDict() : base(nameof(ParameterDict)) { }

        /// <summary>The entries in order (PyTorch's items()).</summary>
        public IEnumerator<(string, Parameter)> items() => _list.GetEnumerator();

        /// <summary>The keys in order.</summary>
        public IEnumerable<string> keys() => _list.Select(e => e.key);

        /// <summary>The parameters in order.</summary>
        public IEnumerable<Parameter> values() => _list.Select(e => e.parameter);

        /// <summary>Removes every entry.</summary>
        public void clear() => Clear();

        /// <summary>The entry at <paramref name="index"/>.</summary>
        public (string, Parameter) this[int index]
        {
            get => _list[index];
            set => Change(() => _list[index] = value);
        }

        /// <summary>The parameter under <paramref name="key"/>; setting a new key appends it.</summary>
        /// <exception cref="KeyNotFoundException">Getting a key that is absent.</exception>
        public Parameter this[string key]
        {
            get => TryGetValue(key, out Parameter? p) ? p : throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");
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

        /// <summary>The parameters in order.</summary>
        public ICollection<Parameter> Values => [.. values()];

        /// <summary>Appends an entry.</summary>
        /// <exception cref="ArgumentException">The key is already present.</exception>
        public void Add((string, Parameter) item) => Insert(_list.Count, item);

        /// <summary>Appends an entry.</summary>
        /// <exception cref="ArgumentException">The key is already present.</exception>
        public void Add(string key, Parameter value) => Add((key, value));

        /// <summary>Appends an entry.</summary>
        /// <exception cref="ArgumentException">The key is already present.</exception>
        public void Add(KeyValuePair<string, Parameter> item) => Add((item.Key, item.Value));

        /// <summary>Inserts an entry at <paramref name="index"/>.</summary>
        /// <exception cref="ArgumentException">The key is already present.</exception>
        public void Insert(int index, (string, Parameter) item)
        {
            if (ContainsKey(item.Item1)) throw new ArgumentException($"An item with the same key has already been added. Key: {item.Item1}");
            Change(() => _list.Insert(index, item));
        }

        /// <summary>Whether <paramref name="key"/> is present.</summary>
        public bool ContainsKey(string key) => _list.Exists(e => e.key == key);

        /// <summary>The parameter under <paramref name="key"/>, if present.</summary>
        public bool TryGetValue(string key, [MaybeNullWhen(false)] out Parameter value)
        {
            int i = _list.FindIndex(e => e.key == key);
            value = i < 0 ? null : _list[i].parameter;
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
        public bool Remove((string, Parameter) item)
        {
            int i = IndexOf(item);
            if (i >= 0) RemoveAt(i);
            return i >= 0;
        }

        /// <summary>Removes the entry with <paramref name="item"/>'s key and parameter.</summary>
        public bool Remove(KeyValuePair<string, Parameter> item) => Remove((item.Key, item.Value));

        /// <summary>Removes the entry at <paramref name="index"/>.</summary>
        public void RemoveAt(int index) => Change(() => _list.RemoveAt(index));

        /// <summary>Removes every entry.</summary>
        public void Clear() => Change(_list.Clear);

        /// <summary>Whether an entry equals <paramref name="item"/>.</summary>
        public bool Contains((string, Parameter) item) => IndexOf(item) >= 0;

        /// <summary>Whether an entry has <paramref name="item"/>'s key and parameter.</summary>
        public bool Contains(KeyValuePair<string, Parameter> item) => Contains((item.Key, item.Value));

        /// <summary>The position of <paramref name="item"/>, or -1.</summary>
        public int IndexOf((string, Parameter) item) => _list.FindIndex(e => e.Item1 == item.Item1 && ReferenceEquals(e.Item2, item.Item2)); // identity, not values

        /// <summary>Copies the entries into <paramref name="array"/> from <paramref name="arrayIndex"/>.</summary>
        public void CopyTo((string, Parameter)[] array, int arrayIndex) => _list.CopyTo(array, arrayIndex);

        /// <summary>Copies the entries into <paramref name="array"/> from <paramref name="arrayIndex"/>.</summary>
        public void CopyTo(KeyValuePair<string, Parameter>[] array, int arrayIndex) =>
            _list.Select(e => new KeyValuePair<string, Parameter>(e.key, e.parameter)).ToList().CopyTo(array, arrayIndex);

        /// <summary>The entries in order.</summary>
        public IEnumerator<(string, Parameter)> GetEnumerator() => _list.GetEnumerator();

        IEnumerator<KeyValuePair<string, Parameter>> IEnumerable<KeyValuePair<string, Parameter>>.GetEnumerator() =>
            _list.Select(e => new KeyValuePair<string, Parameter>(e.key, e.parameter)).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private void Change(Action change)
        {
            var before = _list.ToList();
            change();
            try
            {
                SetParameters(_list.Select(e => (e.key, e.parameter)));
            }
            catch
            {
                // a bad key or null parameter: the dictionary stays as it was
                _list.Clear();
                _list.AddRange(before);
                SetParameters(_list.Select(e => (e.key, e.parameter)));
                throw;
            }
        }

        /// <summary>PyTorch's listing: <c>(key): Parameter containing: [torch.float32 of size 3x4]</c> per entry.</summary>
        public override string extra_repr() => ParameterLines.Of(_list);
    }

    internal static class ParameterLines
    {
        /// <summary>PyTorch's ParameterList/ParameterDict extra_repr: one line per entry, indented by two spaces.</summary>
        internal static string Of(IEnumerable<(string key, Parameter p)> entries) => string.Join("\n", entries.Select(e =>
            $"  ({e.key}): Parameter containing: [{DType.Name(e.p._dtype)} of size {string.Join("x", e.p._shape)}]"));
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A list of parameters registered as "0", "1", ….</summary>
            public static Modules.ParameterList ParameterList(params Modules.Parameter[] parameters) => new(parameters);

            /// <summary>An ordered dictionary of parameters registered under their keys.</summary>
            /// <exception cref="ArgumentException">Two entries share a key.</exception>
            public static Modules.ParameterDict ParameterDict(params (string, Modules.Parameter)[] parameters)
            {
                var result = new Modules.ParameterDict();
                foreach (var e in parameters) result.Add(e);
                return result;
            }
        }
    }
}
