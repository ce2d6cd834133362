using BenchmarkDotNet.Attributes;
using ag = Autograd.torch;
using agf = Autograd.torch.nn.functional;
using ts = TorchSharp.torch;
using tsf = TorchSharp.torch.nn.functional;

namespace Autograd.Benchmarks;

/// <summary>Goal rows for convolutions, forward + backward in float32, TorchSharp (oneDNN) the baseline, both
/// sides through the functional form on the same values (≥ 1.0×):
/// <list type="bullet">
/// <item>Conv3to32: conv2d(3→32, k3, padding 1) on 32×3×32×32, a first layer: gradients of weight and bias only.</item>
/// <item>Conv32to64: conv2d(32→64, k3) on 32×32×16×16, a middle layer: gradients of input, weight and bias.</item>
/// </list></summary>
public class Conv : BenchBase
{
    private Tensor _x1 = null!, _w1 = null!, _b1 = null!, _x2 = null!, _w2 = null!, _b2 = null!;
    private ts.Tensor _tx1 = null!, _tw1 = null!, _tb1 = null!, _tx2 = null!, _tw2 = null!, _tb2 = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        float[] x1 = Setup.Values(32 * 3 * 32 * 32, 31), w1 = Setup.Values(32 * 3 * 9, 32), b1 = Setup.Values(32, 33);
        float[] x2 = Setup.Values(32 * 32 * 16 * 16, 34), w2 = Setup.Values(64 * 32 * 9, 35), b2 = Setup.Values(64, 36);
        _x1 = Setup.Ag(x1, 32, 3, 32, 32);
        _w1 = Setup.Ag(w1, 32, 3, 3, 3).requires_grad_();
        _b1 = Setup.Ag(b1, 32).requires_grad_();
        _x2 = Setup.Ag(x2, 32, 32, 16, 16).requires_grad_();
        _w2 = Setup.Ag(w2, 64, 32, 3, 3).requires_grad_();
        _b2 = Setup.Ag(b2, 64).requires_grad_();
        _tx1 = Setup.Ts(x1, 32, 3, 32, 32);
        _tw1 = Setup.Ts(w1, 32, 3, 3, 3).requires_grad_();
        _tb1 = Setup.Ts(b1, 32).requires_grad_();
        _tx2 = Setup.Ts(x2, 32, 32, 16, 16).requires_grad_();
        _tw2 = Setup.Ts(w2, 64, 32, 3, 3).requires_grad_();
        _tb2 = Setup.Ts(b2, 64).requires_grad_();
        First_Autograd();
        First_TorchSharp();
        Middle_Autograd();
        Middle_TorchSharp();
    }

    [BenchmarkCategory("Conv3to32"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void First_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _tw1.grad?.zero_();
        _tb1.grad?.zero_();
        tsf.conv2d(_tx1, _tw1, _tb1, padding: [1]).sum().backward();
    }

    [BenchmarkCategory("Conv3to32"), Benchmark(Description = "Autograd")]
    public Tensor First_Autograd()
    {
        _w1.grad = null;
        _b1.grad = null;
        Tensor loss = agf.conv2d(_x1, _w1, _b1, padding: [1]).sum();
        loss.backward();
        return loss;
    }

    [BenchmarkCategory("Conv32to64"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Middle_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _tx2.grad?.zero_();
        _tw2.grad?.zero_();
        _tb2.grad?.zero_();
        tsf.conv2d(_tx2, _tw2, _tb2).sum().backward();
    }

    [BenchmarkCategory("Conv32to64"), Benchmark(Description = "Autograd")]
    public Tensor Middle_Autograd()
    {
        _x2.grad = null;
        _w2.grad = null;
        _b2.grad = null;
        Tensor loss = agf.conv2d(_x2, _w2, _b2).sum();
        loss.backward();
        return loss;
    }
}

/// <summary>Goal row "LeNet-style CNN training step, batch 64" (≥ 1.2×): on 64×1×28×28,
/// conv(1→6, k5) relu max_pool 2, conv(6→16, k5) relu max_pool 2, flatten, linear 256→120 relu, 120→84 relu,
/// 84→10, cross_entropy, backward, torch.optim.SGD step; both libraries in the functional form from the same
/// initial values.</summary>
public class LeNet : BenchBase
{
    private const float Lr = 0.01f;
    private static readonly long[][] Shapes =
        [[6, 1, 5, 5], [6], [16, 6, 5, 5], [16], [120, 256], [120], [84, 120], [84], [10, 84], [10]];

    private Tensor _x = null!, _y = null!;
    private Tensor[] _p = null!;
    private ts.Tensor _tx = null!, _ty = null!;
    private TorchSharp.Modules.Parameter[] _tp = null!;
    private ag.optim.Optimizer _opt = null!;
    private ts.optim.Optimizer _topt = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        float[] x = Setup.Values(64 * 28 * 28, 41);
        long[] y = new long[64];
        for (int i = 0; i < y.Length; i++) y[i] = (i * 7 + 3) % 10;
        var values = new float[Shapes.Length][];
        for (int i = 0; i < Shapes.Length; i++)
        {
            long n = Shapes[i].Aggregate(1L, (a, b) => a * b), fanIn = n / Shapes[i][0];
            values[i] = Setup.Values(n, 50 + i);
            float scale = (float)(1 / Math.Sqrt(Shapes[i].Length == 1 ? 10 : fanIn));
            for (int j = 0; j < values[i].Length; j++) values[i][j] *= scale;
        }
        _x = Setup.Ag(x, 64, 1, 28, 28);
        _y = ag.tensor(y);
        _tx = Setup.Ts(x, 64, 1, 28, 28);
        _ty = ts.tensor(y);
        _p = [.. values.Select((v, i) => Setup.Ag(v, Shapes[i]).requires_grad_())];
        _tp = [.. values.Select((v, i) => ts.nn.Parameter(Setup.Ts(v, Shapes[i])))];
        _opt = ag.optim.SGD(_p, Lr);
        _topt = ts.optim.SGD(_tp, Lr);
        Step_Autograd();
        Step_TorchSharp();
    }

    [BenchmarkCategory("LeNetStep"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Step_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _topt.zero_grad();
        var h = tsf.max_pool2d(tsf.relu(tsf.conv2d(_tx, _tp[0], _tp[1])), [2]);
        h = tsf.max_pool2d(tsf.relu(tsf.conv2d(h, _tp[2], _tp[3])), [2]).flatten(1);
        h = tsf.relu(tsf.linear(tsf.relu(tsf.linear(h, _tp[4], _tp[5])), _tp[6], _tp[7]));
        tsf.cross_entropy(tsf.linear(h, _tp[8], _tp[9]), _ty).backward();
        _topt.step();
    }

    [BenchmarkCategory("LeNetStep"), Benchmark(Description = "Autograd")]
    public Tensor Step_Autograd()
    {
        _opt.zero_grad();
        var h = agf.max_pool2d(agf.relu(agf.conv2d(_x, _p[0], _p[1])), [2]);
        h = agf.max_pool2d(agf.relu(agf.conv2d(h, _p[2], _p[3])), [2]).flatten(1);
        h = agf.relu(agf.linear(agf.relu(agf.linear(h, _p[4], _p[5])), _p[6], _p[7]));
        Tensor loss = agf.cross_entropy(agf.linear(h, _p[8], _p[9]), _y);
        loss.backward();
        _opt.step();
        return loss;
    }
}

/// <summary>Goal row "MLP 784→128→10 step written with nn modules, within 10% of the hand-written functional
/// step" (batch 64, SGD, cross_entropy): nn.Sequential(Linear, ReLU, Linear) with the optimizer over its
/// parameters() against agf.linear / agf.relu over the same initial tensors. Both sides are this library; the
/// functional step is the baseline, so Ratio is the modules' overhead.</summary>
public class MlpModules : BenchBase
{
    private const float Lr = 0.01f;

    private Tensor _x = null!, _y = null!;
    private Tensor[] _p = null!;
    private ag.nn.Module<Tensor, Tensor> _model = null!;
    private ag.optim.Optimizer _opt = null!, _mopt = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        ag.manual_seed(1);
        _model = ag.nn.Sequential(ag.nn.Linear(784, 128), ag.nn.ReLU(), ag.nn.Linear(128, 10));
        _p = [.. _model.parameters().Select(p => p.detach().clone().requires_grad_())];
        float[] x = Setup.Values(64 * 784L, 61);
        long[] y = new long[64];
        for (int i = 0; i < y.Length; i++) y[i] = (i * 7 + 3) % 10;
        _x = Setup.Ag(x, 64, 784);
        _y = ag.tensor(y);
        _opt = ag.optim.SGD(_p, Lr);
        _mopt = ag.optim.SGD(_model.parameters(), Lr);
        Functional();
        Modules();
    }

    [BenchmarkCategory("MlpModulesStep"), Benchmark(Baseline = true, Description = "Functional")]
    public Tensor Functional()
    {
        _opt.zero_grad();
        Tensor loss = agf.cross_entropy(agf.linear(agf.relu(agf.linear(_x, _p[0], _p[1])), _p[2], _p[3]), _y);
        loss.backward();
        _opt.step();
        return loss;
    }

    [BenchmarkCategory("MlpModulesStep"), Benchmark(Description = "Modules")]
    public Tensor Modules()
    {
        _mopt.zero_grad();
        Tensor loss = agf.cross_entropy(_model.call(_x), _y);
        loss.backward();
        _mopt.step();
        return loss;
    }
}
