using System.Runtime.CompilerServices;

namespace Autograd.Modules
{
    /// <summary>
    /// Modules applied one after another: <c>forward(x)</c> is <c>call</c> of each in order on the previous
    /// result (the input itself when empty). Each is registered as a child under its name: its position
    /// (<c>"0"</c>, <c>"1"</c>, …) unless named, so state_dict keys read <c>0.weight</c>.
    /// </summary>
    public class Sequential : torch.nn.Module<torch.Tensor, torch.Tensor>
    {
        private readonly List<(string name, torch.nn.IModule<torch.Tensor, torch.Tensor> module)> _layers = [];

        /// <summary>A sequence of the given modules, each named by its position.</summary>
        protected Sequential(params torch.nn.Module<torch.Tensor, torch.Tensor>[] modules) : base(nameof(Sequential))
        {
            foreach (var m in modules) Add(m);
        }

        /// <summary>A sequence of the given named modules.</summary>
        protected Sequential(params (string name, torch.nn.Module<torch.Tensor, torch.Tensor> submodule)[] modules)
            : base(nameof(Sequential))
        {
            foreach (var (n, m) in modules) Add(n, m);
        }

        internal Sequential() : base(nameof(Sequential)) { }

        /// <summary>Appends <paramref name="module"/> under <paramref name="name"/>; returns this sequence.</summary>
        /// <exception cref="InvalidOperationException">A module of that name is already in the sequence.</exception>
        public Sequential append(string name, torch.nn.IModule<torch.Tensor, torch.Tensor> module)
        {
            Add(name, module);
            return this;
        }

        /// <summary>Appends <paramref name="module"/> under its position; returns this sequence.</summary>
        public Sequential append(torch.nn.IModule<torch.Tensor, torch.Tensor> module)
        {
            Add(module);
            return this;
        }

        internal void Add(torch.nn.IModule<torch.Tensor, torch.Tensor> module) =>
            Add(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);

        internal void Add(string name, torch.nn.IModule<torch.Tensor, torch.Tensor> module)
        {
            ArgumentNullException.ThrowIfNull(module);
            if (module is not torch.nn.Module m)
                throw new ArgumentException("A Sequential holds modules (torch.nn.Module).", nameof(module));
            register_module(name, m);
            _layers.Add((name, module));
        }

        /// <summary>The number of modules.</summary>
        public int Count => _layers.Count;

        /// <summary>The module at <paramref name="index"/>.</summary>
        [IndexerName("SequentialItems")]
        public torch.nn.IModule<torch.Tensor, torch.Tensor> this[int index] => _layers[index].module;

        /// <summary>A new sequence of the modules from <c>start</c> (default 0) up to <c>end</c> (default the count),
        /// keeping their names.</summary>
        /// <exception cref="IndexOutOfRangeException">A bound outside 0..Count.</exception>
        [IndexerName("SequentialItems")]
        public Sequential this[(int? start, int? end) index] => Slice(index.start ?? 0, index.end ?? _layers.Count);

        /// <summary>A new sequence of the modules in <paramref name="index"/>, keeping their names.</summary>
        [IndexerName("SequentialItems")]
        public Sequential this[Range index] => Slice(index.Start.GetOffset(_layers.Count), index.End.GetOffset(_layers.Count));

        private Sequential Slice(int start, int end)
        {
            if (start < 0 || start > _layers.Count) throw new IndexOutOfRangeException($"{start} is not a valid index.");
            if (end < 0 || end > _layers.Count) throw new IndexOutOfRangeException($"{end} is not a valid index.");
            var result = new Sequential();
            for (int i = start; i < end; i++) result.Add(_layers[i].name, _layers[i].module);
            return result;
        }

        /// <summary>Each module's <c>call</c> on the previous result.</summary>
        public override torch.Tensor forward(torch.Tensor tensor)
        {
            foreach (var (_, m) in _layers) tensor = m.call(tensor);
            return tensor;
        }
    }
}

namespace Autograd
{
    using Autograd.Modules;

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>An empty sequence (returns its input); add modules with <c>append</c>.</summary>
            public static Sequential Sequential() => new();

            /// <summary>A sequence of named modules.</summary>
            /// <exception cref="InvalidOperationException">Two modules share a name.</exception>
            public static Sequential Sequential(params (string name, Module<Tensor, Tensor> submodule)[] modules) =>
                Sequential((IEnumerable<(string name, Module<Tensor, Tensor> submodule)>)modules);

            /// <summary>A sequence of modules named by position.</summary>
            public static Sequential Sequential(params Module<Tensor, Tensor>[] modules) =>
                Sequential((IEnumerable<Module<Tensor, Tensor>>)modules);

            /// <summary>A sequence of named modules.</summary>
            /// <exception cref="InvalidOperationException">Two modules share a name.</exception>
            public static Sequential Sequential(params Tuple<string, Module<Tensor, Tensor>>[] modules) =>
                Sequential((IEnumerable<Tuple<string, Module<Tensor, Tensor>>>)modules);

            /// <summary>A sequence of named modules.</summary>
            /// <exception cref="InvalidOperationException">Two modules share a name.</exception>
            public static Sequential Sequential(IEnumerable<(string name, Module<Tensor, Tensor> submodule)> modules)
            {
                var result = new Sequential();
                foreach (var (n, m) in modules) result.Add(n, m);
                return result;
            }

            /// <summary>A sequence of named modules.</summary>
            /// <exception cref="InvalidOperationException">Two modules share a name.</exception>
            public static Sequential Sequential(IEnumerable<Tuple<string, Module<Tensor, Tensor>>> modules)
            {
                var result = new Sequential();
                foreach (var t in modules) result.Add(t.Item1, t.Item2);
                return result;
            }

            /// <summary>A sequence of modules named by position.</summary>
            public static Sequential Sequential(IEnumerable<Module<Tensor, Tensor>> modules)
            {
                var result = new Sequential();
                foreach (var m in modules) result.Add(m);
                return result;
            }
        }
    }
}
