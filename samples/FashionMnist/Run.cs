using Spectre.Console;

namespace Autograd.Samples.FashionMnist;

/// <summary>The console program: resolves the options, trains with a live progress display, and after each
/// epoch writes a checkpoint and the curves.</summary>
public static class Run
{
    /// <summary>Default epochs per model: enough for the dataset benchmark's accuracy (see README).</summary>
    public static int DefaultEpochs(string model) => model == "cnn" ? 5 : 10;

    /// <summary>Default images per step.</summary>
    public const int DefaultBatchSize = 64;

    /// <summary>Default learning rate (Adam's usual).</summary>
    public const double DefaultLearningRate = 1e-3;

    /// <summary>Default seed.</summary>
    public const long DefaultSeed = 1;

    /// <summary>Trains as <paramref name="options"/> say; returns the exit code.</summary>
    /// <exception cref="DataMissingException">No data set at the path.</exception>
    /// <exception cref="UsageException">--resume with another --model.</exception>
    public static int Train(Options options)
    {
        Checkpoint? checkpoint = options.Resume is string r ? Checkpoint.Load(r) : null;
        if (checkpoint is not null)
        {
            RunConfig c = checkpoint.Config;
            if (options.Model is string m && m != c.Model)
                throw new UsageException($"{options.Resume} is a {c.Model} checkpoint, not {m}");
            if (options.BatchSize is int b && b != c.BatchSize || options.LearningRate is double lr && lr != c.LearningRate
                || options.Limit is int l && l != c.Limit || options.Seed is long s && s != c.Seed)
                AnsiConsole.MarkupLine("[yellow]note:[/] a resumed run keeps its checkpoint's batch size, learning rate, limit and seed.");
        }
        RunConfig config = checkpoint?.Config ?? new RunConfig(
            options.Model ?? "mlp", options.BatchSize ?? DefaultBatchSize, options.LearningRate ?? DefaultLearningRate,
            options.Limit, options.Seed ?? DefaultSeed);
        int epochs = options.Epochs ?? DefaultEpochs(config.Model);

        FashionMnistData data = FashionMnistData.Load(options.Data);
        Trainer trainer = checkpoint is null ? Trainer.Start(config, data) : Trainer.Resume(checkpoint, data);
        string resuming = checkpoint is null ? "" : $"; resuming after epoch {checkpoint.Epoch}";
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{config.Model.ToUpperInvariant()}[/] on Fashion-MNIST: {Math.Min(data.Train.Count, config.Limit ?? int.MaxValue)} training, {Math.Min(data.Test.Count, config.Limit ?? int.MaxValue)} test images; batch {config.BatchSize}, Adam lr {config.LearningRate}, seed {config.Seed}{resuming}");
        if (trainer.Epoch >= epochs)
        {
            AnsiConsole.MarkupLineInterpolated($"The checkpoint has {trainer.Epoch} epochs already; nothing to train (raise --epochs).");
            return 0;
        }

        string curves = Path.Combine(options.Out, $"{config.Model}-curves.png");
        var saved = new List<(EpochRecord Record, string Checkpoint)>();
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                while (trainer.Epoch < epochs)
                {
                    var display = new ProgressObserver(ctx);
                    EpochRecord record = trainer.TrainEpoch(display);
                    string path = trainer.SaveCheckpoint(options.Out);
                    Curves.Save(trainer.History, config.Model, curves);
                    display.Finish(record);
                    saved.Add((record, path));
                }
            });

        var table = new Table().AddColumns("epoch", "train loss", "test loss", "test accuracy", "img/s", "checkpoint");
        foreach (var (e, path) in saved)
            table.AddRow($"{e.Epoch}", $"{e.TrainLoss:F4}", $"{e.TestLoss:F4}", $"{e.TestAccuracy:F4}", $"{e.ImagesPerSecond:F0}", Markup.Escape(Path.GetFileName(path)));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Checkpoints in {Path.GetFullPath(options.Out)}; curves: {Path.GetFullPath(curves)}");
        AnsiConsole.MarkupLineInterpolated($"Resume with: --resume {saved[^1].Checkpoint} --epochs {epochs + 1}");
        return 0;
    }

    /// <summary>One progress bar per epoch whose label shows the running loss and throughput.</summary>
    private sealed class ProgressObserver(ProgressContext ctx) : ITrainingObserver
    {
        private ProgressTask? _task;
        private double _smoothed = double.NaN;

        public void EpochStarted(int epoch, int steps) => _task = ctx.AddTask($"epoch {epoch}", maxValue: steps);

        public void Step(int epoch, int step, double loss, double imagesPerSecond)
        {
            _smoothed = double.IsNaN(_smoothed) ? loss : 0.95 * _smoothed + 0.05 * loss;
            _task!.Value = step;
            if (step % 10 == 0 || step == 1)
                _task.Description = $"epoch {epoch}  loss {_smoothed:F4}  {imagesPerSecond,6:F0} img/s";
        }

        public void Evaluating(int epoch) => _task!.Description = $"epoch {epoch}  loss {_smoothed:F4}  evaluating…";

        public void Finish(EpochRecord r) =>
            _task!.Description = $"epoch {r.Epoch}  loss {r.TrainLoss:F4}  test accuracy [green]{r.TestAccuracy:F4}[/]  {r.ImagesPerSecond,6:F0} img/s";
    }
}
