using System.Globalization;

namespace Autograd.Samples.FashionMnist;

/// <summary>A command line that cannot be run; the message says why.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The sample's command-line options. Null means "not given": the model's default, or on
/// <c>--resume</c> the checkpoint's value.</summary>
public sealed record Options
{
    /// <summary>The folder holding the four idx files.</summary>
    public string Data { get; init; } = FashionMnistData.DebianPath;
    /// <summary>"mlp" or "cnn".</summary>
    public string? Model { get; init; }
    /// <summary>The epoch to stop after (counting from the first, including resumed ones).</summary>
    public int? Epochs { get; init; }
    /// <summary>Images per training step.</summary>
    public int? BatchSize { get; init; }
    /// <summary>Adam's learning rate.</summary>
    public double? LearningRate { get; init; }
    /// <summary>Use only the first N images of each split.</summary>
    public int? Limit { get; init; }
    /// <summary>Where checkpoints and the curve PNG go.</summary>
    public string Out { get; init; } = "fashion-mnist-out";
    /// <summary>Seeds the weights, the shuffling and dropout.</summary>
    public long? Seed { get; init; }
    /// <summary>A checkpoint to continue from.</summary>
    public string? Resume { get; init; }
    /// <summary>Print the usage and stop.</summary>
    public bool Help { get; init; }

    /// <summary>The usage text.</summary>
    public const string Usage = """
        Trains an MLP or a CNN on Fashion-MNIST with Autograd.Native.

        usage: FashionMnist [--data DIR] [--model mlp|cnn] [--epochs N] [--batch-size N] [--lr X]
                            [--limit N] [--out DIR] [--seed N] [--resume CHECKPOINT]

          --data DIR          the idx files (default /usr/share/datasets/fashion-mnist, where
                              `apt-get install dataset-fashion-mnist` puts them); also the first bare argument
          --model mlp|cnn     784-256-128-100-10 MLP (default) or the dataset benchmark's two-conv convnet
          --epochs N          train until epoch N (default: mlp 10, cnn 5)
          --batch-size N      images per step (default 64)
          --lr X              Adam's initial learning rate (default 0.001; decays to a tenth
                              by the default last epoch)
          --limit N           only the first N images of the training and of the test split
          --out DIR           checkpoints (one per epoch) and curves.png go here (default ./fashion-mnist-out)
          --seed N            seeds weights, shuffling and dropout (default 1)
          --resume FILE       continue from a checkpoint of this sample: its model, options and history;
                              --epochs, --data and --out may be given anew
        """;

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="UsageException">An unknown option, a missing or malformed value.</exception>
    public static Options Parse(IReadOnlyList<string> args)
    {
        var o = new Options();
        bool dataGiven = false;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{a} needs a value");
            int Positive() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0
                ? v : throw new UsageException($"{a} needs a positive integer, got '{args[i]}'");
            switch (a)
            {
                case "-h" or "--help": o = o with { Help = true }; break;
                case "--data": o = o with { Data = Value() }; dataGiven = true; break;
                case "--model":
                    string m = Value().ToLowerInvariant();
                    o = o with { Model = Models.Names.Contains(m) ? m : throw new UsageException($"--model must be mlp or cnn, got '{m}'") };
                    break;
                case "--epochs": o = o with { Epochs = Positive() }; break;
                case "--batch-size": o = o with { BatchSize = Positive() }; break;
                case "--limit": o = o with { Limit = Positive() }; break;
                case "--lr":
                    o = o with
                    {
                        LearningRate = double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out double lr) && lr > 0 && double.IsFinite(lr)
                            ? lr : throw new UsageException($"--lr needs a positive number, got '{args[i]}'"),
                    };
                    break;
                case "--out": o = o with { Out = Value() }; break;
                case "--seed":
                    o = o with { Seed = long.TryParse(Value(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long s) ? s : throw new UsageException($"--seed needs an integer, got '{args[i]}'") };
                    break;
                case "--resume": o = o with { Resume = Value() }; break;
                default:
                    if (a.StartsWith('-') || dataGiven) throw new UsageException($"unknown argument '{a}'");
                    o = o with { Data = a };
                    dataGiven = true;
                    break;
            }
        }
        return o;
    }
}
