using BenchmarkDotNet.Attributes;
using ag = Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Benchmarks;

/// <summary>Goal rows "tiny op" (a + b, 4 elements, no grad: 15x) and "tiny forward+backward"
/// ((a*b).sum().backward(), 4 elements: 20x). Pure per-op overhead.</summary>
public class Tiny : BenchBase
{
    private Tensor _a = null!, _b = null!, _ga = null!, _gb = null!;
    private ts.Tensor _ta = null!, _tb = null!, _tga = null!, _tgb = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        float[] a = [1, 2, 3, 4], b = [0.5f, -1, 2, 0.25f];
        _a = Setup.Ag(a, 4); _b = Setup.Ag(b, 4);
        _ga = Setup.Ag(a, 4).requires_grad_(); _gb = Setup.Ag(b, 4).requires_grad_();
        _ta = Setup.Ts(a, 4); _tb = Setup.Ts(b, 4);
        _tga = Setup.Ts(a, 4).requires_grad_(); _tgb = Setup.Ts(b, 4).requires_grad_();
    }

    [BenchmarkCategory("TinyAdd"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void TinyAdd_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = _ta + _tb;
    }

    [BenchmarkCategory("TinyAdd"), Benchmark(Description = "Autograd")]
    public Tensor TinyAdd_Autograd() => _a + _b;

    [BenchmarkCategory("TinyFwdBwd"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void TinyFwdBwd_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        (_tga * _tgb).sum().backward();
        // keep .grad from growing without bound and from being a different code path each call
        _tga.grad!.zero_();
        _tgb.grad!.zero_();
    }

    [BenchmarkCategory("TinyFwdBwd"), Benchmark(Description = "Autograd")]
    public void TinyFwdBwd_Autograd()
    {
        (_ga * _gb).sum().backward();
        _ga.grad!.zero_();
        _gb.grad!.zero_();
    }
}
