namespace Autograd;

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>
        /// What a custom Function's forward leaves for its backward (PyTorch's <c>ctx</c>): saved tensors (version-checked
        /// when unpacked), arbitrary data, which inputs need a gradient, and the marks for in-place modified and
        /// non-differentiable outputs.
        /// </summary>
        public sealed class AutogradContext
        {
            private List<Tensor> _toSave = [];
            private SavedTensor[] _saved = [];
            private readonly Dictionary<string, object?> _data = [];
            internal Node? Node;
            internal List<Tensor> Dirty = [], NonDifferentiable = [];

            /// <summary>Whether each forward argument (in order; false for non-tensors) needs a gradient.</summary>
            public IReadOnlyList<bool> needs_input_grad { get; internal set; } = [];

            /// <summary>Whether missing output gradients reach backward as zeros (true, the default) or as null.</summary>
            public bool MaterializeGrads { get; private set; } = true;

            /// <summary>Saves tensors (null allowed) for backward; call once in forward. Unpacking one that was modified in
            /// place since throws PyTorch's "modified by an inplace operation" error.</summary>
            public void save_for_backward(List<Tensor> tensors) => _toSave = [.. tensors];


            /// <summary>The tensors given to <see cref="save_for_backward(List{Tensor})"/>, as saved.</summary>
            /// <exception cref="InvalidOperationException">The graph was freed, or a saved tensor was modified in place.</exception>
            public List<Tensor> get_saved_variables()
            {
                var result = new List<Tensor>(_saved.Length);
                foreach (SavedTensor s in _saved) result.Add(s.IsEmpty ? null! : s.Unpack(Node!));
                return result;
            }

            /// <summary>PyTorch's spelling of <see cref="get_saved_variables"/>.</summary>
            public List<Tensor> saved_tensors => get_saved_variables();

            /// <summary>Keeps a non-tensor value for backward.</summary>
            public void save_data(string key, object? value) => _data[key] = value;

            /// <summary>A value kept by <see cref="save_data"/>, or null.</summary>
            public object? get_data(string key) => _data.TryGetValue(key, out object? v) ? v : null;

            /// <summary>Declares inputs that forward modified in place; each must also be returned.</summary>
            public void mark_dirty(List<Tensor> tensors) => Dirty = [.. tensors];


            /// <summary>Declares outputs that have no gradient: they do not require grad, and backward receives zeros for them.</summary>
            public void mark_non_differentiable(List<Tensor> tensors) => NonDifferentiable = [.. tensors];


            /// <summary>Whether missing output gradients reach backward as zeros (default) or null.</summary>
            public void set_materialize_grads(bool value) => MaterializeGrads = value;

            internal void Save()
            {
                _saved = new SavedTensor[_toSave.Count];
                for (int i = 0; i < _saved.Length; i++) if (_toSave[i] is Tensor t) _saved[i] = new SavedTensor(t);
                _toSave = [];
            }

            internal void Release()
            {
                for (int i = 0; i < _saved.Length; i++) _saved[i].Release();
            }
        }

        /// <summary>
        /// A user-defined differentiable operation (PyTorch's <c>torch.autograd.Function</c>, TorchSharp's spelling): forward
        /// runs without recording, backward maps output gradients to one gradient per forward argument (null for
        /// non-tensors and inputs without a gradient). The node's name is <see cref="Name"/> + "Backward". A backward written
        /// with differentiable ops supports double backward.
        /// </summary>
        public abstract class Function<T> where T : Function<T>, new()
        {
            internal static T Instance { get; } = new();

            /// <summary>The Function's name; its node is called <c>{Name}Backward</c>.</summary>
            public abstract string Name { get; }

            internal abstract List<Tensor> ForwardAll(AutogradContext ctx, object[] vars);
            internal abstract List<Tensor> BackwardAll(AutogradContext ctx, List<Tensor> gradOutputs);

            /// <summary>Runs forward and, when grad mode is on and a tensor argument requires grad, records a node.</summary>
            public static List<Tensor> apply_internal(params object[] vars) => FunctionNode<T>.Apply(Instance, vars);
        }

        /// <summary>A custom Function with one output.</summary>
        public abstract class SingleTensorFunction<T> : Function<T> where T : SingleTensorFunction<T>, new()
        {
            /// <summary>Applies the Function to <paramref name="vars"/> (tensors and other values).</summary>
            public static Tensor apply(params object[] vars) => apply_internal(vars)[0];

            /// <summary>The computation (grad mode off); <paramref name="vars"/> as given to <see cref="apply"/>.</summary>
            public abstract Tensor forward(AutogradContext ctx, params object[] vars);

            /// <summary>One gradient per forward argument (null where none), from the output's gradient.</summary>
            public abstract List<Tensor> backward(AutogradContext ctx, Tensor grad_output);

            internal sealed override List<Tensor> ForwardAll(AutogradContext ctx, object[] vars) => [forward(ctx, vars)];
            internal sealed override List<Tensor> BackwardAll(AutogradContext ctx, List<Tensor> gradOutputs) =>
                backward(ctx, gradOutputs[0]!);
        }

        /// <summary>A custom Function with several outputs.</summary>
        public abstract class MultiTensorFunction<T> : Function<T> where T : MultiTensorFunction<T>, new()
        {
            /// <summary>Applies the Function to <paramref name="vars"/> (tensors and other values).</summary>
            public static List<Tensor> apply(params object[] vars) => apply_internal(vars);

            /// <summary>The computation (grad mode off); <paramref name="vars"/> as given to <see cref="apply"/>.</summary>
            public abstract List<Tensor> forward(AutogradContext ctx, params object[] vars);

            /// <summary>One gradient per forward argument (null where none), from the outputs' gradients.</summary>
            public abstract List<Tensor> backward(AutogradContext ctx, List<Tensor> grad_outputs);

            internal sealed override List<Tensor> ForwardAll(AutogradContext ctx, object[] vars) => forward(ctx, vars);
            internal sealed override List<Tensor> BackwardAll(AutogradContext ctx, List<Tensor> gradOutputs) => backward(ctx, gradOutputs);
        }
    }
}
