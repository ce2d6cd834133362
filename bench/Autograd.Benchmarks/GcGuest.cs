using System.Diagnostics;
using ag = Autograd.torch;
using agf = Autograd.torch.nn.functional;

namespace Autograd.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project bench/Autograd.Benchmarks -- profile gcguest [steps] [heapGB] [batch]`:
/// whether the library is a good guest of the application's garbage collector. The process first
/// builds a live heap of its own small objects (2 GB by default: linked records with a payload each,
/// what a cache or an in-memory index looks like), then trains the MLP 784→256→10 with SGD, and prints
/// the collections (per generation) and the total GC pause time of the training alone, plus how many
/// arrays the buffer pool handed out again. Run it twice, with and without the pool:
/// <code>
///   dotnet run -c Release --project bench/Autograd.Benchmarks -- profile gcguest
///   AUTOGRAD_BUFFER_POOL=0 dotnet run -c Release --project bench/Autograd.Benchmarks -- profile gcguest
/// </code>
/// Collection counts do not depend on the machine's load; pause times and step times do.
/// </summary>
public static class GcGuest
{
    private sealed class Record(Record? next, long id)
    {
        internal readonly Record? Next = next;
        internal readonly long Id = id;
        internal readonly byte[] Payload = new byte[64];
    }

    public static int Run(string[] args)
    {
        int steps = args.Length > 0 ? int.Parse(args[0]) : 2000;
        double heapGb = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2;
        int batch = args.Length > 2 ? int.Parse(args[2]) : 256;

        Record[][] heap = BuildHeap(heapGb);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Console.WriteLine($"pool: {(BufferPool.Enabled ? "on" : "off")}, live heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1e9:F2} GB, " +
                          $"server GC: {System.Runtime.GCSettings.IsServerGC}, latency mode: {System.Runtime.GCSettings.LatencyMode}");

        Tensor[] p = [Param(256 * 784, 5, 0.036f, 256, 784), Param(256, 6, 0.01f, 256), Param(10 * 256, 7, 0.0625f, 10, 256), Param(10, 8, 0.01f, 10)];
        var opt = ag.optim.SGD(p, 0.01);
        Tensor x = ag.tensor(Setup.Values(batch * 784L, 9), [batch, 784]);
        long[] labels = new long[batch];
        for (int i = 0; i < batch; i++) labels[i] = (i * 7 + 3) % 10;
        Tensor y = ag.tensor(labels);
        for (int i = 0; i < 20; i++) Step(opt, p, x, y); // warm-up: every .grad exists

        int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
        TimeSpan pause0 = GC.GetTotalPauseDuration();
        long reused0 = BufferPool.Reused;
        var sw = Stopwatch.StartNew();
        float loss = 0;
        for (int i = 0; i < steps; i++) loss = Step(opt, p, x, y);
        sw.Stop();
        Console.WriteLine($"{steps} steps, batch {batch}: gen0 {GC.CollectionCount(0) - g0}, gen1 {GC.CollectionCount(1) - g1}, " +
                          $"gen2 {GC.CollectionCount(2) - g2}, GC pause {(GC.GetTotalPauseDuration() - pause0).TotalMilliseconds:F0} ms, " +
                          $"pooled arrays reused {BufferPool.Reused - reused0}, {sw.Elapsed.TotalMilliseconds / steps:F2} ms/step (load-dependent), loss {loss:F4}");
        GC.KeepAlive(heap);
        return 0;
    }

    private static Tensor Param(long n, int seed, float scale, params long[] shape)
    {
        float[] v = Setup.Values(n, seed);
        for (int i = 0; i < v.Length; i++) v[i] *= scale;
        return ag.tensor(v, shape).requires_grad_();
    }

    private static float Step(ag.optim.Optimizer opt, Tensor[] p, Tensor x, Tensor y)
    {
        opt.zero_grad();
        Tensor loss = agf.cross_entropy(agf.linear(agf.relu(agf.linear(x, p[0], p[1])), p[2], p[3]), y);
        loss.backward();
        opt.step();
        return loss.item<float>();
    }

    /// <summary>About <paramref name="gb"/> GB of records (136 bytes each with its payload and slot),
    /// chained within chunks of a million so the GC has pointers to follow.</summary>
    private static Record[][] BuildHeap(double gb)
    {
        long count = (long)(gb * 1e9 / 136);
        const int chunk = 1 << 20;
        var chunks = new Record[(count + chunk - 1) / chunk][];
        long id = 0;
        for (int c = 0; c < chunks.Length; c++)
        {
            int n = (int)Math.Min(chunk, count - (long)c * chunk);
            var records = chunks[c] = new Record[n];
            Record? previous = null;
            for (int i = 0; i < n; i++) records[i] = previous = new Record(previous, id++);
        }
        return chunks;
    }
}
