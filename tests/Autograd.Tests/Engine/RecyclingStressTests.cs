using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Autograd;

namespace Autograd.Tests;

/// <summary>Note [Result recycling] and Note [Gradient recycling] under stress: worker threads keep
/// tensors alive in every way user code can (locals, views of dead bases, spans of dead storages,
/// finalizable objects that resurrect their tensor into a static field, tensors escaping into static
/// fields) while they churn dead results and backward passes of the same sizes and another thread keeps
/// collecting. Every kept tensor is stamped with its own value right after it is made; an array handed
/// out twice would overwrite one of the stamps. The outcome does not depend on scheduling: any
/// interleaving must keep every stamp.</summary>
[Collection("BufferPool")]
public class RecyclingStressTests
{
    // every test starts from an empty pool: what earlier tests left there must not use up the reclaimer budget
    public RecyclingStressTests() => BufferPool.Clear();

    // Large-object sizes (≥ 85,000 bytes, so results get a reclaimer) used by no other test.
    private static readonly int[] s_lengths = [30_011, 40_009, 50_021];

    private const int Workers = 3, Iterations = 150, Ring = 6;

    private static int s_stamp;

    private static float NextStamp() => Interlocked.Increment(ref s_stamp); // exact in float32 below 2^24

    /// <summary>Tensors that escaped into a static field (directly or through a finalizer).</summary>
    private static readonly ConcurrentQueue<(Tensor Tensor, float Stamp)> s_escaped = new();

    private sealed class Holder(Tensor tensor, float stamp)
    {
        ~Holder() => s_escaped.Enqueue((tensor, stamp)); // resurrects the tensor
    }

    private static unsafe nint Address(Tensor t) => (nint)Unsafe.AsPointer(ref t._storage.Ref);

    private static bool AllEqual(ReadOnlySpan<float> values, float stamp)
    {
        foreach (float v in values)
            if (v != stamp) return false;
        return true;
    }

    private static void AssertStamp(Tensor t, float stamp, string what) =>
        Assert.True(AllEqual(t.ToArray<float>(), stamp), $"{what} stamped {stamp} was overwritten: its array was handed out twice");

    /// <summary>A fresh result (the pool may give it a recycled array) stamped with its own value.</summary>
    private static (Tensor, float) Stamped(Tensor source)
    {
        Tensor t = source * 0;
        float stamp = NextStamp();
        t.fill_(stamp);
        return (t, stamp);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Tensor View, float Stamp) ViewOfDeadBase(Tensor source)
    {
        (Tensor b, float stamp) = Stamped(source);
        return (b.narrow(0, 3, 1000), stamp);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Span<float> SpanOfDeadStorage(Tensor source, out float stamp)
    {
        (Tensor t, stamp) = Stamped(source);
        return t.ContiguousSpan<float>();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Abandon(Tensor source, bool toFinalizer)
    {
        (Tensor t, float stamp) = Stamped(source);
        if (toFinalizer) _ = new Holder(t, stamp);
        else s_escaped.Enqueue((t, stamp));
    }

    private static void Churn(Tensor source, Tensor w)
    {
        _ = source * 3 + 1;                // dead results: reclaimed by the GC
        (w * source).sum().backward();      // the pass's gradients: pooled by the engine
        w.grad = null;
    }

    private static void Work(int worker)
    {
        int length = s_lengths[worker % s_lengths.Length];
        Tensor source = torch.arange(length, dtype: ScalarType.Float32);
        Tensor w = torch.ones(length).requires_grad_();
        var ring = new (Tensor Tensor, float Stamp)[Ring];
        var views = new (Tensor Tensor, float Stamp)[Ring];
        for (int i = 0; i < Ring; i++) (ring[i], views[i]) = (Stamped(source), ViewOfDeadBase(source));
        for (int it = 0; it < Iterations; it++)
        {
            Span<float> span = SpanOfDeadStorage(source, out float spanStamp);
            int slot = it % Ring;
            AssertStamp(ring[slot].Tensor, ring[slot].Stamp, "a local tensor");
            AssertStamp(views[slot].Tensor, views[slot].Stamp, "a view of a dead base");
            ring[slot] = Stamped(source); // the old one is dead from here on
            views[slot] = ViewOfDeadBase(source);
            Abandon(source, toFinalizer: it % 2 == 0);
            Churn(source, w);
            Assert.True(AllEqual(span, spanStamp), $"a span's storage stamped {spanStamp} was overwritten");
        }
        for (int i = 0; i < Ring; i++)
        {
            AssertStamp(ring[i].Tensor, ring[i].Stamp, "a local tensor");
            AssertStamp(views[i].Tensor, views[i].Stamp, "a view of a dead base");
        }
    }

    [Fact]
    public void No_array_is_handed_out_twice_while_collections_run()
    {
        long reusedBefore = BufferPool.Reused;
        using var done = new ManualResetEventSlim();
        var collector = new Thread(() =>
        {
            while (!done.IsSet)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Thread.Sleep(1);
            }
        });
        collector.Start();
        var errors = new ConcurrentQueue<Exception>();
        Thread[] workers = [.. Enumerable.Range(0, Workers).Select(k => new Thread(() =>
        {
            try { Work(k); }
            catch (Exception e) { errors.Enqueue(e); }
        }))];
        foreach (Thread t in workers) t.Start();
        foreach (Thread t in workers) t.Join();
        done.Set();
        collector.Join();
        Assert.Empty(errors);

        // every holder is finalized now; its resurrected tensor, like the directly escaped ones, must
        // keep its stamp through more churn of its size and stay usable
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(Workers * Iterations, s_escaped.Count);
        for (int k = 0; k < Workers; k++) Churn(torch.ones(s_lengths[k]), torch.ones(s_lengths[k]).requires_grad_());
        var distinct = new HashSet<nint>();
        foreach ((Tensor t, float stamp) in s_escaped)
        {
            AssertStamp(t, stamp, "an escaped tensor");
            AssertStamp(t + 0, stamp, "a result computed from an escaped tensor");
            Assert.True(distinct.Add(Address(t)), "two live storages share one array");
        }
        Assert.True(BufferPool.Reused > reusedBefore, "the test must exercise recycling to prove anything");
        s_escaped.Clear();
    }
}
