using System.Diagnostics;
using ag = Autograd.torch;
using agf = Autograd.torch.nn.functional;
using ts = TorchSharp.torch;
using tsf = TorchSharp.torch.nn.functional;

namespace Autograd.Benchmarks;

/// <summary>
/// `userloop [reps]`: the speed goals measured the way a user measures them, outside BenchmarkDotNet:
/// this project's runtime settings are a default console app's, each case is a Stopwatch loop of about
/// 0.2 s, the two libraries alternate (ours, theirs, ours, …) so drifting load hits both, and the
/// table gives the median per-iteration time of each over <c>reps</c> repetitions (7 by default) and
/// their ratio. Both libraries keep their default thread counts. The cases are the rows of the
/// "Speed as users run it" table in bench/README.md, in the form written there.
/// </summary>
public static class UserLoop
{
    private sealed record Case(string Name, double Goal, Func<Action> Ours, Func<Action> Theirs);

    public static int Run(string[] args)
    {
        int reps = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 7;
        Console.WriteLine($"threads: Autograd {ag.get_num_threads()}, TorchSharp {ts.get_num_threads()}; " +
                          $"concurrent GC {System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.Batch}, " +
                          $"server GC {System.Runtime.GCSettings.IsServerGC}; medians of {reps}");
        Console.WriteLine($"{"case",-62} {"Autograd",12} {"TorchSharp",12} {"ratio",7} {"goal",6}");
        foreach (Case c in Cases())
        {
            Action ours = c.Ours(), theirs = c.Theirs();
            long n = Calibrate(ours);
            var a = new double[reps];
            var t = new double[reps];
            for (int r = 0; r < reps; r++)
            {
                a[r] = TimePerIteration(ours, n);
                t[r] = TimePerIteration(theirs, n);
            }
            double ma = Median(a), mt = Median(t), ratio = mt / ma;
            string verdict = ratio >= c.Goal ? "" : "  below goal";
            Console.WriteLine($"{c.Name,-62} {Format(ma),12} {Format(mt),12} {ratio,6:F2}x {c.Goal,5:F2}x{verdict}");
        }
        return 0;
    }

    /// <summary>Iterations for about 0.2 s of <paramref name="body"/>, after a warm-up (JIT tiers, pools).</summary>
    private static long Calibrate(Action body)
    {
        var sw = Stopwatch.StartNew();
        long n = 0;
        while (sw.Elapsed.TotalSeconds < 0.3) { body(); n++; }
        return Math.Max(1, (long)(n * 0.2 / sw.Elapsed.TotalSeconds));
    }

    private static double TimePerIteration(Action body, long n)
    {
        long t0 = Stopwatch.GetTimestamp();
        for (long i = 0; i < n; i++) body();
        return (Stopwatch.GetTimestamp() - t0) * 1e9 / Stopwatch.Frequency / n;
    }

