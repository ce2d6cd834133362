using System.Runtime.CompilerServices;

namespace Autograd;

/// <summary>
/// Note [Forward view tangents]: as in PyTorch, the tangent of a view is a view of its base's tangent, read when
/// asked. A view's forward base is the tensor it views (or that tensor's own forward base); views made while a level
/// is open record it, older ones use their <c>_base</c>. Reading a view's tangent looks at its forward base's current
/// tangent through the view's geometry, so a base modified in place (which gives it a new tangent) is seen by every
/// view, and a view of a base that gets its first tangent later has one. An in-place op through a view writes its
/// tangent into a copy of the base's tangent (zeros if it had none), which becomes the base's. For the geometry to
/// apply, a tangent stored on a tensor that is not a view is kept in that tensor's layout (PyTorch's has_same_meta,
/// copying otherwise). make_dual's results and unpack_dual's primals are forward bases of their own (PyTorch's
/// _make_dual and _fw_primal are not forward-differentiable views). A tangent that requires grad (reverse over
/// forward) keeps its history instead: a view reads it, and an in-place op through a view writes it, with
/// differentiable gathers and index copies over the two geometries (<see cref="ViewGeometry"/>, as Note [Views and
/// in-place] does for gradients), so the backward pass through the tangents sees every step.
/// </summary>
internal static partial class ForwardAD
{
    private static ConditionalWeakTable<Tensor, Tensor>? s_views; // views made in the level -> their forward base

    /// <summary>Records that <paramref name="view"/> (made by <c>Views.MakeView</c>) views <paramref name="of"/>.</summary>
    internal static void MarkView(Tensor view, Tensor of)
    {
        if (s_views is { } views) views.AddOrUpdate(view, ForwardBase(of));
    }

    private static Tensor ForwardBase(Tensor t)
    {
        if (s_views is { } views && views.TryGetValue(t, out Tensor? b)) return b;
        if (s_duals is { } duals && duals.TryGetValue(t, out _)) return t;
        return t._base ?? t;
    }

    /// <summary>The tangent of a view seen through its forward base's tangent, or null when the base has none (or
    /// has one that cannot be viewed: another layout, or one that requires grad).</summary>
    private static Tensor? ViewTangent(ConditionalWeakTable<Tensor, Tensor> table, Tensor t)
    {
        Tensor fb = ForwardBase(t);
        if (ReferenceEquals(fb, t) || !table.TryGetValue(fb, out Tensor? tb)) return null;
        if (tb.requires_grad) return Paused(() => new ViewGeometry(fb, t).Region(tb));
        return SameLayout(tb, fb) ? Through(tb, t) : null;
    }

    // t's geometry applied to a tangent in the layout of t's forward base
    private static Tensor Through(Tensor tangent, Tensor t) => new(tangent._storage, t._shape, t._strides, t._offset, tangent._dtype);

    /// <summary>Gives <paramref name="self"/> the tangent of an in-place op's result (Note [Forward view tangents]).
    /// Null (the result has none) becomes zeros where self had a tangent.</summary>
    internal static void SetInPlaceTangent(Tensor self, Tensor? tangent)
    {
        if (Volatile.Read(ref s_tangents) is not { } table) return;
        Tensor? old = TangentOf(self);
        if (tangent is null && old is null) return;
        Tensor fb = ForwardBase(self);
        Tensor? baseTangent = table.TryGetValue(fb, out Tensor? tb) ? tb : null;
        if (ReferenceEquals(fb, self))
        {
            table.AddOrUpdate(self, InLayoutOf(tangent ?? torch.zeros_like(old!), self));
            return;
        }
        if (tangent is { requires_grad: true } || baseTangent is { requires_grad: true })
        {
            // a tangent with history: the base's new tangent is the old one with the view's region replaced, recorded
            table.AddOrUpdate(fb, Paused(() =>
            {
                var geometry = new ViewGeometry(fb, self);
                Tensor region = (tangent ?? torch.zeros_like(self)).to(fb._dtype);
                return geometry.Replace(baseTangent ?? torch.zeros_like(fb), region);
            }));
            table.Remove(self);
            return;
        }
        Tensor fresh = NewInLayoutOf(fb, (baseTangent ?? tangent ?? old!)._dtype);
        Paused(() =>
        {
            using var _ = torch.no_grad();
            if (baseTangent is null) fresh.zero_(); else fresh.copy_(baseTangent); // a copy: others may share the old one
            Tensor region = Through(fresh, self);
            if (tangent is null) region.zero_(); else region.copy_(tangent);
            return 0;
        });
        table.AddOrUpdate(fb, fresh);
        table.Remove(self);
    }

    /// <summary>The tangent in <paramref name="like"/>'s layout: itself when it has it, else a copy (a tangent that
    /// requires grad stays as it is, keeping its history).</summary>
    internal static Tensor InLayoutOf(Tensor tangent, Tensor like)
    {
        if (SameLayout(tangent, like) || tangent.requires_grad) return tangent;
        return Paused(() =>
        {
            using var _ = torch.no_grad();
            Tensor copy = NewInLayoutOf(like, tangent._dtype);
            copy.copy_(tangent);
            return copy;
        });
    }

    // an uninitialised tensor of like's shape, strides and offset over a storage as long (in elements) as like's
    private static Tensor NewInLayoutOf(Tensor like, ScalarType dtype)
    {
        long elements = like._storage.ByteLength / DType.ElementSize(like._dtype);
        Tensor flat = Tensor.Empty([elements], dtype);
        return new Tensor(flat._storage, like._shape, like._strides, like._offset, dtype);
    }

    /// <summary>PyTorch's has_same_meta: offset, sizes, and strides of dims longer than 1.</summary>
    internal static bool SameLayout(Tensor a, Tensor b)
    {
        if (a._offset != b._offset || a._shape.Length != b._shape.Length) return false;
        for (int d = 0; d < a._shape.Length; d++)
            if (a._shape[d] != b._shape[d] || a._shape[d] != 1 && a._strides[d] != b._strides[d]) return false;
        return true;
    }
}
