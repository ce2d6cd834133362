using Autograd;
using Autograd.Modules;
using static Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Dropout modules: in training mode LibTorch's masks bit for bit from the same seed; in evaluation mode the
/// input itself and no draws; PyTorch's printout and checks.</summary>
public class DropoutModuleTests
{
    private static (nn.Module<Tensor, Tensor>, ts.nn.Module<ts.Tensor, ts.Tensor>) Build(string kind, double p) => kind switch
    {
        "Dropout" => (nn.Dropout(p), ts.nn.Dropout(p)),
        "Dropout1d" => (nn.Dropout1d(p), ts.nn.Dropout1d(p)),
        "Dropout2d" => (nn.Dropout2d(p), ts.nn.Dropout2d(p)),
        _ => (nn.AlphaDropout(p), ts.nn.AlphaDropout(p)),
    };

    [Theory]
    [InlineData("Dropout"), InlineData("Dropout1d"), InlineData("Dropout2d"), InlineData("AlphaDropout")]
    public void Training_mode_draws_libtorchs_mask(string kind)
    {
        var (ours, theirs) = Build(kind, 0.3);
        Assert.True(ours.training);
        var (x, tx) = ModuleParity.Input(kind, ScalarType.Float32, 4, 6, 5);
        torch.manual_seed(21);
        ts.manual_seed(21);
        Tensor y = ours.call(x);
        ts.Tensor ty = theirs.call(tx);
        Bits.Equal(ty.detach(), y.detach(), "output");
        Assert.False(torch.equal(x.detach(), y.detach()));
        ModuleParity.SameBackward(ours, theirs, x, tx, y, ty, ScalarType.Float32);
    }

    [Theory]
    [InlineData("Dropout"), InlineData("Dropout1d"), InlineData("Dropout2d"), InlineData("AlphaDropout")]
    public void Evaluation_mode_returns_the_input_and_draws_nothing(string kind)
    {
        var (ours, _) = Build(kind, 0.5);
        ours.eval();
        Tensor x = torch.rand(3, 4, 5);
        torch.manual_seed(4);
        Tensor y = ours.call(x);
        Assert.True(torch.equal(x, y));
        ts.manual_seed(4);
        Bits.Equal(ts.rand(5), torch.rand(5), "stream untouched");
        ours.train();
        Assert.False(torch.equal(x, ours.call(x)));
    }

    [Fact]
    public void Printout_and_checks_are_pytorchs()
    {
        Assert.Equal("Dropout(p=0.5, inplace=False)", nn.Dropout().ToString());
        Assert.Equal("Dropout2d(p=0.25, inplace=True)", nn.Dropout2d(0.25, inplace: true).ToString());
        Assert.Equal("AlphaDropout(p=0.1, inplace=False)", nn.AlphaDropout(0.1).ToString());
        Assert.Equal("dropout probability has to be between 0 and 1, but got 1.5",
                     Assert.Throws<ArgumentException>(() => nn.Dropout(1.5)).Message);
        Assert.Empty(nn.Sequential(nn.Dropout(), nn.Dropout1d()).state_dict());
    }

    [Fact]
    public void A_seeded_mlp_with_dropout_gives_libtorchs_loss_after_one_step()
    {
        torch.manual_seed(1);
        var ours = nn.Sequential(nn.Linear(20, 16), nn.ReLU(), nn.Dropout(0.2), nn.Linear(16, 3));
        ts.manual_seed(1);
        var theirs = ts.nn.Sequential(ts.nn.Linear(20, 16), ts.nn.ReLU(), ts.nn.Dropout(0.2), ts.nn.Linear(16, 3));
        ModuleParity.SameState(ours, theirs);
        var (x, tx) = ModuleParity.Input("mlp-dropout", ScalarType.Float32, 8, 20);
        long[] labels = [0, 1, 2, 0, 1, 2, 2, 1];
        Tensor loss = nn.functional.cross_entropy(ours.call(x), torch.tensor(labels));
        ts.Tensor tloss = ts.nn.functional.cross_entropy(theirs.call(tx), ts.tensor(labels));
        Oracle.AssertClose(tloss, loss, ScalarType.Float32, what: "loss");
        loss.backward();
        tloss.backward();
        var theirParams = theirs.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in ours.named_parameters())
            Oracle.AssertClose(theirParams[name].grad!, p.grad!, ScalarType.Float32, what: name);
    }
}
