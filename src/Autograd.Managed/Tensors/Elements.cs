using System.Runtime.InteropServices;

namespace Autograd;

/// <summary>Reading elements out as .NET values (item, ToArray, data accessors, printing).</summary>
internal static class Elements
{
    /// <summary>The dtype whose elements are .NET <typeparamref name="T"/> (TorchSharp's pairing: byte is
    /// uint8, sbyte int8, short int16, int int32, Half float16). bfloat16 has no .NET element type.</summary>
    internal static ScalarType TypeOf<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(double) ? ScalarType.Float64
        : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(bool) ? ScalarType.Bool
        : typeof(T) == typeof(int) ? ScalarType.Int32
        : typeof(T) == typeof(byte) ? ScalarType.Byte
        : typeof(T) == typeof(sbyte) ? ScalarType.Int8
        : typeof(T) == typeof(short) ? ScalarType.Int16
        : typeof(T) == typeof(Half) ? ScalarType.Float16
        : throw new NotSupportedException(
            $"element type {typeof(T).Name} is not supported (use float, double, Half, long, int, short, sbyte, byte or bool).");

    /// <summary>TorchSharp's check behind <c>data&lt;T&gt;()</c> and <c>item&lt;T&gt;()</c>: the element type must be
    /// the dtype's own, no conversion.</summary>
    /// <exception cref="ArgumentException"><c>Single is not compatible with Int64</c>.</exception>
    internal static void CheckType<T>(ScalarType dtype) where T : unmanaged
    {
        bool known = typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(long) || typeof(T) == typeof(bool)
            || typeof(T) == typeof(int) || typeof(T) == typeof(byte) || typeof(T) == typeof(sbyte) || typeof(T) == typeof(short)
                || typeof(T) == typeof(Half);
        if (!known || TypeOf<T>() != dtype)
            throw new ArgumentException($"{typeof(T).Name} is not compatible with {dtype}");
    }

    /// <summary>Reads one element at <paramref name="offset"/> (in elements) as a double (exact for every dtype
    /// but int64 beyond 2^53).</summary>
    internal static double ReadDouble(ScalarType dtype, Storage data, long offset)
    {
        double value = dtype switch
        {
            ScalarType.Float32 => data.Element<float>(offset),
            ScalarType.Float64 => data.Element<double>(offset),
            ScalarType.Int64 => data.Element<long>(offset),
            ScalarType.Bool => data.Element<byte>(offset) != 0 ? 1 : 0,
            ScalarType.Byte => data.Element<byte>(offset),
            ScalarType.Int8 => data.Element<sbyte>(offset),
            ScalarType.Int16 => data.Element<short>(offset),
            ScalarType.Int32 => data.Element<int>(offset),
            ScalarType.Float16 => (double)data.Element<Half>(offset),
            ScalarType.BFloat16 => BitConverter.Int32BitsToSingle(data.Element<ushort>(offset) << 16),
            _ => throw DType.Unsupported(dtype),
        };
        GC.KeepAlive(data); // native memory lives only as long as its storage (Note [Native storage])
        return value;
    }

    /// <summary>Reads one element converted to <typeparamref name="T"/> (TorchSharp's <c>ToSingle</c>,
    /// <c>ToInt32</c>, … conversions: floating values truncate toward zero).</summary>
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
        if (typeof(T) == typeof(short)) { short i = (short)d; return System.Runtime.CompilerServices.Unsafe.As<short, T>(ref i); }
        if (typeof(T) == typeof(sbyte)) { sbyte i = (sbyte)d; return System.Runtime.CompilerServices.Unsafe.As<sbyte, T>(ref i); }
        if (typeof(T) == typeof(byte)) { byte i = (byte)d; return System.Runtime.CompilerServices.Unsafe.As<byte, T>(ref i); }
        if (typeof(T) == typeof(Half)) { Half h = (Half)(float)d; return System.Runtime.CompilerServices.Unsafe.As<Half, T>(ref h); }
        throw new NotSupportedException(
            $"element type {typeof(T).Name} is not supported (use float, double, Half, long, int, short, sbyte, byte or bool).");
    }

    /// <summary>A row-major copy of the elements converted to <typeparamref name="T"/>.</summary>
    /// <exception cref="NotSupportedException">More elements than a .NET array holds.</exception>
    internal static T[] ToArray<T>(Tensor t) where T : unmanaged
    {
        ScalarType target = TypeOf<T>();
        if (t._numel > Array.MaxLength)
            throw new NotSupportedException(
                $"a tensor of {t._numel} elements does not fit in a .NET array (at most {Array.MaxLength}); copy it out in " +
                $"slices (narrow).");
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
        Elements.CheckType<T>(tensor.dtype);
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
