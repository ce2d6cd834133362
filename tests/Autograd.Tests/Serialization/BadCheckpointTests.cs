using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Autograd;

namespace Autograd.Tests;

/// <summary>Damaged and hostile checkpoint files: each is refused with an InvalidDataException naming the file,
/// and nothing is returned; a fuzz pass mutates valid files of both formats and requires exactly that (or a
/// successful load of what the mutation left valid).</summary>
public sealed class BadCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agn-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = System.IO.Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static Dictionary<string, Tensor> Sample() => new()
    {
        ["w"] = torch.arange(12).to(ScalarType.Float32).reshape(3, 4),
        ["b"] = torch.tensor(new long[] { 1, 2, 3 }),
        ["m"] = torch.tensor(new[] { true }),
    };

    private static byte[] TorchBytes()
    {
        using var s = new MemoryStream();
        torch.save(Sample(), s);
        return s.ToArray();
    }

    private static void AssertRefused(string path, Func<string, object> load, string? mentions = null)
    {
        var e = Assert.Throws<InvalidDataException>(() => load(path));
        Assert.Contains(path, e.Message);
        if (mentions is not null) Assert.Contains(mentions, e.Message);
    }

    private static byte[] Safetensors(string header, int bufferBytes)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + bufferBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    [Fact]
    public void Truncated_torch_checkpoints_are_refused()
    {
        byte[] good = TorchBytes();
        foreach (int length in new[] { 0, 3, 30, good.Length / 2, good.Length - 1 })
            AssertRefused(Write($"cut{length}.pt", good[..length]), torch.load);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_archive_is_refused() =>
        AssertRefused(Write("text.pt", Encoding.ASCII.GetBytes("definitely not a checkpoint")), torch.load, "not a PyTorch checkpoint");

    [Fact]
    public void A_pickle_naming_a_global_outside_a_tensor_checkpoint_is_refused_before_it_is_called()
    {
        using var s = new MemoryStream();
        using (var zip = new ZipArchive(s, ZipArchiveMode.Create, leaveOpen: true))
        using (Stream e = zip.CreateEntry("archive/data.pkl").Open())
        {
            e.Write([0x80, 0x02]);                                   // PROTO 2
            e.Write(Encoding.ASCII.GetBytes("cos\nsystem\n"));      // GLOBAL os.system
            e.Write([(byte)'X', 4, 0, 0, 0]);                        // BINUNICODE "echo"
            e.Write(Encoding.ASCII.GetBytes("echo"));
            e.Write([0x85, (byte)'R', (byte)'.']);                   // TUPLE1, REDUCE, STOP
        }
        AssertRefused(Write("evil.pt", s.ToArray()), torch.load, "os.system");
    }

    [Fact]
    public void A_storage_record_shorter_than_its_element_count_is_refused()
    {
        byte[] good = TorchBytes();
        using var source = new MemoryStream(good);
        using var target = new MemoryStream();
        using (var from = new ZipArchive(source, ZipArchiveMode.Read))
        using (var to = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true))
            foreach (ZipArchiveEntry entry in from.Entries)
            {
                using Stream r = entry.Open(), w = to.CreateEntry(entry.FullName).Open();
                if (entry.FullName.EndsWith("data/0", StringComparison.Ordinal)) { var half = new byte[entry.Length / 2]; r.ReadExactly(half); w.Write(half); }
                else r.CopyTo(w);
            }
        AssertRefused(Write("short.pt", target.ToArray()), torch.load, "data/0");
    }

    [Fact]
    public void A_safetensors_header_longer_than_the_file_is_refused() =>
        AssertRefused(Write("long.safetensors", [0xff, 0xff, 0xff, 0, 0, 0, 0, 0, (byte)'{', (byte)'}']), torch.safetensors.load_file, "header");

    [Fact]
    public void A_safetensors_dtype_the_library_cannot_hold_is_refused_with_its_name() =>
        AssertRefused(Write("f8.safetensors", Safetensors("""{"x":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}}""", 2)),
                      torch.safetensors.load_file, "F8_E4M3");

    [Theory]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", 4)]                    // range smaller than the shape
    [InlineData("""{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 8)]                    // bytes past the last tensor
    [InlineData("""{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8)]                    // a gap before it
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"y":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8)] // overlap
    [InlineData("""{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", 4)]                   // negative dimension
    [InlineData("""{"x":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,4]}}""", 4)] // size overflows int64
    [InlineData("""{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8)] // duplicate name
    [InlineData("""{"x":[1,2]}""", 0)]
    [InlineData("""{"x":{"dtype":"F32","shape":[1]""", 4)]                                               // not JSON
    public void Safetensors_headers_that_do_not_describe_the_file_are_refused(string header, int bufferBytes) =>
        AssertRefused(Write("bad.safetensors", Safetensors(header, bufferBytes)), torch.safetensors.load_file);

    [Fact]
    public void Mutated_files_either_load_or_are_refused_cleanly()
    {
        byte[] torchFile = TorchBytes(), stFile = torch.safetensors.save(Sample());
        var rng = new Random(Oracle.Seed("checkpoint-fuzz"));
        int refused = 0, loaded = 0;
        for (int i = 0; i < 1500; i++)
        {
            bool st = i % 2 == 1;
            byte[] bytes = (byte[])(st ? stFile : torchFile).Clone();
            switch (rng.Next(3))
            {
                case 0: for (int k = rng.Next(1, 4); k > 0; k--) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256); break;
                case 1: bytes = bytes[..rng.Next(bytes.Length)]; break;
                default: int at = rng.Next(bytes.Length); bytes = [.. bytes[..at], (byte)rng.Next(256), .. bytes[at..]]; break;
            }
            string path = Write(st ? "fuzz.safetensors" : "fuzz.pt", bytes);
            try
            {
                if (st) torch.safetensors.load_file(path); else torch.load(path);
                loaded++;
            }
            catch (InvalidDataException e)
            {
                Assert.Contains(path, e.Message);
                refused++;
            }
        }
        Assert.True(refused > 0 && loaded > 0, $"refused {refused}, loaded {loaded}: the mutations should produce both");
    }
}
