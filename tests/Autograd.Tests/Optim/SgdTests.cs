using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>torch.optim.SGD against TorchSharp's SGD (LibTorch's update) over several steps, PyTorch's
/// argument checks, and zero_grad semantics.</summary>
public class SgdTests
{
    public static TheoryData<double, double, double, bool, bool> Configs => new()
    {
        { 0, 0, 0, false, false },
        { 0.9, 0, 0, false, false },
        { 0.9, 0.5, 0, false, false },
        { 0.9, 0, 0, true, false },
        { 0, 0, 0.1, false, false },
        { 0, 0, 0, false, true },
        { 0.8, 0.1, 0.05, false, true },
        { 0.7, 0, 0.2, true, true },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Steps_match_libtorch(double momentum, double dampening, double weightDecay, bool nesterov, bool maximize)
    {
        var rng = new Random(Oracle.Seed($"sgd{momentum}{dampening}{weightDecay}{nesterov}{maximize}"));
        double[] Values(int n) { var v = new double[n]; for (int i = 0; i < n; i++) v[i] = rng.NextDouble() * 2 - 1; return v; }
        double[] w0 = Values(12), b0 = Values(3), x0 = Values(20);

        Tensor w = torch.tensor(w0, [3, 4]).requires_grad_(), b = torch.tensor(b0).requires_grad_(), x = torch.tensor(x0, [5, 4]);
        var opt = torch.optim.SGD([w, b], 0.1, momentum, dampening, weightDecay, nesterov, maximize);
        var tw = ts.nn.Parameter(ts.tensor(w0, [3, 4])); var tb = ts.nn.Parameter(ts.tensor(b0)); var tx = ts.tensor(x0, [5, 4]);
        // TorchSharp's SGD adds weight decay before negating for maximize; PyTorch (torch/optim/sgd.py,
        // _single_tensor_sgd) negates the gradient first: d_p = -grad; d_p += weight_decay * p. With both
        // set the oracle is that formula, written out below on LibTorch tensors.
        bool torchSharpAgrees = !(maximize && weightDecay != 0);
        var topt = ts.optim.SGD([tw, tb], 0.1, momentum, dampening, weightDecay, nesterov, maximize);
        var buffers = new ts.Tensor?[2];

        for (int step = 0; step < 4; step++)
        {
            opt.zero_grad();
            torch.nn.functional.linear(x, w, b).tanh().pow(2).sum().backward();
            opt.step();
            topt.zero_grad();
            ts.nn.functional.linear(tx, tw, tb).tanh().pow(2).sum().backward();
            if (torchSharpAgrees) topt.step();
            else ReferenceStep([tw, tb], buffers, 0.1, momentum, dampening, weightDecay, nesterov, maximize);
            Oracle.AssertClose(tw, w, ScalarType.Float64, what: $"w after step {step}");
            Oracle.AssertClose(tb, b, ScalarType.Float64, what: $"b after step {step}");
        }
    }

    /// <summary>PyTorch's _single_tensor_sgd, line by line.</summary>
    private static void ReferenceStep(ts.Tensor[] ps, ts.Tensor?[] buffers, double lr, double momentum, double dampening,
                                      double weightDecay, bool nesterov, bool maximize)
    {
        using var _ = ts.no_grad();
        for (int i = 0; i < ps.Length; i++)
        {
            ts.Tensor dp = maximize ? -ps[i].grad! : ps[i].grad!;
            if (weightDecay != 0) dp = dp.add(ps[i], weightDecay);
            if (momentum != 0)
            {
                if (buffers[i] is null) buffers[i] = dp.clone().detach();
                else buffers[i]!.mul_(momentum).add_(dp, 1 - dampening);
                dp = nesterov ? dp.add(buffers[i]!, momentum) : buffers[i]!;
            }
            ps[i].add_(dp, -lr);
        }
    }

    [Fact]
    public void Arguments_are_checked_with_pytorchs_messages()
    {
        var w = torch.zeros(2).requires_grad_();
        Assert.Equal("Invalid learning rate: -0.1", Assert.Throws<ArgumentException>(() => torch.optim.SGD([w], -0.1)).Message);
        Assert.Equal("Invalid momentum value: -1.0", Assert.Throws<ArgumentException>(() => torch.optim.SGD([w], 0.1, momentum: -1)).Message);
        Assert.Equal("Invalid weight_decay value: -0.5", Assert.Throws<ArgumentException>(() => torch.optim.SGD([w], 0.1, weight_decay: -0.5)).Message);
        Assert.Equal("Nesterov momentum requires a momentum and zero dampening",
            Assert.Throws<ArgumentException>(() => torch.optim.SGD([w], 0.1, nesterov: true)).Message);
        Assert.Equal("Nesterov momentum requires a momentum and zero dampening",
            Assert.Throws<ArgumentException>(() => torch.optim.SGD([w], 0.1, momentum: 0.9, dampening: 0.1, nesterov: true)).Message);
        Assert.Equal("optimizer got an empty parameter list", Assert.Throws<ArgumentException>(() => torch.optim.SGD(Array.Empty<Tensor>(), 0.1)).Message);
        Assert.Equal("can't optimize a non-leaf Tensor", Assert.Throws<ArgumentException>(() => torch.optim.SGD([w * 2], 0.1)).Message);
        Assert.Throws<ArgumentException>(() => torch.optim.SGD([torch.zeros(2)], 0.1));
    }

    [Fact]
    public void Zero_grad_sets_none_by_default_or_zeroes_in_place()
    {
        var w = torch.ones(3).requires_grad_();
        var opt = torch.optim.SGD([w], 0.5);
        Assert.Null(opt.step()); // no gradient yet: nothing to do, no closure: no loss
        Assert.Equal(new float[] { 1, 1, 1 }, w.ToArray<float>());
        (w * w).sum().backward();
        Tensor g = w.grad!;
        opt.zero_grad(set_to_none: false);
        Assert.Same(g, w.grad);
        Assert.Equal(new float[] { 0, 0, 0 }, g.ToArray<float>());
        opt.zero_grad();
        Assert.Null(w.grad);
        // step(closure) re-evaluates the loss with grad enabled and returns it
        Tensor? loss = null;
        using (torch.no_grad())
            loss = opt.step(() => { var l = (w * w).sum(); l.backward(); return l; });
        Assert.Equal(3f, loss!.item<float>());
        Assert.Equal(new float[] { 0, 0, 0 }, w.ToArray<float>()); // 1 - 0.5 * 2
    }
}
