using System.Diagnostics;
using System.Globalization;
using Autograd;
using static Autograd.torch;
using F = Autograd.torch.nn.functional;

namespace Autograd.Samples.FashionMnist;

/// <summary>What the trainer reports while it runs (the console's progress display, or nothing).</summary>
public interface ITrainingObserver
{
    /// <summary>An epoch of <paramref name="steps"/> steps begins.</summary>
    void EpochStarted(int epoch, int steps) { }
    /// <summary>Step <paramref name="step"/> (1-based) finished with this batch loss; throughput so far this epoch.</summary>
    void Step(int epoch, int step, double loss, double imagesPerSecond) { }
    /// <summary>Training is done for the epoch; the test set is being evaluated.</summary>
    void Evaluating(int epoch) { }
}

/// <summary>
/// Trains one model with Adam on cross-entropy: shuffled mini-batches from a <c>DataLoader</c> (its own seeded
/// generator), test loss and accuracy after each epoch. <see cref="Start"/> seeds the default generator, then
/// builds the model (so its weights are PyTorch's for the seed), the optimizer and the loader's generator;
/// <see cref="Resume"/> continues a checkpoint exactly.
/// </summary>
public sealed class Trainer
{
    /// <summary>Steps per point of the training-loss curve.</summary>
    public const int CurveWindow = 50;

    private readonly Tensor _trainX, _trainY, _testX, _testY;
    private readonly Modules.DataLoader<IList<Tensor>, IList<Tensor>> _loader;

    /// <summary>The run's options.</summary>
    public RunConfig Config { get; }
    /// <summary>The model being trained.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }
    /// <summary>Its optimizer.</summary>
    public optim.Optimizer Optimizer { get; }
    /// <summary>The learning-rate schedule, stepped after each epoch.</summary>
    public optim.lr_scheduler.LRScheduler Schedule { get; }
    /// <summary>The generator the loader shuffles with.</summary>
    public Generator LoaderGenerator { get; }
    /// <summary>Epochs finished so far.</summary>
    public int Epoch { get; private set; }
    /// <summary>What was measured so far.</summary>
    public History History { get; private set; } = new();

    private Trainer(RunConfig config, FashionMnistData data)
    {
        Config = config;
        Split train = data.Train.Take(config.Limit), test = data.Test.Take(config.Limit);
        _trainX = tensor(train.Images, [train.Count, 1, 28, 28]);
        _trainY = tensor(train.Labels);
        _testX = tensor(test.Images, [test.Count, 1, 28, 28]);
        _testY = tensor(test.Labels);
        manual_seed(config.Seed);
        Model = Models.Create(config.Model);
        Optimizer = optim.Adam(Model.parameters(), lr: config.LearningRate);
        Schedule = optim.lr_scheduler.ExponentialLR(Optimizer, gamma: Decay(config.Model));
        LoaderGenerator = new Generator(unchecked((ulong)config.Seed));
        _loader = utils.data.DataLoader(utils.data.TensorDataset(_trainX, _trainY), config.BatchSize, shuffle: true, generator: LoaderGenerator);
    }

    /// <summary>The learning rate's factor per epoch: a tenth of the initial rate by the model's last default epoch
    /// (a decaying rate settles the test accuracy instead of leaving it to jitter with the last batches).</summary>
    public static double Decay(string model) => Math.Round(Math.Pow(0.1, 1.0 / (Run.DefaultEpochs(model) - 1)), 3);

    /// <summary>A new run: seeded weights, fresh optimizer.</summary>
    public static Trainer Start(RunConfig config, FashionMnistData data) => new(config, data);

    /// <summary>The run saved in <paramref name="checkpoint"/>, ready for its next epoch.</summary>
    /// <exception cref="InvalidOperationException">The checkpoint's weights do not fit its model.</exception>
    public static Trainer Resume(Checkpoint checkpoint, FashionMnistData data)
    {
        var t = new Trainer(checkpoint.Config, data);
        checkpoint.Restore(t.Model, new OptimizerState(t.Optimizer), t.LoaderGenerator);
        for (int e = 0; e < checkpoint.Epoch; e++) t.Schedule.step(); // the same rates as an uninterrupted run
        t.Epoch = checkpoint.Epoch;
        t.History = checkpoint.History;
        return t;
    }

