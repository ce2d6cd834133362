using System.Runtime.InteropServices;
using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>torch.set_flush_denormal: the calling thread's flush-to-zero / denormals-are-zero mode, applied to
/// our kernels on every pool thread and to nothing on other threads. Expected values are bit patterns:
/// x * 1 of a subnormal x is x exactly without the mode and +0 with it (x86's DAZ reads the input as zero),
/// and FLT_MIN * 0.5 is the subnormal 2^-127 without it and +0 with it (FTZ). Every comparison is on bits,
/// since under the mode a float compare would itself see a subnormal as zero.</summary>
public class FlushDenormalTests
{
    private static readonly bool Supported = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;
    private const int Large = 1 << 18; // several grains: the pool splits elementwise work and the sum
    private static readonly float MinNormal = BitConverter.Int32BitsToSingle(0x00800000); // FLT_MIN, 2^-126

    /// <summary>Positive subnormal float32s: bit patterns 1 .. 2^23 - 1.</summary>
    private static float[] Subnormals(int n) => Enumerable.Range(0, n).Select(i => BitConverter.Int32BitsToSingle(1 + i * 31 % 0x7FFFFF)).ToArray();

    private static int[] Bits(float[] v) => v.Select(BitConverter.SingleToInt32Bits).ToArray();

    /// <summary>Runs <paramref name="body"/> with the mode on for this thread, and always turns it off again
    /// (xunit reuses the thread for other tests).</summary>
    private static void Flushing(Action body)
    {
        Assert.Equal(Supported, torch.set_flush_denormal(true));
        try { body(); }
        finally { torch.set_flush_denormal(false); }
    }

    [Fact]
    public void Elementwise_results_flush_on_every_pool_thread()
    {
        float[] x = Subnormals(Large);
        Tensor t = torch.tensor(x);
        Assert.Equal(Bits(x), Bits((t * 1.0f).ToArray<float>())); // IEEE: exact
        Flushing(() =>
        {
            foreach (int threads in new[] { 1, 2 })
            {
                int before = torch.get_num_threads();
                torch.set_num_threads(threads);
                try
                {
                    Assert.All(Bits((t * 1.0f).ToArray<float>()), b => Assert.Equal(0, b));
                    // FTZ: a normal input whose product is subnormal
                    Tensor min = torch.full([Large], MinNormal) * 0.5f;
                    Assert.All(Bits(min.ToArray<float>()), b => Assert.Equal(0, b));
                }
                finally { torch.set_num_threads(before); }
            }
        });
        // off again: the workers follow the caller back to IEEE
        Assert.Equal(Bits(x), Bits((t * 1.0f).ToArray<float>()));
        Assert.Equal(0x00400000, BitConverter.SingleToInt32Bits((torch.full([Large], MinNormal) * 0.5f).ToArray<float>()[Large - 1]));
    }

    [Fact]
    public void Float64_sum_and_matmul_flush()
    {
        double tiny = BitConverter.Int64BitsToDouble(1); // 4.9e-324
        Tensor v = torch.full([Large], tiny, ScalarType.Float64);
        Assert.Equal(Large, BitConverter.DoubleToInt64Bits(v.sum().item<double>())); // exact: Large * 2^-1074
        Tensor a = torch.full(64, 64, tiny, ScalarType.Float64), b = torch.ones(64, 64, ScalarType.Float64);
        Assert.Equal(64, BitConverter.DoubleToInt64Bits(a.matmul(b).ToArray<double>()[0]));
        Flushing(() =>
        {
            Assert.Equal(0, BitConverter.DoubleToInt64Bits(v.sum().item<double>()));
            Assert.All(a.matmul(b).ToArray<double>(), d => Assert.Equal(0, BitConverter.DoubleToInt64Bits(d)));
        });
    }

    [Fact]
    public void Matches_libtorch_on_the_same_thread()
    {
        // LibTorch runs these small ops on the calling thread, so the mode set here governs both
        // libraries: PyTorch's semantics for set_flush_denormal.
        float[] x = Subnormals(64);
        float[] y = Enumerable.Range(0, 64).Select(i => 0.25f + i / 64f).ToArray();
        Flushing(() =>
        {
            Tensor a = torch.tensor(x), b = torch.tensor(y);
            ts.Tensor ta = ts.tensor(x), tb = ts.tensor(y);
            Assert.Equal(Bits(ta.mul(tb).data<float>().ToArray()), Bits((a * b).ToArray<float>()));
            Assert.Equal(Bits(tb.div(ta.add(ta)).data<float>().ToArray()), Bits((b / (a + a)).ToArray<float>())); // y / 0 = inf
            // Not LibTorch's sqrt: it goes through MKL's vector math, which sets its own flush mode for the
            // call and returns sqrt(x) ~ 1e-23 here. PyTorch's doc ("disables denormal floating numbers"),
            // and DAZ itself, make the input zero, so sqrt gives +0.
            Assert.All(Bits(a.sqrt().ToArray<float>()), v => Assert.Equal(0, v));
        });
    }

    [Fact]
    public void Other_threads_keep_their_own_mode()
    {
        float[] x = Subnormals(Large);
        Tensor t = torch.tensor(x);
        int[]? other = null;
        Flushing(() =>
        {
            Assert.All(Bits((t * 1.0f).ToArray<float>()), b => Assert.Equal(0, b)); // the pool ran flushing
            var thread = new Thread(() =>
            {
                torch.set_flush_denormal(false); // a new thread may inherit its creator's mode
                other = Bits((t * 1.0f).ToArray<float>());
            });
            thread.Start();
            thread.Join();
        });
        Assert.Equal(Bits(x), other);
    }

    [Fact]
    public void Turning_it_off_restores_ieee_results_for_managed_code_too()
    {
        float sub = BitConverter.Int32BitsToSingle(5);
        Flushing(() => Assert.Equal(0, BitConverter.SingleToInt32Bits(Scale(sub, 1f)))); // this thread's .NET math flushes too
        Assert.Equal(5, BitConverter.SingleToInt32Bits(Scale(sub, 1f)));
    }

    // not inlined, so the JIT cannot fold the product at compile time
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static float Scale(float a, float b) => a * b;
}
