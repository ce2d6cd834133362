using Autograd;

namespace Autograd.Tests;

/// <summary>saved_tensors_hooks and torch.utils.checkpoint: what is saved, when hooks run, and that gradients (including
/// dropout's masks) are the ones the plain graph gives.</summary>
public class ActivationCheckpointTests
{
    private static Tensor X(params double[] v) => torch.tensor(v).requires_grad_();

    [Fact]
    public void Pack_runs_at_save_time_and_unpack_in_backward_and_the_gradient_is_unchanged()
    {
        var log = new List<string>();
        Tensor x = X(0.5, -1.0, 2.0);
        Tensor y;
        using (new torch.autograd.graph.saved_tensors_hooks(
                   t => { log.Add("pack " + string.Join(",", t.shape)); return t.ToArray<double>(); }, // offload to a .NET array
                   p => { log.Add("unpack"); return torch.tensor((double[])p); }))
            y = x.exp().sum(); // exp saves its result
        Assert.Equal(["pack 3"], log);
        y.backward(); // the scope has ended: the hooks stay with the graph
        Assert.Equal(["pack 3", "unpack"], log);
        Assert.Equal(x.exp().ToArray<double>(), x.grad!.ToArray<double>()); // d exp(x)/dx = exp(x)
    }

    [Fact]
    public void Scopes_nest_and_the_innermost_wins()
    {
        var log = new List<string>();
        Tensor x = X(1.0, 2.0);
        using (new torch.autograd.graph.saved_tensors_hooks(t => { log.Add("outer"); return t; }, p => (Tensor)p))
        {
            using (new torch.autograd.graph.saved_tensors_hooks(t => { log.Add("inner"); return t; }, p => (Tensor)p))
                _ = x.exp();
            _ = x.exp();
        }
        _ = x.exp();
        Assert.Equal(["inner", "outer"], log);
    }

    [Fact]
    public void A_packed_copy_is_not_version_checked_and_a_bad_unpack_is_reported()
    {
        Tensor x = X(1.0, 2.0);
        Tensor a = x * 1.0, y;
        using (new torch.autograd.graph.saved_tensors_hooks(t => t.clone(), p => (Tensor)p))
            y = (a * a).sum(); // mul saves a (twice): the copies are what backward reads
        using (torch.no_grad()) a.mul_(10.0);
        y.backward();
        Assert.Equal(new double[] { 2.0, 4.0 }, x.grad!.ToArray<double>()); // 2a at the time of saving

        Tensor z;
        using (new torch.autograd.graph.saved_tensors_hooks(t => t, p => torch.zeros(5, ScalarType.Float64)))
            z = x.exp().sum();
        var e = Assert.Throws<InvalidOperationException>(() => z.backward());
        Assert.Equal("ExpBackward0: the unpack hook returned a tensor of shape [5] and dtype torch.DoubleTensor, but the saved tensor had shape [2] " +
                     "and dtype torch.DoubleTensor", e.Message);
    }

    private static Tensor Mlp(Tensor[] xs, double p)
    {
        Tensor h = xs[0];
        for (int i = 1; i < xs.Length; i++) h = torch.nn.functional.dropout(torch.tanh(h.matmul(xs[i])), p);
        return h;
    }

    [Fact]
    public void Checkpointed_gradients_equal_the_plain_ones_and_the_segment_runs_again_in_backward()
    {
        torch.manual_seed(1);
        Tensor input = torch.randn([4, 6], ScalarType.Float64).requires_grad_();
        Tensor[] ws = Enumerable.Range(0, 3).Select(_ => torch.randn([6, 6], ScalarType.Float64).requires_grad_()).ToArray();
        Tensor[] args = [input, .. ws];

        Mlp(args, 0).sum().backward();
        double[][] plain = args.Select(a => a.grad!.ToArray<double>()).ToArray();
        foreach (Tensor a in args) a.grad = null;

        int calls = 0;
        Tensor y = torch.utils.checkpoint(xs => { calls++; return Mlp(xs, 0); }, args);
        Assert.Equal("CheckpointFunctionBackward", y.grad_fn!.name());
        Assert.Equal(1, calls);
        y.sum().backward();
        Assert.Equal(2, calls);
        for (int i = 0; i < args.Length; i++) Assert.Equal(plain[i], args[i].grad!.ToArray<double>());
    }

    [Fact]
    public void Dropout_masks_match_when_the_random_state_is_preserved_and_the_callers_state_is_kept()
    {
        Tensor input = torch.ones([8, 8], ScalarType.Float64).requires_grad_();
        Tensor w = (torch.eye(8, dtype: ScalarType.Float64) * 0.5).requires_grad_();

        torch.manual_seed(5);
        Mlp([input, w], 0.5).sum().backward();
        double[] plain = w.grad!.ToArray<double>();
        w.grad = null;

        torch.manual_seed(5);
        Tensor y = torch.utils.checkpoint(xs => Mlp(xs, 0.5), [input, w]);
        Tensor afterForward = torch.get_rng_state();
        y.sum().backward();
        Assert.Equal(plain, w.grad!.ToArray<double>());
        Assert.Equal(afterForward.ToArray<long>(), torch.get_rng_state().ToArray<long>()); // backward did not move the caller's generator
        w.grad = null;

        torch.manual_seed(5);
        torch.utils.checkpoint(xs => Mlp(xs, 0.5), [input, w], preserve_rng_state: false).sum().backward();
        Assert.NotEqual(plain, w.grad!.ToArray<double>()); // recomputed with the next masks: 64 coin flips differ
    }

    [Fact]
    public void Modifying_an_input_before_backward_is_reported()
    {
        Tensor x = X(1.0, 2.0);
        Tensor a = x * 1.0;
        Tensor y = torch.utils.checkpoint(xs => xs[0].exp(), a);
        using (torch.no_grad()) a.add_(1.0);
        var e = Assert.Throws<InvalidOperationException>(() => y.sum().backward());
        Assert.StartsWith("one of the variables needed for gradient computation has been modified by an inplace operation", e.Message);
    }
}
