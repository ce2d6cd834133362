using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Note [Gradient recycling]: gradient buffers of 8 KB and more that the engine proves dead are
/// reused by later backward passes. These tests use a 160 KB weight (a large-object-heap array, aligned),
/// and the first two also a 16 KB one (a plain gen-0 array outside backward), and check that reuse
/// happens, that every gradient still equals LibTorch's, and that a gradient anyone could still see is
/// never reused.</summary>
[Collection("BufferPool")]
public class GradientRecyclingTests
{
    // every test starts from an empty pool: what earlier tests left there must not use up the reclaimer budget
    public GradientRecyclingTests() => BufferPool.Clear();

    private const int Out = 128, In = 160; // 160 KB float64 weight: a pooled size

    // float64: the sums over the batch cancel, which float32 parity at 1e-5 could not see through
    private static (double[] W, double[] X) Inputs(string id, int batch, int outs = Out, int ins = In)
    {
        var rng = new Random(Oracle.Seed(id));
        double[] Values(int n) { var v = new double[n]; for (int i = 0; i < n; i++) v[i] = rng.NextDouble() * 2 - 1; return v; }
        return (Values(outs * ins), Values(batch * ins));
    }

    // y = linear(x, W); loss = sum(tanh(y)^2) + sum(W * W.t().t()) uses W along two paths, one of them a view chain
    private static Tensor Loss(Tensor x, Tensor w) => torch.nn.functional.linear(x, w).tanh().pow(2).sum() + (w * w.t().t()).sum();
    private static ts.Tensor Loss(ts.Tensor x, ts.Tensor w) => ts.nn.functional.linear(x, w).tanh().pow(2).sum() + (w * w.t().t()).sum();

    [Theory]
    [InlineData(Out, In)]
    [InlineData(40, 50)] // 16 KB
    public void Accumulated_gradients_reuse_buffers_and_match_libtorch(int outs, int ins)
    {
        (double[] w0, double[] x0) = Inputs($"recycle-accumulate-{outs}x{ins}", 3, outs, ins);
        Tensor w = torch.tensor(w0, [outs, ins]).requires_grad_(), x = torch.tensor(x0, [3, ins]);
        var tw = ts.tensor(w0, [outs, ins]).requires_grad_(); var tx = ts.tensor(x0, [3, ins]);
        Loss(x, w).backward(); // .grad is created (stolen) here
        Loss(tx, tw).backward();
        long before = BufferPool.Reused;
        for (int i = 0; i < 3; i++)
        {
            Loss(x, w).backward(); // every further gradient is added into .grad, then dead
            Loss(tx, tw).backward();
        }
        Assert.True(BufferPool.Reused > before, "later passes should reuse the gradients of earlier ones");
        Oracle.AssertClose(tw.grad!, w.grad!, ScalarType.Float64, what: "w.grad after 4 passes");
    }

    [Theory]
    [InlineData(Out, In)]
    [InlineData(40, 50)] // 16 KB
    public void Zero_grad_reuses_an_unread_gradient_but_never_one_the_user_holds(int outs, int ins)
    {
        (double[] w0, double[] x0) = Inputs($"recycle-zero-grad-{outs}x{ins}", 2, outs, ins);
        Tensor w = torch.tensor(w0, [outs, ins]).requires_grad_(), x = torch.tensor(x0, [2, ins]);
        var tw = ts.tensor(w0, [outs, ins]).requires_grad_(); var tx = ts.tensor(x0, [2, ins]);
        var opt = torch.optim.SGD([w], 0.01);
        Loss(tx, tw).backward();
        ts.Tensor expected = tw.grad!.clone();

        // unread: zero_grad pools it, the next backward takes it back
        Loss(x, w).backward();
        opt.zero_grad();
        long before = BufferPool.Reused;
        Loss(x, w).backward();
        Assert.True(BufferPool.Reused > before, "the dropped gradient should be reused");
        Oracle.AssertClose(expected, w.grad!, ScalarType.Float64, what: "gradient in a reused buffer");

        // read through .grad: the user may keep it, so it must survive zero_grad and later passes unchanged
        Tensor held = w.grad!;
        double[] snapshot = held.ToArray<double>();
        opt.zero_grad();
        for (int i = 0; i < 3; i++)
        {
            Loss(x * (i + 2), w).backward();
            opt.zero_grad();
        }
        Assert.Equal(snapshot, held.ToArray<double>());
    }

