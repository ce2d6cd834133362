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
/// TorchSharp's matmul. Also the gen-2 collections and minor page faults (first touches of fresh pages,
/// ~2 µs each on this VM) per call, which, unlike the times, do not depend on the machine's load.
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
            void Line(string what, Action body)
            {
                long g2 = GC.CollectionCount(2);
                double us = Median(body, seconds);
                long f0 = MinorFaults(), r0 = BufferPool.Reused;
                for (int i = 0; i < 100; i++) body();
                double faults = (MinorFaults() - f0) / 100.0, reused = (BufferPool.Reused - r0) / 100.0;
                Console.WriteLine($"  N={n,4} {what,-34} {us,10:F2} us {flops / us * 1e-3,7:F1} GFLOP/s  gen2 GCs: {GC.CollectionCount(2) - g2,5}  page faults/call: {faults,7:F1}  pooled/call: {reused,4:F2}");
            }
            Line("a.matmul(b)", () => a.matmul(b));
            Line("kernel into a reused output", () =>
                Kernels.Matmul(a3, s3, st3, b3, s3, st3, o3, s3, st3, accumulate: false));
            Line("kernel into a fresh Tensor.Empty", () =>
            {
                Tensor o = Tensor.Empty(s3, ScalarType.Float32);
                Kernels.Matmul(a3, s3, st3, b3, s3, st3, o, s3, st3, accumulate: false);
            });
            Line("Tensor.Empty alone", () => Tensor.Empty(s3, ScalarType.Float32));
            Line("its array alone", () => GC.AllocateUninitializedArray<byte>(n * n * 4));
            Line("TorchSharp a.matmul(b)", () => { using var scope = ts.NewDisposeScope(); _ = ta.matmul(tb); });
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

    /// <summary>Median over 15 samples of the mean time per call (µs), each sample ~seconds/15 long.</summary>
    private static double Median(Action body, double seconds)
    {
        for (int i = 0; i < 3; i++) body();
        long t0 = Stopwatch.GetTimestamp();
        body();
        double once = Math.Max(1e-7, (double)(Stopwatch.GetTimestamp() - t0) / Stopwatch.Frequency);
        int reps = (int)Math.Clamp(seconds / 15 / once, 1, 100_000);
        var samples = new double[15];
        for (int s = 0; s < samples.Length; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < reps; i++) body();
            samples[s] = (double)(Stopwatch.GetTimestamp() - start) / Stopwatch.Frequency / reps * 1e6;
        }
        Array.Sort(samples);
        return samples[samples.Length / 2];
    }
}
