using Autograd;
using ts = TorchSharp.torch;
using TsModules = TorchSharp.Modules;

namespace Autograd.Tests;

/// <summary>Parameter groups: per-group options, a learning rate changed between steps, and add_param_group,
/// against TorchSharp's optimizers doing the same.</summary>
public class ParamGroupTests
{
    [Fact]
    public void Groups_with_their_own_options_and_a_changed_rate_match_libtorch()
    {
        var rng = new Random(Oracle.Seed("param-groups"));
        double[] V(int n) => [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1)];
        double[] w0 = V(12), b0 = V(3), c0 = V(4), x0 = V(20);
        Tensor w = torch.tensor(w0, [3, 4]).requires_grad_(), b = torch.tensor(b0).requires_grad_(), c = torch.tensor(c0).requires_grad_();
        var tw = ts.nn.Parameter(ts.tensor(w0, [3, 4])); var tb = ts.nn.Parameter(ts.tensor(b0)); var tc = ts.nn.Parameter(ts.tensor(c0));
        Tensor x = torch.tensor(x0, [5, 4]); var tx = ts.tensor(x0, [5, 4]);

        var opt = torch.optim.SGD([new Modules.SGD.ParamGroup([w], lr: 0.2, momentum: 0.9), new Modules.SGD.ParamGroup([b], new Modules.SGD.Options { weight_decay = 0.1 })], 0.05);
        var topt = ts.optim.SGD([new TsModules.SGD.ParamGroup([tw], lr: 0.2, momentum: 0.9), new TsModules.SGD.ParamGroup([tb], new TsModules.SGD.Options { weight_decay = 0.1 })], 0.05);
        for (int step = 0; step < 6; step++)
        {
            if (step == 2)
            {
                opt.add_param_group(new Modules.SGD.ParamGroup([c], lr: 0.3));
                topt.add_param_group(new TsModules.SGD.ParamGroup([tc], lr: 0.3));
            }
            if (step == 4)
            {
                opt.ParamGroups.First().LearningRate = 0.01;
                topt.ParamGroups.First().LearningRate = 0.01;
            }
            opt.zero_grad();
            (torch.nn.functional.linear(x, w, b).tanh().pow(2).sum() + (c * c).sum()).backward();
            opt.step();
            topt.zero_grad();
            (ts.nn.functional.linear(tx, tw, tb).tanh().pow(2).sum() + (tc * tc).sum()).backward();
            topt.step();
            Oracle.AssertClose(tw, w, ScalarType.Float64, what: $"w after step {step}");
            Oracle.AssertClose(tb, b, ScalarType.Float64, what: $"b after step {step}");
            Oracle.AssertClose(tc, c, ScalarType.Float64, what: $"c after step {step}");
        }
        Assert.Equal([0.01, 0.05, 0.3], opt.ParamGroups.Select(g => g.LearningRate));
        Assert.Equal([0.2, 0.05, 0.3], opt.ParamGroups.Select(g => g.InitialLearningRate));
    }

    [Fact]
    public void A_parameter_in_two_groups_is_refused_and_the_optimizer_is_unchanged()
    {
        Tensor w = torch.ones([2]).requires_grad_();
        var opt = torch.optim.Adam([w]);
        var e = Assert.Throws<ArgumentException>(() => opt.add_param_group(new Modules.Adam.ParamGroup([w])));
        Assert.Equal("some parameters appear in more than one parameter group", e.Message);
        Assert.Single(opt.param_groups);
    }
}
