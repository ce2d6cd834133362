using ag = Autograd.torch;

namespace Autograd.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project bench/Autograd.Benchmarks -- profile checkpoint [layers [width [batch]]]`: peak managed
/// memory of one backward through an MLP of tanh layers (default 20 layers, width 1024, batch 256, float32), with the
/// whole graph recorded and with every layer in <c>torch.utils.checkpoint</c>. The peak is sampled (GC.GetTotalMemory,
/// no collection) after forward and whenever a weight's gradient is accumulated; the baseline is taken after a full
/// collection before forward. Memory, not time: the numbers do not depend on the machine's load.
/// </summary>
public static class CheckpointMemory
{
    public static int Run(string[] args)
    {
        int layers = args.Length > 0 ? int.Parse(args[0]) : 20, width = args.Length > 1 ? int.Parse(args[1]) : 1024;
        int batch = args.Length > 2 ? int.Parse(args[2]) : 256;
        ag.manual_seed(0);
        ag.Tensor x = ag.randn(batch, width);
        var ws = Enumerable.Range(0, layers).Select(_ => (ag.randn(width, width) * (1.0 / Math.Sqrt(width))).requires_grad_()).ToArray();
        Console.WriteLine($"MLP {layers} x tanh(h @ W), width {width}, batch {batch}, float32; activations {(long)batch * width * 4 / 1024} KB per layer");
        foreach (bool checkpointed in new[] { false, true, false, true })
        {
            foreach (ag.Tensor w in ws) w.grad = null;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long baseline = GC.GetTotalMemory(forceFullCollection: true), peak = 0;
            void Sample() => peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            var handles = ws.Select(w => w.register_post_accumulate_grad_hook(_ => Sample())).ToArray();
            ag.Tensor h = x;
            foreach (ag.Tensor w in ws)
                h = checkpointed ? ag.utils.checkpoint(xs => ag.tanh(xs[0].matmul(xs[1])), h, w) : ag.tanh(h.matmul(w));
            ag.Tensor loss = h.sum();
            Sample();
            long afterForward = GC.GetTotalMemory(forceFullCollection: true) - baseline;
            loss.backward();
            foreach (var handle in handles) handle.remove();
            Console.WriteLine($"{(checkpointed ? "checkpoint" : "plain     ")}: held after forward {afterForward / 1024,8} KB, " +
                              $"peak during forward+backward {(peak - baseline) / 1024,8} KB (above the inputs and weights)");
        }
        return 0;
    }
}
