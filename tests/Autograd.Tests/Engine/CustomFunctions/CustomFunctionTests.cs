using Autograd;
using ts = TorchSharp.torch;
using Ours = Autograd.Tests.CustomFunctions.Ours;
using Theirs = Autograd.Tests.CustomFunctions.Theirs;

namespace Autograd.Tests.CustomFunctions;

/// <summary>Custom Functions (TorchSharp's spelling, PyTorch's rules): TorchSharp's own test programs run on both
/// libraries with the same inputs, values and gradients compared; the rules TorchSharp does not cover (double
/// backward, version checks, marks, messages) against hand-derived math and PyTorch's wording.</summary>
public class CustomFunctionTests
{
    private static (Tensor Ours, ts.Tensor Theirs) Pair(int seed, params long[] shape)
    {
        var rng = new Random(seed);
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        return (torch.tensor(v, shape).requires_grad_(), ts.tensor(v, shape).requires_grad_());
    }

    [Fact]
    public void Linear_function_matches_torchsharp_and_its_node_is_named_after_the_class()
    {
        var (x, tx) = Pair(1, 2, 3);
        var (w, tw) = Pair(2, 4, 3);
        Tensor y = Ours.LinearFunction.apply(x, w);
        ts.Tensor ty = Theirs.LinearFunction.apply(tx, tw);
        Assert.Equal("LinearFunctionBackward", y.grad_fn!.name());
        y.sum().backward();
        ty.sum().backward();
        Oracle.AssertClose(ty, y, ScalarType.Float32, what: "y");
        Oracle.AssertClose(tx.grad!, x.grad!, ScalarType.Float32, what: "x.grad");
        Oracle.AssertClose(tw.grad!, w.grad!, ScalarType.Float32, what: "weight.grad");
    }

    [Fact]
    public void Without_requires_grad_nothing_is_recorded()
    {
        var (x, tx) = Pair(3, 2, 3);
        var (w, tw) = Pair(4, 4, 3);
        x.requires_grad_(false); w.requires_grad_(false); tx.requires_grad_(false); tw.requires_grad_(false);
        Tensor y = Ours.LinearFunction.apply(x, w);
        Assert.Null(y.grad_fn);
        Assert.False(y.requires_grad);
        Oracle.AssertClose(Theirs.LinearFunction.apply(tx, tw), y, ScalarType.Float32, what: "y");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_input_functions_match_torchsharp(bool oneGradient)
    {
        var (x1, tx1) = Pair(5, 2, 3);
        var (x2, tx2) = Pair(6, 5, 3);
        var (w, tw) = Pair(7, 4, 3);
        List<Tensor> y = oneGradient ? Ours.TwoInputOneGradientLinearFunction.apply(x1, x2, w) : Ours.TwoInputLinearFunction.apply(x1, x2, w);
        List<ts.Tensor> ty = oneGradient ? Theirs.TwoInputOneGradientLinearFunction.apply(tx1, tx2, tw) : Theirs.TwoInputLinearFunction.apply(tx1, tx2, tw);
        (y[0].sum() + y[1].sum()).backward();
        (ty[0].sum() + ty[1].sum()).backward();
        Oracle.AssertClose(tx1.grad!, x1.grad!, ScalarType.Float32, what: "x1.grad");
        Oracle.AssertClose(tx2.grad!, x2.grad!, ScalarType.Float32, what: "x2.grad");
        if (oneGradient)
        {
            Assert.Null(tw.grad);
            Assert.Null(w.grad);
        }
        else Oracle.AssertClose(tw.grad!, w.grad!, ScalarType.Float32, what: "weight.grad");
    }

    [Fact]
    public void A_non_tensor_argument_takes_a_null_gradient()
    {
        var (x, tx) = Pair(8, 2, 3);
        Ours.MulConstantFunction.apply(x, 2.0).sum().backward();
        Theirs.MulConstantFunction.apply(tx, 2.0).sum().backward();
        Oracle.AssertClose(tx.grad!, x.grad!, ScalarType.Float32, what: "x.grad");
    }

    /// <summary>TorchSharp's TrainXOR (fewer epochs), the same program on both sides: seeded parameters, SGD.</summary>
    private static float TrainXorOurs(int epochs)
    {
        var gen = new torch.Generator();
        var weight1 = torch.nn.Parameter(torch.randn([2, 2], generator: gen));
        var weight2 = torch.nn.Parameter(torch.randn([1, 2], generator: gen));
        var optim = torch.optim.SGD([weight1, weight2], 0.01);
        float lastLoss = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++)
                {
                    optim.zero_grad();
                    var input = torch.tensor(new float[] { i, j }).unsqueeze(0);
                    var output = Ours.LinearFunction.apply(input, weight1);
                    output = Ours.LinearFunction.apply(torch.nn.functional.tanh(input), weight2);
                    var loss = (output - (i ^ j)).pow(2);
                    loss.backward();
                    optim.step();
                    lastLoss = loss.item<float>();
                }
        return lastLoss;
    }

