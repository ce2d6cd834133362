using ScottPlot;

namespace Autograd.Samples.FashionMnist;

/// <summary>The training curves as a PNG (ScottPlot): loss on the left axis (training loss per window of steps,
/// test loss per epoch), test accuracy on the right axis, epochs along the bottom.</summary>
public static class Curves
{
    /// <summary>Draws <paramref name="history"/> of a <paramref name="model"/> run into <paramref name="path"/>.</summary>
    public static void Save(History history, string model, string path)
    {
        var plot = new Plot();
        plot.Title($"Fashion-MNIST, {model.ToUpperInvariant()} (Autograd.Native)");
        plot.XLabel("epoch");
        plot.Axes.Left.Label.Text = "cross-entropy loss";
        plot.Axes.Right.Label.Text = "test accuracy";

        var train = plot.Add.Scatter(history.Steps.Select(p => p.Epoch).ToArray(), history.Steps.Select(p => p.Loss).ToArray());
        train.LegendText = $"training loss (mean of {Trainer.CurveWindow} steps)";
        train.MarkerSize = 0;
        train.LineWidth = 1.5f;

        double[] epochs = history.Epochs.Select(e => (double)e.Epoch).ToArray();
        var test = plot.Add.Scatter(epochs, history.Epochs.Select(e => e.TestLoss).ToArray());
        test.LegendText = "test loss";
        test.MarkerSize = 7;
        test.LineWidth = 1.5f;

        var accuracy = plot.Add.Scatter(epochs, history.Epochs.Select(e => e.TestAccuracy).ToArray());
        accuracy.LegendText = "test accuracy (right axis)";
        accuracy.Axes.YAxis = plot.Axes.Right;
        accuracy.MarkerSize = 7;
        accuracy.LineWidth = 2;

        plot.Axes.SetLimitsX(0, Math.Max(1, history.Epochs.Count == 0 ? 1 : history.Epochs[^1].Epoch) + 0.05);
        plot.Axes.SetLimitsY(0, Math.Max(1, history.Steps.Select(p => p.Loss).DefaultIfEmpty(1).Max()) * 1.05, plot.Axes.Left);
        double low = history.Epochs.Select(e => e.TestAccuracy).DefaultIfEmpty(0.5).Min();
        plot.Axes.SetLimitsY(Math.Min(0.8, Math.Floor(low * 20) / 20), 1, plot.Axes.Right);
        plot.ShowLegend(Alignment.UpperRight);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        plot.SavePng(path, 900, 560);
    }
}
