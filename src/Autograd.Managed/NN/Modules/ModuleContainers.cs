using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Autograd.Modules
{
    /// <summary>
    /// A list of modules registered as children named by position (<c>"0"</c>, <c>"1"</c>, …), kept in step with
    /// every change, so their parameters appear in the owner's <c>parameters()</c> and <c>state_dict()</c>.
    /// </summary>
    public class ModuleList<T> : torch.nn.Module, IList<T> where T : torch.nn.Module
    {
        private readonly List<T> _list = [];

        /// <summary>A list of <paramref name="modules"/>.</summary>
        public ModuleList(params T[] modules) : base("ModuleList")
        {
            if (modules is not null) Change(() => _list.AddRange(modules));
        }

        /// <summary>The module at <paramref name="index"/>.</summary>
        public T this[int index]
        {
            get => _list[index];
            set => Change(() => _list[index] = value);
        }

        /// <summary>The number of modules.</summary>
        public int Count => _list.Count;

        /// <summary>False: the list can change.</summary>
        public bool IsReadOnly => false;

        /// <summary>Appends <paramref name="item"/>.</summary>
        public void Add(T item) => Change(() => _list.Add(item));

        /// <summary>Appends <paramref name="modules"/> (PyTorch's append).</summary>
        public void append(params T[] modules) => Change(() => _list.AddRange(modules));

        /// <summary>Appends <paramref name="modules"/> (PyTorch's extend).</summary>
        public void extend(IEnumerable<T> modules) => Change(() => _list.AddRange(modules));

        /// <summary>Inserts <paramref name="item"/> at <paramref name="index"/>; later modules are renumbered.</summary>
        public void Insert(int index, T item) => Change(() => _list.Insert(index, item));

        /// <summary>Removes <paramref name="item"/>; later modules are renumbered.</summary>
        public bool Remove(T item)
        {
            bool removed = false;
            Change(() => removed = _list.Remove(item));
            return removed;
        }

        /// <summary>Removes the module at <paramref name="index"/>; later modules are renumbered.</summary>
        public void RemoveAt(int index) => Change(() => _list.RemoveAt(index));

        /// <summary>Removes every module.</summary>
        public void Clear() => Change(_list.Clear);

        /// <summary>Whether <paramref name="item"/> is in the list.</summary>
        public bool Contains(T item) => _list.Contains(item);

        /// <summary>The position of <paramref name="item"/>, or -1.</summary>
        public int IndexOf(T item) => _list.IndexOf(item);

        /// <summary>Copies the modules into <paramref name="array"/> from <paramref name="arrayIndex"/>.</summary>
        public void CopyTo(T[] array, int arrayIndex) => _list.CopyTo(array, arrayIndex);

        /// <summary>The modules in order.</summary>
        public IEnumerator<T> GetEnumerator() => _list.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private void Change(Action change)
        {
            var before = _list.ToList();
            change();
            if (_list.Contains(null!))
            {
                // a null module: the list stays as it was
                _list.Clear();
                _list.AddRange(before);
                throw new ArgumentNullException("module", "A ModuleList holds modules, not null.");
            }
            SetChildren(_list.Select((m, i) => (i.ToString(CultureInfo.InvariantCulture), (torch.nn.Module)m)));
        }

        /// <summary>PyTorch's ModuleList repr: runs of modules that print alike are shown once, as
        /// <c>(0-2): 3 x Linear(…)</c>.</summary>
        public override string ToString()
        {
            if (_list.Count == 0) return "ModuleList()";
            var lines = new List<string>();
            for (int start = 0; start < _list.Count;)
            {
                string r = _list[start].ToString()!;
                int end = start;
                while (end + 1 < _list.Count && _list[end + 1].ToString() == r) end++;
                string line = start == end ? $"({start}): {r}" : $"({start}-{end}): {end - start + 1} x {r}";
                lines.Add(line.Replace("\n", "\n  ", StringComparison.Ordinal));
                start = end + 1;
            }
            return "ModuleList(\n  " + string.Join("\n  ", lines) + "\n)";
        }
    }

    /// <summary>
    /// An ordered dictionary of modules registered as children under their keys, kept in step with every change.
    /// </summary>
    public class ModuleDict<T> : OrderedDictContainer<T> where T : torch.nn.Module
    {
        /// <summary>An empty dictionary.</summary>
        public ModuleDict() : base("ModuleDict") { }

        private protected override void Register(IEnumerable<(string, T)> entries) =>
            SetChildren(entries.Select(e => (e.Item1, (torch.nn.Module)e.Item2)));
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A list of modules registered as children "0", "1", ….</summary>
            public static Modules.ModuleList<Module> ModuleList(params Module[] modules) => new(modules);

            /// <summary>A list of modules of type <typeparamref name="T"/> registered as children "0", "1", ….</summary>
            public static Modules.ModuleList<T> ModuleList<T>(params T[] modules) where T : Module => new(modules);

            /// <summary>An ordered dictionary of modules registered as children under their keys.</summary>
            /// <exception cref="ArgumentException">Two entries share a key.</exception>
            public static Modules.ModuleDict<Module> ModuleDict(params (string, Module)[] modules) => ModuleDict<Module>(modules);

            /// <summary>An ordered dictionary of modules of type <typeparamref name="T"/> registered under their keys.</summary>
            /// <exception cref="ArgumentException">Two entries share a key.</exception>
            public static Modules.ModuleDict<T> ModuleDict<T>(params (string, T)[] modules) where T : Module
            {
                var result = new Modules.ModuleDict<T>();
                foreach (var e in modules) result.Add(e);
                return result;
            }
        }
    }
}
