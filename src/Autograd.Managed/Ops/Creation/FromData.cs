using System.Runtime.InteropServices;

namespace Autograd;

public static partial class torch
{
    /// <summary>Wraps a copy of <paramref name="values"/> as a tensor of <paramref name="shape"/> and converts it
    /// to <paramref name="dtype"/> when given. The result is a leaf (requires_grad applies to it directly,
    /// unlike TorchSharp, which returns a non-leaf when a dtype conversion happens).</summary>
    private static Tensor FromSpan<T>(ReadOnlySpan<T> values, long[] shape, ScalarType? dtype, Device? device, bool requires_grad) where T : unmanaged
    {
        Device.Check(device);
        Shape.CheckSizes(shape);
        if (Shape.Numel(shape) != values.Length)
            throw new ArgumentException($"the number of elements ({values.Length}) does not match the shape {Shape.Format(shape)}");
        ScalarType source = Elements.TypeOf<T>();
        var storage = new Storage(values.ToArray());
        var t = new Tensor(storage, shape, Shape.ContiguousStrides(shape), 0, source);
        if (dtype is ScalarType target && target != source) t = Ops.Kernels.ConvertContiguous(t, DType.Check(target));
        return Finish(t, requires_grad);
    }

    private static long[] Dims(Array a)
    {
        var dims = new long[a.Rank];
        for (int i = 0; i < dims.Length; i++) dims[i] = a.GetLength(i);
        return dims;
    }

    // ---- scalars (0-d) ---------------------------------------------------------------------------

    /// <summary>A 0-d float32 tensor.</summary>
    public static Tensor tensor(float scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan([scalar], [], dtype, device, requires_grad);
    /// <summary>A 0-d float64 tensor (a C# double is float64, as in TorchSharp).</summary>
    public static Tensor tensor(double scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan([scalar], [], dtype, device, requires_grad);
    /// <summary>A 0-d int64 tensor.</summary>
    public static Tensor tensor(long scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan([scalar], [], dtype, device, requires_grad);
    /// <summary>A 0-d int64 tensor (from an int).</summary>
    public static Tensor tensor(int scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan([(long)scalar], [], dtype, device, requires_grad);
    /// <summary>A 0-d bool tensor.</summary>
    public static Tensor tensor(bool scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan([scalar], [], dtype, device, requires_grad);

    // ---- 1-d arrays and arrays with a shape ------------------------------------------------------

    /// <summary>A 1-d float32 tensor copied from <paramref name="rawArray"/>.</summary>
    public static Tensor tensor(float[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromSpan<float>(rawArray, [rawArray.Length], dtype, device, requires_grad);
    /// <summary>A 1-d float64 tensor.</summary>
    public static Tensor tensor(double[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromSpan<double>(rawArray, [rawArray.Length], dtype, device, requires_grad);
    /// <summary>A 1-d int64 tensor.</summary>
    public static Tensor tensor(long[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromSpan<long>(rawArray, [rawArray.Length], dtype, device, requires_grad);
    /// <summary>A 1-d int64 tensor from ints (PyTorch's default integer type).</summary>
    public static Tensor tensor(int[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromSpan<long>(Array.ConvertAll(rawArray, v => (long)v), [rawArray.Length], dtype, device, requires_grad);
    /// <summary>A 1-d bool tensor.</summary>
    public static Tensor tensor(bool[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromSpan<bool>(rawArray, [rawArray.Length], dtype, device, requires_grad);

    /// <summary>A float32 tensor of <paramref name="dimensions"/> from row-major values.</summary>
    public static Tensor tensor(float[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromSpan<float>(rawArray, dimensions.ToArray(), dtype, device, requires_grad);
    /// <summary>A float64 tensor of <paramref name="dimensions"/> from row-major values.</summary>
    public static Tensor tensor(double[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromSpan<double>(rawArray, dimensions.ToArray(), dtype, device, requires_grad);
    /// <summary>An int64 tensor of <paramref name="dimensions"/> from row-major values.</summary>
    public static Tensor tensor(long[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromSpan<long>(rawArray, dimensions.ToArray(), dtype, device, requires_grad);
    /// <summary>A bool tensor of <paramref name="dimensions"/> from row-major values.</summary>
    public static Tensor tensor(bool[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromSpan<bool>(rawArray, dimensions.ToArray(), dtype, device, requires_grad);
    /// <summary>A float32 tensor of rows×columns from row-major values.</summary>
    public static Tensor tensor(float[] rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromSpan<float>(rawArray, [rows, columns], dtype, device, requires_grad);
    /// <summary>A float64 tensor of rows×columns from row-major values.</summary>
    public static Tensor tensor(double[] rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromSpan<double>(rawArray, [rows, columns], dtype, device, requires_grad);
    /// <summary>An int64 tensor of rows×columns from row-major values.</summary>
    public static Tensor tensor(long[] rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromSpan<long>(rawArray, [rows, columns], dtype, device, requires_grad);

    // ---- multi-dimensional C# arrays -------------------------------------------------------------

    /// <summary>A 2-d float32 tensor.</summary>
    public static Tensor tensor(float[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromMulti<float>(rawArray, dtype, device, requires_grad);
    /// <summary>A 2-d float64 tensor.</summary>
    public static Tensor tensor(double[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromMulti<double>(rawArray, dtype, device, requires_grad);
    /// <summary>A 2-d int64 tensor.</summary>
    public static Tensor tensor(long[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromMulti<long>(rawArray, dtype, device, requires_grad);
    /// <summary>A 3-d float32 tensor.</summary>
    public static Tensor tensor(float[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromMulti<float>(rawArray, dtype, device, requires_grad);
    /// <summary>A 3-d float64 tensor.</summary>
    public static Tensor tensor(double[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, string[]? names = null) => FromMulti<double>(rawArray, dtype, device, requires_grad);

    private static Tensor FromMulti<T>(Array a, ScalarType? dtype, Device? device, bool requires_grad) where T : unmanaged
    {
        var flat = new T[a.Length];
        Buffer.BlockCopy(a, 0, flat, 0, Buffer.ByteLength(a));
        return FromSpan<T>(flat, Dims(a), dtype, device, requires_grad);
    }

    /// <summary>A tensor that SHARES <paramref name="rawArray"/> (no copy), shaped by <paramref name="dimensions"/>
    /// (1-d by default): writes through either are visible in both.</summary>
    public static Tensor from_array(float[] rawArray, long[]? dimensions = null) => Share(rawArray, dimensions);
    /// <summary>A float64 tensor sharing <paramref name="rawArray"/>.</summary>
    public static Tensor from_array(double[] rawArray, long[]? dimensions = null) => Share(rawArray, dimensions);
    /// <summary>An int64 tensor sharing <paramref name="rawArray"/>.</summary>
    public static Tensor from_array(long[] rawArray, long[]? dimensions = null) => Share(rawArray, dimensions);

    private static Tensor Share<T>(T[] rawArray, long[]? dimensions) where T : unmanaged
    {
        long[] shape = Shape.CheckSizes(dimensions is null ? [rawArray.Length] : (long[])dimensions.Clone());
        if (Shape.Numel(shape) != rawArray.Length)
            throw new ArgumentException($"the number of elements ({rawArray.Length}) does not match the shape {Shape.Format(shape)}");
        return new Tensor(new Storage(rawArray), shape, Shape.ContiguousStrides(shape), 0, Elements.TypeOf<T>());
    }
}
