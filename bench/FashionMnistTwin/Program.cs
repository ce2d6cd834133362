using System.Globalization;
using Autograd.Benchmarks.FashionMnistTwin;
using Autograd.Samples.FashionMnist;

// dotnet run -c Release --project bench/FashionMnistTwin [-- --model mlp|cnn|both --data DIR --limit N --threads N]
// (--threads sets both libraries' intra-op threads; the default is each library's own)
// One epoch of each model from the same seed in Autograd.Native (the sample's Trainer) and TorchSharp:
// the loss curves' agreement, the test accuracies and the epoch times (steps only) with their ratio.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string data = FashionMnistData.DebianPath, which = "both";
int? limit = null, threads = null;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--data": data = Next(); break;
        case "--model": which = Next(); break;
        case "--limit": limit = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--threads": threads = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        default:
            Console.WriteLine("usage: FashionMnistTwin [--model mlp|cnn|both] [--data DIR] [--limit N] [--threads N (both libraries')]");
            return args[i] is "-h" or "--help" ? 0 : 2;
    }
}
FashionMnistData fashion;
try { fashion = FashionMnistData.Load(data); }
catch (DataMissingException e) { Console.Error.WriteLine($"error: {e.Message}"); return 1; }
if (threads is int t)
{
    TorchSharp.torch.set_num_threads(t);
    Autograd.torch.set_num_threads(t);
}
Console.WriteLine($"intra-op threads: Autograd.Native {Autograd.torch.get_num_threads()}, TorchSharp {TorchSharp.torch.get_num_threads()}; " +
                  $"Environment.ProcessorCount {Environment.ProcessorCount}");

bool ok = true;
foreach (string model in which == "both" ? new[] { "mlp", "cnn" } : new[] { which })
{
    // the sample's defaults: batch 64, Adam lr 1e-3, seed 1
    EpochRun ours = Twin.TrainAutograd(model, fashion, limit, Run.DefaultBatchSize, Run.DefaultLearningRate, Run.DefaultSeed);
    EpochRun theirs = Twin.TrainTorchSharp(model, fashion, limit, Run.DefaultBatchSize, Run.DefaultLearningRate, Run.DefaultSeed);
    Agreement a = Agreement.Of(ours, theirs, stepwise: model == "mlp" ? 200 : 10);
    bool pass = model == "mlp"
        ? a.MaxStepwiseRelative <= 1e-4
        : a.MaxStepwiseRelative <= 1e-4 && a.MaxWindowRelative <= 0.02 && a.AccuracyDifference <= 0.01;
    ok &= pass;
    Console.WriteLine($"{model}: {ours.Losses.Length} steps");
    Console.WriteLine($"  step losses, first {a.StepwiseSteps}: max relative difference {a.MaxStepwiseRelative:E2}");
    Console.WriteLine($"  {a.Windows} means of {a.WindowSteps} steps: max relative difference {a.MaxWindowRelative:P3}");
    Console.WriteLine($"  test accuracy: Autograd.Native {ours.TestAccuracy:F4}, TorchSharp {theirs.TestAccuracy:F4} (difference {a.AccuracyDifference:F4})");
    Console.WriteLine($"  epoch time (training loop): Autograd.Native {ours.Seconds:F2} s, TorchSharp {theirs.Seconds:F2} s, " +
                      $"TorchSharp / Autograd.Native = {theirs.Seconds / ours.Seconds:F2}x");
    Console.WriteLine($"  agreement: {(pass ? "within the bar" : "OUTSIDE the bar")}");
}
return ok ? 0 : 3;
