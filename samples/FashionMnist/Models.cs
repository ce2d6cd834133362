using Autograd;
using static Autograd.torch;
using F = Autograd.torch.nn.functional;

namespace Autograd.Samples.FashionMnist;

/// <summary>
/// The dataset benchmark's "MLP 256-128-100": 784 pixels → 256 → 128 → 100 → 10 class scores, ReLU between
/// the layers. The layers are made in order, so after <c>torch.manual_seed(s)</c> the weights are
/// PyTorch's for the same seed.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Modules.Flatten flatten = nn.Flatten();
    private readonly Modules.Linear fc1 = nn.Linear(Split.Pixels, 256);
    private readonly Modules.Linear fc2 = nn.Linear(256, 128);
    private readonly Modules.Linear fc3 = nn.Linear(128, 100);
    private readonly Modules.Linear fc4 = nn.Linear(100, 10);

    /// <summary>A freshly initialised MLP (draws from the default generator).</summary>
    public Mlp() : base(nameof(Mlp)) => RegisterComponents();

    /// <summary>Class scores (logits) [N, 10] of images [N, 1, 28, 28] (or [N, 784]).</summary>
    public override Tensor forward(Tensor input)
    {
        Tensor x = F.relu(fc1.call(flatten.call(input)));
        x = F.relu(fc2.call(x));
        x = F.relu(fc3.call(x));
        return fc4.call(x);
    }
}

/// <summary>
/// The convnet of the dataset's <c>benchmark/convnet.py</c> (TensorFlow's layers tutorial): 5×5 convolution to
/// 32 channels ("same" padding) → ReLU → 2×2 max pool → 5×5 convolution to 64 channels → ReLU → 2×2 max pool →
/// flatten (64·7·7 = 3136) → 1024 → ReLU → dropout 0.4 (in training) → 10 class scores.
/// </summary>
public sealed class Cnn : nn.Module<Tensor, Tensor>
{
    private readonly Modules.Conv2d conv1 = nn.Conv2d(1, 32, 5, padding: 2);
    private readonly Modules.MaxPool2d pool1 = nn.MaxPool2d(2);
    private readonly Modules.Conv2d conv2 = nn.Conv2d(32, 64, 5, padding: 2);
    private readonly Modules.MaxPool2d pool2 = nn.MaxPool2d(2);
    private readonly Modules.Flatten flatten = nn.Flatten();
    private readonly Modules.Linear fc1 = nn.Linear(64 * 7 * 7, 1024);
    private readonly Modules.Dropout dropout = nn.Dropout(DropoutRate);
    private readonly Modules.Linear fc2 = nn.Linear(1024, 10);

    /// <summary>The dropout probability before the last layer (convnet.py's rate).</summary>
    public const double DropoutRate = 0.4;

    /// <summary>A freshly initialised CNN (draws from the default generator).</summary>
    public Cnn() : base(nameof(Cnn)) => RegisterComponents();

    /// <summary>Class scores (logits) [N, 10] of images [N, 1, 28, 28].</summary>
    public override Tensor forward(Tensor input)
    {
        Tensor x = pool1.call(F.relu(conv1.call(input)));
        x = pool2.call(F.relu(conv2.call(x)));
        x = F.relu(fc1.call(flatten.call(x)));
        return fc2.call(dropout.call(x));
    }
}

/// <summary>The models the sample trains, by name.</summary>
public static class Models
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static readonly string[] Names = ["mlp", "cnn"];

    /// <summary>A freshly initialised model of kind <paramref name="name"/> ("mlp" or "cnn").</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public static nn.Module<Tensor, Tensor> Create(string name) => name switch
    {
        "mlp" => new Mlp(),
        "cnn" => new Cnn(),
        _ => throw new ArgumentException($"unknown model '{name}': choose mlp or cnn"),
    };
}
