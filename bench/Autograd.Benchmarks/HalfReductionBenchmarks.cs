using BenchmarkDotNet.Attributes;
using ts = TorchSharp.torch;

namespace Autograd.Benchmarks;

/// <summary>Full sum and mean of 1e7 float16 / bfloat16 elements: the native reduction reads the half-precision
/// input itself, so the allocated bytes are the 0-d result's, not a float32 copy of the input. The same seeded
/// float32 values, converted bit-exactly by each library.</summary>
public class HalfReductions : BenchBase
{
    private const long N = Large.N;
    private Tensor _h = null!, _b = null!;
    private ts.Tensor _th = null!, _tb = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        float[] a = Setup.Values(N, 1);
        _h = Setup.Ag(a, N).half(); _b = Setup.Ag(a, N).bfloat16();
        _th = Setup.Ts(a, N).half(); _tb = Setup.Ts(a, N).bfloat16();
    }

    [BenchmarkCategory("SumHalf1e7"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void SumHalf1e7_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _th.sum();
    }

    [BenchmarkCategory("SumHalf1e7"), Benchmark(Description = "Autograd")]
    public Tensor SumHalf1e7_Autograd() => _h.sum();

    [BenchmarkCategory("SumBFloat16_1e7"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void SumBFloat16_1e7_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _tb.sum();
    }

    [BenchmarkCategory("SumBFloat16_1e7"), Benchmark(Description = "Autograd")]
    public Tensor SumBFloat16_1e7_Autograd() => _b.sum();

    [BenchmarkCategory("MeanHalf1e7"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void MeanHalf1e7_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _th.mean();
    }

    [BenchmarkCategory("MeanHalf1e7"), Benchmark(Description = "Autograd")]
    public Tensor MeanHalf1e7_Autograd() => _h.mean();

    [BenchmarkCategory("MeanBFloat16_1e7"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void MeanBFloat16_1e7_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _tb.mean();
    }

    [BenchmarkCategory("MeanBFloat16_1e7"), Benchmark(Description = "Autograd")]
    public Tensor MeanBFloat16_1e7_Autograd() => _b.mean();
}
