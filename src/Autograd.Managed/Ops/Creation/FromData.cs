using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Autograd;

// torch.tensor(...) from C# data, in every form TorchSharp accepts. Each element type gives its own
// dtype, as in TorchSharp: int is int32, long int64 (FromData.Narrow.cs: byte, sbyte, short, Half). The result is always a leaf:
// with requires_grad it is the tensor that accumulates .grad, even when a dtype conversion happened
// (TorchSharp returns a non-leaf there).
public static partial class torch
{
    private static Tensor FromSpan<T>(ReadOnlySpan<T> values, long[] shape, ScalarType? dtype, Device? device, bool requires_grad,
                                      string[]? names) where T : unmanaged
    {
        Device.Check(device);
        NoNames(names);
        Shape.CheckSizes(shape);
        if (Shape.Numel(shape) != values.Length)
            throw new ArgumentException($"shape '{Shape.Format(shape)}' is invalid for input of size {values.Length}");
        // a copy in storage of our own: large storage is cache-line aligned (Storage.Allocate), which a
        // values.ToArray() copy is not (a 256x256 matmul reading its B misaligned ran ~12% slower)
        Storage storage = Storage.Allocate((long)values.Length * Unsafe.SizeOf<T>());
        storage.CopyFrom(values);
        var t = new Tensor(storage, shape, Shape.ContiguousStrides(shape), 0, Elements.TypeOf<T>());
        if (dtype is ScalarType target && target != t.dtype) t = Ops.Kernels.ConvertContiguous(t, DType.Check(target));
        return Finish(t, requires_grad);
    }

    private static Tensor FromList<T>(IList<T> values, long[] shape, ScalarType? dtype, Device? device, bool requires_grad, string[]? names)
        where T : unmanaged =>
        values is T[] array ? FromSpan<T>(array, shape, dtype, device, requires_grad, names)
            : FromSpan<T>([.. values], shape, dtype, device, requires_grad, names);

    private static Tensor FromInts(IList<int> values, long[] shape, ScalarType? dtype, Device? device, bool requires_grad,
                                   string[]? names) =>
        FromList(values, shape, dtype, device, requires_grad, names);

