using Autograd;

namespace Autograd.Tests;

/// <summary>Note [Native storage] with the array limit lowered, so every storage above 4 KB is native:
/// the same ops give bit-identical results on native and on array storage (same kernels, only the
/// memory differs), and the paths that copy, grow, read or print storage work on it. Test classes run
/// one at a time (AssemblyInfo.cs), so no other test sees the lowered limit.</summary>
public sealed class NativeStorageTests : IDisposable
{
    private readonly long _limit = Storage.ArrayLimit;

    public NativeStorageTests() => Storage.ArrayLimit = 4096;

    public void Dispose() => Storage.ArrayLimit = _limit;

    private static (float[] Values, float[] Grad) Train(bool native)
    {
        long saved = Storage.ArrayLimit;
        if (!native) Storage.ArrayLimit = Array.MaxLength - 63;
        try
        {
            torch.manual_seed(7);
            Tensor w = torch.randn(64, 100).requires_grad_();
            Tensor x = torch.tensor(Enumerable.Range(0, 32 * 64).Select(i => (float)Math.Sin(i)).ToArray(), [32, 64]);
            Tensor h = torch.nn.functional.softmax(x.matmul(w), 1);
            Tensor picked = h.index_select(1, torch.tensor(new long[] { 3, 99, 0, 3 }));
            Tensor loss = (picked * picked).sum() + h[^1].sum();
            loss.backward();
            Assert.Equal(native, w._storage.IsNative);
            return (h.ToArray<float>(), w.grad!.ToArray<float>());
        }
        finally { Storage.ArrayLimit = saved; }
    }

    [Fact]
    public void Ops_and_gradients_on_native_storage_match_array_storage_bit_for_bit()
    {
        (float[] values, float[] grad) = Train(native: true);
        (float[] expectedValues, float[] expectedGrad) = Train(native: false);
        Assert.Equal(expectedValues, values);
        Assert.Equal(expectedGrad, grad);
    }

    [Fact]
    public void Zeros_on_native_storage_are_zero_and_writable()
    {
        Tensor z = torch.zeros(5000);
        Assert.True(z._storage.IsNative);
        Assert.Equal(0f, z.sum().item<float>());
        z[^1].fill_(3);
        z[4095].fill_(2);
        Assert.Equal(5f, z.sum().item<float>());
        Assert.Equal(3f, z.data<float>()[4999]);
        Assert.Equal(2f, z[4095].item<float>());
    }

    [Fact]
    public void Copying_in_from_an_array_and_printing_read_native_storage()
    {
        float[] values = Enumerable.Range(0, 2000).Select(i => i * 0.5f).ToArray();
        Tensor t = torch.tensor(values);
        Assert.True(t._storage.IsNative);
        Assert.Equal(values, t.ToArray<float>());
        Assert.Equal(torch.tensor(new[] { 0f, 0.5f, 999.5f }).ToString(), t.index_select(0, torch.tensor(new long[] { 0, 1, 1999 })).ToString());
        Assert.StartsWith("tensor([0.0000e+00, 5.0000e-01, 1.0000e+00,", t.ToString());
    }

    [Fact]
    public void Resizing_moves_the_elements_between_array_and_native_storage()
    {
        Tensor t = torch.arange(1000, dtype: ScalarType.Float32); // 4000 bytes: an array
        Assert.False(t._storage.IsNative);
        t.resize_(3000);                                           // grows into native memory
        Assert.True(t._storage.IsNative);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (float)i), t.narrow(0, 0, 1000).ToArray<float>());
        t.resize_(6000);                                           // native to larger native
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (float)i), t.narrow(0, 0, 1000).ToArray<float>());
    }

    [Fact]
    public void Random_tensors_are_filled_in_chunks_exactly_as_in_one_piece()
    {
        // a span holds fewer than 2^31 elements, so samplers get chunks; with 64-element chunks a
        // thousand-element draw crosses many boundaries and must still give LibTorch's bits
        long saved = Ops.RandomFill.ChunkElements;
        var theirs = new TorchSharp.torch.Generator(5);
        try
        {
            Ops.RandomFill.ChunkElements = 64;
            var ours = new torch.Generator(5);
            Bits.Equal(TorchSharp.torch.randn(1003, generator: theirs), torch.randn(1003, generator: ours), "normal");
            Bits.Equal(TorchSharp.torch.randn(1003, 3, generator: theirs).t(), torch.randn(1003, 3, generator: ours).t(), "normal, transposed");
            Bits.Equal(TorchSharp.torch.rand(1003, TorchSharp.torch.float64, generator: theirs), torch.rand(1003, torch.float64, generator: ours), "uniform");
            Bits.Equal(TorchSharp.torch.bernoulli(TorchSharp.torch.rand(1003, generator: theirs), theirs), torch.bernoulli(torch.rand(1003, generator: ours), ours), "bernoulli");
        }
        finally
        {
            Ops.RandomFill.ChunkElements = saved;
        }
    }
}