    [Fact]
    public void Gradients_returned_by_autograd_grad_are_never_reused()
    {
        (double[] w0, double[] x0) = Inputs("recycle-grad-api", 4);
        Tensor w = torch.tensor(w0, [Out, In]).requires_grad_(), x = torch.tensor(x0, [4, In]);
        Tensor g = torch.autograd.grad([Loss(x, w)], [w])[0]!;
        double[] snapshot = g.ToArray<double>();
        w.grad = torch.zeros_like(w);
        for (int i = 0; i < 3; i++) Loss(x * (i + 2), w).backward();
        Assert.Equal(snapshot, g.ToArray<double>());
        var tw = ts.tensor(w0, [Out, In]).requires_grad_();
        Loss(ts.tensor(x0, [4, In]), tw).backward();
        Oracle.AssertClose(tw.grad!, g, ScalarType.Float64, what: "autograd.grad result");
    }

    [Fact]
    public void Create_graph_gradients_stay_differentiable_after_more_passes()
    {
        (double[] w0, double[] x0) = Inputs("recycle-create-graph", 2);
        Tensor w = torch.tensor(w0, [Out, In]).requires_grad_(), x = torch.tensor(x0, [2, In]);
        Tensor g = torch.autograd.grad([Loss(x, w)], [w], create_graph: true)[0]!;
        w.grad = torch.zeros_like(w);
        for (int i = 0; i < 2; i++) Loss(x, w).backward();
        w.grad = null;
        g.pow(2).sum().backward(); // second order through the saved graph of g

        var tw = ts.tensor(w0, [Out, In]).requires_grad_();
        ts.Tensor tg = ts.autograd.grad([Loss(ts.tensor(x0, [2, In]), tw)], [tw], create_graph: true, retain_graph: true)[0];
        tg.pow(2).sum().backward();
        // sums of In terms in the forward product and again in the double backward's products; elements
        // of the result cancel to ~1e-4 of its largest, so compare norm-wise (Oracle.AssertCloseAfterSums)
        Oracle.AssertCloseAfterSums(tw.grad!, w.grad!, ScalarType.Float64, terms: In, depth: 2, what: "second-order gradient");
    }

    [Fact]
    public void The_shared_implicit_seed_never_reaches_user_code()
    {
        // loss.backward() seeds with one shared 1 per dtype: whatever users do with what they get back,
        // the next pass must still start from 1
        var x = torch.tensor(2.0f, requires_grad: true);
        x.backward();                       // a 0-d leaf as the root: its .grad must be a copy of the seed
        x.grad!.mul_(5);
        var y = torch.tensor(3.0f, requires_grad: true);
        (y * 1).backward();
        Assert.Equal(1f, y.grad!.item<float>());
        Tensor loss = x * 1;
        Tensor g = torch.autograd.grad([loss], [loss])[0]!; // the root itself: a copy of the seed
        g.fill_(7);
        (y * 1).backward();
        Assert.Equal(2f, y.grad!.item<float>());
        Assert.Equal(5f, x.grad.item<float>());
        var v = torch.ones(3, requires_grad: true);
        Tensor gv = torch.autograd.grad([v.sum()], [v])[0]!; // sum's gradient: the seed broadcast to [3]
        gv.add_(1);
        (y * 1).backward();
        Assert.Equal(3f, y.grad!.item<float>());
    }

    [Fact]
    public void Threads_training_at_once_get_the_same_gradients_as_one_alone()
    {
        // Passes are serialised, but forward ops on other threads allocate from the same pool while a
        // pass recycles into it: every thread's gradients must equal a lone run's, bit for bit.
        (double[] w0, double[] x0) = Inputs("recycle-threads", 3);
        double[] Reference()
        {
            Tensor w = torch.tensor(w0, [Out, In]).requires_grad_(), x = torch.tensor(x0, [3, In]);
            var opt = torch.optim.SGD([w], 0.01);
            for (int i = 0; i < 5; i++) { opt.zero_grad(); Loss(x, w).backward(); opt.step(); }
            return w.ToArray<double>();
        }
        double[] expected = Reference();
        var results = new double[4][];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t => results[t] = Reference());
        foreach (double[] r in results) Assert.Equal(expected, r);
    }

    [Fact]
    public void A_full_pool_makes_room_for_the_size_in_use_by_dropping_the_least_recently_used()
    {
        // Sizes no other test uses. Without eviction a pool filled with old sizes dropped every new one, so
        // recycling (and the tests proving it) stopped until a gen-2 collection trimmed the idle sizes.
        const int Old = 123_457, New = 123_461;
        long saved = BufferPool.MaxBytes;
        try
        {
            BufferPool.MaxBytes = BufferPool.HeldBytes + 2L * Old;
            BufferPool.Return(new byte[Old]);
            BufferPool.Return(new byte[Old]);
            var kept = new byte[New];
            BufferPool.Return(kept);
            Assert.Same(kept, BufferPool.TryRent(New));
            Assert.True(BufferPool.HeldBytes <= BufferPool.MaxBytes);
        }
        finally
        {
            BufferPool.MaxBytes = saved;
            while (BufferPool.TryRent(Old) is not null) { }
        }
    }
}
