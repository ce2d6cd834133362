using System.Buffers.Binary;
using System.Text.Json;

namespace Autograd.Serialization;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length N, N bytes of JSON mapping each name to
/// <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> (offsets into the byte buffer that follows) plus an
/// optional <c>"__metadata__"</c> string map, then the buffer. The reader checks the header against the
/// file before reading any tensor, as the format's own loader does: the header fits the file, every
/// dtype is known, each tensor's byte range matches its shape, and the ranges tile the buffer exactly
/// (no gap, no overlap, nothing past the end).
/// </summary>
internal static partial class Safetensors
{
    private const long MaxHeader = 100_000_000; // the reference implementation's limit

    internal static void Save(IEnumerable<KeyValuePair<string, Tensor>> tensors, IDictionary<string, string>? metadata, Stream stream)
    {
        var entries =
            tensors.OrderBy(kv => kv.Key,
                            StringComparer.Ordinal).Select(kv =>
            (kv.Key, Tensor: kv.Value ?? throw new ArgumentNullException(nameof(tensors), $"tensor '{kv.Key}' is null"))).ToList();
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, t) in entries)
            {
                if (name == "__metadata__")
                    throw new ArgumentException("'__metadata__' is reserved by the safetensors format and cannot name a tensor.");
                json.WriteStartObject(name);
                json.WriteString("dtype", FileDtype.Of(t.dtype).Name);
                json.WriteStartArray("shape");
                foreach (long s in t._shape) json.WriteNumberValue(s);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += TensorBytes.ByteCount(t));
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        while (header.Length % 8 != 0) header.WriteByte((byte)' '); // the buffer starts 8-byte aligned
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        header.Position = 0;
        header.CopyTo(stream);
        foreach (var (_, t) in entries) TensorBytes.Write(t, stream);
    }

    /// <summary>The tensors (in file order) and the metadata of a safetensors stream of <paramref name="length"/> bytes.</summary>
    internal static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(Stream stream, long length, string file)
    {
        if (length < 8) throw new InvalidDataException($"{file}: {length} bytes is too short for a safetensors header.");
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        CheckHeaderLength(n, length, file);
        var headerBytes = new byte[n];
        stream.ReadExactly(headerBytes);
        long bufferLength = length - 8 - (long)n;
        var entries = ParseHeader(headerBytes, file, out Dictionary<string, string> metadata);

        CheckTiling(entries, bufferLength, file);

        // Read tensor by tensor in buffer order, then keep the header's order.
        var decoded = new Dictionary<string, Tensor>();
        foreach (var e in entries.OrderBy(e => e.Begin))
            decoded[e.Name] = TensorBytes.Read(e.Dtype, stream, e.Numel, () => $"{file}: '{e.Name}'").reshape(e.Shape);
        var tensors = entries.ToDictionary(e => e.Name, e => decoded[e.Name]);
        return (tensors, metadata);
    }

    private static void CheckHeaderLength(ulong n, long length, string file)
    {
        if (n > MaxHeader || (long)n > length - 8)
            throw new InvalidDataException(
                $"{file}: the header claims {n} bytes, but the file has {length - 8} after the length (and at most {MaxHeader} " +
                $"are allowed).");
    }

    /// <summary>The ranges must tile [0, bufferLength) exactly, as the reference loader requires.</summary>
    private static void CheckTiling(List<Entry> entries, long bufferLength, string file)
    {
        long expect = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin != expect)
                throw new InvalidDataException(
                    $"{file}: tensor '{e.Name}' starts at byte {e.Begin} of the buffer, expected {expect} (a gap or an overlap).");
            expect = e.End;
        }
        if (expect != bufferLength)
            throw new InvalidDataException($"{file}: the tensors cover {expect} bytes of a {bufferLength}-byte buffer.");
    }

    private sealed record Entry(string Name, FileDtype Dtype, long[] Shape, long Numel, long Begin, long End);

    private static List<Entry> ParseHeader(byte[] header, string file, out Dictionary<string, string> metadata)
    {
        metadata = [];
        var entries = new List<Entry>();
        JsonDocument doc;
        try { doc = JsonDocument.Parse(header); }
        catch (JsonException e) { throw new InvalidDataException($"{file}: the header is not valid JSON: {e.Message}"); }
        using (doc)
        try
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{file}: the header is not a JSON object.");
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__")
                {
                    if (p.Value.ValueKind != JsonValueKind.Object)
                        throw new InvalidDataException($"{file}: __metadata__ is not an object of strings.");
                    foreach (JsonProperty m in p.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()!
                            : throw new InvalidDataException($"{file}: __metadata__['{m.Name}'] is not a string.");
                    continue;
                }
                if (entries.Exists(e => e.Name == p.Name))
                    throw new InvalidDataException($"{file}: tensor '{p.Name}' appears twice in the header.");
                entries.Add(ParseEntry(p, file));
            }
        }
        catch (InvalidOperationException e) // a name or string that is not valid UTF-8
        {
            throw new InvalidDataException($"{file}: the header is not valid JSON: {e.Message}");
        }
        return entries;
    }

    private static Entry ParseEntry(JsonProperty p, string file)
    {
        string where = $"{file}: tensor '{p.Name}'";
        if (p.Value.ValueKind != JsonValueKind.Object
            || !p.Value.TryGetProperty("dtype", out JsonElement dt) || dt.ValueKind != JsonValueKind.String
            || !p.Value.TryGetProperty("shape", out JsonElement sh) || sh.ValueKind != JsonValueKind.Array
            || !p.Value.TryGetProperty("data_offsets", out JsonElement off) || off.ValueKind != JsonValueKind.Array
                || off.GetArrayLength() != 2)
            throw new InvalidDataException($"{where} needs a string dtype, a shape array and two data_offsets.");
        FileDtype dtype = FileDtype.FromSafetensors(dt.GetString()!)
            ?? throw new InvalidDataException($"{where} has dtype {dt.GetString()}, which Autograd.Native does not support.");
        long[] shape =
            [.. sh.EnumerateArray().Select(v => v.TryGetInt64(out long s) && s >= 0 ? s
                                           : throw new InvalidDataException($"{where} has an invalid shape {sh}."))];
        long[] range =
            [.. off.EnumerateArray().Select(v => v.TryGetInt64(out long o) && o >= 0 ? o
                                            : throw new InvalidDataException($"{where} has invalid data_offsets {off}."))];
        long numel, bytes;
        try
        {
            numel = shape.Aggregate(1L, (a, s) => checked(a * s));
            bytes = checked(numel * dtype.Size);
        }
        catch (OverflowException) { throw new InvalidDataException($"{where} has a shape whose size overflows int64."); }
        if (range[1] < range[0] || range[1] - range[0] != bytes)
            throw new InvalidDataException(
                $"{where}: shape [{string.Join(", ", shape)}] of {dtype.Name} takes {bytes} bytes, but data_offsets span " +
                $"[{range[0]}, {range[1]}).");
        return new Entry(p.Name, dtype, shape, numel, range[0], range[1]);
    }
}