    /// <summary>Trains one epoch, evaluates the test split and records both.</summary>
    public EpochRecord TrainEpoch(ITrainingObserver? observer = null)
    {
        int epoch = Epoch + 1, steps = (int)_loader.Count, step = 0;
        observer?.EpochStarted(epoch, steps);
        Model.train();
        var clock = Stopwatch.StartNew();
        long seen = 0;
        double total = 0, window = 0;
        foreach (IList<Tensor> batch in _loader)
        {
            Optimizer.zero_grad();
            Tensor loss = F.cross_entropy(Model.call(batch[0]), batch[1]);
            loss.backward();
            Optimizer.step();

            double l = loss.item<float>();
            step++;
            seen += batch[1].shape[0];
            total += l * batch[1].shape[0];
            window += l;
            if (step % CurveWindow == 0 || step == steps)
            {
                int n = step % CurveWindow == 0 ? CurveWindow : step % CurveWindow;
                History.Steps.Add(new LossPoint(Epoch + (double)step / steps, window / n));
                window = 0;
            }
            observer?.Step(epoch, step, l, seen / clock.Elapsed.TotalSeconds);
        }
        double seconds = clock.Elapsed.TotalSeconds;
        observer?.Evaluating(epoch);
        (double testLoss, double accuracy) = Evaluate();
        var record = new EpochRecord(epoch, total / seen, testLoss, accuracy, seconds, seen / seconds);
        History.Epochs.Add(record);
        Schedule.step();
        Epoch = epoch;
        return record;
    }

    /// <summary>Mean cross-entropy and accuracy of the model (in eval mode) on the test split.</summary>
    public (double Loss, double Accuracy) Evaluate()
    {
        Model.eval();
        double loss = 0;
        long correct = 0, n = _testY.shape[0];
        using (no_grad())
        {
            for (long i = 0; i < n; i += 1000)
            {
                long len = Math.Min(1000, n - i);
                Tensor logits = Model.call(_testX.narrow(0, i, len));
                Tensor y = _testY.narrow(0, i, len);
                loss += F.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
                correct += logits.argmax(1).eq(y).sum().item<long>();
            }
        }
        Model.train();
        return (loss / n, (double)correct / n);
    }

    /// <summary>Writes this run's checkpoint into <paramref name="directory"/> and returns its path
    /// (<c>{model}-epoch{N}.safetensors</c>).</summary>
    public string SaveCheckpoint(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, $"{Config.Model}-epoch{Epoch}.safetensors");
        Checkpoint.Capture(Config, Epoch, History, Model, new OptimizerState(Optimizer), LoaderGenerator).Save(path);
        return path;
    }
}

/// <summary>An optimizer's per-parameter state (Adam's step count and moment estimates) as named tensors for a
/// checkpoint: <c>{index}.{name}</c> after PyTorch's <c>state_dict()["state"]</c>, counters as 0-d float64 or
/// int64 tensors. The group options are not kept: a resumed run makes them from its options and its schedule.</summary>
public sealed class OptimizerState(optim.Optimizer optimizer)
{
    /// <summary>The optimizer the state belongs to.</summary>
    public optim.Optimizer Optimizer { get; } = optimizer;

    /// <summary>The optimizer's state as named tensors (the optimizer's own tensors, not copies).</summary>
    /// <exception cref="NotSupportedException">A state entry that is neither a tensor nor a number.</exception>
    public Dictionary<string, Tensor> Save()
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (index, entries) in (Dictionary<long, Dictionary<string, object>>)Optimizer.state_dict()["state"])
            foreach (var (name, value) in entries)
                tensors[$"{index}.{name}"] = value switch
                {
                    Tensor t => t,
                    double d => tensor(d, ScalarType.Float64),
                    long l => tensor(l, ScalarType.Int64),
                    _ => throw new NotSupportedException($"optimizer state '{name}' of parameter {index} is a {value.GetType().Name}"),
                };
        return tensors;
    }

    /// <summary>Restores what <see cref="Save"/> returned (checked in full by the optimizer before anything changes).</summary>
    /// <exception cref="InvalidDataException">A key that is not <c>{index}.{name}</c>.</exception>
    /// <exception cref="ArgumentException">State that does not fit the optimizer's parameters.</exception>
    public void Load(Dictionary<string, Tensor> tensors)
    {
        var state = new Dictionary<long, Dictionary<string, object>>();
        foreach (var (key, t) in tensors)
        {
            int dot = key.IndexOf('.');
            if (dot <= 0 || !long.TryParse(key.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out long index))
                throw new InvalidDataException($"optimizer state '{key}' is not named 'index.name'");
            // counters were saved as 0-d tensors; the optimizer keeps them as numbers
            // (object) casts: a conditional of Tensor and double would convert the number back into a Tensor
            object value = t.dim() != 0 ? t
                : t.is_floating_point() ? (object)t.to(ScalarType.Float64).item<double>() : (object)t.to(ScalarType.Int64).item<long>();
            (state.TryGetValue(index, out var entries) ? entries : state[index] = [])[key[(dot + 1)..]] = value;
        }
        Dictionary<string, object> dict = Optimizer.state_dict();
        dict["state"] = state;
        Optimizer.load_state_dict(dict);
    }
}
