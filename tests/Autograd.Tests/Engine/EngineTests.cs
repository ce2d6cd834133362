using Autograd;

namespace Autograd.Tests;

/// <summary>Autograd semantics: leaves, accumulation, graph lifetime, version counters, grad mode.
/// Expected values are hand-derived (noted per test); messages are PyTorch's.</summary>
public class EngineTests
{
    [Fact]
    public void Gradients_accumulate_across_backward_calls()
    {
        var x = torch.tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        (x * x).sum().backward();          // d/dx sum(x^2) = 2x
        (x * 3.0).sum().backward();        // + 3
        Assert.Equal(new double[] { 5, 7, 9 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void Accumulating_a_gradient_that_aliases_grad_reads_it_before_writing()
    {
        // y = x.t() seeded with x.grad itself: the incoming gradient is x.grad transposed, a view of the
        // very memory being accumulated into. By hand: [[1,2],[3,4]] + [[1,3],[2,4]] = [[2,5],[5,8]].
        var x = torch.tensor(new double[] { 1, 2, 3, 4 }, [2, 2]).requires_grad_();
        x.grad = torch.tensor(new double[] { 1, 2, 3, 4 }, [2, 2]);
        x.t().backward(x.grad);
        Assert.Equal(new double[] { 2, 5, 5, 8 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void Leaf_rules_follow_pytorch()
    {
        var x = torch.tensor(new float[] { 1, 2 }, requires_grad: true);
        var y = x * 2;
        Assert.True(x.is_leaf);
        Assert.False(y.is_leaf);
        Assert.Null(x.grad_fn);
        Assert.Equal("MulBackward0", y.grad_fn!.name()); // Python records x * 2 as MulBackward0
        Assert.Equal("torch::autograd::AccumulateGrad", y.grad_fn.next_functions[0].Function!.name());
        var ex = Assert.Throws<InvalidOperationException>(() => y.requires_grad = false);
        Assert.StartsWith("you can only change requires_grad flags of leaf variables.", ex.Message);
        y.backward(torch.ones(2));
        Assert.Null(y.grad); // non-leaf grads are not retained by default
    }

    [Fact]
    public void Tensor_created_with_dtype_and_requires_grad_is_a_leaf()
    {
        // TorchSharp returns a non-leaf here; PyTorch (and we) return a leaf.
        var w = torch.tensor(0.0f, dtype: torch.float32, requires_grad: true);
        Assert.True(w.is_leaf);
        Assert.True(w.requires_grad);
    }

    [Fact]
    public void Retain_grad_keeps_a_non_leaf_gradient()
    {
        var x = torch.tensor(new double[] { 1, 2 }, requires_grad: true);
        var y = x * 3.0;
        y.retain_grad();
        (y * y).sum().backward();          // d/dy sum(y^2) = 2y = [6, 12]
        Assert.Equal(new double[] { 6, 12 }, y.grad!.ToArray<double>());
        Assert.Equal(new double[] { 18, 36 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void Second_backward_through_freed_graph_throws_and_retain_graph_allows_it()
    {
        var x = torch.tensor(new double[] { 2 }, requires_grad: true);
        var y = (x * x).sum();
        y.backward(retain_graph: true);
        y.backward();                      // allowed: graph retained; grad accumulates 4 + 4
        Assert.Equal(8.0, x.grad!.item<double>());
        var ex = Assert.Throws<InvalidOperationException>(() => y.backward());
        Assert.StartsWith("Trying to backward through the graph a second time", ex.Message);
        Assert.Equal(8.0, x.grad!.item<double>()); // untouched by the failed call
    }

    [Fact]
    public void Modifying_a_saved_tensor_in_place_is_detected()
    {
        var x = torch.tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        var y = x.exp();                  // saves its output
        var z = y.sum();
        using (torch.no_grad()) y.mul_(2);
        var ex = Assert.Throws<InvalidOperationException>(() => z.backward());
        Assert.Contains("one of the variables needed for gradient computation has been modified by an inplace operation: [torch.DoubleTensor [3]], which is output 0 of ExpBackward0, is at version 1; expected version 0 instead.", ex.Message);
    }

    [Fact]
    public void In_place_on_a_leaf_requiring_grad_throws_without_mutating()
    {
        var w = torch.tensor(new float[] { 1, 2 }, requires_grad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => w.add_(1));
        Assert.Equal("a leaf Variable that requires grad is being used in an in-place operation.", ex.Message);
        Assert.Equal(new float[] { 1, 2 }, w.ToArray<float>());
        using (torch.no_grad()) w.add_(1);  // allowed under no_grad
        Assert.Equal(new float[] { 2, 3 }, w.ToArray<float>());
    }

    [Fact]
    public void Compound_assignment_updates_in_place()
    {
        var w = torch.tensor(new float[] { 1, 2 }, requires_grad: true);
        Tensor same = w;
        (w * w).sum().backward();          // grad = 2w = [2, 4]
        using (torch.no_grad()) w -= 0.5 * w.grad!;
        Assert.Same(same, w);
        Assert.True(w.is_leaf);
        Assert.Equal(new float[] { 0, 0 }, w.ToArray<float>());
    }

    [Fact]
    public void In_place_on_a_non_leaf_rebases_history()
    {
        var x = torch.tensor(new double[] { 1, 2 }, requires_grad: true);
        var y = x * 2.0;
        y.mul_(x);                          // y = 2x * x = 2x^2 -> dy/dx = 4x
        Assert.Equal("MulBackward0", y.grad_fn!.name());
        y.sum().backward();
        Assert.Equal(new double[] { 4, 8 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void Backward_on_non_scalar_requires_a_gradient()
    {
        var x = torch.tensor(new float[] { 1, 2 }, requires_grad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => (x * 2).backward());
        Assert.Equal("grad can be implicitly created only for scalar outputs", ex.Message);
    }

    [Fact]
    public void Backward_on_tensor_without_grad_throws()
    {
        var x = torch.tensor(new float[] { 1, 2 });
        var ex = Assert.Throws<InvalidOperationException>(() => x.sum().backward());
        Assert.Equal("element 0 of tensors does not require grad and does not have a grad_fn", ex.Message);
    }

    [Fact]
    public void Vector_jacobian_product_with_a_single_tensor_or_a_list()
    {
        var x = torch.tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        var y = x * 2;
        for (int i = 0; i < 10; i++) y = y * 2;   // y = 2048 x
        y.backward(torch.tensor(new float[] { 0.1f, 1.0f, 0.0001f }));
        Assert.Equal(new float[] { 204.8f, 2048f, 0.2048f }, x.grad!.ToArray<float>());
        x.grad = null;
        var z = x * 2;
        z.backward(new[] { torch.ones(3) });   // TorchSharp's list form
        Assert.Equal(new float[] { 2, 2, 2 }, x.grad!.ToArray<float>());
    }

    [Fact]
    public void Requires_grad_on_integer_tensor_throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => torch.tensor(new long[] { 1 }, requires_grad: true));
        Assert.Equal("only Tensors of floating point and complex dtype can require gradients", ex.Message);
    }

    [Fact]
    public void Item_on_multi_element_tensor_throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => torch.ones(3).item<float>());
        Assert.Equal("a Tensor with 3 elements cannot be converted to Scalar", ex.Message);
    }

    [Fact]
    public void Broadcast_mismatch_message()
    {
        var ex = Assert.Throws<ArgumentException>(() => torch.ones(3) + torch.ones(4));
        Assert.Equal("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0", ex.Message);
    }

    [Fact]
    public void Out_of_range_dim_message()
    {
        var ex = Assert.Throws<IndexOutOfRangeException>(() => torch.ones(2, 3).sum(2));
        Assert.Equal("Dimension out of range (expected to be in range of [-2, 1], but got 2)", ex.Message);
    }

    [Fact]
    public void Deep_chain_of_100000_nodes_does_not_overflow_the_stack()
    {
        var x = torch.tensor(1.0, requires_grad: true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) y = y + 1.0;
        y.backward();
        Assert.Equal(1.0, x.grad!.item<double>());
    }

    [Fact]
    public void Diamond_graph_sums_both_paths()
    {
        var x = torch.tensor(3.0, requires_grad: true);
        Tensor a = x * 2.0, b = x * x;       // d/dx (2x + x^2) = 2 + 2x = 8
        (a + b).backward();
        Assert.Equal(8.0, x.grad!.item<double>());
    }

    [Fact]
    public void Broadcast_gradients_are_reduced_to_the_input_shape()
    {
        var a = torch.ones(new long[] { 2, 3 }, requires_grad: true);
        var b = torch.ones(new long[] { 3 }, requires_grad: true);
        (a * b).sum().backward();
        Assert.Equal(new long[] { 3 }, b.grad!.shape);
        Assert.Equal(new float[] { 2, 2, 2 }, b.grad.ToArray<float>());
    }

    [Fact]
    public void Grad_mode_is_thread_local_and_guards_nest()
    {
        var x = torch.ones(new long[] { 2 }, requires_grad: true);
        using (torch.no_grad())
        {
            Assert.False((x * 2).requires_grad);
            using (torch.enable_grad()) Assert.True((x * 2).requires_grad);
            Assert.False(torch.is_grad_enabled());
            bool other = false;
            var t = new Thread(() => other = (x * 2).requires_grad);
            t.Start();
            t.Join();
            Assert.True(other); // a new thread starts with grad enabled
        }
        Assert.True(torch.is_grad_enabled());
    }

    [Fact]
    public void Detach_shares_storage_and_stops_gradients()
    {
        var x = torch.tensor(new float[] { 1, 2 }, requires_grad: true);
        var d = x.detach();
        Assert.False(d.requires_grad);
        using (torch.no_grad()) x.add_(1);
        Assert.Equal(new float[] { 2, 3 }, d.ToArray<float>());
    }

    [Fact]
    public void Double_backward_with_create_graph()
    {
        var x = torch.tensor(2.0, requires_grad: true);
        var y = x.pow(3);                    // dy/dx = 3x^2 = 12; d2y/dx2 = 6x = 12
        y.backward(create_graph: true);
        Tensor g = x.grad!;
        Assert.Equal(12.0, g.item<double>());
        Assert.True(g.requires_grad);
        x.grad = null;
        g.backward();
        Assert.Equal(12.0, x.grad!.item<double>());
    }

    [Fact]
    public void Leaf_gradients_do_not_alias_each_other()
    {
        var a = torch.ones(new long[] { 2 }, requires_grad: true);
        var b = torch.ones(new long[] { 2 }, requires_grad: true);
        (a + b).sum().backward();            // both receive the same upstream gradient
        a.grad!.zero_();
        Assert.Equal(new float[] { 1, 1 }, b.grad!.ToArray<float>());
    }
}

/// <summary>Integer arithmetic errors are PyTorch's and leave the process alive.</summary>
public class IntegerArithmeticTests
{
    [Fact]
    public void Integer_floor_division_by_zero_is_zero_division_error()
    {
        var a = torch.tensor(new long[] { 7, -7 });
        var ex = Assert.Throws<DivideByZeroException>(() => a.div(torch.tensor(new long[] { 2, 0 }), RoundingMode.floor));
        Assert.Equal("ZeroDivisionError", ex.Message);
        // PyTorch: 7 // 2 = 3, -7 // 2 = -4 (floor); trunc gives -3
        Assert.Equal(new long[] { 3, -4 }, a.div(2, RoundingMode.floor).ToArray<long>());
        Assert.Equal(new long[] { 3, -3 }, a.div(2, RoundingMode.trunc).ToArray<long>());
        Assert.Equal(new float[] { 3.5f, -3.5f }, a.div(2).ToArray<float>()); // true division gives float32
    }

    [Fact]
    public void Integer_to_negative_integer_scalar_power_is_rejected_before_self_is_written()
    {
        var x = torch.tensor(new long[] { 2, 3 });
        var ex = Assert.Throws<ArgumentException>(() => x.pow(-1));
        Assert.Equal("Integers to negative integer powers are not allowed.", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => x.pow_(-1));
        Assert.Equal("Integers to negative integer powers are not allowed.", ex.Message);
        Assert.Equal(new long[] { 2, 3 }, x.ToArray<long>());
        Assert.Equal(new long[] { 4, 9 }, x.pow_(2).ToArray<long>());
    }

    [Fact]
    public void Integer_tensor_to_negative_integer_tensor_power_is_PyTorchs_integer_power()
    {
        // LibTorch (and PyTorch's powi): b < 0 gives 1 for a == 1, ±1 for a == -1, else 0; overflow wraps
        long[] av = [2, 1, -1, -1, 0, 3, 3, -3], ev = [-1, -5, -3, -2, -1, 2, 100, 41];
        long[] expected = TorchSharp.torch.tensor(av).pow(TorchSharp.torch.tensor(ev)).data<long>().ToArray();
        var a = torch.tensor(av);
        Assert.Equal(expected, a.pow(torch.tensor(ev)).ToArray<long>());
        a.pow_(torch.tensor(ev));
        Assert.Equal(expected, a.ToArray<long>());
    }
}
