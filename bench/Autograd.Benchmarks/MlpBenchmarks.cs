using BenchmarkDotNet.Attributes;
using ag = Autograd.torch;
using agf = Autograd.torch.nn.functional;
using ts = TorchSharp.torch;
using tsf = TorchSharp.torch.nn.functional;

namespace Autograd.Benchmarks;

/// <summary>Goal row "MLP 784→256→10 train step (CE loss, SGD), batch 1 / batch 64" (3x / 1.2x):
/// logits = linear(relu(linear(x, W1, b1)), W2, b2); loss = cross_entropy(logits, y); backward;
/// p -= lr * p.grad under no_grad and p.grad.zero_() for the four parameters (manual SGD, the same
/// in both libraries).</summary>
public class Mlp : BenchBase
{
    private const float Lr = 0.01f;

    [Params(1, 64)]
    public int Batch;

    private Tensor _x = null!, _y = null!;
    private Tensor[] _p = null!;
    private ts.Tensor _tx = null!, _ty = null!;
    private ts.Tensor[] _tp = null!;

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
        // one step outside the measurement creates every .grad
        Step_Autograd();
        Step_TorchSharp();
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
        var h = tsf.relu(tsf.linear(_tx, _tp[0], _tp[1]));
        var loss = tsf.cross_entropy(tsf.linear(h, _tp[2], _tp[3]), _ty);
        loss.backward();
        using (ts.no_grad())
        {
            foreach (ts.Tensor p in _tp) p.sub_(p.grad!.mul(Lr));
        }
        foreach (ts.Tensor p in _tp) p.grad!.zero_();
    }

    [BenchmarkCategory("MlpStep"), Benchmark(Description = "Autograd")]
    public Tensor Step_Autograd()
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
}
