using System.Globalization;
using System.Text.Json;
using Autograd;
using static Autograd.torch;

namespace Autograd.Samples.FashionMnist;

/// <summary>What a run is: the options that shape its numbers. A resumed run keeps them.</summary>
public sealed record RunConfig(string Model, int BatchSize, double LearningRate, int? Limit, long Seed);

/// <summary>One finished epoch: mean training loss, test loss and accuracy, wall time and throughput.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double TestLoss, double TestAccuracy, double Seconds, double ImagesPerSecond);

/// <summary>The mean training loss over a window of steps, at <see cref="Epoch"/> (fractional: 1.5 is half-way
/// through the second epoch).</summary>
public sealed record LossPoint(double Epoch, double Loss);

/// <summary>Everything measured so far, carried through checkpoints so a resumed run's curves are whole.</summary>
public sealed record History(List<EpochRecord> Epochs, List<LossPoint> Steps)
{
    /// <summary>An empty history.</summary>
    public History() : this([], []) { }
}

/// <summary>
/// A training checkpoint as one safetensors file: the model's state_dict under <c>model.</c>, the optimizer's
/// under <c>optim.</c>, the states of the shuffling and default generators under <c>rng.</c>, and in the
/// header's string metadata the run's options, the finished epoch and the history (JSON). Together they
/// make a resumed run continue exactly where the saved one stopped. The model's weights load in PyTorch
/// with <c>safetensors.torch.load_file</c> (keys without the <c>model.</c> prefix are
/// <c>model.state_dict()</c>'s).
/// </summary>
public sealed record Checkpoint(RunConfig Config, int Epoch, History History, Dictionary<string, Tensor> Model,
                                Dictionary<string, Tensor> Optimizer, Tensor LoaderRng, Tensor DefaultRng)
{
    private const string Format = "autograd-native/fashion-mnist/1";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>The checkpoint of <paramref name="model"/> and <paramref name="optimizer"/> after
    /// <paramref name="epoch"/> epochs, with the generators' current states.</summary>
    public static Checkpoint Capture(RunConfig config, int epoch, History history, nn.Module model, OptimizerState optimizer, Generator loader) =>
        new(config, epoch, history, model.state_dict(), optimizer.Save(), loader.get_state(), get_rng_state());

    /// <summary>Writes the checkpoint to <paramref name="path"/> (replaced only once complete).</summary>
    public void Save(string path)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (k, t) in Model) tensors["model." + k] = t;
        foreach (var (k, t) in Optimizer) tensors["optim." + k] = t;
        tensors["rng.loader"] = LoaderRng;
        tensors["rng.default"] = DefaultRng;
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["model"] = Config.Model,
            ["batch_size"] = Config.BatchSize.ToString(CultureInfo.InvariantCulture),
            ["lr"] = Config.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            ["limit"] = Config.Limit?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["seed"] = Config.Seed.ToString(CultureInfo.InvariantCulture),
            ["epoch"] = Epoch.ToString(CultureInfo.InvariantCulture),
            ["history"] = JsonSerializer.Serialize(History, Json),
        };
        torch.safetensors.save_file(tensors, path, metadata);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Not such a checkpoint (the message names the file).</exception>
    public static Checkpoint Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such checkpoint.", path);
        Dictionary<string, string> meta = torch.safetensors.load_metadata(path);
        if (!meta.TryGetValue("format", out string? format) || format != Format)
            throw new InvalidDataException($"{path}: not a checkpoint of this sample (its metadata has no format \"{Format}\").");
        Dictionary<string, Tensor> tensors = torch.safetensors.load_file(path);
        string Get(string key) => meta.TryGetValue(key, out string? v) ? v : throw new InvalidDataException($"{path}: the metadata lacks '{key}'.");
        T Parse<T>(string key, Func<string, T?> parse) where T : struct =>
            parse(Get(key)) ?? throw new InvalidDataException($"{path}: metadata '{key}' = '{Get(key)}' is not valid.");
        var ci = CultureInfo.InvariantCulture;
        string model = Get("model");
        if (!Models.Names.Contains(model)) throw new InvalidDataException($"{path}: unknown model '{model}'.");
        var config = new RunConfig(
            model,
            Parse("batch_size", s => int.TryParse(s, ci, out int v) && v > 0 ? v : (int?)null),
            Parse("lr", s => double.TryParse(s, NumberStyles.Float, ci, out double v) && v > 0 ? v : (double?)null),
            Get("limit") is "" ? null : Parse("limit", s => int.TryParse(s, ci, out int v) && v > 0 ? v : (int?)null),
            Parse("seed", s => long.TryParse(s, ci, out long v) ? v : (long?)null));
        int epoch = Parse("epoch", s => int.TryParse(s, ci, out int v) && v > 0 ? v : (int?)null);
        History history;
        try { history = JsonSerializer.Deserialize<History>(Get("history"), Json) ?? throw new JsonException("null"); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: the history is not valid: {e.Message}"); }
        Tensor Rng(string key) => tensors.TryGetValue(key, out Tensor? t) ? t : throw new InvalidDataException($"{path}: no tensor '{key}'.");
        return new Checkpoint(config, epoch, history, Strip(tensors, "model."), Strip(tensors, "optim."), Rng("rng.loader"), Rng("rng.default"));
    }

    /// <summary>Loads the weights into <paramref name="model"/>, the optimizer's state into <paramref name="optimizer"/>
    /// and sets both generators.</summary>
    /// <exception cref="InvalidOperationException">The weights do not fit the model (PyTorch's message).</exception>
    public void Restore(nn.Module model, OptimizerState optimizer, Generator loader)
    {
        model.load_state_dict(Model, strict: true);
        optimizer.Load(Optimizer);
        loader.set_state(LoaderRng);
        set_rng_state(DefaultRng);
    }

    private static Dictionary<string, Tensor> Strip(Dictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
}
