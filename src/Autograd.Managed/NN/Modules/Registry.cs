namespace Autograd.Modules;

/// <summary>A module's named members in insertion order, as Python's dict keeps them: replacing a value keeps its
/// position, removing one closes the gap.</summary>
internal sealed class Registry<T>
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, T> _values = [];

    internal IEnumerable<(string name, T value)> Items
    {
        get { foreach (string n in _names) yield return (n, _values[n]); }
    }

    internal int Count => _names.Count;

    internal bool Contains(string name) => _values.ContainsKey(name);

    internal bool TryGet(string name, out T value) => _values.TryGetValue(name, out value!);

    internal void Set(string name, T value)
    {
        if (!_values.ContainsKey(name)) _names.Add(name);
        _values[name] = value;
    }

    internal void Remove(string name)
    {
        if (_values.Remove(name)) _names.Remove(name);
    }

    internal void Clear()
    {
        _names.Clear();
        _values.Clear();
    }
}
