using System.Buffers.Binary;
using System.IO.Compression;

namespace Autograd.Samples.FashionMnist;

/// <summary>
/// The idx format of (Fashion-)MNIST: a big-endian header — two zero bytes, a type byte (0x08: unsigned
/// bytes, the only type these files use), the number of dimensions, then one 32-bit size per dimension —
/// followed by the values in row-major order. Files may be gzip-compressed (as the Debian package and
/// the dataset's own site ship them: <c>.gz</c>, recognised by gzip's magic bytes) or raw.
/// </summary>
public static class Idx
{
    private const byte UnsignedByte = 0x08;

    /// <summary>The sizes and the bytes of an idx file of unsigned bytes.</summary>
    /// <exception cref="InvalidDataException">Not an idx file of unsigned bytes, or shorter than its header says
    /// (the message names the file).</exception>
    public static (int[] Shape, byte[] Data) Read(string path)
    {
        using FileStream file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        int got = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        bool gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        using Stream s = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            return Read(s, path);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: the file ends before the data its header announces.");
        }
    }

    private static (int[] Shape, byte[] Data) Read(Stream s, string path)
    {
        Span<byte> head = stackalloc byte[4];
        s.ReadExactly(head);
        if (head[0] != 0 || head[1] != 0) throw new InvalidDataException($"{path}: not an idx file (bad magic number).");
        if (head[2] != UnsignedByte) throw new InvalidDataException($"{path}: idx element type 0x{head[2]:x2} is not unsigned bytes (0x08).");
        int rank = head[3];
        if (rank == 0) throw new InvalidDataException($"{path}: an idx file with no dimensions.");
        var shape = new int[rank];
        Span<byte> size = stackalloc byte[4];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            s.ReadExactly(size);
            uint n = BinaryPrimitives.ReadUInt32BigEndian(size);
            count *= n;
            if (n > int.MaxValue || count > Array.MaxLength) throw new InvalidDataException($"{path}: dimension {d} of size {n} is too large.");
            shape[d] = (int)n;
        }
        var data = new byte[count];
        s.ReadExactly(data);
        return (shape, data);
    }
}
