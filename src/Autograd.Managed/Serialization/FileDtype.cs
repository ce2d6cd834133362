using System.Buffers.Binary;

namespace Autograd.Serialization;

/// <summary>
/// An element type as a checkpoint file names it, and how its bytes become one of our dtypes.
/// Every dtype the library stores is read and written as itself, byte for byte. Files may also hold dtypes
/// the library does not store: those whose values int64 holds exactly are widened on load (uint16, uint32,
/// and uint64 when every value fits); the rest (float8, complex) are refused with a message naming the file
/// and the key.
/// </summary>
internal sealed record FileDtype(string Name, int Size, ScalarType? Native, ScalarType? Widened)
{
    private static readonly FileDtype[] s_all =
    [
        new("F32", 4, ScalarType.Float32, null), new("F64", 8, ScalarType.Float64, null),
        new("I64", 8, ScalarType.Int64, null), new("BOOL", 1, ScalarType.Bool, null),
        new("F16", 2, ScalarType.Float16, null), new("BF16", 2, ScalarType.BFloat16, null),
        new("I8", 1, ScalarType.Int8, null), new("I16", 2, ScalarType.Int16, null), new("I32", 4, ScalarType.Int32, null),
        new("U8", 1, ScalarType.Byte, null), new("U16", 2, null, ScalarType.Int64), new("U32", 4, null, ScalarType.Int64),
        new("U64", 8, null, ScalarType.Int64),
    ];

    // PyTorch's legacy storage class names (what torch.save pickles) for the same element types
    private static readonly Dictionary<string, string> s_storageNames = new()
    {
        ["FloatStorage"] = "F32", ["DoubleStorage"] = "F64", ["LongStorage"] = "I64", ["BoolStorage"] = "BOOL",
        ["HalfStorage"] = "F16", ["BFloat16Storage"] = "BF16", ["CharStorage"] = "I8", ["ShortStorage"] = "I16",
        ["IntStorage"] = "I32", ["ByteStorage"] = "U8", ["UInt16Storage"] = "U16", ["UInt32Storage"] = "U32",
        ["UInt64Storage"] = "U64",
    };

    /// <summary>The dtype a loaded tensor gets.</summary>
    internal ScalarType Target => Native ?? Widened!.Value;

    /// <summary>A safetensors dtype string, or null when the library cannot represent it.</summary>
    internal static FileDtype? FromSafetensors(string name) => Array.Find(s_all, d => d.Name == name);

    /// <summary>A pickled storage class name (<c>FloatStorage</c>), or null.</summary>
    internal static FileDtype? FromStorageName(string name) =>
        s_storageNames.TryGetValue(name, out string? code) ? FromSafetensors(code) : null;

    /// <summary>How one of our dtypes is written.</summary>
    internal static FileDtype Of(ScalarType t) => Array.Find(s_all, d => d.Native == t) ?? throw DType.Unsupported(t);

    /// <summary>The storage class name PyTorch pickles for this dtype.</summary>
    internal string StorageName => s_storageNames.First(kv => kv.Value == Name).Key;

    /// <summary>Decodes <paramref name="count"/> little-endian elements of this file dtype from
    /// <paramref name="source"/> into <paramref name="target"/> (the bytes of <see cref="Target"/>).</summary>
    /// <exception cref="InvalidDataException">A uint64 value beyond int64's range.</exception>
    internal void Decode(ReadOnlySpan<byte> source, Span<byte> target, long count, Func<string> where)
    {
        if (Native is not null) { source[..checked((int)(count * Size))].CopyTo(target); return; }
        for (int i = 0; i < count; i++)
            BinaryPrimitives.WriteInt64LittleEndian(target[(i * 8)..], ReadInteger(source.Slice(i * Size, Size), where));
    }

    private long ReadInteger(ReadOnlySpan<byte> s, Func<string> where) => Name switch
    {
        "U16" => BinaryPrimitives.ReadUInt16LittleEndian(s),
        "U32" => BinaryPrimitives.ReadUInt32LittleEndian(s),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(s) is ulong u && u <= long.MaxValue
            ? (long)u
            : throw new InvalidDataException($"{where()}: a uint64 value exceeds the int64 range Autograd.Native loads uint64 into."),
    };
}
