using BenchmarkDotNet.Attributes;
using ag = Autograd.torch;
using agf = Autograd.torch.nn.functional;
using ts = TorchSharp.torch;

namespace Autograd.Benchmarks;

/// <summary>Goal rows for nn layers, forward + backward in float32, TorchSharp the baseline:
/// <list type="bullet">
/// <item>LayerNorm: layer_norm over the last dim of a 64×512 input with weight and bias [512] (≥ 1.5×).</item>
/// <item>Embedding: a 50000×256 table looked up at 32×128 ids, the weight's gradient from a ones upstream
/// (≥ 1.5×). TorchSharp has embedding only as a module, so its side calls nn.Embedding on the same table.</item>
/// </list></summary>
public class NN : BenchBase
{
    private Tensor _x = null!, _w = null!, _b = null!, _table = null!, _ids = null!;
    private ts.Tensor _tx = null!, _tw = null!, _tb = null!, _tids = null!;
    private TorchSharp.Modules.Embedding _tembedding = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        Setup.Threads();
        float[] x = Setup.Values(64 * 512, 21), w = Setup.Values(512, 22), b = Setup.Values(512, 23), table = Setup.Values(50000L * 256, 24);
        long[] ids = new long[32 * 128];
        for (int i = 0; i < ids.Length; i++) ids[i] = (i * 7919L) % 50000;
        _x = Setup.Ag(x, 64, 512).requires_grad_();
        _w = Setup.Ag(w, 512).requires_grad_();
        _b = Setup.Ag(b, 512).requires_grad_();
        _tx = Setup.Ts(x, 64, 512).requires_grad_();
        _tw = Setup.Ts(w, 512).requires_grad_();
        _tb = Setup.Ts(b, 512).requires_grad_();
        _table = Setup.Ag(table, 50000, 256).requires_grad_();
        _ids = ag.tensor(ids, [32, 128]);
        _tembedding = ts.nn.Embedding_from_pretrained(Setup.Ts(table, 50000, 256), freeze: false);
        _tids = ts.tensor(ids, [32, 128]);
        LayerNorm_Autograd();
        LayerNorm_TorchSharp();
        Embedding_Autograd();
        Embedding_TorchSharp();
    }

    [BenchmarkCategory("LayerNorm64x512"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void LayerNorm_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _tx.grad?.zero_();
        ts.nn.functional.layer_norm(_tx, [512], _tw, _tb).sum().backward();
    }

    [BenchmarkCategory("LayerNorm64x512"), Benchmark(Description = "Autograd")]
    public Tensor LayerNorm_Autograd()
    {
        _x.grad = null;
        Tensor loss = agf.layer_norm(_x, [512], _w, _b).sum();
        loss.backward();
        return loss;
    }

    [BenchmarkCategory("Embedding50000x256"), Benchmark(Baseline = true, Description = "TorchSharp")]
    public void Embedding_TorchSharp()
    {
        using var scope = ts.NewDisposeScope();
        _tembedding.zero_grad();
        _tembedding.call(_tids).sum().backward();
    }

    [BenchmarkCategory("Embedding50000x256"), Benchmark(Description = "Autograd")]
    public Tensor Embedding_Autograd()
    {
        _table.grad = null;
        Tensor loss = agf.embedding(_ids, _table).sum();
        loss.backward();
        return loss;
    }
}
