using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Autograd.Benchmarks.FashionMnistTwin;

/// <summary>The sample's MLP in TorchSharp: the same layers made in the same order (so the same initial
/// weights after the same seed) and the same forward.</summary>
public sealed class TsMlp : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Flatten flatten = nn.Flatten();
    private readonly TorchSharp.Modules.Linear fc1 = nn.Linear(28 * 28, 256);
    private readonly TorchSharp.Modules.Linear fc2 = nn.Linear(256, 128);
    private readonly TorchSharp.Modules.Linear fc3 = nn.Linear(128, 100);
    private readonly TorchSharp.Modules.Linear fc4 = nn.Linear(100, 10);

    /// <summary>A freshly initialised MLP.</summary>
    public TsMlp() : base("Mlp") => RegisterComponents();

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        Tensor x = F.relu(fc1.call(flatten.call(input)));
        x = F.relu(fc2.call(x));
        x = F.relu(fc3.call(x));
        return fc4.call(x);
    }
}

/// <summary>The sample's CNN (the dataset benchmark's convnet) in TorchSharp.</summary>
public sealed class TsCnn : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Conv2d conv1 = nn.Conv2d(1, 32, 5, padding: 2);
    private readonly TorchSharp.Modules.MaxPool2d pool1 = nn.MaxPool2d(2);
    private readonly TorchSharp.Modules.Conv2d conv2 = nn.Conv2d(32, 64, 5, padding: 2);
    private readonly TorchSharp.Modules.MaxPool2d pool2 = nn.MaxPool2d(2);
    private readonly TorchSharp.Modules.Flatten flatten = nn.Flatten();
    private readonly TorchSharp.Modules.Linear fc1 = nn.Linear(64 * 7 * 7, 1024);
    private readonly TorchSharp.Modules.Dropout dropout = nn.Dropout(Samples.FashionMnist.Cnn.DropoutRate);
    private readonly TorchSharp.Modules.Linear fc2 = nn.Linear(1024, 10);

    /// <summary>A freshly initialised CNN.</summary>
    public TsCnn() : base("Cnn") => RegisterComponents();

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        Tensor x = pool1.call(F.relu(conv1.call(input)));
        x = pool2.call(F.relu(conv2.call(x)));
        x = F.relu(fc1.call(flatten.call(x)));
        return fc2.call(dropout.call(x));
    }
}
