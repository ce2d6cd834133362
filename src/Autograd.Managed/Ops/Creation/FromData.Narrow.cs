namespace Autograd;

// torch.tensor(...) from byte (uint8), sbyte (int8), short (int16) and Half (float16) data, in the forms
// TorchSharp has for them; the helpers are FromData.cs's.
public static partial class torch
{
    // ---- byte data (uint8) ----
    /// <summary>A 0-d uint8 tensor.</summary>
    public static Tensor tensor(byte scalar, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], null, device, requires_grad, null);
    /// <summary>A 0-d tensor from a byte, converted to <paramref name="dtype"/>.</summary>
    public static Tensor tensor(byte scalar, ScalarType? dtype, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], dtype, device, requires_grad, null);
    /// <summary>A uint8 tensor copied from row-major byte values (1-d).</summary>
    public static Tensor tensor(byte[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList(rawArray, [rawArray.Length], dtype, device, requires_grad, names);
    /// <summary>A uint8 tensor copied from row-major byte values with the given sizes.</summary>
    public static Tensor tensor(byte[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A uint8 tensor copied from row-major byte values with the given sizes.</summary>
    public static Tensor tensor(byte[] rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A uint8 tensor copied from row-major byte values with the given sizes.</summary>
    public static Tensor tensor(byte[] rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A uint8 tensor copied from row-major byte values with the given sizes.</summary>
    public static Tensor tensor(byte[] rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A uint8 tensor copied from row-major byte values (1-d).</summary>
    public static Tensor tensor(IList<byte> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList(rawArray, [rawArray.Count], dtype, device, requires_grad, names);
    /// <summary>A uint8 tensor copied from row-major byte values with the given sizes.</summary>
    public static Tensor tensor(IList<byte> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A uint8 tensor copied from row-major byte values with the given sizes.</summary>
    public static Tensor tensor(IList<byte> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A uint8 tensor copied from row-major byte values with the given sizes.</summary>
    public static Tensor tensor(IList<byte> rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A uint8 tensor copied from row-major byte values with the given sizes.</summary>
    public static Tensor tensor(IList<byte> rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A 2-d uint8 tensor copied from a C# 2-d array.</summary>
    public static Tensor tensor(byte[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<byte>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 3-d uint8 tensor copied from a C# 3-d array.</summary>
    public static Tensor tensor(byte[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<byte>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 4-d uint8 tensor copied from a C# 4-d array.</summary>
    public static Tensor tensor(byte[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<byte>(rawArray, dtype, device, requires_grad, names);
    // ---- sbyte data (int8) ----
    /// <summary>A 0-d int8 tensor.</summary>
    public static Tensor tensor(sbyte scalar, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], null, device, requires_grad, null);
    /// <summary>A 0-d tensor from a sbyte, converted to <paramref name="dtype"/>.</summary>
    public static Tensor tensor(sbyte scalar, ScalarType? dtype, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], dtype, device, requires_grad, null);
    /// <summary>A int8 tensor copied from row-major sbyte values (1-d).</summary>
    public static Tensor tensor(sbyte[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList(rawArray, [rawArray.Length], dtype, device, requires_grad, names);
    /// <summary>A int8 tensor copied from row-major sbyte values with the given sizes.</summary>
    public static Tensor tensor(sbyte[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A int8 tensor copied from row-major sbyte values with the given sizes.</summary>
    public static Tensor tensor(sbyte[] rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A int8 tensor copied from row-major sbyte values with the given sizes.</summary>
    public static Tensor tensor(sbyte[] rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A int8 tensor copied from row-major sbyte values with the given sizes.</summary>
    public static Tensor tensor(sbyte[] rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A int8 tensor copied from row-major sbyte values (1-d).</summary>
    public static Tensor tensor(IList<sbyte> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList(rawArray, [rawArray.Count], dtype, device, requires_grad, names);
    /// <summary>A int8 tensor copied from row-major sbyte values with the given sizes.</summary>
    public static Tensor tensor(IList<sbyte> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A int8 tensor copied from row-major sbyte values with the given sizes.</summary>
    public static Tensor tensor(IList<sbyte> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A int8 tensor copied from row-major sbyte values with the given sizes.</summary>
    public static Tensor tensor(IList<sbyte> rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A int8 tensor copied from row-major sbyte values with the given sizes.</summary>
    public static Tensor tensor(IList<sbyte> rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A 2-d int8 tensor copied from a C# 2-d array.</summary>
    public static Tensor tensor(sbyte[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<sbyte>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 3-d int8 tensor copied from a C# 3-d array.</summary>
    public static Tensor tensor(sbyte[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<sbyte>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 4-d int8 tensor copied from a C# 4-d array.</summary>
    public static Tensor tensor(sbyte[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<sbyte>(rawArray, dtype, device, requires_grad, names);
    // ---- short data (int16) ----
    /// <summary>A 0-d int16 tensor.</summary>
    public static Tensor tensor(short scalar, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], null, device, requires_grad, null);
    /// <summary>A 0-d tensor from a short, converted to <paramref name="dtype"/>.</summary>
    public static Tensor tensor(short scalar, ScalarType? dtype, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], dtype, device, requires_grad, null);
    /// <summary>A int16 tensor copied from row-major short values (1-d).</summary>
    public static Tensor tensor(short[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList(rawArray, [rawArray.Length], dtype, device, requires_grad, names);
    /// <summary>A int16 tensor copied from row-major short values with the given sizes.</summary>
    public static Tensor tensor(short[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A int16 tensor copied from row-major short values with the given sizes.</summary>
    public static Tensor tensor(short[] rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A int16 tensor copied from row-major short values with the given sizes.</summary>
    public static Tensor tensor(short[] rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A int16 tensor copied from row-major short values with the given sizes.</summary>
    public static Tensor tensor(short[] rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A int16 tensor copied from row-major short values (1-d).</summary>
    public static Tensor tensor(IList<short> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList(rawArray, [rawArray.Count], dtype, device, requires_grad, names);
    /// <summary>A int16 tensor copied from row-major short values with the given sizes.</summary>
    public static Tensor tensor(IList<short> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A int16 tensor copied from row-major short values with the given sizes.</summary>
    public static Tensor tensor(IList<short> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A int16 tensor copied from row-major short values with the given sizes.</summary>
    public static Tensor tensor(IList<short> rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A int16 tensor copied from row-major short values with the given sizes.</summary>
    public static Tensor tensor(IList<short> rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A 2-d int16 tensor copied from a C# 2-d array.</summary>
    public static Tensor tensor(short[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<short>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 3-d int16 tensor copied from a C# 3-d array.</summary>
    public static Tensor tensor(short[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<short>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 4-d int16 tensor copied from a C# 4-d array.</summary>
    public static Tensor tensor(short[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<short>(rawArray, dtype, device, requires_grad, names);
    // ---- Half data (float16) ----
    /// <summary>A 0-d float16 tensor.</summary>
    public static Tensor tensor(Half scalar, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], null, device, requires_grad, null);
    /// <summary>A 0-d tensor from a Half, converted to <paramref name="dtype"/>.</summary>
    public static Tensor tensor(Half scalar, ScalarType? dtype, Device? device = null, bool requires_grad = false) =>
        FromSpan([scalar], [], dtype, device, requires_grad, null);
    /// <summary>A float16 tensor copied from row-major Half values (1-d).</summary>
    public static Tensor tensor(Half[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList(rawArray, [rawArray.Length], dtype, device, requires_grad, names);
    /// <summary>A float16 tensor copied from row-major Half values with the given sizes.</summary>
    public static Tensor tensor(Half[] rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A float16 tensor copied from row-major Half values with the given sizes.</summary>
    public static Tensor tensor(Half[] rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A float16 tensor copied from row-major Half values with the given sizes.</summary>
    public static Tensor tensor(Half[] rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A float16 tensor copied from row-major Half values with the given sizes.</summary>
    public static Tensor tensor(Half[] rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A float16 tensor copied from row-major Half values (1-d).</summary>
    public static Tensor tensor(IList<Half> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromList(rawArray, [rawArray.Count], dtype, device, requires_grad, names);
    /// <summary>A float16 tensor copied from row-major Half values with the given sizes.</summary>
    public static Tensor tensor(IList<Half> rawArray, ReadOnlySpan<long> dimensions, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, dimensions.ToArray(), dtype, device, requires_grad, names);
    /// <summary>A float16 tensor copied from row-major Half values with the given sizes.</summary>
    public static Tensor tensor(IList<Half> rawArray, long rows, long columns, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [rows, columns], dtype, device, requires_grad, names);
    /// <summary>A float16 tensor copied from row-major Half values with the given sizes.</summary>
    public static Tensor tensor(IList<Half> rawArray, long dim0, long dim1, long dim2, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2], dtype, device, requires_grad, names);
    /// <summary>A float16 tensor copied from row-major Half values with the given sizes.</summary>
    public static Tensor tensor(IList<Half> rawArray, long dim0, long dim1, long dim2, long dim3, ScalarType? dtype = null,
                                Device? device = null, bool requires_grad = false, string[]? names = null) =>
        FromList(rawArray, [dim0, dim1, dim2, dim3], dtype, device, requires_grad, names);
    /// <summary>A 2-d float16 tensor copied from a C# 2-d array.</summary>
    public static Tensor tensor(Half[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<Half>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 3-d float16 tensor copied from a C# 3-d array.</summary>
    public static Tensor tensor(Half[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<Half>(rawArray, dtype, device, requires_grad, names);
    /// <summary>A 4-d float16 tensor copied from a C# 4-d array.</summary>
    public static Tensor tensor(Half[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                string[]? names = null) =>
        FromMulti<Half>(rawArray, dtype, device, requires_grad, names);
}