    private static float TrainXorTheirs(int epochs)
    {
        var gen = new ts.Generator();
        var weight1 = ts.nn.Parameter(ts.randn([2, 2], generator: gen));
        var weight2 = ts.nn.Parameter(ts.randn([1, 2], generator: gen));
        var optim = ts.optim.SGD([weight1, weight2], 0.01);
        float lastLoss = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++)
                {
                    using var dd = ts.NewDisposeScope();
                    optim.zero_grad();
                    var input = ts.tensor(new float[] { i, j }).unsqueeze(0);
                    var output = Theirs.LinearFunction.apply(input, weight1);
                    output = Theirs.LinearFunction.apply(ts.nn.functional.tanh(input), weight2);
                    var loss = (output - (i ^ j)).pow(2);
                    loss.backward();
                    optim.step();
                    lastLoss = loss.item<float>();
                }
        return lastLoss;
    }

    [Fact]
    public void Xor_training_through_a_custom_function_matches_torchsharp_also_on_parallel_threads()
    {
        float theirs = TrainXorTheirs(300), ours = TrainXorOurs(300);
        Assert.Equal(theirs, ours, 1e-5f);
        float[] parallel = new float[4];
        Enumerable.Range(0, 4).AsParallel().ForAll(i => parallel[i] = TrainXorOurs(300));
        Assert.All(parallel, p => Assert.Equal(ours, p)); // each thread's run is the single-threaded one, bit for bit
    }

    // y = x^3 with backward 3x^2 * g written in differentiable ops: d2y/dx2 = 6x
    private sealed class Cube : torch.autograd.SingleTensorFunction<Cube>
    {
        public override string Name => "Cube";
        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            ctx.save_for_backward([x]);
            return x * x * x;
        }
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            Tensor x = ctx.saved_tensors[0];
            return [grad_output * 3.0 * x * x];
        }
    }

    [Fact]
    public void A_backward_written_with_differentiable_ops_supports_double_backward()
    {
        var x = torch.tensor(new double[] { 1, -2, 0.5 }).requires_grad_();
        Tensor g = torch.autograd.grad([Cube.apply(x).sum()], [x], create_graph: true)[0]!;
        Assert.Equal(new double[] { 3, 12, 0.75 }, g.ToArray<double>());        // 3x^2
        Tensor gg = torch.autograd.grad([g.sum()], [x])[0]!;
        Assert.Equal(new double[] { 6, -12, 3 }, gg.ToArray<double>());         // 6x
    }

    [Fact]
    public void A_saved_input_modified_in_place_fails_with_pytorchs_message()
    {
        var x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        Tensor h = x * 1.0;
        Tensor y = Cube.apply(h);
        h.mul_(2.0);
        var ex = Assert.Throws<InvalidOperationException>(() => y.sum().backward());
        Assert.StartsWith("one of the variables needed for gradient computation has been modified by an inplace operation", ex.Message);
    }

    private sealed class Bad : torch.autograd.SingleTensorFunction<Bad>
    {
        public override string Name => "Bad";
        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars) => ((Tensor)vars[0]) * ((Tensor)vars[1]);
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output) => [grad_output];
    }

    [Fact]
    public void Returning_the_wrong_number_of_gradients_fails_with_pytorchs_message()
    {
        var a = torch.ones(2).requires_grad_();
        var ex = Assert.Throws<InvalidOperationException>(() => Bad.apply(a, torch.ones(2)).sum().backward());
        Assert.Equal("function BadBackward returned an incorrect number of gradients (expected 2, got 1)", ex.Message);
    }

    // (sorted copy, indices): the indices are not differentiable; with materialize off, backward sees null for them
    private sealed class SortWithIndex : torch.autograd.MultiTensorFunction<SortWithIndex>
    {
        internal static List<bool> Seen = [];
        public override string Name => "SortWithIndex";
        public override List<Tensor> forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            Seen = [.. ctx.needs_input_grad];
            Tensor doubled = x * 2.0, index = torch.arange(x.shape[0]);
            ctx.mark_non_differentiable([index]);
            ctx.set_materialize_grads(false);
            return [doubled, index];
        }
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, List<Tensor> grad_outputs)
        {
            Assert.Null(grad_outputs[1]);
            return [grad_outputs[0] * 2.0, null!];
        }
    }

    [Fact]
    public void Non_differentiable_outputs_need_no_grad_and_unmaterialized_gradients_arrive_as_null()
    {
        var x = torch.tensor(new double[] { 3, 1 }).requires_grad_();
        List<Tensor> outs = SortWithIndex.apply(x, "not a tensor");
        Assert.Equal([true, false], SortWithIndex.Seen);
        Assert.True(outs[0].requires_grad);
        Assert.False(outs[1].requires_grad);
        outs[0].sum().backward();
        Assert.Equal(new double[] { 2, 2 }, x.grad!.ToArray<double>());
    }

    // x += 1 in place, declared with mark_dirty: the input's history moves onto this Function's node
    private sealed class AddOneInPlace : torch.autograd.SingleTensorFunction<AddOneInPlace>
    {
        internal static bool Forget;
        public override string Name => "AddOneInPlace";
        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            x.add_(1.0);
            ctx.mark_dirty([x]);
            return Forget ? x * 1.0 : x;
        }
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output) => [grad_output];
    }

    [Fact]
    public void Mark_dirty_moves_the_history_and_an_unreturned_dirty_tensor_is_an_error()
    {
        var x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        Tensor h = x * 3.0;
        Tensor y = AddOneInPlace.apply(h);
        Assert.Same(h, y);
        Assert.Equal("AddOneInPlaceBackward", h.grad_fn!.name());
        Assert.Equal(new double[] { 4, 7 }, h.ToArray<double>());
        (y * y).sum().backward();                          // d/dx (3x + 1)^2 = 6(3x + 1)
        Assert.Equal(new double[] { 24, 42 }, x.grad!.ToArray<double>());

        AddOneInPlace.Forget = true;
        try
        {
            var ex = Assert.Throws<InvalidOperationException>(() => AddOneInPlace.apply(x * 1.0));
            Assert.StartsWith("Some elements marked as dirty during the forward method were not returned as output.", ex.Message);
        }
        finally { AddOneInPlace.Forget = false; }
    }
}
