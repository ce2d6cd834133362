namespace Autograd;

/// <summary>How a view was made, which decides whether it may be modified in place (PyTorch's CreationMeta).</summary>
internal enum ViewKind : byte
{
    /// <summary>In grad mode by a single-output view op: in-place ops on it or its base are differentiated.</summary>
    Default,
    /// <summary>In no_grad mode: an in-place op that would be recorded is refused.</summary>
    NoGrad,
    /// <summary>In inference mode.</summary>
    Inference,
    /// <summary>One of several views returned by one op (split, chunk, unbind).</summary>
    MultiOutput,
}

/// <summary>
/// Note [Views and in-place]: PyTorch's view + in-place semantics. A view shares its root base's storage, so an
/// in-place op on either changes the other's values and must change its history too:
/// - An in-place op on a view (or any op writing through one: copy_, setitem, fill_) that records gives the base a
///   <see cref="CopySlices"/> node: the gradient for the base's new value flows to the base's old history with the
///   written region zeroed, and the region's gradient goes through the op's own node to its inputs (the view's
///   old values, which reach the base's old history through the view's old node, and the other operands).
/// - A view whose storage version moved since its history was set (its base or another view of it was modified
///   in place) gets a new node when its history is next read (<see cref="Refresh"/>): <see cref="AsStridedBackward0"/>,
///   which places its gradient at the view's elements of a base-shaped zero gradient, connected to the base's
///   current history. Reading history means <c>grad_fn</c>, using the view as an op input or a backward root.
/// - Views made in no_grad or inference mode, and the outputs of split/chunk/unbind, cannot take part: an in-place
///   op that would record on them, or on their base before they are used again, is refused with PyTorch's words.
/// Both nodes are written with differentiable ops over the storage positions of the two geometries, so double
/// backward works and overlapping views (expand) accumulate.
/// </summary>
internal static class ViewHistory
{
    /// <summary>The kind of a view of <paramref name="x"/> made now: no_grad or inference mode wins over the kind
    /// of the view it is made from, except that a view of an inference-mode view stays one (PyTorch's
    /// propagate_creation_meta).</summary>
    internal static ViewKind KindOfNewView(Tensor x, bool multiOutput)
    {
        ViewKind parent = x._base is null ? ViewKind.Default : x._viewKind;
        ViewKind now = InferenceMode.IsEnabled ? ViewKind.Inference
            : !GradMode.IsEnabled ? ViewKind.NoGrad
            : multiOutput ? ViewKind.MultiOutput : ViewKind.Default;
        return now == ViewKind.Default ? parent : parent == ViewKind.Inference ? parent : now;
    }

    /// <summary>Marks the views one op returned together (split, chunk, unbind) as such.</summary>
    internal static void MarkMultiOutput(Tensor x, Tensor[] views)
    {
        ViewKind kind = KindOfNewView(x, multiOutput: true);
        foreach (Tensor v in views) v._viewKind = kind;
    }

    /// <summary>The view's history, made anew when its storage changed since it was set.</summary>
    internal static Node? Refresh(Tensor view, Tensor root)
    {
        if (view._gradFn is null && !root.requires_grad) return null;
        if (view._viewVersion == view._storage.Version) return view._gradFn;
        lock (view)
        {
            if (view._viewVersion == view._storage.Version) return view._gradFn;
            CheckKind(view, indirect: true);
            SetAsView(view, root);
            return view._gradFn;
        }
    }

    // the view's history becomes "these elements of its base's current history"
    private static void SetAsView(Tensor view, Tensor root)
    {
        var node = Graph.Wire(new AsStridedBackward0(root, view), [root]);
        if (AnomalyMode.Enabled) AnomalyMode.Record(node);
        view.ReplaceHistory(node, 0);
        view._viewVersion = view._storage.Version;
    }

    /// <summary>PyTorch's handle_view_on_rebase: refuses to differentiate an in-place change to a view that cannot
    /// take it (<paramref name="indirect"/>: the change was to its base or another view of it).</summary>
    internal static void CheckKind(Tensor view, bool indirect)
    {
        ViewKind kind = view._viewKind;
        if (kind == ViewKind.Default) return;
        Node? fn = view._gradFn;
        string modified = indirect ? "its base or another view of its base has been" : "is being";
        string message;
        if (kind is ViewKind.Inference or ViewKind.NoGrad || fn is null)
        {
            string prefix = fn is null
                ? "A view was created in"
                : $"Output {view._outputNr} of {fn.name()} is a view of a view which was created in";
            message = kind == ViewKind.Inference
                ? $"{prefix} inference mode and {modified} modified inplace in normal mode."
                : $"{prefix} no_grad mode and {modified} modified inplace with grad mode enabled.";
        }
        else message = $"Output {view._outputNr} of {fn.name()} is a view and {modified} modified inplace.";
        if (kind == ViewKind.MultiOutput)
            message += " This view is the output of a function that returns multiple views. Such functions do not allow the output" +
                       " views to be modified inplace. You should replace the inplace operation by an out-of-place one.";
        else
        {
            string block = kind == ViewKind.NoGrad ? "no_grad" : "inference_mode";
            message += " Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving" +
                       $" both the view and the inplace either both inside the {block} block (if you don't want the inplace to be" +
                       " tracked) or both outside (if you want the inplace to be tracked).";
        }
        throw new InvalidOperationException(message);
    }

    /// <summary>Gives <paramref name="self"/>, just written in place, the history of the op that wrote it:
    /// output <paramref name="outputNr"/> of <paramref name="fn"/>. On a view the base takes it through
    /// <see cref="CopySlices"/> and the view becomes a view of the base's new history.</summary>
    internal static void SetInPlaceHistory(Tensor self, Node fn, int outputNr)
    {
        if (self._base is not { } root)
        {
            self.ReplaceHistory(fn, outputNr);
            return;
        }
        var copySlices = new CopySlices(root, self, fn, outputNr);
        if (AnomalyMode.Enabled) AnomalyMode.Record(copySlices);
        root.ReplaceHistory(copySlices, 0);
        SetAsView(self, root);
    }
}
