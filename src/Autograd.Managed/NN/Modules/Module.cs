using System.Reflection;
using Autograd.Modules;

namespace Autograd;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// The base of every layer and model: named parameters, buffers and submodules (each in registration
        /// order), a training flag, and PyTorch's traversals over them. A user's model derives from
        /// <see cref="Module{T, TResult}"/>, keeps its layers and parameters in fields and calls
        /// <see cref="RegisterComponents"/> in its constructor, as with TorchSharp. Traversals follow PyTorch:
        /// preorder, each tensor and module once, keys joined with dots (<c>layers.0.weight</c>).
        /// </summary>
        public partial class Module : IDisposable
        {
            private readonly Registry<Module> _modules = new();
            private readonly Registry<Parameter> _params = new();
            private readonly Registry<(Tensor tensor, bool persistent)> _buffers = new();
            private bool _training = true;
            private bool _componentsRegistered;

            /// <summary>The module's name (TorchSharp keeps it for debugging; PyTorch's repr uses the class name).</summary>
            protected string? name;

            /// <summary>A module named <paramref name="name"/>, in training mode, with nothing registered.</summary>
            protected Module(string name) { this.name = name; }

            /// <summary>The name given at construction, else the class name.</summary>
            public virtual string GetName() => string.IsNullOrEmpty(name) ? ClassName() : name!;

            // ---- registration ----------------------------------------------------------------------

            /// <summary>
            /// Registers every field of this object (and of its base classes) that holds a
            /// <see cref="Module"/>, a <see cref="Parameter"/> or a tensor (a buffer), under the field's name or its
            /// <see cref="Utils.ComponentNameAttribute"/>, in declaration order. Names already registered and null
            /// fields are skipped; a second call does nothing. Call it at the end of a model's constructor.
            /// </summary>
            protected virtual void RegisterComponents()
            {
                if (_componentsRegistered) return;
                for (Type? t = GetType(); t is not null && t != typeof(Module); t = t.BaseType)
                {
                    foreach (FieldInfo f in t.GetFields(
                        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                    {
                        string key = f.GetCustomAttribute<Utils.ComponentNameAttribute>()?.Name ?? f.Name;
                        if (_modules.Contains(key) || _params.Contains(key) || _buffers.Contains(key)) continue;
                        switch (f.GetValue(this))
                        {
                            case Module m: register_module(key, m); break;
                            case Parameter p: register_parameter(key, p); break; // before Tensor: a Parameter is one
                            case Tensor b: register_buffer(key, b); break;
                        }
                    }
                }
                _componentsRegistered = true;
            }

            /// <summary>Registers <paramref name="submodule"/> as the child <paramref name="name"/> (its own fields are
            /// registered first); a null module removes the child.</summary>
            /// <exception cref="ArgumentException">The name is empty or contains a dot.</exception>
            /// <exception cref="InvalidOperationException">A child of that name is already registered.</exception>
            public virtual void register_module(string name, Module submodule)
            {
                if (submodule is null) { _modules.Remove(name); return; }
                CheckName(name, "module");
                if (_modules.Contains(name)) throw new InvalidOperationException($"Sub-module {name} is already registered.");
                submodule.RegisterComponents();
                _modules.Set(name, submodule);
            }

            /// <summary>PyTorch's alias of <see cref="register_module"/>.</summary>
            public void add_module(string name, Module module) => register_module(name, module);

            /// <summary>Registers <paramref name="param"/> under <paramref name="name"/>.</summary>
            /// <exception cref="ArgumentNullException"><paramref name="param"/> is null.</exception>
            /// <exception cref="ArgumentException">The name is empty or contains a dot.</exception>
            /// <exception cref="InvalidOperationException">A parameter of that name is already registered.</exception>
            public virtual void register_parameter(string name, Parameter param)
            {
                if (param is null) throw new ArgumentNullException(nameof(param), "A null tensor cannot be registered as a parameter.");
                CheckName(name, "parameter");
                if (_params.Contains(name)) throw new InvalidOperationException($"Parameter {name} is already registered.");
                _params.Set(name, param);
            }

            /// <summary>Registers <paramref name="tensor"/> as the buffer <paramref name="name"/>: module state that is not a
            /// parameter (e.g. running statistics). A non-persistent buffer is left out of <see cref="state_dict"/>.</summary>
            /// <exception cref="ArgumentNullException"><paramref name="tensor"/> is null.</exception>
            /// <exception cref="ArgumentException">The name is empty or contains a dot.</exception>
            /// <exception cref="InvalidOperationException">A buffer of that name is already registered.</exception>
            public virtual void register_buffer(string name, Tensor tensor, bool persistent = true)
            {
                if (tensor is null) throw new ArgumentNullException(nameof(tensor), "A null tensor cannot be registered as a buffer.");
                CheckName(name, "buffer");
                if (_buffers.Contains(name)) throw new InvalidOperationException($"Tensor {name} is already registered.");
                _buffers.Set(name, (tensor, persistent));
            }

            /// <summary>Sets (or, for null, removes) the parameter <paramref name="name"/>: what a layer's property
            /// setter calls, so replacing <c>weight</c> replaces what the traversals see.</summary>
            protected void ConditionallyRegisterParameter(string name, Tensor? value)
            {
                if (value is null) _params.Remove(name);
                else _params.Set(name, value as Parameter ?? new Parameter(value, requires_grad: true));
            }

            /// <summary>Sets (or, for null, removes) the buffer <paramref name="name"/>.</summary>
            protected void ConditionallyRegisterBuffer(string name, Tensor? value, bool persistent = true)
            {
                if (value is null) _buffers.Remove(name);
                else _buffers.Set(name, (value, persistent));
            }

            /// <summary>Removes every child.</summary>
            protected void ClearModules() => _modules.Clear();

            /// <summary>Replaces every child by <paramref name="children"/>, in order (a container after a change).</summary>
            private protected void SetChildren(IEnumerable<(string name, Module module)> children)
            {
                _modules.Clear();
                foreach (var (n, m) in children) register_module(n, m);
            }

            /// <summary>Replaces every own parameter by <paramref name="parameters"/>, in order (a container after a change).</summary>
            private protected void SetParameters(IEnumerable<(string name, Parameter parameter)> parameters)
            {
                _params.Clear();
                foreach (var (n, p) in parameters) register_parameter(n, p);
            }

            private static void CheckName(string name, string kind)
            {
                ArgumentNullException.ThrowIfNull(name);
                if (name.Length == 0) throw new ArgumentException($"{kind} name can't be empty string \"\"");
                if (name.Contains('.')) throw new ArgumentException($"{kind} name can't contain \".\", got: {name}");
            }

            // ---- traversals --------------------------------------------------------------------------

            /// <summary>The direct children with their names, in registration order.</summary>
            public virtual IEnumerable<(string name, Module module)> named_children()
            {
                var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
                foreach (var (n, m) in _modules.Items)
                    if (seen.Add(m)) yield return (n, m);
            }

            /// <summary>The direct children, in registration order.</summary>
            public virtual IEnumerable<Module> children() => named_children().Select(c => c.module);

            /// <summary>This module (named "") and every descendant, preorder, each once, with dotted names.</summary>
            public virtual IEnumerable<(string name, Module module)> named_modules()
            {
                var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
                var stack = new Stack<(string, Module)>();
                stack.Push(("", this));
                while (stack.Count > 0)
                {
                    var (prefix, m) = stack.Pop();
                    if (!seen.Add(m)) continue;
                    yield return (prefix, m);
                    var kids = m.named_children().ToList();
                    for (int i = kids.Count - 1; i >= 0; i--)
                        stack.Push((prefix.Length == 0 ? kids[i].name : prefix + "." + kids[i].name, kids[i].module));
                }
            }

            /// <summary>This module and every descendant, preorder, each once.</summary>
            public virtual IEnumerable<Module> modules() => named_modules().Select(m => m.module);

            /// <summary>The parameters with dotted names: this module's own, then each descendant's (preorder), each
            /// parameter once even if shared; only this module's own when <paramref name="recurse"/> is false.</summary>
            public virtual IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true) =>
                Members(recurse, m => m._params.Items.Select(p => (p.name, (Tensor)p.value))).Select(p => (p.name, (Parameter)p.tensor));

            /// <summary>The parameters, in <see cref="named_parameters"/>'s order.</summary>
            public virtual IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

            /// <summary>The buffers with dotted names (non-persistent ones too unless <paramref name="include_nonpersistent"/>
            /// is false), in <see cref="named_parameters"/>'s order.</summary>
            public virtual IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true,
                bool include_nonpersistent = true) =>
                Members(recurse,
                        m => m._buffers.Items.Where(b => include_nonpersistent || b.value.persistent).Select(b =>
                        (b.name, b.value.tensor)));

            /// <summary>The buffers, in <see cref="named_buffers"/>'s order.</summary>
            public virtual IEnumerable<Tensor> buffers(bool recurse = true, bool include_nonpersistent = true) =>
                named_buffers(recurse, include_nonpersistent).Select(b => b.buffer);

            private IEnumerable<(string name, Tensor tensor)> Members(bool recurse, Func<Module, IEnumerable<(string, Tensor)>> own)
            {
                var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
                foreach (var (prefix, m) in recurse ? named_modules() : [("", this)])
                    foreach (var (n, t) in own(m))
                        if (seen.Add(t)) yield return (prefix.Length == 0 ? n : prefix + "." + n, t);
            }

            /// <summary>Whether <paramref name="target"/> (a dotted name) is a parameter of this module or a descendant.</summary>
            public virtual bool has_parameter(string target) => get_parameter(target) is not null;

            /// <summary>The parameter at the dotted name <paramref name="target"/>, or null.</summary>
            public virtual Parameter? get_parameter(string target) =>
                Resolve(target, out string leaf) is { } m && m._params.TryGet(leaf, out Parameter? p) ? p : null;

            /// <summary>Whether <paramref name="target"/> (a dotted name) is a buffer of this module or a descendant.</summary>
            public virtual bool has_buffer(string target) => get_buffer(target) is not null;

            /// <summary>The buffer at the dotted name <paramref name="target"/>, or null.</summary>
            public virtual Tensor? get_buffer(string target) =>
                Resolve(target, out string leaf) is { } m && m._buffers.TryGet(leaf, out var b) ? b.tensor : null;

            /// <summary>The module holding the last component of a dotted name, or null.</summary>
            private Module? Resolve(string target, out string leaf)
            {
                ArgumentNullException.ThrowIfNull(target);
                string[] parts = target.Split('.');
                Module? m = this;
                for (int i = 0; i < parts.Length - 1 && m is not null; i++)
                    m = m.named_children().FirstOrDefault(c => c.name == parts[i]).module;
                leaf = parts[^1];
                return m;
            }

            // ---- state ----------------------------------------------------------------------------------

            /// <summary>Whether the module is in training mode (see <see cref="train"/>).</summary>
            public virtual bool training => _training;

            /// <summary>Sets training mode (<paramref name="train"/> true) or evaluation mode on this module and every
            /// descendant; layers such as dropout and batch norm behave differently in each.</summary>
            public virtual void train(bool train = true)
            {
                _training = train;
                foreach (var (_, m) in named_children()) m.train(train);
            }

            /// <summary>Evaluation mode: <c>train(false)</c>.</summary>
            public virtual void eval() => train(false);

            /// <summary>Resets the gradient of every parameter: to null when <paramref name="set_to_none"/> (PyTorch's
            /// default), else to zeros in place.</summary>
            public virtual void zero_grad(bool set_to_none = true)
            {
                foreach (Parameter p in parameters())
                {
                    if (p._grad is null) continue;
                    if (set_to_none) { p.DropGrad(); continue; }
                    if (p._grad._gradFn is not null) p._grad = p._grad.detach(); // PyTorch detaches a create_graph grad first
                    p._grad.zero_();
                }
            }

            /// <summary>Sets <c>requires_grad</c> on every parameter (to freeze or unfreeze the module) and returns it.</summary>
            public virtual Module requires_grad_(bool requires_grad = true)
            {
                foreach (Parameter p in parameters()) p.requires_grad_(requires_grad);
                return this;
            }

            /// <summary>Calls <paramref name="fn"/> on every descendant (children first, depth first) and then on this
            /// module, e.g. to initialise weights; returns this module.</summary>
            public virtual Module apply(Action<Module> fn)
            {
                foreach (var (_, m) in named_children()) m.apply(fn);
                fn(this);
                return this;
            }

            /// <summary>Nothing to free: parameters are managed memory. Kept for TorchSharp source compatibility.</summary>
            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            /// <summary>Override point for TorchSharp-style modules; the base releases nothing.</summary>
            protected virtual void Dispose(bool disposing) { }

            private string ClassName()
            {
                string n = GetType().Name;
                int tick = n.IndexOf('`');
                return tick < 0 ? n : n[..tick];
            }
        }
    }
}
