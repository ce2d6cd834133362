using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Note [Gradient sinks]: a matrix product's gradient for a leaf that already has a .grad is
/// accumulated into it by the kernel. These tests check that it happens where it should (the counter),
/// that the accumulated .grad equals LibTorch's after several passes, and that every case the note
/// rules out still takes the usual path and still gets LibTorch's values.</summary>
public class GradientSinkTests
{
    private static double[] Values(Random rng, int n)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.NextDouble() * 2 - 1;
        return v;
    }

    // K (the batch) past one K block of the kernel (float64: 192) adds the blocks into .grad one by one
    [Theory]
    [InlineData(ScalarType.Float32, 8)]
    [InlineData(ScalarType.Float64, 1000)]
    public void A_linear_layers_weight_gradient_accumulates_into_its_grad(ScalarType dt, int batch)
    {
        var rng = new Random(Oracle.Seed($"sink-linear-{dt}-{batch}"));
        double[] w0 = Values(rng, 24 * 40), b0 = Values(rng, 24), x0 = Values(rng, batch * 40);
        Tensor w = torch.tensor(w0, [24, 40]).to(dt).requires_grad_(), b = torch.tensor(b0, [24]).to(dt).requires_grad_();
        Tensor x = torch.tensor(x0, [batch, 40]).to(dt);
        ts.Tensor tw = ts.tensor(w0, [24, 40]).to(Oracle.Ts(dt)).requires_grad_(), tb = ts.tensor(b0, [24]).to(Oracle.Ts(dt)).requires_grad_();
        ts.Tensor tx = ts.tensor(x0, [batch, 40]).to(Oracle.Ts(dt));
        Tensor Loss() => torch.nn.functional.linear(x, w, b).tanh().sum();
        ts.Tensor TsLoss() => ts.nn.functional.linear(tx, tw, tb).tanh().sum();

        Loss().backward(); // creates .grad
        TsLoss().backward();
        w.grad!.zero_(); b.grad!.zero_(); // the manual loop: .grad stays, zeroed
        tw.grad!.zero_(); tb.grad!.zero_();
        long before = Engine.SunkGradients;
        for (int pass = 0; pass < 3; pass++)
        {
            Loss().backward();
            TsLoss().backward();
        }
        Assert.Equal(before + 3, Engine.SunkGradients); // the weight's, through linear's weight.t()
        Oracle.AssertClose(tw.grad!, w.grad!, dt, what: "w.grad after 3 accumulating passes");
        Oracle.AssertClose(tb.grad!, b.grad!, dt, what: "b.grad");
    }

    [Fact]
    public void Both_operands_of_a_product_accumulate_without_a_transpose()
    {
        var rng = new Random(Oracle.Seed("sink-operands"));
        double[] w10 = Values(rng, 30 * 20), w20 = Values(rng, 7 * 5), x0 = Values(rng, 5 * 30);
        Tensor w1 = torch.tensor(w10, [30, 20]).requires_grad_(), w2 = torch.tensor(w20, [7, 5]).requires_grad_();
        Tensor x = torch.tensor(x0, [5, 30]);
        ts.Tensor tw1 = ts.tensor(w10, [30, 20]).requires_grad_(), tw2 = ts.tensor(w20, [7, 5]).requires_grad_();
        ts.Tensor tx = ts.tensor(x0, [5, 30]);
        // w1 is the right operand of x @ w1, w2 the left one of w2 @ h
        Tensor Loss() => w2.matmul(x.matmul(w1).tanh()).cos().sum();
        ts.Tensor TsLoss() => tw2.matmul(tx.matmul(tw1).tanh()).cos().sum();

        Loss().backward();
        TsLoss().backward();
        long before = Engine.SunkGradients;
        Loss().backward(); // .grad exists, not zeroed: a plain second accumulation
        TsLoss().backward();
        Assert.Equal(before + 2, Engine.SunkGradients);
        Oracle.AssertClose(tw1.grad!, w1.grad!, ScalarType.Float64, what: "w1.grad");
        Oracle.AssertClose(tw2.grad!, w2.grad!, ScalarType.Float64, what: "w2.grad");
    }

    [Fact]
    public void A_shared_leaf_a_retained_transpose_and_a_grad_the_product_reads_take_the_usual_path()
    {
        var rng = new Random(Oracle.Seed("sink-guards"));
        double[] w0 = Values(rng, 6 * 6), x0 = Values(rng, 4 * 6);
        Tensor w = torch.tensor(w0, [6, 6]).requires_grad_(), x = torch.tensor(x0, [4, 6]);
        ts.Tensor tw = ts.tensor(w0, [6, 6]).requires_grad_(), tx = ts.tensor(x0, [4, 6]);
        torch.nn.functional.linear(x, w).sum().backward(); // creates .grad
        ts.nn.functional.linear(tx, tw).sum().backward();
        long before = Engine.SunkGradients;

        // w reaches AccumulateGrad along two paths: its gradients are summed first, as LibTorch does
        (torch.nn.functional.linear(x, w).tanh().sum() + w.pow(2).sum()).backward();
        (ts.nn.functional.linear(tx, tw).tanh().sum() + tw.pow(2).sum()).backward();
        Oracle.AssertClose(tw.grad!, w.grad!, ScalarType.Float64, what: "w.grad, shared");

        // the transpose's output retains its gradient, so it must receive one
        Tensor wt = w.t();
        wt.retain_grad();
        x.matmul(wt).sin().sum().backward();
        ts.Tensor twt = tw.t();
        twt.retain_grad();
        tx.matmul(twt).sin().sum().backward();
        Oracle.AssertClose(twt.grad!, wt.grad!, ScalarType.Float64, what: "w.t().grad");
        Oracle.AssertClose(tw.grad!, w.grad!, ScalarType.Float64, what: "w.grad, retained transpose");

        // the product reads w.grad itself: its gradient must be complete before .grad changes
        w.grad!.matmul(w).sum().backward();
        tw.grad!.matmul(tw).sum().backward();
        Oracle.AssertClose(tw.grad!, w.grad!, ScalarType.Float64, what: "w.grad, read by the product");

        Assert.Equal(before, Engine.SunkGradients);
    }
}
