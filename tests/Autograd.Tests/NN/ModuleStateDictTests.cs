using Autograd;
using Autograd.Modules;
using static Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>state_dict / load_state_dict: PyTorch's keys and messages, strict and non-strict loads, all-or-nothing
/// loading, and a model loaded from TorchSharp's state_dict computing TorchSharp's outputs and gradients.</summary>
public class ModuleStateDictTests
{
    private static Sequential Mlp() =>
        nn.Sequential(nn.Linear(ModuleTests.P(3, 4), ModuleTests.P(3)), nn.ReLU(), nn.Linear(ModuleTests.P(2, 3), ModuleTests.P(2)));

    private static Dictionary<string, float[]> Snapshot(nn.Module m) =>
        m.state_dict().ToDictionary(e => e.Key, e => e.Value.data<float>().ToArray());

    private static void AssertUnchanged(Dictionary<string, float[]> before, nn.Module m)
    {
        var after = Snapshot(m);
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (k, v) in before) Assert.Equal(v, after[k]);
    }

    [Fact]
    public void Round_trip_copies_values_into_the_same_parameters()
    {
        Sequential a = Mlp(), b = nn.Sequential(nn.Linear(new Parameter(ModuleTests.P(3, 4) * 2), null), nn.ReLU(), nn.Linear(ModuleTests.P(2, 3), ModuleTests.P(2)));
        b.register_module("extra", nn.Identity());
        Tensor w = ((Linear)b[0]).weight;
        var (missing, unexpected) = b.load_state_dict(a.state_dict(), strict: false);
        Assert.Empty(missing);
        Assert.Equal(["0.bias"], unexpected);
        Assert.Same(w, ((Linear)b[0]).weight);
        Assert.Equal(((Linear)a[0]).weight.data<float>().ToArray(), w.data<float>().ToArray());
        Assert.True(w.is_leaf && w.requires_grad && w.grad_fn is null);
    }

    [Fact]
    public void Strict_load_lists_missing_and_unexpected_keys_and_changes_nothing()
    {
        Sequential m = Mlp();
        var before = Snapshot(m);
        var sd = Mlp().state_dict();
        foreach (var (_, t) in sd) t.add_(1);
        sd.Remove("2.bias");
        sd.Remove("0.weight");
        sd["3.weight"] = torch.ones(1);
        var ex = Assert.Throws<InvalidOperationException>(() => m.load_state_dict(sd));
        Assert.Equal("Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: \"0.weight\", \"2.bias\". \n\t" +
                     "Unexpected key(s) in state_dict: \"3.weight\". ", ex.Message);
        AssertUnchanged(before, m);

        var (missing, unexpected) = m.load_state_dict(sd, strict: false);
        Assert.Equal(["0.weight", "2.bias"], missing);
        Assert.Equal(["3.weight"], unexpected);
        Assert.Equal(sd["0.bias"].data<float>().ToArray(), m.state_dict()["0.bias"].data<float>().ToArray());
        Assert.Equal(before["0.weight"], m.state_dict()["0.weight"].data<float>().ToArray());
    }

    [Fact]
    public void Size_mismatch_fails_even_when_not_strict_and_changes_nothing()
    {
        Sequential m = Mlp();
        var before = Snapshot(m);
        var sd = Mlp().state_dict();
        foreach (var (_, t) in sd) t.mul_(3); // every other entry would change the model
        sd["2.weight"] = torch.zeros(2, 5);
        sd["0.bias"] = torch.zeros(4);
        foreach (bool strict in new[] { true, false })
        {
            var ex = Assert.Throws<InvalidOperationException>(() => m.load_state_dict(sd, strict));
            Assert.Equal("Error(s) in loading state_dict for Sequential:\n\t" +
                         "size mismatch for 0.bias: copying a param with shape torch.Size([4]) from checkpoint, the shape in current model is torch.Size([3]).\n\t" +
                         "size mismatch for 2.weight: copying a param with shape torch.Size([2, 5]) from checkpoint, the shape in current model is torch.Size([2, 3]).",
                         ex.Message);
            AssertUnchanged(before, m);
        }
    }

    [Fact]
    public void Skip_ignores_keys_on_both_sides_and_dtypes_are_converted()
    {
        Sequential m = Mlp();
        var sd = Mlp().state_dict().ToDictionary(e => e.Key, e => e.Value.to(ScalarType.Float64) + 1);
        sd.Remove("0.weight");
        float[] w0 = m.state_dict()["0.weight"].data<float>().ToArray();
        var (missing, unexpected) = m.load_state_dict(sd, strict: true, skip: ["0.weight"]);
        Assert.Empty(missing);
        Assert.Empty(unexpected);
        Assert.Equal(w0, m.state_dict()["0.weight"].data<float>().ToArray());
        Assert.Equal(ScalarType.Float32, m.state_dict()["2.bias"].dtype);
        Assert.Equal(sd["2.bias"].to(ScalarType.Float32).data<float>().ToArray(), m.state_dict()["2.bias"].data<float>().ToArray());
    }

    [Fact]
    public void Buffers_load_but_non_persistent_ones_are_not_expected()
    {
        var m = nn.Sequential(nn.Identity());
        m.register_buffer("stat", torch.zeros(2));
        m.register_buffer("cache", torch.zeros(2), persistent: false);
        var (missing, _) = m.load_state_dict(new Dictionary<string, Tensor> { ["stat"] = torch.ones(2) });
        Assert.Empty(missing);
        Assert.Equal([1f, 1f], m.get_buffer("stat")!.data<float>().ToArray());
    }

    [Fact]
    public void A_model_loaded_from_torchsharp_computes_its_outputs_and_gradients()
    {
        foreach (ScalarType dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            ts.random.manual_seed(7);
            var theirs = ts.nn.Sequential(ts.nn.Linear(5, 4), ts.nn.ReLU(), ts.nn.Linear(4, 3), ts.nn.Tanh());
            TorchSharp.ModuleExtensionMethods.to(theirs, Oracle.Ts(dtype));
            var ours = nn.Sequential(nn.Linear(ModuleTests.P(4, 5), ModuleTests.P(4)), nn.ReLU(), nn.Linear(ModuleTests.P(3, 4), ModuleTests.P(3)), nn.Tanh());
            ours.to(dtype);
            var sd = theirs.state_dict().ToDictionary(e => e.Key, e => torch.tensor(Oracle.Values(e.Value), e.Value.shape).to(dtype));
            Assert.Equal(sd.Keys.Order(), ours.state_dict().Keys.Order());
            ours.load_state_dict(sd);

            var rng = new Random(Oracle.Seed($"mlp{dtype}"));
            double[] x = [.. Enumerable.Range(0, 6 * 5).Select(_ => rng.NextDouble() * 2 - 1)];
            Tensor y = ours.call(torch.tensor(x, [6, 5]).to(dtype));
            var ty = theirs.call(ts.tensor(x, [6, 5]).to(Oracle.Ts(dtype)));
            Oracle.AssertClose(ty, y, dtype, what: "output");
            y.pow(2).sum().backward();
            ty.pow(2).sum().backward();
            var theirParams = theirs.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, p) in ours.named_parameters())
                Oracle.AssertClose(theirParams[name].grad!, p.grad!, dtype, what: name);
        }
    }

    [Fact]
    public void A_seeded_mlp_has_libtorchs_weights_outputs_and_gradients()
    {
        torch.manual_seed(1);
        var ours = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10));
        ts.manual_seed(1);
        var theirs = ts.nn.Sequential(ts.nn.Linear(784, 128), ts.nn.ReLU(), ts.nn.Linear(128, 10));
        var theirParams = theirs.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in ours.named_parameters())
            Assert.Equal(theirParams[name].data<float>().ToArray(), p.data<float>().ToArray()); // bit for bit
        var rng = new Random(Oracle.Seed("seeded-mlp"));
        double[] x = [.. Enumerable.Range(0, 4 * 784).Select(_ => rng.NextDouble())];
        Tensor y = ours.call(torch.tensor(x, [4, 784]).to(ScalarType.Float32));
        var ty = theirs.call(ts.tensor(x, [4, 784]).to(ts.ScalarType.Float32));
        Oracle.AssertClose(ty, y, ScalarType.Float32, what: "output");
        y.pow(2).sum().backward();
        ty.pow(2).sum().backward();
        foreach (var (name, p) in ours.named_parameters())
            Oracle.AssertClose(theirParams[name].grad!, p.grad!, ScalarType.Float32, what: name);
    }
}
