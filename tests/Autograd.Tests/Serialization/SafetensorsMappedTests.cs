using System.Buffers.Binary;
using System.Text;
using Autograd;

namespace Autograd.Tests;

/// <summary>safetensors load_file reads through a memory mapping in chunks: every chunk size gives the tensors
/// the stream reader gives, for native and widened dtypes, empty and 0-d tensors.</summary>
public sealed class SafetensorsMappedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agn-st-mapped").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] File(string header, byte[] buffer)
    {
        byte[] h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + buffer.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        buffer.CopyTo(bytes, 8 + h.Length);
        return bytes;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]       // chunks that end inside a tensor, and are not a multiple of every element size
    [InlineData(1 << 30)] // one chunk per tensor
    public void Chunked_mapped_reads_give_the_stream_readers_tensors(int chunkBytes)
    {
        // a: F32 [2, 3]; h: F16 [5] (widened to float32); s: I16 [3] (widened to int64); e: F32 [0]; z: F64 []
        float[] a = [1.5f, -2, 3.25f, 0, 1e-3f, -7];
        Half[] h = [(Half)0.5, (Half)(-1.25), (Half)65504, (Half)1e-4, (Half)(-0.0)];
        short[] sh = [-32768, 7, 32767];
        var buffer = new List<byte>();
        foreach (float v in a) buffer.AddRange(BitConverter.GetBytes(v));
        foreach (Half v in h) buffer.AddRange(BitConverter.GetBytes(v));
        foreach (short v in sh) buffer.AddRange(BitConverter.GetBytes(v));
        buffer.AddRange(BitConverter.GetBytes(2.75));
        const string header = """
            {"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"h":{"dtype":"F16","shape":[5],"data_offsets":[24,34]},"s":{"dtype":"I16","shape":[3],"data_offsets":[34,40]},"e":{"dtype":"F32","shape":[0],"data_offsets":[40,40]},"z":{"dtype":"F64","shape":[],"data_offsets":[40,48]}}
            """;
        string path = Path.Combine(_dir, "m.safetensors");
        byte[] bytes = File(header, [.. buffer]);
        System.IO.File.WriteAllBytes(path, bytes);

        Dictionary<string, Tensor> mapped = Serialization.Safetensors.LoadMapped(path, chunkBytes), streamed = torch.safetensors.load(bytes);
        Assert.Equal(["a", "h", "s", "e", "z"], mapped.Keys);
        Assert.Equal(a, mapped["a"].contiguous().ToArray<float>());
        Assert.Equal([2L, 3L], mapped["a"].shape);
        Assert.Equal(h.Select(v => (float)v), mapped["h"].ToArray<float>());
        Assert.Equal(sh.Select(v => (long)v), mapped["s"].ToArray<long>());
        Assert.Equal(0, mapped["e"].numel());
        Assert.Equal(2.75, mapped["z"].item<double>());
        foreach (var (name, t) in streamed)
        {
            Assert.Equal(t.dtype, mapped[name].dtype);
            Assert.Equal(t.shape, mapped[name].shape);
            Assert.True(t.equal(mapped[name]), name);
        }
    }

    [Fact]
    public void Files_too_short_for_a_header_are_refused_naming_them()
    {
        foreach (int n in new[] { 0, 7 })
        {
            string path = Path.Combine(_dir, $"short{n}.safetensors");
            System.IO.File.WriteAllBytes(path, new byte[n]);
            Assert.Contains(path, Assert.Throws<InvalidDataException>(() => torch.safetensors.load_file(path)).Message);
        }
    }
}
