using Autograd;
using static Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>The README's model, copied verbatim (so the README's code compiles), built from a seed beside the same
/// class written against TorchSharp: the same weights bit for bit, and the same loss and gradients after a step.</summary>
public class ReadmeModelTests
{
    // ---- copied from README.md ("A model"); keep the two in step --------------------------------------
    public sealed class LeNet : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> conv1, conv2, pool, fc1, dropout, fc2;

        public LeNet() : base(nameof(LeNet))
        {
            conv1 = nn.Conv2d(1, 6, 5, padding: 2);
            conv2 = nn.Conv2d(6, 16, 5);
            pool = nn.MaxPool2d(2);
            fc1 = nn.Linear(16 * 5 * 5, 120);
            dropout = nn.Dropout(0.25);
            fc2 = nn.Linear(120, 10);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            x = pool.call(nn.functional.relu(conv1.call(x)));
            x = pool.call(nn.functional.relu(conv2.call(x)));
            x = dropout.call(nn.functional.relu(fc1.call(x.flatten(1))));
            return fc2.call(x);
        }
    }
    // ----------------------------------------------------------------------------------------------------

    /// <summary>The same model written against TorchSharp.</summary>
    private sealed class TsLeNet : ts.nn.Module<ts.Tensor, ts.Tensor>
    {
        private readonly ts.nn.Module<ts.Tensor, ts.Tensor> conv1, conv2, pool, fc1, dropout, fc2;

        public TsLeNet() : base(nameof(TsLeNet))
        {
            conv1 = ts.nn.Conv2d(1, 6, 5, padding: 2);
            conv2 = ts.nn.Conv2d(6, 16, 5);
            pool = ts.nn.MaxPool2d(2);
            fc1 = ts.nn.Linear(16 * 5 * 5, 120);
            dropout = ts.nn.Dropout(0.25);
            fc2 = ts.nn.Linear(120, 10);
            RegisterComponents();
        }

        public override ts.Tensor forward(ts.Tensor x)
        {
            x = pool.call(ts.nn.functional.relu(conv1.call(x)));
            x = pool.call(ts.nn.functional.relu(conv2.call(x)));
            x = dropout.call(ts.nn.functional.relu(fc1.call(x.flatten(1))));
            return fc2.call(x);
        }
    }

    [Fact]
    public void The_readme_model_has_torchsharps_weights_loss_and_gradients()
    {
        var (ours, theirs) = ModuleParity.Seeded(1, () => new LeNet(), () => new TsLeNet());
        Assert.Equal(["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"],
                     ours.state_dict().Keys);
        ModuleParity.SameState(ours, theirs);
        var (x, tx) = ModuleParity.Input("lenet", ScalarType.Float32, 4, 1, 28, 28);
        long[] labels = [3, 1, 4, 1];
        torch.manual_seed(5);
        ts.manual_seed(5);
        Tensor loss = nn.CrossEntropyLoss().call(ours.call(x), torch.tensor(labels));
        ts.Tensor tloss = ts.nn.CrossEntropyLoss().call(theirs.call(tx), ts.tensor(labels));
        ModuleParity.SameBackward(ours, theirs, x, tx, loss, tloss, ScalarType.Float32);
        Oracle.AssertClose(tloss, loss, ScalarType.Float32, what: "loss");
        ours.eval();
        Assert.DoesNotContain(ours.modules(), m => m.training);
    }
}
