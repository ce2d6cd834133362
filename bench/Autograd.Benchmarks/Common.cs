using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using ag = Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Benchmarks;

/// <summary>
/// Shared setup: both libraries run with the same thread count (every core), and inputs are built from
/// the same seeded values so the two sides do identical work.
/// </summary>
public static class Setup
{
    private static bool s_done;

    /// <summary>Pins both libraries to the same number of intra-op threads (all cores).</summary>
    public static void Threads()
    {
        if (s_done) return;
        s_done = true;
        int n = Environment.ProcessorCount;
        ts.set_num_threads(n);
        ag.set_num_threads(n);
    }

    /// <summary>Deterministic standard-normal-ish values (Box–Muller on a seeded Random).</summary>
    public static float[] Values(long count, int seed = 42)
    {
        var rng = new Random(seed);
        var v = new float[count];
        for (long i = 0; i < count; i++)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            v[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return v;
    }

    /// <summary>Multiplies <paramref name="v"/> by <paramref name="s"/> in place and returns it.</summary>
    public static float[] Scale(float[] v, float s)
    {
        for (int i = 0; i < v.Length; i++) v[i] *= s;
        return v;
    }

    public static Tensor Ag(float[] values, params long[] shape) => ag.tensor(values, shape);

    public static ts.Tensor Ts(float[] values, params long[] shape) => ts.tensor(values, shape);
}

/// <summary>Every benchmark class: memory diagnoser, one baseline (TorchSharp) per category, ratio columns.</summary>
[MemoryDiagnoser]
[CategoriesColumn]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[HideColumns(Column.Error, Column.StdDev, Column.Gen0, Column.Gen1, Column.Gen2)]
public abstract class BenchBase
{
}
