using Autograd;
using TorchSharp.PyBridge;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>An optimizer's state in PyTorch's checkpoint format, both ways against TorchSharp.PyBridge (which writes
/// and reads TorchSharp optimizers' state in that format): training that moves to the other library through a file
/// halfway takes the steps that LibTorch takes without a break.</summary>
public sealed class OptimizerCheckpointInteropTests : IDisposable
{
    private const int Steps = 16, Switch = 8;

    private readonly string _dir = Directory.CreateTempSubdirectory("agn-optckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Names => new() { "SGD", "Adam", "AdamW", "RMSprop", "Adagrad" };

    private static torch.optim.Optimizer Ours(string name, Tensor w) => name switch
    {
        "SGD" => torch.optim.SGD([w], 0.05, momentum: 0.9),
        "Adam" => torch.optim.Adam([w], 0.05, amsgrad: true),
        "AdamW" => torch.optim.AdamW([w], 0.05, weight_decay: 0.1),
        "RMSprop" => torch.optim.RMSprop([w], 0.01, momentum: 0.5),
        "Adagrad" => torch.optim.Adagrad([w], 0.05),
        _ => throw new ArgumentException(name),
    };

    private static ts.optim.Optimizer Theirs(string name, TorchSharp.Modules.Parameter w) => name switch
    {
        "SGD" => ts.optim.SGD([w], 0.05, 0.9),
        "Adam" => ts.optim.Adam([w], 0.05, amsgrad: true),
        "AdamW" => ts.optim.AdamW([w], 0.05, weight_decay: 0.1),
        "RMSprop" => ts.optim.RMSProp([w], 0.01, momentum: 0.5),
        "Adagrad" => ts.optim.Adagrad([w], 0.05),
        _ => throw new ArgumentException(name),
    };

    private static (double[] W0, double[][] Grads) Inputs(string name)
    {
        var rng = new Random(Oracle.Seed($"optimizer-interop-{name}"));
        return ([.. Enumerable.Range(0, 6).Select(_ => rng.NextDouble())],
                [.. Enumerable.Range(0, Steps).Select(_ => Enumerable.Range(0, 6).Select(_ => rng.NextDouble() - 0.5).ToArray())]);
    }

    /// <summary>LibTorch's parameters after all steps without a break.</summary>
    private static double[] Uninterrupted(string name)
    {
        var (w0, grads) = Inputs(name);
        var w = ts.nn.Parameter(ts.tensor(w0, [2, 3], ts.float64));
        var opt = Theirs(name, w);
        foreach (double[] g in grads)
        {
            w.grad = ts.tensor(g, [2, 3], ts.float64);
            opt.step();
        }
        return Oracle.Values(w);
    }

    // Both sides compute in float64 in the same order per element; what is left is the last bits of pow/sqrt in
    // LibTorch's vectorised kernels against ours, a few ulps per step, over 16 steps.
    private const double Rtol = 1e-12, Atol = 1e-13;

    [Theory]
    [MemberData(nameof(Names))]
    public void Libtorch_state_saved_by_pybridge_resumes_here(string name)
    {
        var (w0, grads) = Inputs(name);
        var tw = ts.nn.Parameter(ts.tensor(w0, [2, 3], ts.float64));
        var theirs = Theirs(name, tw);
        for (int step = 0; step < Switch; step++)
        {
            tw.grad = ts.tensor(grads[step], [2, 3], ts.float64);
            theirs.step();
        }
        string path = System.IO.Path.Combine(_dir, $"{name}-theirs.pt");
        ((TorchSharp.Modules.OptimizerHelper)theirs).save_py(path);

        Tensor w = torch.tensor(Oracle.Values(tw), [2, 3]).requires_grad_();
        var ours = Ours(name, w);
        ours.load_state_dict((Dictionary<string, object>)torch.load(path));
        for (int step = Switch; step < Steps; step++)
        {
            w.grad = torch.tensor(grads[step], [2, 3]);
            ours.step();
        }
        Oracle.AssertClose(Uninterrupted(name), w.ToArray<double>(), Rtol, Atol, name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void State_saved_here_resumes_in_libtorch_through_pybridge(string name)
    {
        var (w0, grads) = Inputs(name);
        Tensor w = torch.tensor(w0, [2, 3]).requires_grad_();
        var ours = Ours(name, w);
        for (int step = 0; step < Switch; step++)
        {
            w.grad = torch.tensor(grads[step], [2, 3]);
            ours.step();
        }
        string path = System.IO.Path.Combine(_dir, $"{name}-ours.pt");
        torch.save(ours.state_dict(), path);

        var tw = ts.nn.Parameter(ts.tensor(w.detach().ToArray<double>(), [2, 3], ts.float64));
        var theirs = Theirs(name, tw);
        ((TorchSharp.Modules.OptimizerHelper)theirs).load_py(path);
        for (int step = Switch; step < Steps; step++)
        {
            tw.grad = ts.tensor(grads[step], [2, 3], ts.float64);
            theirs.step();
        }
        Oracle.AssertClose(Uninterrupted(name), Oracle.Values(tw), Rtol, Atol, name);
    }
}
