using System.Diagnostics;
using Autograd.Ops;
using ag = Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project bench/Autograd.Benchmarks -- profile matmul [seconds [N...]]`: where the time of
/// an out-of-place float32 N×N matmul goes, against the native kernel alone. Per N, medians of 15 samples of
/// each variant: a.matmul(b); the kernel into one reused output (what the C benchmark measures); the kernel
/// into a fresh Tensor.Empty each call (our allocation + its first-touch page faults); the allocation alone;
/// TorchSharp's matmul, their samples interleaved. Also the minor page faults (first touches of fresh pages,
/// ~2 µs each on this VM), pooled arrays per call, gen-2 collections and GC pause per call over 400 calls, which,
/// unlike the times, hardly depend on the machine's load.
/// </summary>
public static class ProfileMatmul
{
    public static int Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 0.5;
        Setup.Threads();
        Console.WriteLine($"threads: {ag.get_num_threads()}, Server GC: {System.Runtime.GCSettings.IsServerGC}");
        int[] sizes = args.Length > 1 ? args[1..].Select(int.Parse).ToArray() : [64, 256, 1024];
        foreach (int n in sizes)
        {
            float[] va = Setup.Values((long)n * n, 3), vb = Setup.Values((long)n * n, 4);
            Tensor a = Setup.Ag(va, n, n), b = Setup.Ag(vb, n, n);
            ts.Tensor ta = Setup.Ts(va, n, n), tb = Setup.Ts(vb, n, n);
            long[] s3 = [1, n, n], st3 = [(long)n * n, n, 1];
            Tensor a3 = a.reshape(1, n, n), b3 = b.reshape(1, n, n), o3 = Tensor.Empty(s3, ScalarType.Float32);
            double flops = 2.0 * n * n * n;
            (string What, Action Body)[] lines =
            [
                ("a.matmul(b)", () => a.matmul(b)),
                ("kernel into a reused output", () =>
                    Kernels.Matmul(a3, s3, st3, b3, s3, st3, o3, s3, st3, accumulate: false)),
                ("kernel into a fresh Tensor.Empty", () =>
                {
                    Tensor o = Tensor.Empty(s3, ScalarType.Float32);
                    Kernels.Matmul(a3, s3, st3, b3, s3, st3, o, s3, st3, accumulate: false);
                }),
                ("Tensor.Empty alone", () => Tensor.Empty(s3, ScalarType.Float32)),
                ("its array alone", () => GC.AllocateUninitializedArray<byte>(n * n * 4)),
                ("TorchSharp a.matmul(b)", () => { using var scope = ts.NewDisposeScope(); _ = ta.matmul(tb); }),
            ];
            // Sample s of every variant runs before sample s + 1 of any, so a slow minute on this shared
            // host lands on all of them alike instead of on whichever line ran then.
            double[] us = Medians(lines.Select(l => l.Body).ToArray(), seconds);
            for (int v = 0; v < lines.Length; v++)
            {
                Thread.Sleep(SettleMs);
                const int calls = 400;
                long f0 = MinorFaults(), r0 = BufferPool.Reused, g0 = GC.CollectionCount(2);
                TimeSpan p0 = GC.GetTotalPauseDuration();
                for (int i = 0; i < calls; i++) lines[v].Body();
                double faults = (MinorFaults() - f0) / (double)calls, reused = (BufferPool.Reused - r0) / (double)calls;
                double pauseUs = (GC.GetTotalPauseDuration() - p0).TotalMicroseconds / calls;
                Console.WriteLine($"  N={n,4} {lines[v].What,-34} {us[v],10:F2} us {flops / us[v] * 1e-3,7:F1} GFLOP/s  page faults/call: {faults,7:F1}  pooled/call: {reused,4:F2}  gen2: {GC.CollectionCount(2) - g0,3}  GC pause/call: {pauseUs,6:F2} us");
            }
        }
        return 0;
    }

    /// <summary>Minor page faults of the process so far (Linux /proc/self/stat field 10; 0 elsewhere).</summary>
    private static long MinorFaults()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        string stat = File.ReadAllText("/proc/self/stat");
        string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from 3 (state) on
        return long.Parse(f[7], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Pause after every sample (see <see cref="Medians"/>).</summary>
    private const int SettleMs = 50;

    /// <summary>Per body, the median over 15 samples of the mean time per call (µs), each sample
    /// ~seconds/15 of calls; the bodies' samples are interleaved.</summary>
    private static double[] Medians(Action[] bodies, double seconds)
    {
        var reps = new int[bodies.Length];
        var samples = new double[bodies.Length][];
        for (int v = 0; v < bodies.Length; v++)
        {
            for (int i = 0; i < 3; i++) bodies[v]();
            long t0 = Stopwatch.GetTimestamp();
            bodies[v]();
            double once = Math.Max(1e-7, (double)(Stopwatch.GetTimestamp() - t0) / Stopwatch.Frequency);
            reps[v] = (int)Math.Clamp(seconds / 15 / once, 1, 100_000);
            samples[v] = new double[15];
        }
        for (int s = 0; s < 15; s++)
            for (int v = 0; v < bodies.Length; v++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < reps[v]; i++) bodies[v]();
                samples[v][s] = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency / reps[v] * 1e6;
                // LibTorch's OpenMP (libgomp) workers spin for up to tens of ms after each parallel region; on two
                // cores they took ~15% from whichever variant ran next. Let them park first.
                Thread.Sleep(SettleMs);
            }
        return samples.Select(x => { Array.Sort(x); return x[x.Length / 2]; }).ToArray();
    }
}
