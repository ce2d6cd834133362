using System.Diagnostics;
using Autograd.Native;
using Autograd.Ops;
using ag = Autograd.torch;

namespace Autograd.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project bench/Autograd.Benchmarks -- profile [seconds]`: where the time and
/// the managed allocations of the tiny cases and the seed step go in OUR library. Each stage is timed
/// with Stopwatch timestamps inside a tight loop (≈20 ns of timer overhead per stage) and its bytes
/// come from GC.GetAllocatedBytesForCurrentThread, so the per-stage numbers add up to the whole.
/// </summary>
public static class Profile
{
    private static double s_seconds = 2;

    public static int Run(string[] args)
    {
        if (args.Length > 0) s_seconds = double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
        ag.set_num_threads(Environment.ProcessorCount);
        Console.WriteLine($"threads: {ag.get_num_threads()}, {s_seconds} s per case, Server GC: {System.Runtime.GCSettings.IsServerGC}");

        // an optional second argument picks cases by name (e.g. `profile 5 seed` for perf record)
        string only = args.Length > 1 ? args[1] : "";
        (string Name, Action Run)[] cases =
        [
            ("primitives", Primitives), ("tinyadd", TinyAdd), ("tinyfwdbwd", TinyFwdBwd), ("seed", SeedStep),
            ("mlp1", () => MlpStep(1)), ("mlpb16", () => MlpStep(16)), ("mlp64", () => MlpStep(64)),
            ("manual1", () => MlpStep(1, manual: true)), ("manual64", () => MlpStep(64, manual: true)),
            ("layernorm", LayerNorm), ("modules", () => ModulesStep(false)), ("functional", () => ModulesStep(true)),
            ("abmodules", ModulesAgainstFunctional), ("conv3to32", () => ConvStep(3, 32, 32, 1)),
            ("conv32to64", () => ConvStep(32, 64, 16, 0)),
        ];
        foreach (var (name, run) in cases)
            if (only.Length == 0 || name.Contains(only, StringComparison.OrdinalIgnoreCase)) run();
        return 0;
    }

    /// <summary>Runs <paramref name="body"/> (which records per-stage ticks/bytes) for the time budget.</summary>
    private static void Measure(string title, string[] stages, Action<Recorder> body, int warmup = 20_000)
    {
        var warm = new Recorder(stages.Length);
        for (int i = 0; i < warmup; i++) body(warm);
        GC.Collect();
        var rec = new Recorder(stages.Length);
        long gc0 = GC.CollectionCount(0), gc2 = GC.CollectionCount(2);
        long end = Stopwatch.GetTimestamp() + (long)(s_seconds * Stopwatch.Frequency);
        long t0 = Stopwatch.GetTimestamp(), b0 = GC.GetAllocatedBytesForCurrentThread();
        long n = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            int batch = warmup < 1000 ? 1 : 100;
            for (int k = 0; k < batch; k++) body(rec);
            n += batch;
        }
        long t1 = Stopwatch.GetTimestamp(), b1 = GC.GetAllocatedBytesForCurrentThread();
        double nsTotal = (t1 - t0) * 1e9 / Stopwatch.Frequency / n;
        Console.WriteLine();
        Console.WriteLine($"== {title}: {nsTotal:F0} ns/iter (with timers), {(double)(b1 - b0) / n:F0} B/iter, gen0 GCs {GC.CollectionCount(0) - gc0}, gen2 GCs {GC.CollectionCount(2) - gc2} over {n} iters");
        for (int s = 0; s < stages.Length; s++)
            Console.WriteLine($"   {stages[s],-34} {rec.Ticks[s] * 1e9 / Stopwatch.Frequency / n,8:F0} ns {(double)rec.Bytes[s] / n,8:F0} B");
    }

    internal sealed class Recorder(int count)
    {
        internal readonly long[] Ticks = new long[count];
        internal readonly long[] Bytes = new long[count];
        private long _t, _b;
        internal void Start() { _b = GC.GetAllocatedBytesForCurrentThread(); _t = Stopwatch.GetTimestamp(); }
        internal void Stop(int stage)
        {
            long t = Stopwatch.GetTimestamp();
            Ticks[stage] += t - _t;
            Bytes[stage] += GC.GetAllocatedBytesForCurrentThread() - _b;
            _b = GC.GetAllocatedBytesForCurrentThread();
            _t = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>The building blocks of every op: allocation of a tensor, one native call, shape helpers.</summary>
    private static void Primitives()
    {
        Tensor a = ag.tensor(new float[] { 1, 2, 3, 4 }), b = ag.tensor(new float[] { 1, 2, 3, 4 });
        Tensor o = Tensor.Empty([4], ScalarType.Float32), o0 = Tensor.Empty([], ScalarType.Float32);
        Measure("primitives (4 float32)", ["Tensor.Empty([4])", "Kernels.Binary(add) into existing", "Shape.Broadcast (same shape)",
                                         "agn_get_num_threads (P/Invoke floor)", "new GradModeGuard + Dispose", "ScalarTensor(0.01)",
                                         "Kernels.Unary(neg) into existing", "Kernels.Reduce(sum) into existing"], r =>
        {
            r.Start();
            _ = Tensor.Empty([4], ScalarType.Float32); r.Stop(0);
            Kernels.Binary(AgnBinaryOp.Add, a, a._strides, b, b._strides, o); r.Stop(1);
            _ = Shape.Broadcast(a._shape, b._shape); r.Stop(2);
            _ = NativeMethods.agn_get_num_threads(); r.Stop(3);
            using (ag.no_grad()) { } r.Stop(4);
            _ = Elementwise.ScalarTensor(0.01, ScalarType.Float32); r.Stop(5);
            Kernels.Unary(AgnUnaryOp.Neg, a, a._strides, o); r.Stop(6);
            Kernels.Reduce(AgnReduceOp.Sum, a, [1], o0, null); r.Stop(7);
        });
    }

    private static void TinyAdd()
    {
        Tensor a = ag.tensor(new float[] { 1, 2, 3, 4 }), b = ag.tensor(new float[] { 1, 2, 3, 4 });
        Measure("tiny a + b (4 float32, no grad)", ["a + b"], r =>
        {
            r.Start();
            _ = a + b; r.Stop(0);
        });
    }

    private static void TinyFwdBwd()
    {
        Tensor a = ag.tensor(new float[] { 1, 2, 3, 4 }, requires_grad: true), b = ag.tensor(new float[] { 1, 2, 3, 4 }, requires_grad: true);
        Measure("tiny (a*b).sum().backward() (4 float32)", ["a * b (records MulBackward0)", "sum (records SumBackward0)", "backward", "a.grad.zero_(), b.grad.zero_()"], r =>
        {
            r.Start();
            Tensor p = a * b; r.Stop(0);
            Tensor s = p.sum(); r.Stop(1);
            s.backward(); r.Stop(2);
            a.grad!.zero_(); b.grad!.zero_(); r.Stop(3);
        });
    }

    private static void SeedStep()
    {
        Tensor x = ag.tensor(new float[] { 1, 2, 3, 4 }), y = ag.tensor(new float[] { 2, 4, 6, 8 });
        Tensor w = ag.tensor(0.0f, requires_grad: true);
        Measure("seed training step", ["w * X", "- Y", ".pow(2)", ".mean()", "backward", "no_grad { w.sub_(0.01f * w.grad) }", "w.grad.zero_()"], r =>
        {
            r.Start();
            Tensor p = w * x; r.Stop(0);
            Tensor d = p - y; r.Stop(1);
            Tensor q = d.pow(2); r.Stop(2);
            Tensor l = q.mean(); r.Stop(3);
            l.backward(); r.Stop(4);
            using (ag.no_grad()) { w.sub_(0.01f * w.grad!); } r.Stop(5);
            w.grad!.zero_(); r.Stop(6);
        });
    }

    /// <summary>The MLP step with the SGD optimizer, or (<paramref name="manual"/>) with the hand-written
    /// update of the MlpStepManual benchmark: p.sub_(lr * p.grad) under no_grad, then p.grad.zero_().</summary>
    private static void MlpStep(int batch, bool manual = false)
    {
        Tensor w1 = ag.randn(256, 784).mul_(0.036).requires_grad_(), b1 = ag.zeros(256).requires_grad_();
        Tensor w2 = ag.randn(10, 256).mul_(0.0625).requires_grad_(), b2 = ag.zeros(10).requires_grad_();
        Tensor x = ag.randn(batch, 784), y = ag.zeros([batch], dtype: ScalarType.Int64);
        Tensor[] ps = [w1, b1, w2, b2];
        var opt = ag.optim.SGD(ps, 0.01);
        string title = manual ? $"MLP step, manual update, batch {batch}" : $"MLP step, batch {batch}";
        Measure(title, ["zero_grad", "linear1", "relu", "linear2", "cross_entropy", "backward", "step"], r =>
        {
            r.Start();
            if (manual) foreach (Tensor p in ps) p.grad?.zero_();
            else opt.zero_grad();
            r.Stop(0);
            Tensor h = ag.nn.functional.linear(x, w1, b1); r.Stop(1);
            h = ag.nn.functional.relu(h); r.Stop(2);
            Tensor logits = ag.nn.functional.linear(h, w2, b2); r.Stop(3);
            Tensor loss = ag.nn.functional.cross_entropy(logits, y); r.Stop(4);
            loss.backward(); r.Stop(5);
            if (manual)
                using (ag.no_grad())
                    foreach (Tensor p in ps) p.sub_(0.01f * p.grad!);
            else opt.step();
            r.Stop(6);
        }, warmup: 200);
    }

    /// <summary>The Conv benchmark's rows: conv2d(cin→cout, k3) on 32×cin×size×size + bias, sum, backward (to the
    /// input too when it has more than 3 channels, as in the benchmark).</summary>
    private static void ConvStep(int cin, int cout, int size, int padding)
    {
        Tensor x = ag.randn(32, cin, size, size), w = ag.randn(cout, cin, 3, 3).requires_grad_(), b = ag.randn(cout).requires_grad_();
        if (cin > 3) x.requires_grad_();
        Measure($"conv2d {cin}->{cout} on 32x{cin}x{size}x{size} fwd+bwd", ["conv2d", "sum", "backward"], r =>
        {
            r.Start();
            x.grad = w.grad = b.grad = null;
            Tensor y = ag.nn.functional.conv2d(x, w, b, padding: [padding]); r.Stop(0);
            Tensor loss = y.sum(); r.Stop(1);
            loss.backward(); r.Stop(2);
        }, warmup: 50);
    }

    /// <summary>The NN benchmark's LayerNorm row: layer_norm over 64×512 with weight and bias, sum, backward.</summary>
    private static void LayerNorm()
    {
        Tensor x = ag.randn(64, 512).requires_grad_(), w = ag.randn(512).requires_grad_(), b = ag.randn(512).requires_grad_();
        Measure("layer_norm 64x512 fwd+bwd", ["layer_norm", "sum", "backward"], r =>
        {
            r.Start();
            x.grad = null;
            Tensor y = ag.nn.functional.layer_norm(x, [512], w, b); r.Stop(0);
            Tensor loss = y.sum(); r.Stop(1);
            loss.backward(); r.Stop(2);
        }, warmup: 200);
    }

    /// <summary>The MlpModules benchmark's step (784→128→10, batch 64, SGD): nn.Sequential of modules, or
    /// (<paramref name="functional"/>) the same step through nn.functional on the same parameters.</summary>
    private static void ModulesStep(bool functional)
    {
        ag.manual_seed(1);
        var model = ag.nn.Sequential(ag.nn.Linear(784, 128), ag.nn.ReLU(), ag.nn.Linear(128, 10));
        Tensor[] p = [.. model.parameters()];
        Tensor x = ag.randn(64, 784), y = ag.zeros([64], dtype: ScalarType.Int64);
        var opt = ag.optim.SGD(model.parameters(), 0.01);
        Measure(functional ? "MLP 784-128-10 step, functional" : "MLP 784-128-10 step, nn modules",
                ["zero_grad", "forward", "cross_entropy", "backward", "step"], r =>
        {
            r.Start();
            opt.zero_grad(); r.Stop(0);
            Tensor logits = functional
                ? ag.nn.functional.linear(ag.nn.functional.relu(ag.nn.functional.linear(x, p[0], p[1])), p[2], p[3])
                : model.call(x);
            r.Stop(1);
            Tensor loss = ag.nn.functional.cross_entropy(logits, y); r.Stop(2);
            loss.backward(); r.Stop(3);
            opt.step(); r.Stop(4);
        }, warmup: 200);
    }

    /// <summary>The MlpModules benchmark's two steps (its own setup: the functional step on clones of the
    /// modules' parameters) alternating in blocks of 20, each block timed: the median step time of each and
    /// their ratio, which a loaded machine disturbs less than two separate runs.</summary>
    private static void ModulesAgainstFunctional()
    {
        var bench = new MlpModules();
        bench.GlobalSetup();
        var times = new List<double>[] { [], [] };
        Action[] steps = [() => bench.Functional(), () => bench.Modules()];
        long end = Stopwatch.GetTimestamp() + (long)(s_seconds * Stopwatch.Frequency);
        for (int round = 0; round < 10 || Stopwatch.GetTimestamp() < end; round++)
            for (int k = 0; k < 2; k++)
            {
                int which = (round + k) % 2; // alternate which goes first
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < 20; i++) steps[which]();
                times[which].Add((Stopwatch.GetTimestamp() - t0) * 1e9 / Stopwatch.Frequency / 20);
            }
        double f = Median(times[0]), m = Median(times[1]);
        Console.WriteLine($"\n== MlpModules step, median of {times[0].Count} blocks: functional {f:F0} ns, modules {m:F0} ns, modules / functional {m / f:F3}");
    }

    private static double Median(List<double> v)
    {
        v.Sort();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}
