using BenchmarkDotNet.Attributes;
using ag = Autograd.torch;
using agf = Autograd.torch.nn.functional;
using ts = TorchSharp.torch;
using tsf = TorchSharp.torch.nn.functional;

namespace Autograd.Benchmarks;

/// <summary>Goal row "MLP 784→256→10 train step (CE loss, SGD), batch 1 / batch 64" (3x / 1.2x):
/// logits = linear(relu(linear(x, W1, b1)), W2, b2); loss = cross_entropy(logits, y); backward; then
/// the SGD update of the four parameters, two ways, each the same in both libraries:
/// <list type="bullet">
/// <item>MlpStep (the goal row): torch.optim.SGD, as a PyTorch user writes it: zero_grad(), forward,
/// backward, step(). Each library's own zero_grad semantics (ours: PyTorch's set_to_none).</item>
/// <item>MlpStepManual: p.sub_(lr * p.grad) under no_grad and p.grad.zero_(), by hand, as tutorials write it.</item>
/// <item>MlpStepAdam (no goal): the MlpStep loop with torch.optim.Adam (PyTorch's betas and eps, spelled out
/// for TorchSharp, whose factory defaults beta2 to 0.99) at lr 0, so the workload is the same at every
/// call: with lr > 0 the fixed batch is learned, and within a few hundred steps moments and gradients
/// decay into subnormal floats, whose arithmetic is ~10x slower on x86 in both libraries (neither
/// flushes them by default), so each side's time would depend on how many steps it had run.</item>
/// </list></summary>
public class Mlp : BenchBase
{
    private const float Lr = 0.01f;

    [Params(1, 64)]
    public int Batch;

    private Tensor _x = null!, _y = null!;
    private Tensor[] _p = null!, _po = null!, _pa = null!;
    private ts.Tensor _tx = null!, _ty = null!;
    private ts.Tensor[] _tp = null!;
    private TorchSharp.Modules.Parameter[] _tpo = null!, _tpa = null!;
    private ag.optim.Optimizer _opt = null!, _adam = null!;
    private ts.optim.Optimizer _topt = null!, _tadam = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        float[] w1 = Setup.Scale(Setup.Values(256 * 784, 5), 0.036f), b1 = Setup.Scale(Setup.Values(256, 6), 0.01f);
        float[] w2 = Setup.Scale(Setup.Values(10 * 256, 7), 0.0625f), b2 = Setup.Scale(Setup.Values(10, 8), 0.01f);
        float[] x = Setup.Values(Batch * 784L, 9);
        long[] y = new long[Batch];
        for (int i = 0; i < Batch; i++) y[i] = (i * 7 + 3) % 10;

        // each pair of benchmarks trains its own copy of the same initial parameters
        Tensor[] AgParams()
        {
            Tensor[] ps = [Setup.Ag(w1, 256, 784), Setup.Ag(b1, 256), Setup.Ag(w2, 10, 256), Setup.Ag(b2, 10)];
            foreach (Tensor p in ps) p.requires_grad_();
            return ps;
        }
        TorchSharp.Modules.Parameter[] TsParams() =>
            [.. new[] { Setup.Ts(w1, 256, 784), Setup.Ts(b1, 256), Setup.Ts(w2, 10, 256), Setup.Ts(b2, 10) }.Select(t => ts.nn.Parameter(t))];
        _x = Setup.Ag(x, Batch, 784);
        _y = ag.tensor(y);
        _tx = Setup.Ts(x, Batch, 784);
        _ty = ts.tensor(y);
        _p = AgParams();
        _tp = [Setup.Ts(w1, 256, 784), Setup.Ts(b1, 256), Setup.Ts(w2, 10, 256), Setup.Ts(b2, 10)];
        foreach (ts.Tensor p in _tp) p.requires_grad_();
        _opt = ag.optim.SGD(_po = AgParams(), Lr);
        _topt = ts.optim.SGD(_tpo = TsParams(), Lr);
        _adam = ag.optim.Adam(_pa = AgParams(), lr: 0);
        _tadam = ts.optim.Adam(_tpa = TsParams(), lr: 0, beta1: 0.9, beta2: 0.999);
        // one step outside the measurement creates every .grad and optimizer state
        Step_Autograd();
        Step_TorchSharp();
        Manual_Autograd();
        Manual_TorchSharp();
        Adam_Autograd();
        Adam_TorchSharp();
    }

    [BenchmarkCategory("MlpStep"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Step_TorchSharp() => OptimizerStep(_topt, _tpo);

    [BenchmarkCategory("MlpStep"), Benchmark(Description = "Autograd")]
    public Tensor Step_Autograd() => OptimizerStep(_opt, _po);

    [BenchmarkCategory("MlpStepManual"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Manual_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        var h = tsf.relu(tsf.linear(_tx, _tp[0], _tp[1]));
        var loss = tsf.cross_entropy(tsf.linear(h, _tp[2], _tp[3]), _ty);
        loss.backward();
        using (ts.no_grad())
        {
            foreach (ts.Tensor p in _tp) p.sub_(Lr * p.grad!);
        }
        foreach (ts.Tensor p in _tp) p.grad!.zero_();
    }

    [BenchmarkCategory("MlpStepManual"), Benchmark(Description = "Autograd")]
    public Tensor Manual_Autograd()
    {
        var h = agf.relu(agf.linear(_x, _p[0], _p[1]));
        var loss = agf.cross_entropy(agf.linear(h, _p[2], _p[3]), _y);
        loss.backward();
        using (ag.no_grad())
        {
            foreach (Tensor p in _p) p.sub_(Lr * p.grad!);
        }
        foreach (Tensor p in _p) p.grad!.zero_();
        return loss;
    }

    [BenchmarkCategory("MlpStepAdam"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Adam_TorchSharp() => OptimizerStep(_tadam, _tpa);

    [BenchmarkCategory("MlpStepAdam"), Benchmark(Description = "Autograd")]
    public Tensor Adam_Autograd() => OptimizerStep(_adam, _pa);

    /// <summary>The step as a PyTorch user writes it: zero_grad(), forward, backward, step().</summary>
    private void OptimizerStep(ts.optim.Optimizer opt, ts.Tensor[] p)
    {
        using var scope = ts.NewDisposeScope();
        opt.zero_grad();
        var h = tsf.relu(tsf.linear(_tx, p[0], p[1]));
        tsf.cross_entropy(tsf.linear(h, p[2], p[3]), _ty).backward();
        opt.step();
    }

    private Tensor OptimizerStep(ag.optim.Optimizer opt, Tensor[] p)
    {
        opt.zero_grad();
        var h = agf.relu(agf.linear(_x, p[0], p[1]));
        var loss = agf.cross_entropy(agf.linear(h, p[2], p[3]), _y);
        loss.backward();
        opt.step();
        return loss;
    }
}
