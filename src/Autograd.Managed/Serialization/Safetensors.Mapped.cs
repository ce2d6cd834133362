using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;

namespace Autograd.Serialization;

internal static partial class Safetensors
{
    /// <summary>Reads a safetensors file through a read-only memory mapping: the header is validated first
    /// (as <see cref="Load"/> does), then each tensor's bytes are copied from the mapping straight into its
    /// storage, <paramref name="chunkBytes"/> at a time, so no whole-file or whole-tensor buffer is made and a
    /// tensor may exceed 2 GB. Dtypes that are widened pass through a buffer of one chunk.</summary>
    internal static Dictionary<string, Tensor> LoadMapped(string file, int chunkBytes = 1 << 30)
    {
        using FileStream fs = new(file, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = fs.Length;
        if (length < 8) throw new InvalidDataException($"{file}: {length} bytes is too short for a safetensors header.");
        using MemoryMappedFile map = MemoryMappedFile.CreateFromFile(fs, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        using MemoryMappedViewAccessor view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        System.Runtime.InteropServices.SafeBuffer mapped = view.SafeMemoryMappedViewHandle;

        Span<byte> prefix = stackalloc byte[8];
        mapped.ReadSpan(0, prefix);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        CheckHeaderLength(n, length, file);
        var headerBytes = new byte[n];
        mapped.ReadSpan(8, headerBytes.AsSpan());
        long dataStart = 8 + (long)n;
        List<Entry> entries = ParseHeader(headerBytes, file, out _);
        CheckTiling(entries, length - dataStart, file);

        var decoded = new Dictionary<string, Tensor>();
        foreach (Entry e in entries)
        {
            Tensor result = Tensor.Empty([e.Numel], e.Dtype.Target);
            long size = e.Dtype.Size, targetSize = result.ElementSize;
            long perChunk = Math.Max(1, chunkBytes / size), done = 0;
            byte[]? widen = e.Dtype.Native is null ? new byte[checked((int)(Math.Min(perChunk, Math.Max(1, e.Numel)) * size))] : null;
            while (done < e.Numel)
            {
                long count = Math.Min(perChunk, e.Numel - done);
                ulong source = (ulong)(dataStart + e.Begin + done * size);
                Span<byte> target = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref result._storage.At(done * targetSize), checked((int)(count * targetSize)));
                if (widen is null) mapped.ReadSpan(source, target);
                else
                {
                    Span<byte> chunk = widen.AsSpan(0, checked((int)(count * size)));
                    mapped.ReadSpan(source, chunk);
                    e.Dtype.Decode(chunk, target, count, () => $"{file}: '{e.Name}'");
                }
                done += count;
            }
            GC.KeepAlive(result);
            decoded[e.Name] = result.reshape(e.Shape);
        }
        return decoded;
    }
}
