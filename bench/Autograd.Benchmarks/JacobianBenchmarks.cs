using BenchmarkDotNet.Attributes;
using ag = Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Benchmarks;

/// <summary>The full Jacobian of a 64→64 function, f(x) = tanh(W x + b) (float32), w.r.t. x: our
/// <c>jacobian(vectorize: true)</c> (one batched backward, Note [Batched backward]) against our row-by-row
/// <c>vectorize: false</c> (64 backward passes through one retained graph) and TorchSharp's jacobian (row by row:
/// TorchSharp has no vectorized form).</summary>
public class Jacobian : BenchBase
{
    private const int N = 64;
    private Tensor _x = null!, _w = null!, _b = null!;
    private ts.Tensor _tx = null!, _tw = null!, _tb = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        float[] w = Setup.Scale(Setup.Values(N * N, 11), 0.125f), b = Setup.Scale(Setup.Values(N, 12), 0.1f), x = Setup.Values(N, 13);
        (_w, _b, _x) = (Setup.Ag(w, N, N), Setup.Ag(b, N), Setup.Ag(x, N));
        (_tw, _tb, _tx) = (Setup.Ts(w, N, N), Setup.Ts(b, N), Setup.Ts(x, N));
    }

    [BenchmarkCategory("Jacobian64"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Jacobian_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _ = ts.autograd.functional.jacobian(x => ts.tanh(ts.mv(_tw, x) + _tb), _tx);
    }

    [BenchmarkCategory("Jacobian64"), Benchmark(Description = "Autograd vectorize")]
    public Tensor Jacobian_Vectorized() => ag.autograd.functional.jacobian(x => ag.tanh(ag.mv(_w, x) + _b), _x, vectorize: true);

    [BenchmarkCategory("Jacobian64"), Benchmark(Description = "Autograd rows")]
    public Tensor Jacobian_Rows() => ag.autograd.functional.jacobian(x => ag.tanh(ag.mv(_w, x) + _b), _x, vectorize: false);
}
