namespace Autograd.Serialization;

/// <summary>Between tensors and the little-endian element bytes checkpoint formats store.</summary>
internal static class TensorBytes
{
    /// <summary>The elements of <paramref name="t"/> in row-major order, as bytes of its dtype.</summary>
    internal static byte[] RowMajor(Tensor t)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("checkpoints are written on little-endian machines only");
        Tensor contiguous = t.contiguous();
        byte[] bytes = Of(contiguous).ToArray();
        GC.KeepAlive(contiguous); // a span does not keep native storage alive (Note [Native storage])
        return bytes;
    }

    /// <summary>The bytes of a contiguous tensor's elements (fewer than 2^31; the offset may be any).</summary>
    private static Span<byte> Of(Tensor contiguous)
    {
        long size = contiguous.ElementSize;
        return System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref contiguous._storage.At(contiguous._offset * size), checked((int)(contiguous._numel * size)));
    }

    /// <summary>A 1-d tensor of <paramref name="count"/> elements decoded from <paramref name="data"/>.</summary>
    internal static Tensor Decode(FileDtype dtype, ReadOnlySpan<byte> data, long count, Func<string> where)
    {
        long needed = checked(count * dtype.Size);
        if (data.Length < needed)
            throw new InvalidDataException($"{where()}: {count} elements of {dtype.Name} need {needed} bytes, but the file holds {data.Length}.");
        Tensor result = Tensor.Empty([count], dtype.Target);
        dtype.Decode(data, Of(result), count, where);
        return result;
    }

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
                    throw new InvalidDataException($"{where()}: negative size or stride (size [{string.Join(", ", size)}], stride [{string.Join(", ", stride)}]).");
                numel = checked(numel * size[d]);
                if (size[d] > 0) last = checked(last + (size[d] - 1) * stride[d]);
            }
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"{where()}: size [{string.Join(", ", size)}] with stride [{string.Join(", ", stride)}] overflows int64.");
        }
        if (numel > 0 && last >= storage._numel)
            throw new InvalidDataException($"{where()}: a tensor of size [{string.Join(", ", size)}] at offset {offset} with stride [{string.Join(", ", stride)}] reaches element {last}, past its storage of {storage._numel} elements.");
        return new Tensor(storage._storage, size, stride, offset + storage._offset, storage._dtype);
    }
}
