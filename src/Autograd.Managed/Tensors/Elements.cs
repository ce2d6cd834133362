using System.Runtime.InteropServices;

namespace Autograd;

/// <summary>Reading elements out as .NET values (item, ToArray, data accessors, printing).</summary>
internal static class Elements
{
    internal static ScalarType TypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(double) ? ScalarType.Float64
        : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(bool) ? ScalarType.Bool
        : throw new NotSupportedException($"element type {typeof(T).Name} is not supported (use float, double, long or bool).");

    /// <summary>Reads one element at <paramref name="offset"/> (in elements) as a double.</summary>
    internal static double ReadDouble(ScalarType dtype, Storage data, long offset)
    {
        double value = dtype switch
        {
            ScalarType.Float32 => data.Element<float>(offset),
            ScalarType.Float64 => data.Element<double>(offset),
            ScalarType.Int64 => data.Element<long>(offset),
            ScalarType.Bool => data.Element<byte>(offset) != 0 ? 1 : 0,
            _ => throw DType.Unsupported(dtype),
        };
        GC.KeepAlive(data); // native memory lives only as long as its storage (Note [Native storage])
        return value;
    }

    /// <summary>Reads one element converted to <typeparamref name="T"/> (PyTorch's conversion rules).</summary>
    internal static T Convert<T>(ScalarType dtype, Storage data, long offset) where T : unmanaged
    {
        if (dtype == ScalarType.Int64 && typeof(T) == typeof(long))
        {
            long v = data.Element<long>(offset);
            GC.KeepAlive(data);
            return System.Runtime.CompilerServices.Unsafe.As<long, T>(ref v);
        }
        double d = ReadDouble(dtype, data, offset);
        if (typeof(T) == typeof(float)) { float f = (float)d; return System.Runtime.CompilerServices.Unsafe.As<float, T>(ref f); }
        if (typeof(T) == typeof(double)) return System.Runtime.CompilerServices.Unsafe.As<double, T>(ref d);
        if (typeof(T) == typeof(long)) { long l = (long)d; return System.Runtime.CompilerServices.Unsafe.As<long, T>(ref l); }
        if (typeof(T) == typeof(bool)) { bool b = d != 0; return System.Runtime.CompilerServices.Unsafe.As<bool, T>(ref b); }
        if (typeof(T) == typeof(int)) { int i = (int)d; return System.Runtime.CompilerServices.Unsafe.As<int, T>(ref i); }
        throw new NotSupportedException($"element type {typeof(T).Name} is not supported (use float, double, long or bool).");
    }

    /// <summary>A row-major copy of the elements converted to <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException">More elements than a .NET array holds.</exception>
    internal static T[] ToArray<T>(Tensor t) where T : unmanaged
    {
        ScalarType target = TypeOf<T>();
        if (t._numel > Array.MaxLength)
            throw new NotSupportedException($"a tensor of {t._numel} elements does not fit in a .NET array (at most {Array.MaxLength}); copy it out in slices (narrow).");
        Tensor c = Ops.Kernels.ConvertContiguous(t, target);
        T[] result = c.ContiguousSpan<T>().ToArray();
        GC.KeepAlive(c);
        return result;
    }

    /// <summary>The storage offset of the <paramref name="index"/>-th element in row-major order.</summary>
    internal static long OffsetOf(Tensor t, long index)
    {
        long offset = t._offset;
        for (int d = t._shape.Length - 1; d >= 0; d--)
        {
            long size = t._shape[d];
            offset += index % size * t._strides[d];
            index /= size;
        }
        return offset;
    }
}

/// <summary>Row-major element access through a tensor's view (TorchSharp's <c>data&lt;T&gt;()</c>).</summary>
public readonly struct TensorAccessor<T> : IEnumerable<T> where T : unmanaged
{
    private readonly Tensor _tensor;

    internal TensorAccessor(Tensor tensor)
    {
        if (Elements.TypeOf<T>() != tensor.dtype)
            throw new ArgumentException($"data<{typeof(T).Name}>() does not match the tensor's dtype {DType.Name(tensor.dtype)}.");
        _tensor = tensor;
    }

    /// <summary>The number of elements.</summary>
    public long Count => _tensor.numel();

    /// <summary>The <paramref name="index"/>-th element in row-major order.</summary>
    public T this[long index]
    {
        get
        {
            if ((ulong)index >= (ulong)Count) throw new IndexOutOfRangeException($"index {index} is out of bounds for {Count} elements");
            Storage storage = _tensor._storage;
            T value = storage.Element<T>(Elements.OffsetOf(_tensor, index));
            GC.KeepAlive(storage);
            return value;
        }
    }

    /// <summary>A row-major copy of the elements.</summary>
    public T[] ToArray() => _tensor.ToArray<T>();

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator()
    {
        for (long i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
