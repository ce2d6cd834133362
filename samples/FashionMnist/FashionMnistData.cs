namespace Autograd.Samples.FashionMnist;

/// <summary>One split: <see cref="Count"/> 28×28 images as floats in [0, 1] (pixel / 255, row-major, image after
/// image) and their class labels 0..9.</summary>
public sealed record Split(float[] Images, long[] Labels)
{
    /// <summary>Pixels per image.</summary>
    public const int Pixels = 28 * 28;

    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>The first <paramref name="n"/> images (all of them when n is null or not smaller).</summary>
    public Split Take(int? n) => n is int k && k < Count ? new Split(Images[..(k * Pixels)], Labels[..k]) : this;
}

/// <summary>The data set is not where it was looked for.</summary>
public sealed class DataMissingException(string message) : Exception(message);

/// <summary>Fashion-MNIST's four idx files (60,000 training and 10,000 test images of 10 classes of clothing).</summary>
public sealed record FashionMnistData(Split Train, Split Test)
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DebianPath = "/usr/share/datasets/fashion-mnist";

    /// <summary>The class names, by label.</summary>
    public static readonly string[] Classes =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Reads the train and test splits from <paramref name="directory"/>, each file gzipped
    /// (<c>train-images-idx3-ubyte.gz</c>, as shipped) or not (<c>train-images-idx3-ubyte</c>).</summary>
    /// <exception cref="DataMissingException">A file is missing; the message says how to get them.</exception>
    /// <exception cref="InvalidDataException">A file is not the idx data it should be.</exception>
    public static FashionMnistData Load(string directory) =>
        new(ReadSplit(directory, "train", 60_000), ReadSplit(directory, "t10k", 10_000));

    /// <summary>Whether all four files are in <paramref name="directory"/>.</summary>
    public static bool Exists(string directory) =>
        new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" }
            .All(f => Find(directory, f) is not null);

    private static Split ReadSplit(string directory, string prefix, int expected)
    {
        (int[] imageShape, byte[] pixels) = Idx.Read(Require(directory, $"{prefix}-images-idx3-ubyte"));
        (int[] labelShape, byte[] labels) = Idx.Read(Require(directory, $"{prefix}-labels-idx1-ubyte"));
        if (imageShape is not [int n, 28, 28] || labelShape is not [int m] || n != m)
            throw new InvalidDataException(
                $"{directory}: {prefix} images [{string.Join(", ", imageShape)}] and labels [{string.Join(", ", labelShape)}] are not N 28×28 images with N labels.");
        if (n != expected)
            Console.Error.WriteLine($"note: {prefix} has {n} images where Fashion-MNIST has {expected}.");
        var images = new float[pixels.Length];
        for (int i = 0; i < pixels.Length; i++) images[i] = pixels[i] / 255f;
        var classes = new long[labels.Length];
        for (int i = 0; i < labels.Length; i++)
            classes[i] = labels[i] < 10 ? labels[i] : throw new InvalidDataException($"{directory}: {prefix} label {i} is {labels[i]}, outside 0..9.");
        return new Split(images, classes);
    }

    private static string? Find(string directory, string name) =>
        new[] { name + ".gz", name }.Select(f => Path.Combine(directory, f)).FirstOrDefault(File.Exists);

    private static string Require(string directory, string name) =>
        Find(directory, name) ?? throw new DataMissingException(
            $"Fashion-MNIST is not in {directory} (no {name}.gz or {name}).\n" +
            $"On Debian or Ubuntu, install it with:  sudo apt-get install dataset-fashion-mnist   (it goes to {DebianPath})\n" +
            "or download the four idx files from the dataset's repository (zalandoresearch/fashion-mnist, data/fashion)\n" +
            "into a folder and pass that folder with --data.");
}
