using BenchmarkDotNet.Attributes;
using ag = Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Benchmarks;

/// <summary>Goal row "matmul 64 / 256 / 1024" (1.5x / 0.9x / 0.9x in GFLOP/s, i.e. time ratios ≤ 0.67 /
/// 1.11 / 1.11). Square float32 n×n @ n×n, out of place; GFLOP/s = 2n³ / time.</summary>
public class Matmul : BenchBase
{
    [Params(64, 256, 1024)]
    public int N;

    private Tensor _a = null!, _b = null!, _c = null!;
    private ts.Tensor _ta = null!, _tb = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        float[] a = Setup.Values((long)N * N, 3), b = Setup.Values((long)N * N, 4);
        _a = Setup.Ag(a, N, N); _b = Setup.Ag(b, N, N);
        _c = ag.empty(N, N);
        _ta = Setup.Ts(a, N, N); _tb = Setup.Ts(b, N, N);
    }

    [BenchmarkCategory("Matmul"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Matmul_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _ta.matmul(_tb);
    }

    [BenchmarkCategory("Matmul"), Benchmark(Description = "Autograd")]
    public Tensor Matmul_Autograd() => _a.matmul(_b);

    /// <summary>No goal: the product written into a tensor the loop owns, PyTorch's out= (TorchSharp 0.107 has
    /// none, so the baseline stays its out-of-place product, what a TorchSharp user writes). Shows what the
    /// goal row's fresh result costs us.</summary>
    [BenchmarkCategory("Matmul"), Benchmark(Description = "Autograd out=")]
    public Tensor MatmulOut_Autograd() => ag.matmul(_a, _b, _c);
}
