namespace Autograd.Ops;

/// <summary>isclose and value equality (Tensor.Equals).</summary>
internal static class Closeness
{
    internal static Tensor IsClose(Tensor a, Tensor b, double rtol, double atol, bool equalNan)
    {
        if (a._dtype != b._dtype)
            throw new ArgumentException($"{DType.ShortName(a._dtype)} did not match {DType.ShortName(b._dtype)}");
        if (rtol < 0) throw new ArgumentException($"rtol must be greater than or equal to zero, but got {rtol}");
        if (atol < 0) throw new ArgumentException($"atol must be greater than or equal to zero, but got {atol}");
        using (torch.no_grad())
        {
            Tensor close = a.eq(b); // exact matches, equal infinities included
            if (equalNan && DType.IsFloating(a._dtype)) close = close.logical_or(a.isnan().logical_and(b.isnan()));
            if (a._dtype == ScalarType.Bool) return close;
            // integers compare in float64, so the differences cannot wrap
            Tensor fa = Elementwise.As(a, DType.IsFloating(a._dtype) ? a._dtype : ScalarType.Float64);
            Tensor fb = Elementwise.As(b, fa._dtype);
            Tensor error = fa.sub(fb).abs(), allowed = fb.abs().mul(rtol).add(atol);
            return close.logical_or(error.isfinite().logical_and(error.le(allowed)));
        }
    }

    /// <summary>Value equality for <see cref="object.Equals(object)"/>: PyTorch's torch.equal (same shape, equal
    /// elements after promotion; NaN never equal), except that a tensor always equals itself, as .NET's
    /// contract for Equals requires (collections find a tensor holding NaNs).</summary>
    internal static bool ValueEquals(Tensor a, object? obj) =>
        obj is Tensor b && (ReferenceEquals(a, b) || a.equal(b));

    /// <summary>A hash consistent with <see cref="ValueEquals"/>: equal tensors share a shape, so the shape
    /// is hashed (never the values, which in-place ops change).</summary>
    internal static int ShapeHash(Tensor a)
    {
        var h = new HashCode();
        h.Add(a._shape.Length);
        foreach (long d in a._shape) h.Add(d);
        return h.ToHashCode();
    }
}
