using Autograd;
using Xunit.Abstractions;

namespace Autograd.Tests;

/// <summary>Tensors past the 2 GB array limit (Note [Native storage]) and element indices past 2^31 and
/// byte offsets past 2^32. Zeros come from fresh pages, so they cost real memory only once touched; but
/// reducing a tensor touches all of it (with the huge pages the storage advises, a Linux 6.18 guest makes
/// every page read resident: the 12 GB test peaks at 12.6 GB). Views with stride 0 give more than 2^32
/// elements for no memory at all. Expected values are by hand: sums of a few small integers and of ones,
/// exact in float32/float64.</summary>
public sealed class LargeTensorTests(ITestOutputHelper output)
{
    private static void Release()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers(); // native storage is freed by its owner's finalizer
    }

    [Fact]
    public void Zeros_past_the_array_limit_are_native_and_indexable()
    {
        Tensor x = torch.zeros(600_000_000); // 2.4 GB: past the largest byte array
        Assert.True(x._storage.IsNative);
        Assert.Equal(600_000_000, x.numel());
        Assert.Equal(0f, x.sum().item<float>());
        x[^1].fill_(7);
        x[536_870_912].fill_(2); // byte offset 2^31
        Assert.Equal(7f, x[^1].item<float>());
        Assert.Equal(9f, x.sum().item<float>());
        Assert.Equal([2f, 7f, 0f], x.index_select(0, torch.tensor(new long[] { 536_870_912, 599_999_999, 5 })).ToArray<float>());
        Assert.Throws<NotSupportedException>(() => torch.zeros(3_000_000_000L, dtype: ScalarType.Bool).ToArray<bool>());
        x = null!;
        Release();
    }

    [Fact]
    public void A_12_GB_tensor_is_correct_at_element_indices_past_2_to_the_31_and_byte_offsets_past_2_to_the_32()
    {
        const long n = 3L << 30, rows = 3 << 14, cols = 1 << 16; // float32: 12 GB, indices to 3.2e9
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available < 16L << 30)
        {
            // the sum reads every page, which may make all 12 GB resident (see above)
            output.WriteLine($"skipped: {available} bytes of memory available, 16 GB needed");
            return;
        }
        Tensor x = torch.zeros(n);
        long[] at = [(1L << 30) + 1, (1L << 31) - 1, 1L << 31, n - 1]; // byte offset past 2^32; past int32; the last
        for (int k = 0; k < at.Length; k++) x[at[k]].fill_(k + 1);

        Assert.Equal(10f, x.sum().item<float>());
        Assert.Equal(4f, x[^1].item<float>());
        Assert.Equal(3f, x[1L << 31].item<float>());
        Assert.Equal([1f, 2f, 3f, 4f, 0f], x.index_select(0, torch.tensor([.. at, 7L])).ToArray<float>());
        Assert.Equal(n - 1, x.argmax().item<long>());

        // matmul reading A = x as [49152, 65536] in place: row r gets x[r, c] * b[c] for the stamps in it
        Tensor b = torch.tensor(Enumerable.Range(0, (int)cols).Select(c => (float)(c % 5 + 1)).ToArray(), [cols, 1]);
        Tensor y = x.view(rows, cols).matmul(b);
        float[] expected = new float[rows];
        for (int k = 0; k < at.Length; k++) expected[at[k] / cols] += (k + 1) * (at[k] % cols % 5 + 1);
        Assert.Equal(expected, y.view(rows).ToArray<float>());
        x = null!;
        Release();
    }

    [Fact]
    public void A_tensor_past_the_array_limit_saves_and_loads_in_pytorchs_format_and_safetensors()
    {
        string dir = Directory.CreateTempSubdirectory("agn-large-save").FullName;
        try
        {
            // 2.16 GB of float32, past the largest byte array: only the stamped pages are written before the saves
            const long n = 540_000_000;
            Tensor x = torch.zeros(n);
            Assert.True(x._storage.IsNative);
            long[] at = [0, 536_870_912, n - 1]; // the first, the first past byte offset 2^31, the last
            for (int k = 0; k < at.Length; k++) x[at[k]].fill_(k + 1);

            string pt = Path.Combine(dir, "x.pt"), st = Path.Combine(dir, "x.safetensors");
            torch.save(x, pt);
            Check((Tensor)torch.load(pt));
            File.Delete(pt);
            torch.safetensors.save_file(new Dictionary<string, Tensor> { ["x"] = x }, st);
            byte[] prefix = new byte[8];
            using (FileStream f = File.OpenRead(st)) f.ReadExactly(prefix);
            // the header's length, the header, the elements
            Assert.Equal(8 + BitConverter.ToInt64(prefix) + 4 * n, new FileInfo(st).Length);
            Check(torch.safetensors.load_file(st)["x"]);

            void Check(Tensor y)
            {
                Assert.Equal([n], y.shape);
                Assert.Equal([1f, 2f, 3f], y.index_select(0, torch.tensor(at)).ToArray<float>());
                Assert.Equal(6f, y.sum().item<float>()); // the rest are zeros
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
            Release();
        }
    }

    [Fact]
    public void Stride_0_views_past_2_to_the_31_and_2_to_the_32_elements_reduce_index_and_multiply_exactly()
    {
        const long rows = (1L << 30) + 1; // rows * 4 = 2^32 + 4 elements, in 32 bytes
        Tensor e = torch.arange(4, dtype: ScalarType.Float64).view(1, 4).expand(rows, 4);
        Assert.Equal((1L << 32) + 4, e.numel());
        Assert.Equal(6.0 * rows, e.sum().item<double>());
        Assert.Equal([0.0, 1, 2, 3], e[^1].ToArray<double>());
        Assert.Equal([3.0, 3, 3], e.index_select(0, torch.tensor(new long[] { 0, 1L << 30, rows - 1 }))[.., 3].ToArray<double>());

        // A [2^15 + 1, 2^16] of ones (stride 0, 2^31 + 2^16 elements) times ones: every row sums 2^16
        Tensor a = torch.ones(1).expand((1 << 15) + 1, 1 << 16);
        Tensor y = a.matmul(torch.ones(1 << 16, 1));
        Assert.All(y.view(-1).ToArray<float>(), v => Assert.Equal(65536f, v));
    }
}
