using System.Text;

namespace Autograd.Serialization;

/// <summary>
/// TorchSharp's own weights format (<c>Module.save</c> / <c>Module.load</c>): an unsigned LEB128 entry count, then
/// per entry a .NET <c>BinaryWriter</c> string (the key), the LEB128 dtype number, the LEB128 rank and sizes, and
/// the elements in row-major order. Nothing in it is trusted: counts and sizes are checked against the stream.
/// </summary>
internal static class TorchSharpFormat
{
    // ScalarType numbers (TorchSharp's, PyTorch's) as format names; "" where we have no mapping
    private static readonly string[] s_codes =
        ["U8", "I8", "I16", "I32", "I64", "F16", "F32", "F64", "", "", "", "BOOL", "", "", "", "BF16"];

    internal static void Save(IReadOnlyList<KeyValuePair<string, Tensor>> entries, Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        Encode(w, entries.Count);
        foreach (var (key, t) in entries)
        {
            w.Write(key);
            Encode(w, (long)t.dtype);
            Encode(w, t.dim());
            foreach (long s in t._shape) Encode(w, s);
            w.Flush();
            TensorBytes.Write(t, stream);
        }
    }

    internal static List<KeyValuePair<string, Tensor>> Load(Stream stream, string file)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var entries = new List<KeyValuePair<string, Tensor>>();
        try
        {
            long count = Decode(r, file);
            for (long i = 0; i < count; i++)
            {
                string key = r.ReadString();
                long code = Decode(r, file);
                FileDtype dtype = (code < s_codes.Length ? FileDtype.FromSafetensors(s_codes[code]) : null)
                    ?? throw new InvalidDataException($"{file}: '{key}' has dtype {code}, which Autograd.Native does not support.");
                long rank = Decode(r, file);
                if (rank > 64) throw new InvalidDataException($"{file}: '{key}' claims {rank} dimensions.");
                var shape = new long[rank];
                long numel = 1;
                for (int d = 0; d < rank; d++)
                {
                    shape[d] = Decode(r, file);
                    try { numel = checked(numel * shape[d]); }
                    catch (OverflowException) { throw new InvalidDataException(
                        $"{file}: '{key}' has a shape whose size overflows int64."); }
                }
                long bytes = checked(numel * dtype.Size);
                if (stream.CanSeek && bytes > stream.Length - stream.Position)
                    throw new InvalidDataException(
                        $"{file}: '{key}' needs {bytes} bytes, but only {stream.Length - stream.Position} remain.");
                entries.Add(new(key, TensorBytes.Read(dtype, stream, numel, () => $"{file}: '{key}'").reshape(shape)));
            }
        }
        catch (EndOfStreamException) { throw new InvalidDataException($"{file}: the file ends inside an entry (truncated)."); }
        return entries;
    }

    private static void Encode(BinaryWriter w, long value)
    {
        do
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            w.Write(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
    }

    private static long Decode(BinaryReader r, string file)
    {
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 56) throw new InvalidDataException($"{file}: a malformed count (more than 9 LEB128 bytes).");
            byte b = r.ReadByte();
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }
}
