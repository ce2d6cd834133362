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
/// <item>MlpStepManual: p -= lr * p.grad under no_grad and p.grad.zero_(), by hand.</item>
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
    private Tensor[] _p = null!, _po = null!;
    private ts.Tensor _tx = null!, _ty = null!;
    private ts.Tensor[] _tp = null!;
    private TorchSharp.Modules.Parameter[] _tpo = null!;
    private Tensor[] _pa = null!;
    private TorchSharp.Modules.Parameter[] _tpa = null!;
    private Modules.SGD _opt = null!;
    private Modules.Adam _adam = null!;
    private TorchSharp.torch.optim.Optimizer _topt = null!, _tadam = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        float[] w1 = Scale(Setup.Values(256 * 784, 5), 0.036f), b1 = Scale(Setup.Values(256, 6), 0.01f);
        float[] w2 = Scale(Setup.Values(10 * 256, 7), 0.0625f), b2 = Scale(Setup.Values(10, 8), 0.01f);
        float[] x = Setup.Values(Batch * 784L, 9);
        long[] y = new long[Batch];
        for (int i = 0; i < Batch; i++) y[i] = (i * 7 + 3) % 10;

        _p = [Setup.Ag(w1, 256, 784), Setup.Ag(b1, 256), Setup.Ag(w2, 10, 256), Setup.Ag(b2, 10)];
        foreach (Tensor p in _p) p.requires_grad_();
        _x = Setup.Ag(x, Batch, 784);
        _y = ag.tensor(y);
        _tp = [Setup.Ts(w1, 256, 784), Setup.Ts(b1, 256), Setup.Ts(w2, 10, 256), Setup.Ts(b2, 10)];
        foreach (ts.Tensor p in _tp) p.requires_grad_();
        _tx = Setup.Ts(x, Batch, 784);
        _ty = ts.tensor(y);
        _po = [Setup.Ag(w1, 256, 784), Setup.Ag(b1, 256), Setup.Ag(w2, 10, 256), Setup.Ag(b2, 10)];
        foreach (Tensor p in _po) p.requires_grad_();
        _opt = ag.optim.SGD(_po, Lr);
        _tpo = [.. new[] { Setup.Ts(w1, 256, 784), Setup.Ts(b1, 256), Setup.Ts(w2, 10, 256), Setup.Ts(b2, 10) }.Select(t => ts.nn.Parameter(t))];
        _topt = ts.optim.SGD(_tpo, Lr);
        _pa = [Setup.Ag(w1, 256, 784), Setup.Ag(b1, 256), Setup.Ag(w2, 10, 256), Setup.Ag(b2, 10)];
        foreach (Tensor p in _pa) p.requires_grad_();
        _adam = ag.optim.Adam(_pa, lr: 0);
        _tpa = [.. new[] { Setup.Ts(w1, 256, 784), Setup.Ts(b1, 256), Setup.Ts(w2, 10, 256), Setup.Ts(b2, 10) }.Select(t => ts.nn.Parameter(t))];
        _tadam = ts.optim.Adam(_tpa, lr: 0, beta1: 0.9, beta2: 0.999);
        // one step outside the measurement creates every .grad and optimizer state
        Step_Autograd();
        Step_TorchSharp();
        Manual_Autograd();
        Manual_TorchSharp();
        Adam_Autograd();
        Adam_TorchSharp();
    }

    private static float[] Scale(float[] v, float s)
    {
        for (int i = 0; i < v.Length; i++) v[i] *= s;
        return v;
    }

    [BenchmarkCategory("MlpStep"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Step_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _topt.zero_grad();
        var h = tsf.relu(tsf.linear(_tx, _tpo[0], _tpo[1]));
        tsf.cross_entropy(tsf.linear(h, _tpo[2], _tpo[3]), _ty).backward();
        _topt.step();
    }

    [BenchmarkCategory("MlpStep"), Benchmark(Description = "Autograd")]
    public Tensor Step_Autograd()
    {
        _opt.zero_grad();
        var h = agf.relu(agf.linear(_x, _po[0], _po[1]));
        var loss = agf.cross_entropy(agf.linear(h, _po[2], _po[3]), _y);
        loss.backward();
        _opt.step();
        return loss;
    }

    [BenchmarkCategory("MlpStepManual"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Manual_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        var h = tsf.relu(tsf.linear(_tx, _tp[0], _tp[1]));
        var loss = tsf.cross_entropy(tsf.linear(h, _tp[2], _tp[3]), _ty);
        loss.backward();
        using (ts.no_grad())
        {
            foreach (ts.Tensor p in _tp) p.sub_(p.grad!.mul(Lr));
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
            foreach (Tensor p in _p) { Tensor q = p; q -= Lr * p.grad!; }
        }
        foreach (Tensor p in _p) p.grad!.zero_();
        return loss;
    }

    [BenchmarkCategory("MlpStepAdam"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Adam_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _tadam.zero_grad();
        var h = tsf.relu(tsf.linear(_tx, _tpa[0], _tpa[1]));
        tsf.cross_entropy(tsf.linear(h, _tpa[2], _tpa[3]), _ty).backward();
        _tadam.step();
    }

    [BenchmarkCategory("MlpStepAdam"), Benchmark(Description = "Autograd")]
    public Tensor Adam_Autograd()
    {
        _adam.zero_grad();
        var h = agf.relu(agf.linear(_x, _pa[0], _pa[1]));
        var loss = agf.cross_entropy(agf.linear(h, _pa[2], _pa[3]), _y);
        loss.backward();
        _adam.step();
        return loss;
    }
}
