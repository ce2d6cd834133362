using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Module.save / Module.load in TorchSharp's weights format, both ways against TorchSharp itself.</summary>
public sealed class ModuleSaveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agn-module-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => System.IO.Path.Combine(_dir, name);

    private static Modules.Parameter P(Tensor t) => new(t);

    private static torch.nn.Module<Tensor, Tensor> Ours(float fill) =>
        torch.nn.Sequential(torch.nn.Linear(P(torch.full([3, 4], fill)), P(torch.full([3], fill))), torch.nn.ReLU(),
                            torch.nn.Linear(P(torch.full([2, 3], fill)), P(torch.full([2], fill))));

    private static ts.nn.Module<ts.Tensor, ts.Tensor> Theirs() =>
        ts.nn.Sequential(ts.nn.Linear(4, 3), ts.nn.ReLU(), ts.nn.Linear(3, 2));

    [Fact]
    public void Weights_saved_by_torchsharp_load_here()
    {
        var theirs = Theirs();
        theirs.save(PathOf("ts.bin"));
        var ours = Ours(0);
        var loaded = new Dictionary<string, bool>();
        ours.load(PathOf("ts.bin"), loadedParameters: loaded);
        foreach (var (key, t) in theirs.state_dict())
            Assert.Equal(Oracle.Values(t), ours.state_dict()[key].to(ScalarType.Float64).ToArray<double>());
        Assert.Equal(4, loaded.Count);
        Assert.All(loaded.Values, Assert.True);
    }

    [Fact]
    public void Weights_saved_here_load_in_torchsharp()
    {
        var ours = Ours(0);
        using (torch.no_grad()) foreach (var (i, p) in ours.parameters().Select((p, i) => (i, p))) p.copy_(torch.arange(p.numel()).reshape(p.shape).mul(0.5 + i));
        ours.save(PathOf("ours.bin"));
        var theirs = Theirs();
        theirs.load(PathOf("ours.bin"));
        foreach (var (key, t) in ours.state_dict())
            Assert.Equal(t.to(ScalarType.Float64).ToArray<double>(), Oracle.Values(theirs.state_dict()[key]));
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void Half_precision_weights_round_trip_with_torchsharp_in_their_dtype(ScalarType dtype)
    {
        var ours = torch.nn.Sequential(torch.nn.Linear(P(torch.full([3, 4], 0.1, dtype)), P(torch.full([3], -2.7, dtype))), torch.nn.ReLU(),
                                       torch.nn.Linear(P(torch.full([2, 3], 1e-3, dtype)), P(torch.full([2], 300.3, dtype))));
        ours.save(PathOf("half.bin"));
        var theirs = TorchSharp.ModuleExtensionMethods.to(Theirs(), Oracle.Ts(dtype));
        theirs.load(PathOf("half.bin"));
        foreach (var (key, t) in ours.state_dict())
        {
            Assert.Equal(Oracle.Ts(dtype), theirs.state_dict()[key].dtype);
            Assert.Equal(t.to(ScalarType.Float64).ToArray<double>(), Oracle.Values(theirs.state_dict()[key]));
        }
        theirs.save(PathOf("theirs-half.bin"));
        var back = torch.nn.Sequential(torch.nn.Linear(P(torch.zeros([3, 4], dtype)), P(torch.zeros([3], dtype))), torch.nn.ReLU(),
                                       torch.nn.Linear(P(torch.zeros([2, 3], dtype)), P(torch.zeros([2], dtype))));
        back.load(PathOf("theirs-half.bin"));
        foreach (var (key, t) in ours.state_dict())
            Assert.True(t.equal(back.state_dict()[key]), key);
    }

    [Fact]
    public void A_file_for_another_model_changes_nothing()
    {
        var other = torch.nn.Sequential(torch.nn.Linear(P(torch.ones([3, 4])), P(torch.ones([3]))), torch.nn.ReLU(),
                                        torch.nn.Linear(P(torch.ones([5, 3])), P(torch.ones([5]))));
        other.save(PathOf("other.bin"));
        var ours = Ours(7);
        var e = Assert.Throws<ArgumentException>(() => ours.load(PathOf("other.bin")));
        Assert.Contains("Mismatched tensor shape", e.Message);
        Assert.All(ours.parameters(), p => Assert.True(p.eq(7).all().item<bool>())); // the first layer matched, and was still not written
    }

    [Fact]
    public void A_truncated_file_is_refused_naming_it()
    {
        Ours(1).save(PathOf("full.bin"));
        byte[] bytes = File.ReadAllBytes(PathOf("full.bin"));
        File.WriteAllBytes(PathOf("cut.bin"), bytes[..(bytes.Length - 5)]);
        var e = Assert.Throws<InvalidDataException>(() => Ours(0).load(PathOf("cut.bin")));
        Assert.Contains(PathOf("cut.bin"), e.Message);
    }
}
