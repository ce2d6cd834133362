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
    public class ParameterDict : OrderedDictContainer<Parameter>
    {
        /// <summary>An empty dictionary.</summary>
        public ParameterDict() : base(nameof(ParameterDict)) { }

        private protected override void Register(IEnumerable<(string, Parameter)> entries) => SetParameters(entries);

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
