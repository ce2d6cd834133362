using BenchmarkDotNet.Attributes;
using ag = Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Benchmarks;

/// <summary>Goal rows "float16/bfloat16 elementwise add, 1e7" (1.5x) and "bfloat16 matmul 512" (0.8x): the same
/// seeded float32 values converted to the half-precision dtype by each library (the conversions are bit-exact,
/// so both sides add and multiply identical numbers), out of place as user code writes it.</summary>
public class Dtypes : BenchBase
{
    private const long N = Large.N;
    private const int Side = 512;
    private Tensor _h1 = null!, _h2 = null!, _b1 = null!, _b2 = null!, _m1 = null!, _m2 = null!;
    private ts.Tensor _th1 = null!, _th2 = null!, _tb1 = null!, _tb2 = null!, _tm1 = null!, _tm2 = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        float[] a = Setup.Values(N, 1), b = Setup.Values(N, 2);
        _h1 = Setup.Ag(a, N).half(); _h2 = Setup.Ag(b, N).half();
        _b1 = Setup.Ag(a, N).bfloat16(); _b2 = Setup.Ag(b, N).bfloat16();
        _th1 = Setup.Ts(a, N).half(); _th2 = Setup.Ts(b, N).half();
        _tb1 = Setup.Ts(a, N).bfloat16(); _tb2 = Setup.Ts(b, N).bfloat16();
        float[] m1 = Setup.Values((long)Side * Side, 3), m2 = Setup.Values((long)Side * Side, 4);
        _m1 = Setup.Ag(m1, Side, Side).bfloat16(); _m2 = Setup.Ag(m2, Side, Side).bfloat16();
        _tm1 = Setup.Ts(m1, Side, Side).bfloat16(); _tm2 = Setup.Ts(m2, Side, Side).bfloat16();
    }

    [BenchmarkCategory("AddHalf1e7"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void AddHalf1e7_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _th1 + _th2;
    }

    [BenchmarkCategory("AddHalf1e7"), Benchmark(Description = "Autograd")]
    public Tensor AddHalf1e7_Autograd() => _h1 + _h2;

    [BenchmarkCategory("AddBFloat16_1e7"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void AddBFloat16_1e7_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _tb1 + _tb2;
    }

    [BenchmarkCategory("AddBFloat16_1e7"), Benchmark(Description = "Autograd")]
    public Tensor AddBFloat16_1e7_Autograd() => _b1 + _b2;

    [BenchmarkCategory("MatmulBFloat16_512"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void MatmulBFloat16_512_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _tm1.matmul(_tm2);
    }

    [BenchmarkCategory("MatmulBFloat16_512"), Benchmark(Description = "Autograd")]
    public Tensor MatmulBFloat16_512_Autograd() => _m1.matmul(_m2);
}
