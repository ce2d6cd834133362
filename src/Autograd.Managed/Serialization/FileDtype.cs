using System.Buffers.Binary;

namespace Autograd.Serialization;

/// <summary>
/// An element type as a checkpoint file names it, and how its bytes become one of our dtypes.
/// Files may hold dtypes the library does not compute in: those whose values our dtypes hold exactly are
/// widened on load (float16 and bfloat16 to float32; int8, int16, int32, uint8, uint16, uint32 to int64,
/// uint64 to int64 when every value fits); the rest (float8, complex) are refused with a message naming
/// the file and the key.
/// </summary>
internal sealed record FileDtype(string Name, int Size, ScalarType? Native, ScalarType? Widened)
{
    private static readonly FileDtype[] s_all =
    [
        new("F32", 4, ScalarType.Float32, null), new("F64", 8, ScalarType.Float64, null),
        new("I64", 8, ScalarType.Int64, null), new("BOOL", 1, ScalarType.Bool, null),
        new("F16", 2, null, ScalarType.Float32), new("BF16", 2, null, ScalarType.Float32),
        new("I8", 1, null, ScalarType.Int64), new("I16", 2, null, ScalarType.Int64), new("I32", 4, null, ScalarType.Int64),
        new("U8", 1, null, ScalarType.Int64), new("U16", 2, null, ScalarType.Int64), new("U32", 4, null, ScalarType.Int64),
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
        {
            ReadOnlySpan<byte> s = source.Slice(i * Size, Size);
            switch (Name)
            {
                case "F16": BinaryPrimitives.WriteSingleLittleEndian(target[(i * 4)..], (float)BinaryPrimitives.ReadHalfLittleEndian(s)); break;
                case "BF16": BinaryPrimitives.WriteInt32LittleEndian(target[(i * 4)..], BinaryPrimitives.ReadUInt16LittleEndian(s) << 16); break;
                default: BinaryPrimitives.WriteInt64LittleEndian(target[(i * 8)..], ReadInteger(s, where)); break;
            }
        }
    }

    private long ReadInteger(ReadOnlySpan<byte> s, Func<string> where) => Name switch
    {
        "I8" => (sbyte)s[0],
        "I16" => BinaryPrimitives.ReadInt16LittleEndian(s),
        "I32" => BinaryPrimitives.ReadInt32LittleEndian(s),
        "U8" => s[0],
        "U16" => BinaryPrimitives.ReadUInt16LittleEndian(s),
        "U32" => BinaryPrimitives.ReadUInt32LittleEndian(s),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(s) is ulong u && u <= long.MaxValue
            ? (long)u
            : throw new InvalidDataException($"{where()}: a uint64 value exceeds the int64 range Autograd.Native loads uint64 into."),
    };
}
