namespace Autograd.Serialization;

/// <summary>Between tensors and the little-endian element bytes checkpoint formats store.</summary>
internal static class TensorBytes
{
    /// <summary>Bytes moved per span: a span's length is an int, and a tensor may hold more.</summary>
    internal const int ChunkBytes = 1 << 30;

    /// <summary>The number of bytes <see cref="Write"/> writes for <paramref name="t"/>.</summary>
    internal static long ByteCount(Tensor t) => t._numel * t.ElementSize;

    /// <summary>Writes the elements of <paramref name="t"/> in row-major order, as bytes of its dtype, a chunk at a
    /// time (a tensor of any size).</summary>
    internal static void Write(Tensor t, Stream stream)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("checkpoints are written on little-endian machines only");
        Tensor contiguous = t.contiguous();
        long total = ByteCount(contiguous);
        for (long done = 0; done < total; done += ChunkBytes)
            stream.Write(Bytes(contiguous, done, (int)Math.Min(ChunkBytes, total - done)));
        GC.KeepAlive(contiguous); // a span does not keep native storage alive (Note [Native storage])
    }

    /// <summary>Reads <paramref name="count"/> little-endian elements of <paramref name="dtype"/> from
    /// <paramref name="stream"/> into a new 1-d tensor, a chunk at a time (a tensor of any size); dtypes that are
    /// widened pass through a buffer of one chunk.</summary>
    /// <exception cref="InvalidDataException">The stream ends first (naming <paramref name="where"/>).</exception>
    internal static Tensor Read(FileDtype dtype, Stream stream, long count, Func<string> where, int chunkBytes = ChunkBytes)
    {
        Tensor result = Tensor.Empty([count], dtype.Target);
        long size = dtype.Size, targetSize = result.ElementSize, perChunk = Math.Max(1, chunkBytes / size);
        byte[]? widen = dtype.Native is null ? new byte[checked((int)(Math.Min(perChunk, Math.Max(1, count)) * size))] : null;
        try
        {
            for (long done = 0; done < count; done += perChunk)
            {
                long n = Math.Min(perChunk, count - done);
                Span<byte> target = Bytes(result, done * targetSize, checked((int)(n * targetSize)));
                if (widen is null) stream.ReadExactly(target);
                else
                {
                    Span<byte> chunk = widen.AsSpan(0, checked((int)(n * size)));
                    stream.ReadExactly(chunk);
                    dtype.Decode(chunk, target, n, where);
                }
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException(
                $"{where()}: {count} elements of {dtype.Name} need {checked(count * size)} bytes, but the file ends first.");
        }
        GC.KeepAlive(result);
        return result;
    }

    /// <summary><paramref name="length"/> bytes of a contiguous tensor's elements from byte <paramref name="start"/>
    /// (the tensor's offset may be any).</summary>
    private static Span<byte> Bytes(Tensor contiguous, long start, int length) =>
        System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
            ref contiguous._storage.At(contiguous._offset * contiguous.ElementSize + start), length);

    /// <summary>A view of the 1-d tensor <paramref name="storage"/> with the given
    /// geometry, after checking that every element it reaches lies inside the storage.</summary>
    internal static Tensor View(Tensor storage, long offset, long[] size, long[] stride, Func<string> where)
    {
        if (size.Length != stride.Length)
            throw new InvalidDataException($"{where()}: size has {size.Length} dimensions but stride has {stride.Length}.");
        if (offset < 0) throw new InvalidDataException($"{where()}: negative storage offset {offset}.");
        long last = offset, numel = 1;
        try
        {
            for (int d = 0; d < size.Length; d++)
            {
                if (size[d] < 0 || stride[d] < 0)
                    throw new InvalidDataException(
                        $"{where()}: negative size or stride (size [{string.Join(", ", size)}], stride [{string.Join(", ", stride)}]).");
                numel = checked(numel * size[d]);
                if (size[d] > 0) last = checked(last + (size[d] - 1) * stride[d]);
            }
        }
        catch (OverflowException)
        {
            throw new InvalidDataException(
                $"{where()}: size [{string.Join(", ", size)}] with stride [{string.Join(", ", stride)}] overflows int64.");
        }
        if (numel > 0 && last >= storage._numel)
            throw new InvalidDataException(
                $"{where()}: a tensor of size [{string.Join(", ", size)}] at offset {offset} with stride " +
                $"[{string.Join(", ", stride)}] reaches element {last}, past its storage of {storage._numel} elements.");
        return new Tensor(storage._storage, size, stride, offset + storage._offset, storage._dtype);
    }
}
