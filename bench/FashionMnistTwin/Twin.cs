using System.Diagnostics;
using Autograd.Samples.FashionMnist;
using ts = TorchSharp.torch;
using tsf = TorchSharp.torch.nn.functional;

namespace Autograd.Benchmarks.FashionMnistTwin;

/// <summary>One library's epoch: the loss of every step, the test accuracy after it and the training time
/// (the steps only, not the evaluation).</summary>
public sealed record EpochRun(float[] Losses, double TestAccuracy, double Seconds);

/// <summary>How two epochs agree: the largest relative difference of the step losses over the first
/// <see cref="StepwiseSteps"/> steps, of the means of each following window of <see cref="WindowSteps"/> steps, and
/// the test accuracies' difference.</summary>
public sealed record Agreement(int StepwiseSteps, double MaxStepwiseRelative, int WindowSteps, int Windows, double MaxWindowRelative,
                               double AccuracyDifference)
{
    /// <summary>Compares <paramref name="ours"/> with the oracle <paramref name="theirs"/> (relative to theirs).</summary>
    public static Agreement Of(EpochRun ours, EpochRun theirs, int stepwise, int window = 25)
    {
        int n = Math.Min(ours.Losses.Length, theirs.Losses.Length);
        int k = Math.Min(stepwise, n);
        double step = 0;
        for (int i = 0; i < k; i++) step = Math.Max(step, Math.Abs(ours.Losses[i] - theirs.Losses[i]) / Math.Abs(theirs.Losses[i]));
        double win = 0;
        int windows = 0;
        for (int s = 0; s + window <= n; s += window, windows++)
        {
            double a = 0, b = 0;
            for (int i = s; i < s + window; i++) { a += ours.Losses[i]; b += theirs.Losses[i]; }
            win = Math.Max(win, Math.Abs(a - b) / Math.Abs(b));
        }
        return new Agreement(k, step, window, windows, win, Math.Abs(ours.TestAccuracy - theirs.TestAccuracy));
    }
}

/// <summary>
/// Trains the sample's model for one epoch in both libraries from the same seed. Ours runs the sample's own
/// <see cref="Trainer"/>; TorchSharp's loop makes the same draws in the same order: the seed, then the model's
/// weights from the default generator; the batch order from a second generator seeded alike, as PyTorch's
/// DataLoader draws it (one 64-bit base seed, then <c>randperm(n)</c>); dropout masks from the default
/// generator, step by step. Adam with PyTorch's defaults on both sides.
/// </summary>
public static class Twin
{
    /// <summary>The sample's epoch, with <paramref name="limit"/> images of each split.</summary>
    public static EpochRun TrainAutograd(string model, FashionMnistData data, int? limit, int batchSize, double lr, long seed)
    {
        var recorder = new Recorder();
        Trainer trainer = Trainer.Start(new RunConfig(model, batchSize, lr, limit, seed), data);
        EpochRecord record = trainer.TrainEpoch(recorder);
        return new EpochRun([.. recorder.Losses], record.TestAccuracy, record.Seconds);
    }

    /// <summary>The same epoch in TorchSharp.</summary>
    public static EpochRun TrainTorchSharp(string model, FashionMnistData data, int? limit, int batchSize, double lr, long seed)
    {
        Split train = data.Train.Take(limit), test = data.Test.Take(limit);
        ts.Tensor x = ts.tensor(train.Images, [train.Count, 1, 28, 28]), y = ts.tensor(train.Labels);
        ts.Tensor testX = ts.tensor(test.Images, [test.Count, 1, 28, 28]), testY = ts.tensor(test.Labels);
        ts.manual_seed(seed);
        ts.nn.Module<ts.Tensor, ts.Tensor> net = model == "cnn" ? new TsCnn() : new TsMlp();
        // TorchSharp's Adam factory defaults beta2 to 0.99; PyTorch's (and ours) is 0.999
        var opt = ts.optim.Adam(net.parameters(), lr, beta1: 0.9, beta2: 0.999, eps: 1e-8);
        var g = new ts.Generator(unchecked((ulong)seed));
        ts.empty(1, ts.int64).random_(0, 1L << 40, g); // the DataLoader iterator's base seed: one 64-bit draw
        ts.Tensor order = ts.randperm(train.Count, generator: g);

        var losses = new List<float>();
        net.train();
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < train.Count; i += batchSize)
        {
            using var scope = ts.NewDisposeScope();
            ts.Tensor idx = order.narrow(0, i, Math.Min(batchSize, train.Count - i));
            opt.zero_grad();
            ts.Tensor loss = tsf.cross_entropy(net.call(x.index_select(0, idx)), y.index_select(0, idx));
            loss.backward();
            opt.step();
            losses.Add(loss.item<float>());
        }
        double seconds = clock.Elapsed.TotalSeconds;

        net.eval();
        long correct = 0;
        using (ts.no_grad())
            for (long i = 0; i < test.Count; i += 1000)
            {
                using var scope = ts.NewDisposeScope();
                long len = Math.Min(1000, test.Count - i);
                correct += net.call(testX.narrow(0, i, len)).argmax(1).eq(testY.narrow(0, i, len)).sum().item<long>();
            }
        return new EpochRun([.. losses], (double)correct / test.Count, seconds);
    }

    private sealed class Recorder : ITrainingObserver
    {
        public readonly List<float> Losses = [];
        public void Step(int epoch, int step, double loss, double imagesPerSecond) => Losses.Add((float)loss);
    }
}
