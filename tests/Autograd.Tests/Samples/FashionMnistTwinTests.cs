using Autograd.Benchmarks.FashionMnistTwin;
using Autograd.Samples.FashionMnist;

namespace Autograd.Tests;

/// <summary>
/// The FashionMnist sample trains as TorchSharp does: the same MLP and CNN from the same seed, fed the same
/// batches of the real data set, give the same loss at every step (float32, 1e-4 relative) — the MLP over
/// its first 200 steps, the CNN (dropout included) over its first 10 — and the same test accuracy. The
/// whole epoch, with 25-step means and the epoch times, is the bench/FashionMnistTwin program.
/// </summary>
public sealed class FashionMnistTwinTests
{
    private static FashionMnistData Data() => SampleData.Require();

    [Fact]
    public void Mlp_losses_match_torchsharp_step_by_step_for_200_steps()
    {
        Oracle.UseOneLibTorchThread();
        var data = Data();
        // 200 steps of 64 = the first 12,800 training images (and all 10,000 test images)
        EpochRun ours = Twin.TrainAutograd("mlp", data, 12_800, 64, 1e-3, 1);
        EpochRun theirs = Twin.TrainTorchSharp("mlp", data, 12_800, 64, 1e-3, 1);
        Assert.Equal(200, ours.Losses.Length);
        Assert.Equal(200, theirs.Losses.Length);
        Agreement a = Agreement.Of(ours, theirs, stepwise: 200);
        Assert.True(a.MaxStepwiseRelative <= 1e-4, $"largest relative step-loss difference {a.MaxStepwiseRelative:E2}");
        Assert.True(a.AccuracyDifference <= 0.01, $"test accuracy {ours.TestAccuracy} vs {theirs.TestAccuracy}");
        // it learned: the last 25 steps' loss is well below the first 25 steps'
        Assert.True(ours.Losses[^25..].Average() < 0.6 * ours.Losses[..25].Average());
    }

    [Fact]
    public void Cnn_losses_match_torchsharp_step_by_step_for_10_steps()
    {
        Oracle.UseOneLibTorchThread();
        var data = Data();
        EpochRun ours = Twin.TrainAutograd("cnn", data, 640, 64, 1e-3, 1);
        EpochRun theirs = Twin.TrainTorchSharp("cnn", data, 640, 64, 1e-3, 1);
        Assert.Equal(10, ours.Losses.Length);
        Agreement a = Agreement.Of(ours, theirs, stepwise: 10);
        Assert.True(a.MaxStepwiseRelative <= 1e-4, $"largest relative step-loss difference {a.MaxStepwiseRelative:E2}");
        Assert.True(a.AccuracyDifference <= 0.01, $"test accuracy {ours.TestAccuracy} vs {theirs.TestAccuracy}");
    }
}
