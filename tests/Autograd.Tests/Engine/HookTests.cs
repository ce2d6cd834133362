using Autograd;

namespace Autograd.Tests;

/// <summary>Note [Hooks]: tensor, node and post-accumulate hooks. TorchSharp 0.107 has no autograd hooks, so
/// expected values are derived by hand (noted per test) and the order and messages are PyTorch's (engine.cpp:
/// tensor pre-hooks, retain_grad, node pre-hooks, the node, post hooks; python_hook.cpp's checks).</summary>
public class HookTests
{
    private static double[] D(Tensor t) => t.ToArray<double>();

    [Fact]
    public void A_leaf_hook_replaces_the_gradient_before_it_is_accumulated_and_remove_unregisters_it()
    {
        var x = torch.tensor(new double[] { 1, 2, 3 }).requires_grad_();
        var seen = new List<double[]>();
        RemovableHandle handle = x.register_hook(g => { seen.Add(D(g)); return g * 2.0; });
        (x * x).sum().backward();                          // d/dx sum(x^2) = 2x = [2, 4, 6], doubled
        Assert.Equal(new double[] { 2, 4, 6 }, seen[0]);
        Assert.Equal(new double[] { 4, 8, 12 }, D(x.grad!));
        handle.remove();
        (x * x).sum().backward();                          // + 2x, no longer doubled
        Assert.Equal(new double[] { 6, 12, 18 }, D(x.grad!));
        Assert.Single(seen);
    }

    [Fact]
    public void A_non_leaf_hook_sees_the_flowing_gradient_and_its_replacement_flows_on()
    {
        var x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        Tensor y = x * 3.0;
        double[]? seen = null;
        y.register_hook(g => { seen = D(g); return g * 10.0; });
        (y * y).sum().backward();                          // dL/dy = 2y = [6, 12]; x gets 3 * 10 * 2y = [180, 360]
        Assert.Equal(new double[] { 6, 12 }, seen);
        Assert.Equal(new double[] { 180, 360 }, D(x.grad!));
    }

    [Fact]
    public void Hooks_of_a_tensor_chain_in_registration_order_and_retain_grad_stores_the_result()
    {
        foreach (bool retainFirst in new[] { true, false })
        {
            var x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
            Tensor y = x * 1.0;
            if (retainFirst) y.retain_grad();
            y.register_hook(g => g + 1.0);
            y.register_hook(g => g * 3.0);
            if (!retainFirst) y.retain_grad();
            y.sum().backward();                            // (1 + 1) * 3 = 6, whenever retain_grad was called
            Assert.Equal(new double[] { 6, 6 }, D(y.grad!));
            Assert.Equal(new double[] { 6, 6 }, D(x.grad!));
        }
    }

    [Fact]
    public void Hooks_run_in_pytorchs_order()
    {
        var x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        Tensor y = x * 2.0;
        Node mul = y.grad_fn!;
        var log = new List<string>();
        mul.register_hook((gi, go) => { log.Add("post(Mul)"); return null; });
        mul.register_prehook(go => { log.Add("pre(Mul)"); return null; });
        x.register_post_accumulate_grad_hook(t => log.Add("post-accumulate(x)"));
        x.register_hook(g => { log.Add("tensor(x)"); return null; });
        y.register_hook(g => { log.Add("tensor(y)"); return null; });
        y.sum().backward();
        Assert.Equal(["tensor(y)", "pre(Mul)", "post(Mul)", "tensor(x)", "post-accumulate(x)"], log);
    }

    [Fact]
    public void A_post_accumulate_hook_sees_the_accumulated_grad()
    {
        var x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        var seen = new List<double[]>();
        x.register_post_accumulate_grad_hook(t => seen.Add(D(t.grad!)));
        (x * 2.0).sum().backward();
        (x * 5.0).sum().backward();
        Assert.Equal(new double[] { 2, 2 }, seen[0]);
        Assert.Equal(new double[] { 7, 7 }, seen[1]);
    }

    [Fact]
    public void A_node_post_hook_sees_input_gradients_reduced_to_the_inputs_shapes_and_may_replace_them()
    {
        var a = torch.tensor(new double[] { 1, 2, 3 }).requires_grad_();
        var b = torch.tensor(new double[] { 1, 1, 1, 2, 2, 2 }, [2, 3]).requires_grad_();
        Tensor y = a * b;
        long[]? shapeA = null, shapeOut = null;
        y.grad_fn!.register_hook((gi, go) =>
        {
            shapeA = gi[0]!.shape;
            shapeOut = go[0]!.shape;
            return [gi[0]! * 0.0, null];                   // zero a's gradient, keep b's
        });
        y.sum().backward();                                // d/db = a broadcast; d/da = column sums of b, then zeroed
        Assert.Equal(new long[] { 3 }, shapeA);
        Assert.Equal(new long[] { 2, 3 }, shapeOut);
        Assert.Equal(new double[] { 0, 0, 0 }, D(a.grad!));
        Assert.Equal(new double[] { 1, 2, 3, 1, 2, 3 }, D(b.grad!));
    }

