using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>The check every layer's parity test makes: the same module built in both libraries from the same seed
/// has the same parameters (bit for bit), buffers, state_dict keys, output and gradients (input and parameters).</summary>
internal static class ModuleParity
{
    /// <summary>Builds both modules right after seeding both generators with <paramref name="seed"/>.</summary>
    internal static (T ours, TS theirs) Seeded<T, TS>(int seed, Func<T> ours, Func<TS> theirs)
    {
        torch.manual_seed(seed);
        T a = ours();
        ts.manual_seed(seed);
        TS b = theirs();
        return (a, b);
    }

    /// <summary>Parameters and buffers bit for bit, and the same state_dict keys in the same order.</summary>
    internal static void SameState(torch.nn.Module ours, TorchSharp.torch.nn.Module theirs)
    {
        Assert.Equal(theirs.state_dict().Keys, ours.state_dict().Keys);
        var theirParams = theirs.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(theirParams.Keys, ours.named_parameters().Select(p => p.name));
        foreach (var (name, p) in ours.named_parameters()) Bits.Equal(theirParams[name].detach(), p.detach(), name);
        var theirBuffers = theirs.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, b) in ours.named_buffers())
        {
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            {
                // TorchSharp gives this counter the module's dtype; PyTorch's (and ours) is always int64
                Assert.Equal(ScalarType.Int64, b.dtype);
                Assert.Equal(theirBuffers[name].to(ts.ScalarType.Int64).item<long>(), b.item<long>());
                continue;
            }
            Bits.Equal(theirBuffers[name], b, name);
        }
    }

    /// <summary>Overwrites every parameter of both modules with the same deterministic values (so gradients through
    /// weights initialised to ones and zeros are tested with general values).</summary>
    internal static void Randomize(torch.nn.Module ours, ts.nn.Module theirs, string id)
    {
        var rng = new Random(Oracle.Seed(id));
        var theirParams = theirs.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in ours.named_parameters())
        {
            double[] v = [.. Enumerable.Range(0, (int)p.numel()).Select(_ => rng.NextDouble() + 0.5)];
            using (torch.no_grad()) p.copy_(torch.tensor(v, p.shape).to(p.dtype));
            using (ts.no_grad()) theirParams[name].copy_(ts.tensor(v, p.shape).to(theirParams[name].dtype));
        }
    }

    /// <summary>A deterministic input of <paramref name="shape"/> in both libraries (requiring grad).</summary>
    internal static (Tensor ours, ts.Tensor theirs) Input(string id, ScalarType dtype, params long[] shape)
    {
        var rng = new Random(Oracle.Seed(id));
        long n = shape.Aggregate(1L, (a, b) => a * b);
        double[] x = [.. Enumerable.Range(0, (int)n).Select(_ => rng.NextDouble() * 2 - 1)];
        return (torch.tensor(x, shape).to(dtype).requires_grad_(true), ts.tensor(x, shape).to(Oracle.Ts(dtype)).requires_grad_(true));
    }

    /// <summary>Runs both modules on the same input, compares the outputs, back-propagates the same weighted sum
    /// and compares the input's and every parameter's gradient.</summary>
    internal static void SameForwardBackward(torch.nn.Module<Tensor, Tensor> ours, ts.nn.Module<ts.Tensor, ts.Tensor> theirs, string id,
                                             ScalarType dtype, params long[] shape)
    {
        var (x, tx) = Input(id, dtype, shape);
        Tensor y = ours.call(x);
        ts.Tensor ty = theirs.call(tx);
        Oracle.AssertClose(ty, y, dtype, what: "output");
        SameBackward(ours, theirs, x, tx, y, ty, dtype);
    }

    /// <summary>Back-propagates sum(y * cos(i)) in both and compares the input's and every parameter's gradient.</summary>
    internal static void SameBackward(torch.nn.Module ours, ts.nn.Module theirs, Tensor x, ts.Tensor tx, Tensor y, ts.Tensor ty, ScalarType dtype)
    {
        long n = y.numel();
        double[] g = [.. Enumerable.Range(0, (int)n).Select(i => Math.Cos(i))];
        (y * torch.tensor(g, y.shape).to(dtype)).sum().backward();
        (ty * ts.tensor(g, ty.shape).to(Oracle.Ts(dtype))).sum().backward();
        if (x.requires_grad) Oracle.AssertClose(tx.grad!, x.grad!, dtype, what: "input grad");
        var theirParams = theirs.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in ours.named_parameters())
            if (p.requires_grad) Oracle.AssertClose(theirParams[name].grad!, p.grad!, dtype, what: name + " grad");
    }

    /// <summary>Asserts <paramref name="act"/> throws <typeparamref name="TE"/> with exactly <paramref name="message"/>
    /// and leaves every parameter and buffer of <paramref name="module"/> as it was.</summary>
    internal static void ThrowsUnchanged<TE>(torch.nn.Module module, string message, Action act) where TE : Exception
    {
        var before = module.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());
        var e = Assert.Throws<TE>(act);
        Assert.Equal(message, e.Message);
        foreach (var (k, v) in module.state_dict())
            Assert.True(torch.equal(before[k], v), $"{k} changed by a call that threw");
    }
}
