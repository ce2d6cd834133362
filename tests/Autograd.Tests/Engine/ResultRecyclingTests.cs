using System.Runtime.CompilerServices;
using Autograd;

namespace Autograd.Tests;

// Tests that assert which arrays the process-wide buffer pool hands out, or change its limit, run alone, each from an
// empty pool: other tests' large results would otherwise compete for the same reclaimer budget (Note [Reclaimer budget])
[CollectionDefinition("BufferPool", DisableParallelization = true)]
public class BufferPoolCollection;

/// <summary>Note [Result recycling]: the array of a large result goes back to the pool once a collection
/// proves nothing can reach it, and only then. Each test uses its own tensor length (the pool is keyed
/// by length), so tests running in parallel cannot take each other's arrays. The helpers that create
/// the dead results are not inlined, so no local of the test method keeps them alive.</summary>
[Collection("BufferPool")]
public class ResultRecyclingTests
{
    // every test starts from an empty pool: what earlier tests left there must not use up the reclaimer budget
    public ResultRecyclingTests() => BufferPool.Clear();

    internal static Tensor Input(int n) => torch.arange(n, dtype: ScalarType.Float32);

    private static unsafe nint Address(Tensor t) => (nint)Unsafe.AsPointer(ref t._storage.Ref);

    internal static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    // Expected values by hand: element i of arange(n) * factor + offset.
    internal static void AssertValues(ReadOnlySpan<float> actual, float factor, float offset, int start = 0)
    {
        for (int i = 0; i < actual.Length; i++)
            Assert.Equal((start + i) * factor + offset, actual[i]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint DeadResult(Tensor x) => Address(x * 2);

    [Fact]
    public void A_dead_result_array_is_reused_after_a_collection()
    {
        const int n = 70_001;
        Tensor x = Input(n);
        nint dead = DeadResult(x);
        Collect();
        Tensor y = x + 1;
        Assert.Equal(dead, Address(y));
        AssertValues(y.ToArray<float>(), 1, 1);
    }

    [Fact]
    public void A_reused_array_still_paces_the_collector()
    {
        // Note [Collection pacing]: a result on a pooled array also allocates an unwritten large-object array of
        // its length, so the GC sees the large-object allocation it would see without the pool (without the
        // charge, the result allocates only its tensor and storage objects, a few hundred bytes)
        const int n = 70_011;
        Tensor x = Input(n);
        nint dead = DeadResult(x);
        Collect();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Tensor y = x + 1;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(dead, Address(y));
        Assert.True(allocated >= n * sizeof(float), $"a result on a pooled array allocated only {allocated} bytes");
        AssertValues(y.ToArray<float>(), 1, 1);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Tensor ViewOfDeadBase(Tensor x, out nint address)
    {
        Tensor doubled = x * 2;
        address = Address(doubled);
        return doubled.narrow(0, 5, 100);
    }

    [Fact]
    public void A_live_view_keeps_its_base_array()
    {
        const int n = 70_003;
        Tensor x = Input(n);
        Tensor view = ViewOfDeadBase(x, out nint baseAddress);
        Collect();
        Tensor y = x + 1, z = x + 3;
        Assert.NotEqual(baseAddress, Address(y));
        Assert.NotEqual(baseAddress, Address(z));
        AssertValues(view.ToArray<float>(), 2, 0, start: 5);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Span<float> SpanOfDeadResult(Tensor x) => (x * 2).ContiguousSpan<float>();

    [Fact]
    public void A_span_on_the_stack_keeps_the_array_of_a_dead_storage()
    {
        // a kernel may still run on the memory of a storage object the JIT considers dead
        const int n = 70_005;
        Tensor x = Input(n);
        Span<float> span = SpanOfDeadResult(x);
        Collect();
        Collect();
        Tensor y = x + 1, z = x + 3;
        unsafe { Assert.NotEqual((nint)Unsafe.AsPointer(ref span[0]), Address(y)); }
        unsafe { Assert.NotEqual((nint)Unsafe.AsPointer(ref span[0]), Address(z)); }
        AssertValues(span, 2, 0);
    }

    private sealed class Rescuer(Tensor tensor)
    {
        internal static Tensor? Rescued;
        ~Rescuer() => Rescued = tensor;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint AbandonToFinalizer(Tensor x)
    {
        Tensor doubled = x * 2;
        _ = new Rescuer(doubled);
        return Address(doubled);
    }

    [Fact]
    public void A_tensor_resurrected_by_a_finalizer_keeps_its_array()
    {
        const int n = 70_007;
        Tensor x = Input(n);
        nint address = AbandonToFinalizer(x);
        Collect(); // the rescuer and the storage's reclaimer are finalized in the same collection
        Collect();
        Tensor y = x + 1, z = x + 3;
        Tensor rescued = Assert.IsType<Tensor>(Rescuer.Rescued);
        Assert.Equal(address, Address(rescued));
        Assert.NotEqual(address, Address(y));
        Assert.NotEqual(address, Address(z));
        AssertValues(rescued.ToArray<float>(), 2, 0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TrainDropGradientsAndReuse(Tensor w)
    {
        (w * w).sum().backward(); // .grad stolen from the pass
        (w * w).sum().backward(); // accumulated into .grad: the engine pools the pass's gradient
        w.grad = null;            // unread stolen .grad: pooled too
        Tensor d = w.detach();
        for (int i = 0; i < 4; i++) _ = d * (i + 5); // results in the pooled arrays, dead on return
    }

    [Fact]
    public void An_array_the_engine_pooled_is_never_returned_again_by_the_collector()
    {
        const int n = 70_009;
        Tensor w = Input(n).requires_grad_();
        TrainDropGradientsAndReuse(w);
        Collect(); // the gradients' storages and the results' die together: each array may come back once
        Collect();
        Tensor d = w.detach();
        Tensor[] results = Enumerable.Range(1, 32).Select(k => d + k).ToArray(); // more than the pool holds of this size
        var addresses = results.Select(Address).ToHashSet();
        Assert.Equal(results.Length, addresses.Count);
        for (int k = 0; k < results.Length; k++) AssertValues(results[k].ToArray<float>(), 1, k + 1);
    }
}


/// <summary>Note [Reclaimer budget] with a small pool: what a collection brings back stays within the pool's room.</summary>
[Collection("BufferPool")]
public class ReclaimerBudgetTests
{
    private static Tensor Input(int n) => ResultRecyclingTests.Input(n);
    private static void Collect() => ResultRecyclingTests.Collect();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DeadResults(Tensor[] inputs)
    {
        foreach (Tensor x in inputs)
            for (int k = 1; k <= 6; k++) _ = x * k;
    }

    [Fact]
    public void Collections_bring_back_only_the_arrays_the_pool_keeps()
    {
        // Note [Reclaimer budget]: each step makes 24 large results (about 4.4 MB) with room for 1 MB in the
        // pool; a reclaimer on every one would make each collection keep all of them alive, for the pool
        // to keep a quarter.
        int[] lengths = [30_013, 40_013, 50_023, 60_013];
        Tensor[] inputs = [.. lengths.Select(Input)];
        long saved = BufferPool.MaxBytes;
        try
        {
            Collect(); // other tests' dead results come back now, not during the loop
            Collect();
            BufferPool.Clear();
            BufferPool.MaxBytes = 1 << 20;
            long dropped = BufferPool.Dropped, reused = BufferPool.Reused;
            for (int step = 0; step < 20; step++)
            {
                DeadResults(inputs);
                long reclaimed = BufferPool.ReclaimedBytes;
                Collect();
                Assert.InRange(BufferPool.ReclaimedBytes - reclaimed, 0, BufferPool.MaxBytes);
                Assert.InRange(BufferPool.HeldBytes, 0, BufferPool.MaxBytes);
            }
            Assert.Equal(dropped, BufferPool.Dropped);
            Assert.True(BufferPool.Reused > reused, "results must still reuse the arrays the pool kept");
        }
        finally
        {
            BufferPool.MaxBytes = saved;
            BufferPool.Clear();
        }
    }
}