    private static double Median(double[] v)
    {
        double[] s = [.. v.Order()];
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static string Format(double ns) => ns >= 1e6 ? $"{ns / 1e6:F2} ms" : ns >= 1e3 ? $"{ns / 1e3:F2} µs" : $"{ns:F0} ns";

    private static IEnumerable<Case> Cases()
    {
        yield return new("seed step: ((w*X-Y)^2).mean(), backward, w.sub_(0.01f*w.grad)", 25, SeedOurs, SeedTheirs);
        yield return new("(a*b).sum().backward(), 4 elements", 20, TinyOurs, TinyTheirs);
        yield return new("a.sum(), 1e7 float32", 1.0, () => SumOurs(10_000_000), () => SumTheirs(10_000_000));
        yield return new("a.matmul(b) 64x64, fresh result", 1.5, () => MatmulOurs(64), () => MatmulTheirs(64));
        yield return new("a.matmul(b) 256x256", 0.95, () => MatmulOurs(256), () => MatmulTheirs(256));
        yield return new("MLP 784-256-10 step, batch 1, p.sub_(0.01f*p.grad)", 3, () => MlpOurs(false), () => MlpTheirs(false));
        // the same update without the full-size temporary (README's recommendation for large parameters)
        yield return new("MLP 784-256-10 step, batch 1, p.add_(p.grad, alpha: -0.01f)", 3, () => MlpOurs(true), () => MlpTheirs(true));
    }

    private static Action SeedOurs()
    {
        Tensor x = ag.tensor(new float[] { 1, 2, 3, 4 }), y = ag.tensor(new float[] { 2, 4, 6, 8 });
        Tensor w = ag.tensor(0.0f, requires_grad: true);
        return () =>
        {
            Tensor l = (w * x - y).pow(2).mean();
            l.backward();
            using (ag.no_grad()) w.sub_(0.01f * w.grad!);
            w.grad!.zero_();
        };
    }

    private static Action SeedTheirs()
    {
        ts.Tensor x = ts.tensor(new float[] { 1, 2, 3, 4 }), y = ts.tensor(new float[] { 2, 4, 6, 8 });
        ts.Tensor w = ts.tensor(0.0f).requires_grad_(); // TorchSharp's tensor(..., requires_grad: true) returns a non-leaf
        return () =>
        {
            using var scope = ts.NewDisposeScope();
            ts.Tensor l = (w * x - y).pow(2).mean();
            l.backward();
            using (ts.no_grad()) w.sub_(0.01f * w.grad!);
            w.grad!.zero_();
        };
    }

    private static Action TinyOurs()
    {
        Tensor a = ag.tensor(new float[] { 1, 2, 3, 4 }, requires_grad: true);
        Tensor b = ag.tensor(new float[] { 0.5f, -1, 2, 0.25f }, requires_grad: true);
        return () =>
        {
            (a * b).sum().backward();
            a.grad!.zero_();
            b.grad!.zero_();
        };
    }

    private static Action TinyTheirs()
    {
        ts.Tensor a = ts.tensor(new float[] { 1, 2, 3, 4 }).requires_grad_();
        ts.Tensor b = ts.tensor(new float[] { 0.5f, -1, 2, 0.25f }).requires_grad_();
        return () =>
        {
            using var scope = ts.NewDisposeScope();
            (a * b).sum().backward();
            a.grad!.zero_();
            b.grad!.zero_();
        };
    }

    private static Action SumOurs(long n)
    {
        Tensor a = Setup.Ag(Setup.Values(n), n);
        return () => a.sum();
    }

    private static Action SumTheirs(long n)
    {
        ts.Tensor a = Setup.Ts(Setup.Values(n), n);
        return () => { using var scope = ts.NewDisposeScope(); a.sum(); };
    }

    private static Action MatmulOurs(int n)
    {
        Tensor a = Setup.Ag(Setup.Values(n * n, 1), n, n), b = Setup.Ag(Setup.Values(n * n, 2), n, n);
        return () => a.matmul(b);
    }

    private static Action MatmulTheirs(int n)
    {
        ts.Tensor a = Setup.Ts(Setup.Values(n * n, 1), n, n), b = Setup.Ts(Setup.Values(n * n, 2), n, n);
        return () => { using var scope = ts.NewDisposeScope(); a.matmul(b); };
    }

    /// <summary>The parameters and input of the <see cref="Mlp"/> benchmark at batch 1.</summary>
    private static (float[] W1, float[] B1, float[] W2, float[] B2, float[] X) MlpValues() =>
        (Setup.Scale(Setup.Values(256 * 784, 5), 0.036f), Setup.Scale(Setup.Values(256, 6), 0.01f),
         Setup.Scale(Setup.Values(10 * 256, 7), 0.0625f), Setup.Scale(Setup.Values(10, 8), 0.01f), Setup.Values(784, 9));

    private static Action MlpOurs(bool alphaForm)
    {
        var (w1, b1, w2, b2, xv) = MlpValues();
        Tensor[] p = [Setup.Ag(w1, 256, 784), Setup.Ag(b1, 256), Setup.Ag(w2, 10, 256), Setup.Ag(b2, 10)];
        foreach (Tensor q in p) q.requires_grad_();
        Tensor x = Setup.Ag(xv, 1, 784), y = ag.tensor(new long[] { 3 });
        return () =>
        {
            Tensor loss = agf.cross_entropy(agf.linear(agf.relu(agf.linear(x, p[0], p[1])), p[2], p[3]), y);
            loss.backward();
            using (ag.no_grad())
                foreach (Tensor q in p)
                    if (alphaForm) q.add_(q.grad!, alpha: -0.01f);
                    else q.sub_(0.01f * q.grad!);
            foreach (Tensor q in p) q.grad!.zero_();
        };
    }

    private static Action MlpTheirs(bool alphaForm)
    {
        var (w1, b1, w2, b2, xv) = MlpValues();
        ts.Tensor[] p = [Setup.Ts(w1, 256, 784), Setup.Ts(b1, 256), Setup.Ts(w2, 10, 256), Setup.Ts(b2, 10)];
        foreach (ts.Tensor q in p) q.requires_grad_();
        ts.Tensor x = Setup.Ts(xv, 1, 784), y = ts.tensor(new long[] { 3 });
        return () =>
        {
            using var scope = ts.NewDisposeScope();
            ts.Tensor loss = tsf.cross_entropy(tsf.linear(tsf.relu(tsf.linear(x, p[0], p[1])), p[2], p[3]), y);
            loss.backward();
            using (ts.no_grad())
                foreach (ts.Tensor q in p)
                    if (alphaForm) q.add_(q.grad!, alpha: -0.01f);
                    else q.sub_(0.01f * q.grad!);
            foreach (ts.Tensor q in p) q.grad!.zero_();
        };
    }
}
