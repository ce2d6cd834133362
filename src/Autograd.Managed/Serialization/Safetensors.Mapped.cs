using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;

namespace Autograd.Serialization;

internal static partial class Safetensors
{
    /// <summary>Reads a safetensors file through a read-only memory mapping: the header is validated first
    /// (as <see cref="Load"/> does), then each tensor's bytes are copied from the mapping straight into its
    /// storage <paramref name="chunkBytes"/> at a time (<see cref="TensorBytes.Read"/>), so no whole-file or
    /// whole-tensor buffer is made and a tensor may exceed 2 GB.</summary>
    internal static Dictionary<string, Tensor> LoadMapped(string file, int chunkBytes = TensorBytes.ChunkBytes)
    {
        using FileStream fs = new(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = fs.Length;
        if (length < 8) throw new InvalidDataException($"{file}: {length} bytes is too short for a safetensors header.");
        using MemoryMappedFile map =
            MemoryMappedFile.CreateFromFile(fs, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        byte[] prefix = new byte[8];
        using (MemoryMappedViewStream head = map.CreateViewStream(0, 8, MemoryMappedFileAccess.Read)) head.ReadExactly(prefix);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        CheckHeaderLength(n, length, file);
        var headerBytes = new byte[n];
        using (MemoryMappedViewStream head = map.CreateViewStream(8, (long)n, MemoryMappedFileAccess.Read)) head.ReadExactly(headerBytes);
        long dataStart = 8 + (long)n;
        List<Entry> entries = ParseHeader(headerBytes, file, out _);
        CheckTiling(entries, length - dataStart, file);

        var decoded = new Dictionary<string, Tensor>();
        foreach (Entry e in entries)
        {
            if (e.Numel == 0) { decoded[e.Name] = Tensor.Empty(e.Shape, e.Dtype.Target); continue; } // a 0-byte view maps to the end
            using MemoryMappedViewStream bytes = map.CreateViewStream(dataStart + e.Begin, e.End - e.Begin, MemoryMappedFileAccess.Read);
            decoded[e.Name] = TensorBytes.Read(e.Dtype, bytes, e.Numel, () => $"{file}: '{e.Name}'", chunkBytes).reshape(e.Shape);
        }
        return decoded;
    }
}
