using BenchmarkDotNet.Attributes;
using ag = Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Benchmarks;

/// <summary>Goal rows "cumsum on 1e7 float32" (1.5x) and "sort / topk on 1e6 float32" (1.0x): one long line
/// each, out of place as user code writes them; topk takes the 100 largest.</summary>
public class ScanSort : BenchBase
{
    public const long N = 10_000_000, M = 1_000_000;
    private Tensor _a = null!, _s = null!;
    private ts.Tensor _ta = null!, _ts = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        float[] a = Setup.Values(N, 7), s = Setup.Values(M, 8);
        _a = Setup.Ag(a, N); _ta = Setup.Ts(a, N);
        _s = Setup.Ag(s, M); _ts = Setup.Ts(s, M);
    }

    [BenchmarkCategory("Cumsum1e7"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Cumsum1e7_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _ta.cumsum(0);
    }

    [BenchmarkCategory("Cumsum1e7"), Benchmark(Description = "Autograd")]
    public Tensor Cumsum1e7_Autograd() => _a.cumsum(0);

    [BenchmarkCategory("Sort1e6"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Sort1e6_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _ts.sort();
    }

    [BenchmarkCategory("Sort1e6"), Benchmark(Description = "Autograd")]
    public Tensor Sort1e6_Autograd() => _s.sort().Values;

    [BenchmarkCategory("Topk1e6"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Topk1e6_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _ts.topk(100);
    }

    [BenchmarkCategory("Topk1e6"), Benchmark(Description = "Autograd")]
    public Tensor Topk1e6_Autograd() => _s.topk(100).values;
}
