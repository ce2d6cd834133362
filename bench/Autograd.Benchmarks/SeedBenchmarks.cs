using BenchmarkDotNet.Attributes;
using ag = Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Benchmarks;

/// <summary>Goal row "seed training step" (25x; managed allocation ≤ 2 KB): one iteration of the
/// linear-regression sample as users write it: loss = ((w*X - Y)^2).mean(); backward;
/// w.sub_(0.01f * w.grad) under no_grad; w.grad.zero_().</summary>
public class Seed : BenchBase
{
    private Tensor _x = null!, _y = null!, _w = null!;
    private ts.Tensor _tx = null!, _ty = null!, _tw = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        float[] x = [1, 2, 3, 4], y = [2, 4, 6, 8];
        _x = ag.tensor(x, dtype: ag.float32); _y = ag.tensor(y, dtype: ag.float32);
        _w = ag.tensor(0.0f, dtype: ag.float32, requires_grad: true);
        _tx = ts.tensor(x, dtype: ts.float32); _ty = ts.tensor(y, dtype: ts.float32);
        _tw = ts.tensor(0.0f, dtype: ts.float32).requires_grad_(); // TorchSharp's tensor(..., requires_grad: true) returns a non-leaf
        // first step outside the measurement creates .grad, so every measured step takes the same path
        SeedStep_Autograd();
        SeedStep_TorchSharp();
    }

    [BenchmarkCategory("SeedStep"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void SeedStep_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        var l = (_tw * _tx - _ty).pow(2).mean();
        l.backward();
        using (ts.no_grad())
        {
            _tw.sub_(0.01f * _tw.grad!);
        }
        _tw.grad!.zero_();
    }

    [BenchmarkCategory("SeedStep"), Benchmark(Description = "Autograd")]
    public Tensor SeedStep_Autograd()
    {
        var l = (_w * _x - _y).pow(2).mean();
        l.backward();
        using (ag.no_grad())
        {
            _w.sub_(0.01f * _w.grad!);
        }
        _w.grad!.zero_();
        return l;
    }
}
