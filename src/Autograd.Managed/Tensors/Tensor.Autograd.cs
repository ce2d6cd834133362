namespace Autograd;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>
        /// Whether gradients flow to this tensor. Settable on leaves only; only floating tensors may
        /// require grad.
        /// </summary>
        /// <exception cref="InvalidOperationException">Set on a non-leaf, or set true on an integer/bool tensor.</exception>
        public bool requires_grad
        {
            // a view requires grad when its base does, whatever mode made it (Note [Views and in-place])
            get => _requiresGrad || _gradFn is not null || _base is { } root && root.requires_grad;
            set => requires_grad_(value);
        }

        /// <summary>True for tensors created by the user (not by a recorded op): they accumulate <see cref="grad"/>.</summary>
        public bool is_leaf => _gradFn is null;

        /// <summary>The backward function that created this tensor, or null for leaves.</summary>
        /// <exception cref="InvalidOperationException">A view made in no_grad or inference mode, or by split, chunk or
        /// unbind, whose base was modified in place since (PyTorch's message).</exception>
        public Node? grad_fn => CurrentGradFn();

        /// <summary>The history; a view whose storage was written since its history was set gets it anew
        /// (Note [Views and in-place]).</summary>
        internal Node? CurrentGradFn() => _base is { } root ? ViewHistory.Refresh(this, root) : _gradFn;

        /// <summary>
        /// The accumulated gradient: set by <see cref="backward(Tensor, bool?, bool, IList{Tensor})"/> on leaves that require grad (and on
        /// non-leaves after <see cref="retain_grad"/>), summed across backward calls until zeroed or reset.
        /// </summary>
        public Tensor? grad
        {
            get
            {
                // handed out: from now on only the GC knows when it dies (Note [Gradient recycling])
                if (_grad is { } g && g._storage.OwnerTask == Storage.LeafPrivate) g._storage.OwnerTask = Storage.HandedOut;
                return _grad;
            }
            set
            {
                if (value is not null && (!Shape.SameShape(value._shape, _shape) || value._dtype != _dtype))
                    throw new ArgumentException(
                        $"assigned grad has data of a different size or type: expected {DType.Name(_dtype)} " +
                        $"{Shape.Format(_shape)}, got {DType.Name(value._dtype)} {Shape.Format(value._shape)}");
                if (!ReferenceEquals(value, _grad)) DropGrad();
                _grad = value;
            }
        }

        /// <summary>Sets <see cref="grad"/> to null; a gradient the engine stole into it and nobody ever
        /// read through <see cref="grad"/> is provably dead, so its array is pooled for the next backward.</summary>
        internal void DropGrad()
        {
            if (_grad is { } g && g._storage.Recyclable(Storage.LeafPrivate)) g._storage.Recycle();
            _grad = null;
        }

        /// <summary>Whether this non-leaf keeps its <see cref="grad"/> (see <see cref="retain_grad"/>).</summary>
        public bool retains_grad => _retainsGrad;

        /// <summary>Sets <see cref="requires_grad"/> in place and returns this tensor.</summary>
        public Tensor requires_grad_(bool requires_grad = true)
        {
            if (_gradFn is not null)
            {
                if (requires_grad) return this;
                throw new InvalidOperationException(
                    "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a " +
                    "subgraph that doesn't require differentiation use var_no_grad = var.detach().");
            }
            if (requires_grad && !DType.IsFloating(_dtype))
                throw new InvalidOperationException("only Tensors of floating point and complex dtype can require gradients");
            if (requires_grad && _storage.IsInference && !InferenceMode.IsEnabled)
                throw new InvalidOperationException("Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.");
            _requiresGrad = requires_grad;
            return this;
        }

        /// <summary>TorchSharp's spelling of <see cref="requires_grad_"/>.</summary>
        public Tensor with_requires_grad(bool requires_grad = true) => requires_grad_(requires_grad);

        /// <summary>Makes this non-leaf tensor keep its gradient in <see cref="grad"/> during backward.</summary>
        public void retain_grad()
        {
            if (!requires_grad) throw new InvalidOperationException("can't retain_grad on Tensor that has requires_grad=False");
            if (is_leaf || _retainsGrad) return;
            _retainsGrad = true;
            Node fn = CurrentGradFn()!;
            fn.Retained().Add((_outputNr, this));
            fn._hasRetained = true;
        }

        /// <summary>Replaces this existing tensor's history (an in-place op, a view regenerated after its base
        /// changed). A retained gradient follows the tensor to its new node, as PyTorch's
        /// update_tensor_hooks_on_new_gradfn moves the retains_grad hook; hooks registered with
        /// <c>register_hook</c> stay on the node they were registered on and fire when the old value's gradient
        /// passes it.</summary>
        internal void ReplaceHistory(Node fn, int outputNr)
        {
            Node? old = _gradFn;
            _gradFn = fn;
            _outputNr = outputNr;
            if (!_retainsGrad || old is null || ReferenceEquals(old, fn)) return;
            List<(int Output, Tensor Tensor)> retained = old.Retained();
            retained.RemoveAll(e => ReferenceEquals(e.Tensor, this));
            old._hasRetained = retained.Count > 0;
            fn.Retained().Add((outputNr, this));
            fn._hasRetained = true;
        }

        /// <summary>A new tensor sharing this one's storage, detached from the graph (requires_grad false).</summary>
        public Tensor detach() => new(_storage, _shape, _strides, _offset, _dtype);

        /// <summary>Detaches this tensor from the graph in place, making it a leaf that does not require grad.</summary>
        public Tensor detach_()
        {
            if (_base is not null && _base.requires_grad)
                throw new InvalidOperationException("Can't detach views in-place. Use detach() instead.");
            _gradFn = null;
            _outputNr = 0;
            _requiresGrad = false;
            return this;
        }

        /// <summary>The leaf's one AccumulateGrad, made on first use.</summary>
        internal AccumulateGrad GradAccumulator() => _gradAccumulator ?? MakeGradAccumulator();

        // under the leaf's lock, as the engine's writes of .grad (Note [Engine state]): threads recording ops on
        // one leaf at once must share its AccumulateGrad, and neither may lose the other's side-object field
        private AccumulateGrad MakeGradAccumulator()
        {
            lock (this) return _gradAccumulator ??= new AccumulateGrad(this);
        }

        /// <summary>
        /// Computes the vector-Jacobian product of this tensor with <paramref name="gradient"/> and accumulates
        /// it into the leaves' <see cref="grad"/>. <paramref name="retain_graph"/> defaults to
        /// <paramref name="create_graph"/>; with <paramref name="inputs"/>, only those accumulate.
        /// </summary>
        /// <exception cref="InvalidOperationException">This tensor does not require grad; no gradient for a
        /// non-scalar; the graph was freed by an earlier backward; a saved tensor was modified in place.</exception>
        public void backward(Tensor? gradient = null, bool? retain_graph = null, bool create_graph = false, IList<Tensor>? inputs = null) =>
            RunBackward(gradient, retain_graph, create_graph, inputs);

        /// <summary>TorchSharp's form: <paramref name="grad_tensors"/> holds at most one gradient.</summary>
        public void backward(IList<Tensor>? grad_tensors, bool? retain_graph = null, bool create_graph = false,
                             IList<Tensor>? inputs = null)
        {
            if (grad_tensors is not null && grad_tensors.Count > 1)
                throw new ArgumentException($"grad can only be given for one tensor here, got {grad_tensors.Count}");
            RunBackward(grad_tensors is { Count: 1 } ? grad_tensors[0] : null, retain_graph, create_graph, inputs);
        }

        private void RunBackward(Tensor? gradient, bool? retainGraph, bool createGraph, IList<Tensor>? inputs)
        {
            if (inputs is { Count: 0 }) throw new ArgumentException("'inputs' argument to backward() cannot be empty.");
            Tensor[]? targets = inputs is null ? null : [.. inputs];
            Engine.Run([this], [gradient], retainGraph ?? createGraph, createGraph, targets, capture: false, allowUnused: true);
        }
    }
}
