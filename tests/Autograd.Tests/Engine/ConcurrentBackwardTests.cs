using Autograd;

namespace Autograd.Tests;

/// <summary>Note [Engine state]: backward passes on different threads. Each test runs the same work on two
/// threads at once and on one thread, and requires bit-identical results: no assumption about how the
/// threads interleave (any interleaving must give the same bits), so the tests cannot pass by timing luck
/// and cannot fail by timing either. Where two passes add into one .grad, the values are small integers
/// (exact in float64 in any order), so a lost or doubled update shows as a wrong value.</summary>
public class ConcurrentBackwardTests
{
    private const int Passes = 40;

    /// <summary>Runs <paramref name="work"/>(0) and <paramref name="work"/>(1) on two threads released together.</summary>
    private static void OnTwoThreads(Action<int> work)
    {
        using var start = new Barrier(2);
        var errors = new Exception?[2];
        var threads = new Thread[2];
        for (int id = 0; id < 2; id++)
        {
            int me = id;
            threads[me] = new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    work(me);
                }
                catch (Exception e) { errors[me] = e; }
            });
            threads[me].Start();
        }
        foreach (Thread t in threads) t.Join();
        foreach (Exception? e in errors) if (e is not null) throw new AggregateException(e);
    }

    private static double[] Values(int seed, int n)
    {
        var rng = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.NextDouble() * 2 - 1;
        return v;
    }

    /// <summary>A small MLP trained by hand-written SGD for <see cref="Passes"/> steps; returns its parameters.</summary>
    private static double[][] TrainMlp(int seed)
    {
        Tensor w1 = torch.tensor(Values(seed, 16 * 8), [16, 8]).requires_grad_(), b1 = torch.tensor(Values(seed + 1, 16)).requires_grad_();
        Tensor w2 = torch.tensor(Values(seed + 2, 4 * 16), [4, 16]).requires_grad_(), b2 = torch.tensor(Values(seed + 3, 4)).requires_grad_();
        Tensor x = torch.tensor(Values(seed + 4, 5 * 8), [5, 8]);
        Tensor[] ps = [w1, b1, w2, b2];
        for (int step = 0; step < Passes; step++)
        {
            Tensor h = torch.nn.functional.linear(x, w1, b1).tanh();
            torch.nn.functional.linear(h, w2, b2).pow(2).sum().backward();
            using (torch.no_grad())
                foreach (Tensor p in ps)
                {
                    p.sub_(p.grad! * 0.01);
                    p.grad!.zero_(); // .grad stays: later passes accumulate into it (and sink into it)
                }
        }
        return [.. ps.Select(p => p.ToArray<double>())];
    }

    [Fact]
    public void Independent_graphs_train_on_two_threads_as_on_one()
    {
        double[][] alone0 = TrainMlp(10), alone1 = TrainMlp(20);
        var together = new double[2][][];
        OnTwoThreads(id => together[id] = TrainMlp(id == 0 ? 10 : 20));
        for (int p = 0; p < alone0.Length; p++)
        {
            Assert.Equal(alone0[p], together[0][p]);
            Assert.Equal(alone1[p], together[1][p]);
        }
    }

    [Fact]
    public void Passes_on_two_threads_accumulate_every_gradient_into_a_shared_leaf()
    {
        // each thread builds its own graph on the shared leaf w (a product, so the sink path is exercised
        // too, plus an elementwise use): d/dw sum(x @ w) + sum(w * c) = x^T @ 1 + c, small integers
        double[] x0 = [1, 2, -1, 3, 0, 1, 2, -2, 1, 1, 1, -3], c0 = [1, -1, 2, 0, 3, 1];
        Tensor Run(int threads)
        {
            Tensor w = torch.tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [3, 2]).requires_grad_();
            w.grad = torch.zeros([3, 2], ScalarType.Float64);
            void Work(int _)
            {
                Tensor x = torch.tensor(x0, [4, 3]), c = torch.tensor(c0, [3, 2]);
                for (int i = 0; i < Passes; i++) (x.matmul(w).sum() + (w * c).sum()).backward();
            }
            if (threads == 1) { Work(0); Work(1); }
            else OnTwoThreads(Work);
            return w.grad!;
        }
        double[] alone = Run(1).ToArray<double>(), together = Run(2).ToArray<double>();
        // by hand: (x^T @ 1)[i, j] = column i's sum of x = [7, 1, -2], plus c, times 2 * Passes
        double[] perPass = [7 + 1, 7 - 1, 1 + 2, 1 + 0, -2 + 3, -2 + 1];
        Assert.Equal(perPass.Select(v => v * 2 * Passes).ToArray(), alone);
        Assert.Equal(alone, together);
    }

    [Fact]
    public void Two_threads_backpropagate_through_one_retained_graph_at_once()
    {
        // both passes reach the same nodes: the second to claim a node keeps its state aside
        Tensor w = torch.tensor(new double[] { 1, -2, 3, 0.5 }, [2, 2]).requires_grad_();
        Tensor x = torch.tensor(new double[] { 2, 1, -1, 4 }, [2, 2]);
        Tensor loss = (x.matmul(w) * w).sum() + w.exp().sum();
        Tensor[] expected = [.. torch.autograd.grad([loss], [w], retain_graph: true).Select(g => g!)];
        var got = new List<double[]>[2];
        OnTwoThreads(id =>
        {
            got[id] = [];
            for (int i = 0; i < Passes; i++)
                got[id].Add(torch.autograd.grad([loss], [w], retain_graph: true)[0]!.ToArray<double>());
        });
        foreach (List<double[]> results in got)
            foreach (double[] r in results) Assert.Equal(expected[0].ToArray<double>(), r);
    }

    [Fact]
    public void Accumulating_passes_through_one_retained_graph_on_two_threads_add_up()
    {
        // d/dw sum(w * c) + sum(2w) = c + 2, integers: the order of the adds cannot change the bits
        Tensor w = torch.tensor(new double[] { 1, 2, 3 }).requires_grad_();
        Tensor h = w * torch.tensor(new double[] { 3, -1, 4 });
        h.retain_grad();
        Tensor loss = h.sum() + (w * 2.0).sum();
        OnTwoThreads(_ =>
        {
            for (int i = 0; i < Passes; i++) loss.backward(retain_graph: true);
        });
        Assert.Equal(new double[] { 5 * 2 * Passes, 1 * 2 * Passes, 6 * 2 * Passes }, w.grad!.ToArray<double>());
        Assert.Equal(new double[] { 2 * Passes, 2 * Passes, 2 * Passes }, h.grad!.ToArray<double>()); // retained: d/dh = 1 per pass
    }

    [Fact]
    public void A_failed_pass_frees_the_nodes_it_claimed()
    {
        // the second backward fails inside (freed saved tensors); a retained third one must still run
        Tensor w = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        Tensor y = (w * w).sum();
        y.backward();
        Assert.Throws<InvalidOperationException>(() => y.backward());
        Tensor z = (w * 3.0).sum();
        z.backward();
        Assert.Equal(new double[] { 2 + 3, 4 + 3 }, w.grad!.ToArray<double>()); // 2w + 3
    }

    [Fact]
    public void A_pass_keeps_the_state_of_nodes_another_pass_holds_aside_and_leaves_them_untouched()
    {
        // deterministic form of the shared-graph case: every node of the graph looks claimed by another
        // running pass (a foreign task id), so this pass must run entirely on its side table
        Tensor w = torch.tensor(new double[] { 1, 2, 3 }).requires_grad_();
        Tensor loss = (w * w).sum() + (w * 4.0).sum();       // d/dw = 2w + 4
        var nodes = new List<Node>();
        var todo = new Stack<Node>([loss.grad_fn!]);
        while (todo.Count > 0)
        {
            Node n = todo.Pop();
            if (nodes.Contains(n)) continue;
            nodes.Add(n);
            foreach ((Node? f, int _) in n.next_functions) if (f is not null) todo.Push(f);
        }
        const long foreign = -42;
        foreach (Node n in nodes) n._task = foreign;
        loss.backward(retain_graph: true);
        Assert.Equal(new double[] { 6, 8, 10 }, w.grad!.ToArray<double>());
        Assert.All(nodes, n => Assert.Equal(foreign, n._task));
        foreach (Node n in nodes) n._task = 0; // the "other pass" ends: this one now claims them
        loss.backward();
        Assert.Equal(new double[] { 12, 16, 20 }, w.grad!.ToArray<double>());
        Assert.All(nodes, n => Assert.Equal(0, n._task));
    }
}
