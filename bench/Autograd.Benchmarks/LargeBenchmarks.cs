using BenchmarkDotNet.Attributes;
using ag = Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Benchmarks;

/// <summary>Goal rows "elementwise out of place, 1e7 (add, exp)" (2x) and "full reduction, 1e7 (sum)" (1x);
/// without a goal, the other reduction row: a 4096×4096 matrix summed over dim 0 (down the columns,
/// where LibTorch ran at 6 GB/s) and over dim 1 (along the rows, 42 GB/s). Out of place: every call makes
/// a new 40 MB result, exactly as user code does (LibTorch: malloc + page faults; Autograd: a large-object
/// array, reused once a collection has proven the last one dead, Note [Result recycling]).</summary>
public class Large : BenchBase
{
    public const long N = 10_000_000;
    private Tensor _a = null!, _b = null!, _out = null!;
    private ts.Tensor _ta = null!, _tb = null!;

    private const int Side = 4096;
    private Tensor _m = null!;
    private ts.Tensor _tm = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        float[] a = Setup.Values(N, 1), b = Setup.Values(N, 2);
        _a = Setup.Ag(a, N); _b = Setup.Ag(b, N);
        _ta = Setup.Ts(a, N); _tb = Setup.Ts(b, N);
        _out = ag.empty(N);
        float[] m = Setup.Values((long)Side * Side, 5);
        _m = Setup.Ag(m, Side, Side); _tm = Setup.Ts(m, Side, Side);
    }

    [BenchmarkCategory("Add1e7"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Add1e7_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _ta + _tb;
    }

    [BenchmarkCategory("Add1e7"), Benchmark(Description = "Autograd")]
    public Tensor Add1e7_Autograd() => _a + _b;

    /// <summary>No goal: into a 40 MB tensor the loop owns, PyTorch's out= (TorchSharp 0.107 has none for add, so
    /// the baseline stays its out-of-place add): the stream without a fresh result's memory.</summary>
    [BenchmarkCategory("Add1e7"), Benchmark(Description = "Autograd out=")]
    public Tensor Add1e7_AutogradOut() => ag.add(_a, _b, _out);

    [BenchmarkCategory("Exp1e7"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Exp1e7_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _ta.exp();
    }

    [BenchmarkCategory("Exp1e7"), Benchmark(Description = "Autograd")]
    public Tensor Exp1e7_Autograd() => _a.exp();

    /// <summary>No goal: exp into a tensor the loop owns (out=), as Add1e7_AutogradOut.</summary>
    [BenchmarkCategory("Exp1e7"), Benchmark(Description = "Autograd out=")]
    public Tensor Exp1e7_AutogradOut() => ag.exp(_a, _out);

    [BenchmarkCategory("Sum1e7"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public float Sum1e7_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        return _ta.sum().item<float>();
    }

    [BenchmarkCategory("Sum1e7"), Benchmark(Description = "Autograd")]
    public float Sum1e7_Autograd() => _a.sum().item<float>();

    [BenchmarkCategory("SumDim0"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void SumDim0_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _tm.sum(0);
    }

    [BenchmarkCategory("SumDim0"), Benchmark(Description = "Autograd")]
    public Tensor SumDim0_Autograd() => _m.sum(0);

    [BenchmarkCategory("SumDim1"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void SumDim1_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _tm.sum(1);
    }

    [BenchmarkCategory("SumDim1"), Benchmark(Description = "Autograd")]
    public Tensor SumDim1_Autograd() => _m.sum(1);
}