    /// <summary>A C# n-d array's elements in row-major order, and its sizes.</summary>
    private static T[] Flatten<T>(Array a, out long[] dims) where T : unmanaged
    {
        dims = new long[a.Rank];
        for (int i = 0; i < dims.Length; i++) dims[i] = a.GetLength(i);
        // Half is not a primitive type, so Buffer.BlockCopy would refuse it: copy the elements as a span
        var flat = new T[a.Length];
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(a)), a.Length).CopyTo(flat);
        return flat;
    }

    private static Tensor FromMulti<T>(Array a, ScalarType? dtype, Device? device, bool requires_grad, string[]? names)
        where T : unmanaged =>
        FromSpan<T>(Flatten<T>(a, out long[] dims), dims, dtype, device, requires_grad, names);

    private static Tensor FromMultiInts(Array a, ScalarType? dtype, Device? device, bool requires_grad, string[]? names) =>
        FromMulti<int>(a, dtype, device, requires_grad, names);

    // ---- 0-d ------------------------------------------------------------------------------------

    /// <summary>A 0-d float32 tensor.</summary>
    public static Tensor tensor(float scalar, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], null, device, requires_grad, null);
    /// <summary>A 0-d tensor from a float, converted to <paramref name="dtype"/>; a leaf when requires_grad.</summary>
    public static Tensor tensor(float scalar, ScalarType? dtype, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], dtype, device, requires_grad, null);
    /// <summary>A 0-d float64 tensor (a C# double is float64, as in TorchSharp).</summary>
    public static Tensor tensor(double scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], dtype, device, requires_grad, null);
    /// <summary>A 0-d int64 tensor.</summary>
    public static Tensor tensor(long scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], dtype, device, requires_grad, null);
    /// <summary>A 0-d int32 tensor.</summary>
    public static Tensor tensor(int scalar, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], null, device, requires_grad, null);
    /// <summary>A 0-d tensor from an int, converted to <paramref name="dtype"/>.</summary>
    public static Tensor tensor(int scalar, ScalarType? dtype, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], dtype, device, requires_grad, null);
    /// <summary>A 0-d bool tensor.</summary>
    public static Tensor tensor(bool scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], dtype, device, requires_grad, null);

    // ---- float data ----
    /// <summary>A tensor copied from row-major float values (1-d).</summary>
    public static Tensor tensor(float[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList<float>(rawArray, [rawArray.Length], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major float values with the given sizes.</summary>
    public static Tensor tensor(float[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<float>(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major float values with the given sizes.</summary>
    public static Tensor tensor(float[] rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<float>(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major float values with the given sizes.</summary>
    public static Tensor tensor(float[] rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<float>(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major float values with the given sizes.</summary>
    public static Tensor tensor(float[] rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<float>(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major float values (1-d).</summary>
    public static Tensor tensor(IList<float> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList<float>(rawArray, [rawArray.Count], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major float values with the given sizes.</summary>
    public static Tensor tensor(IList<float> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<float>(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major float values with the given sizes.</summary>
    public static Tensor tensor(IList<float> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<float>(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major float values with the given sizes.</summary>
    public static Tensor tensor(IList<float> rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<float>(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major float values with the given sizes.</summary>
    public static Tensor tensor(IList<float> rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<float>(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A 2-d tensor copied from a C# 2-d array.</summary>
    public static Tensor tensor(float[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<float>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 3-d tensor copied from a C# 3-d array.</summary>
    public static Tensor tensor(float[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<float>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 4-d tensor copied from a C# 4-d array.</summary>
    public static Tensor tensor(float[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<float>(rawArray, dtype, device, requires_grad, names);
    // ---- double data ----
    /// <summary>A tensor copied from row-major double values (1-d).</summary>
    public static Tensor tensor(double[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList<double>(rawArray, [rawArray.Length], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major double values with the given sizes.</summary>
    public static Tensor tensor(double[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<double>(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major double values with the given sizes.</summary>
    public static Tensor tensor(double[] rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<double>(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major double values with the given sizes.</summary>
    public static Tensor tensor(double[] rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<double>(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major double values with the given sizes.</summary>
    public static Tensor tensor(double[] rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<double>(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major double values (1-d).</summary>
    public static Tensor tensor(IList<double> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList<double>(rawArray, [rawArray.Count], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major double values with the given sizes.</summary>
    public static Tensor tensor(IList<double> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<double>(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major double values with the given sizes.</summary>
    public static Tensor tensor(IList<double> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<double>(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major double values with the given sizes.</summary>
    public static Tensor tensor(IList<double> rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<double>(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major double values with the given sizes.</summary>
    public static Tensor tensor(IList<double> rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<double>(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A 2-d tensor copied from a C# 2-d array.</summary>
    public static Tensor tensor(double[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<double>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 3-d tensor copied from a C# 3-d array.</summary>
    public static Tensor tensor(double[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<double>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 4-d tensor copied from a C# 4-d array.</summary>
    public static Tensor tensor(double[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<double>(rawArray, dtype, device, requires_grad, names);
    // ---- long data ----
    /// <summary>A tensor copied from row-major long values (1-d).</summary>
    public static Tensor tensor(long[] dataArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList<long>(dataArray, [dataArray.Length], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major long values with the given sizes.</summary>
    public static Tensor tensor(long[] dataArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<long>(dataArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major long values with the given sizes.</summary>
    public static Tensor tensor(long[] dataArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<long>(dataArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major long values with the given sizes.</summary>
    public static Tensor tensor(long[] dataArray, long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<long>(dataArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major long values with the given sizes.</summary>
    public static Tensor tensor(long[] dataArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<long>(dataArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major long values (1-d).</summary>
    public static Tensor tensor(IList<long> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList<long>(rawArray, [rawArray.Count], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major long values with the given sizes.</summary>
    public static Tensor tensor(IList<long> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<long>(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major long values with the given sizes.</summary>
    public static Tensor tensor(IList<long> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<long>(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major long values with the given sizes.</summary>
    public static Tensor tensor(IList<long> rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<long>(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major long values with the given sizes.</summary>
    public static Tensor tensor(IList<long> rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<long>(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A 2-d tensor copied from a C# 2-d array.</summary>
    public static Tensor tensor(long[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<long>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 3-d tensor copied from a C# 3-d array.</summary>
    public static Tensor tensor(long[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<long>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 4-d tensor copied from a C# 4-d array.</summary>
    public static Tensor tensor(long[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<long>(rawArray, dtype, device, requires_grad, names);
    // ---- int data ----
    /// <summary>A tensor copied from row-major int values (1-d).</summary>
    public static Tensor tensor(int[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromInts(rawArray, [rawArray.Length], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major int values with the given sizes.</summary>
    public static Tensor tensor(int[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromInts(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major int values with the given sizes.</summary>
    public static Tensor tensor(int[] rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromInts(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major int values with the given sizes.</summary>
    public static Tensor tensor(int[] rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromInts(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major int values with the given sizes.</summary>
    public static Tensor tensor(int[] rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromInts(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major int values (1-d).</summary>
    public static Tensor tensor(IList<int> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromInts(rawArray, [rawArray.Count], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major int values with the given sizes.</summary>
    public static Tensor tensor(IList<int> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromInts(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major int values with the given sizes.</summary>
    public static Tensor tensor(IList<int> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromInts(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major int values with the given sizes.</summary>
    public static Tensor tensor(IList<int> rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromInts(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major int values with the given sizes.</summary>
    public static Tensor tensor(IList<int> rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromInts(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A 2-d tensor copied from a C# 2-d array.</summary>
    public static Tensor tensor(int[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMultiInts(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 3-d tensor copied from a C# 3-d array.</summary>
    public static Tensor tensor(int[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMultiInts(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 4-d tensor copied from a C# 4-d array.</summary>
    public static Tensor tensor(int[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMultiInts(rawArray, dtype, device, requires_grad, names);
    // ---- bool data ----
    /// <summary>A tensor copied from row-major bool values (1-d).</summary>
    public static Tensor tensor(bool[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList<bool>(rawArray, [rawArray.Length], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major bool values with the given sizes.</summary>
    public static Tensor tensor(bool[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<bool>(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major bool values with the given sizes.</summary>
    public static Tensor tensor(bool[] rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<bool>(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major bool values with the given sizes.</summary>
    public static Tensor tensor(bool[] rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<bool>(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major bool values with the given sizes.</summary>
    public static Tensor tensor(bool[] rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<bool>(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major bool values (1-d).</summary>
    public static Tensor tensor(IList<bool> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList<bool>(rawArray, [rawArray.Count], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major bool values with the given sizes.</summary>
    public static Tensor tensor(IList<bool> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<bool>(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major bool values with the given sizes.</summary>
    public static Tensor tensor(IList<bool> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList<bool>(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major bool values with the given sizes.</summary>
    public static Tensor tensor(IList<bool> rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<bool>(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A tensor copied from row-major bool values with the given sizes.</summary>
    public static Tensor tensor(IList<bool> rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList<bool>(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A 2-d tensor copied from a C# 2-d array.</summary>
    public static Tensor tensor(bool[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<bool>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 3-d tensor copied from a C# 3-d array.</summary>
    public static Tensor tensor(bool[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<bool>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 4-d tensor copied from a C# 4-d array.</summary>
    public static Tensor tensor(bool[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<bool>(rawArray, dtype, device, requires_grad, names);

    /// <summary>A float32 tensor that SHARES <paramref name="rawArray"/> (no copy), shaped by <paramref name="dimensions"/>
    /// (1-d by default): writes through either are visible in both.</summary>
    public static Tensor from_array(float[] rawArray, long[]? dimensions = null) => Share(rawArray, dimensions);
    /// <summary>A float64 tensor sharing <paramref name="rawArray"/>.</summary>
    public static Tensor from_array(double[] rawArray, long[]? dimensions = null) => Share(rawArray, dimensions);
    /// <summary>An int64 tensor sharing <paramref name="rawArray"/>.</summary>
    public static Tensor from_array(long[] rawArray, long[]? dimensions = null) => Share(rawArray, dimensions);
    /// <summary>A bool tensor sharing <paramref name="rawArray"/>.</summary>
    public static Tensor from_array(bool[] rawArray, long[]? dimensions = null) => Share(rawArray, dimensions);
    /// <summary>An int32 tensor sharing <paramref name="rawArray"/>.</summary>
    public static Tensor from_array(int[] rawArray, long[]? dimensions = null) => Share(rawArray, dimensions);
    /// <summary>An int16 tensor sharing <paramref name="rawArray"/>.</summary>
    public static Tensor from_array(short[] rawArray, long[]? dimensions = null) => Share(rawArray, dimensions);
    /// <summary>An int8 tensor sharing <paramref name="rawArray"/>.</summary>
    public static Tensor from_array(sbyte[] rawArray, long[]? dimensions = null) => Share(rawArray, dimensions);
    /// <summary>A uint8 tensor sharing <paramref name="rawArray"/>.</summary>
    public static Tensor from_array(byte[] rawArray, long[]? dimensions = null) => Share(rawArray, dimensions);
    /// <summary>A float16 tensor sharing <paramref name="rawArray"/>.</summary>
    public static Tensor from_array(Half[] rawArray, long[]? dimensions = null) => Share(rawArray, dimensions);

    private static Tensor Share<T>(T[] rawArray, long[]? dimensions) where T : unmanaged
    {
        long[] shape = Shape.CheckSizes(dimensions is null ? [rawArray.Length] : (long[])dimensions.Clone());
        if (Shape.Numel(shape) != rawArray.Length)
            throw new ArgumentException($"shape '{Shape.Format(shape)}' is invalid for input of size {rawArray.Length}");
        return new Tensor(Storage.Shared(rawArray), shape, Shape.ContiguousStrides(shape), 0, Elements.TypeOf<T>());
    }
}
