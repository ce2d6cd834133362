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
    internal static double ReadDouble(ScalarType dtype, ReadOnlySpan<byte> data, long offset) => dtype switch
    {
        ScalarType.Float32 => MemoryMarshal.Cast<byte, float>(data)[(int)offset],
        ScalarType.Float64 => MemoryMarshal.Cast<byte, double>(data)[(int)offset],
        ScalarType.Int64 => MemoryMarshal.Cast<byte, long>(data)[(int)offset],
        ScalarType.Bool => data[(int)offset] != 0 ? 1 : 0,
        _ => throw DType.Unsupported(dtype),
    };

    /// <summary>Reads one element converted to <typeparamref name="T"/> (PyTorch's conversion rules).</summary>
    internal static T Convert<T>(ScalarType dtype, ReadOnlySpan<byte> data, long offset) where T : unmanaged
    {
        if (dtype == ScalarType.Int64 && typeof(T) == typeof(long))
        {
            long v = MemoryMarshal.Cast<byte, long>(data)[(int)offset];
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
    internal static T[] ToArray<T>(Tensor t) where T : unmanaged
    {
        ScalarType target = TypeOf<T>();
        Tensor c = Ops.Kernels.ConvertContiguous(t, target);
        return c.ContiguousSpan<T>().ToArray();
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
            return MemoryMarshal.Cast<byte, T>(_tensor._storage.Bytes)[(int)Elements.OffsetOf(_tensor, index)];
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