    [Fact]
    public void A_node_pre_hook_replaces_the_gradients_of_the_outputs()
    {
        var x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        Tensor y = x * x;
        y.grad_fn!.register_prehook(go => [go[0]! * 4.0]);
        y.sum().backward();                                // 4 * 2x
        Assert.Equal(new double[] { 8, 16 }, D(x.grad!));
    }

    [Fact]
    public void A_hook_that_changes_the_size_or_type_fails_with_pytorchs_message_naming_it()
    {
        var x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        Tensor? hook(Tensor g) => torch.ones(3, ScalarType.Float64);
        x.register_hook(hook);
        var ex = Assert.Throws<InvalidOperationException>(() => (x * 2.0).sum().backward());
        Assert.Equal("hook 'hook' has changed the size of value", ex.Message);

        var z = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        z.register_hook(g => g.to(ScalarType.Float32));
        ex = Assert.Throws<InvalidOperationException>(() => (z * 2.0).sum().backward());
        Assert.Equal("hook '<lambda>' has changed the type of value (was CPUDoubleType got CPUFloatType)", ex.Message);
    }

    [Fact]
    public void A_node_hook_returning_the_wrong_number_of_values_fails_with_pytorchs_message()
    {
        var a = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        var b = torch.tensor(new double[] { 3, 4 }).requires_grad_();
        Tensor y = a * b;
        y.grad_fn!.register_hook((gi, go) => [gi[0]]);
        var ex = Assert.Throws<InvalidOperationException>(() => y.sum().backward());
        Assert.Equal("hook '<lambda>' has returned an incorrect number of values (got 1, but expected 2)", ex.Message);
    }

    [Fact]
    public void Registering_on_a_tensor_without_grad_or_a_post_accumulate_hook_on_a_non_leaf_fails()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => torch.ones(2).register_hook(g => g));
        Assert.Equal("cannot register a hook on a tensor that doesn't require gradient", ex.Message);
        Tensor y = torch.ones(2).requires_grad_() * 2.0;
        ex = Assert.Throws<InvalidOperationException>(() => y.register_post_accumulate_grad_hook(t => { }));
        Assert.Equal("post accumulate grad hooks cannot be registered on non-leaf tensors", ex.Message);
    }

    [Fact]
    public void An_exception_in_a_hook_surfaces_from_backward_and_a_retained_graph_runs_again()
    {
        var x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        Tensor y = x * x;
        bool fail = true;
        y.register_hook(g => fail ? throw new ArithmeticException("from the hook") : null);
        Tensor loss = y.sum();
        Assert.Equal("from the hook", Assert.Throws<ArithmeticException>(() => loss.backward(retain_graph: true)).Message);
        Assert.Null(x.grad);                               // the hook ran before anything reached x
        fail = false;
        loss.backward();
        Assert.Equal(new double[] { 2, 4 }, D(x.grad!));   // 2x, once
    }

    [Fact]
    public void A_hook_on_a_leaf_keeps_its_gradient_off_the_sink_path()
    {
        // Note [Gradient sinks] must not bypass a hook: the weight's gradient goes through it
        var w = torch.tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]).requires_grad_();
        var x = torch.tensor(new double[] { 1, -1, 2 }, [1, 3]);
        torch.nn.functional.linear(x, w).sum().backward(); // creates .grad: x broadcast to each row
        w.register_hook(g => g * 2.0);
        long before = Engine.SunkGradients;
        torch.nn.functional.linear(x, w).sum().backward(); // + 2 * x per row
        Assert.Equal(before, Engine.SunkGradients);
        Assert.Equal(new double[] { 3, -3, 6, 3, -3, 6 }, D(w.grad!));
    }

    [Fact]
    public void A_gradient_a_hook_kept_is_not_reused_by_later_passes()
    {
        // large enough to be pooled (Note [Gradient recycling]); the hook keeps what it saw
        var x = torch.ones(4096, ScalarType.Float64).requires_grad_();
        var kept = new List<Tensor>();
        Tensor y = x * 3.0;
        y.register_hook(g => { kept.Add(g); return null; });
        (y * 2.0).sum().backward();
        for (int i = 0; i < 3; i++) ((x * 5.0) * 7.0).sum().backward();
        Assert.All(D(kept[0]), v => Assert.Equal(2, v));
    }
}
