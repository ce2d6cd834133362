using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Optimizer state_dict / load_state_dict in PyTorch's layout for every optimizer: training that stops,
/// moves its state into a fresh optimizer over fresh parameters and continues takes exactly the steps that
/// uninterrupted training takes (and, for Adam and SGD, LibTorch's); the layout and the round trip; bad state
/// dicts refused before anything changes.</summary>
public class OptimizerStateDictTests
{
    private const int Before = 12, After = 12;

    /// <summary>Each optimizer with non-default options, over group A (given to the factory) and group B (added
    /// with add_param_group, so its options are the defaults).</summary>
    public static TheoryData<string> Names => new() { "SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "RMSprop", "Adagrad", "Adadelta", "ASGD", "Rprop" };

    private static torch.optim.Optimizer Make(string name, Tensor[] a, Tensor[] b)
    {
        torch.optim.Optimizer opt = name switch
        {
            "SGD" => torch.optim.SGD(a, 0.05, momentum: 0.9, nesterov: true),
            "Adam" => torch.optim.Adam(a, 0.02, amsgrad: true, weight_decay: 0.1),
            "AdamW" => torch.optim.AdamW(a, 0.02),
            "Adamax" => torch.optim.Adamax(a, 0.02, weight_decay: 0.1),
            "NAdam" => torch.optim.NAdam(a, 0.02, momentum_decay: 0.01),
            "RAdam" => torch.optim.RAdam(a, 0.02, beta2: 0.9),
            "RMSprop" => torch.optim.RMSprop(a, 0.01, centered: true, momentum: 0.5),
            "Adagrad" => torch.optim.Adagrad(a, 0.05, lr_decay: 0.01),
            "Adadelta" => torch.optim.Adadelta(a, 0.5, rho: 0.8),
            "ASGD" => torch.optim.ASGD(a, 0.05, t0: 5),
            "Rprop" => torch.optim.Rprop(a, 0.02),
            _ => throw new ArgumentException(name),
        };
        opt.add_param_group(new Modules.ParamGroup { Parameters = b });
        return opt;
    }

    private static Tensor[] Fresh(double[][] values, long[][] shapes) =>
        [.. values.Select((v, i) => torch.tensor(v, shapes[i]).requires_grad_())];

    private static void SetGrads(Tensor[] ps, int step, Random rng)
    {
        foreach (Tensor p in ps)
        {
            double[] g = [.. Enumerable.Range(0, (int)p.numel()).Select(_ => rng.NextDouble() * 2 - 1)];
            // the vector gets no gradient on step 0: its state starts later than the others'
            p.grad = step == 0 && p.dim() == 1 ? null : torch.tensor(g, p.shape);
        }
    }

    private static double[] Values(Tensor[] ps) => [.. ps.SelectMany(p => p.contiguous().ToArray<double>())];

    /// <summary>The state dict as it comes back from torch.save and torch.load (PyTorch's checkpoint format).</summary>
    internal static Dictionary<string, object> ThroughFile(Dictionary<string, object> sd)
    {
        using var stream = new MemoryStream();
        torch.save(sd, stream);
        stream.Position = 0;
        return (Dictionary<string, object>)torch.load(stream);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Resuming_from_a_loaded_state_takes_the_uninterrupted_steps(string name)
    {
        foreach (bool throughFile in new[] { false, true }) ResumeExactly(name, throughFile);
    }

    private static void ResumeExactly(string name, bool throughFile)
    {
        long[][] shapes = [[4, 3], [3], []];
        double[][] init = [[.. Enumerable.Range(0, 12).Select(i => 0.1 * i - 0.5)], [0.3, -0.2, 0.7], [1.5]];

        // uninterrupted
        Tensor[] ps = Fresh(init, shapes);
        var opt = Make(name, [ps[0]], [ps[1], ps[2]]);
        var rng = new Random(Oracle.Seed($"state-dict-{name}"));
        for (int step = 0; step < Before + After; step++)
        {
            if (step == 5) opt.param_groups[1].LearningRate /= 2; // a changed rate travels in the state dict
            SetGrads(ps, step, rng);
            opt.step();
        }
        double[] expected = Values(ps);

        // interrupted after Before steps, resumed in a fresh optimizer over fresh parameters
        Tensor[] qs = Fresh(init, shapes);
        var first = Make(name, [qs[0]], [qs[1], qs[2]]);
        rng = new Random(Oracle.Seed($"state-dict-{name}"));
        for (int step = 0; step < Before; step++)
        {
            if (step == 5) first.param_groups[1].LearningRate /= 2;
            SetGrads(qs, step, rng);
            first.step();
        }
        Dictionary<string, object> sd = throughFile ? ThroughFile(first.state_dict()) : first.state_dict();
        Tensor[] rs = Fresh([.. qs.Select(q => q.detach().contiguous().ToArray<double>())], shapes);
        var second = Make(name, [rs[0]], [rs[1], rs[2]]);
        second.load_state_dict(sd);
        Assert.Equal(first.param_groups[1].LearningRate, second.param_groups[1].LearningRate);
        for (int step = Before; step < Before + After; step++)
        {
            SetGrads(rs, step, rng);
            second.step();
        }
        Assert.Equal(expected, Values(rs)); // bit for bit
    }

    [Fact]
    public void Resumed_adam_and_sgd_match_libtorch_trained_without_a_break()
    {
        foreach (string name in new[] { "Adam", "SGD" })
        {
            var rng = new Random(Oracle.Seed($"state-dict-ts-{name}"));
            double[] w0 = [.. Enumerable.Range(0, 6).Select(_ => rng.NextDouble())];
            double[][] grads = [.. Enumerable.Range(0, 20).Select(_ => Enumerable.Range(0, 6).Select(_ => rng.NextDouble() - 0.5).ToArray())];
            var tw = ts.nn.Parameter(ts.tensor(w0, [2, 3], ts.float64));
            ts.optim.Optimizer theirs = name == "Adam" ? ts.optim.Adam([tw], 0.05, 0.9, 0.999, amsgrad: true) : ts.optim.SGD([tw], 0.05, 0.9);
            Tensor w = torch.tensor(w0, [2, 3]).requires_grad_();
            torch.optim.Optimizer ours = name == "Adam" ? torch.optim.Adam([w], 0.05, amsgrad: true) : torch.optim.SGD([w], 0.05, 0.9);
            for (int step = 0; step < 20; step++)
            {
                if (step == 10)
                {
                    var sd = ours.state_dict();
                    w = torch.tensor(w.detach().ToArray<double>(), [2, 3]).requires_grad_();
                    ours = name == "Adam" ? torch.optim.Adam([w], 0.05, amsgrad: true) : torch.optim.SGD([w], 0.05, 0.9);
                    ours.load_state_dict(sd);
                }
                tw.grad = ts.tensor(grads[step], [2, 3], ts.float64);
                w.grad = torch.tensor(grads[step], [2, 3]);
                theirs.step();
                ours.step();
            }
            Oracle.AssertClose(Oracle.Values(tw), w.ToArray<double>(), 1e-12, 1e-13, name);
        }
    }

    [Fact]
    public void The_layout_is_pytorchs_and_survives_a_round_trip()
    {
        Tensor a = torch.ones([2, 2]).requires_grad_(), b = torch.ones([3]).requires_grad_(), c = torch.ones([]).requires_grad_();
        var opt = torch.optim.Adam([a, b], 0.01, beta1: 0.8);
        opt.add_param_group(new Modules.Adam.ParamGroup([c], lr: 0.5));
        a.grad = torch.ones([2, 2]);
        c.grad = torch.ones([]);
        opt.step(); // b has no gradient: no state, as in PyTorch

        var sd = opt.state_dict();
        var state = (Dictionary<long, Dictionary<string, object>>)sd["state"];
        var groups = (List<Dictionary<string, object?>>)sd["param_groups"];
        Assert.Equal([0L, 2L], state.Keys.Order());
        Assert.Equal(["exp_avg", "exp_avg_sq", "step"], state[0].Keys.Order());
        Assert.Equal(1.0, state[2]["step"]);
        Assert.Equal([0L, 1L], (List<long>)groups[0]["params"]!);
        Assert.Equal([2L], (List<long>)groups[1]["params"]!);
        Assert.Equal((0.8, 0.999), groups[0]["betas"]);
        Assert.Equal(0.5, groups[1]["lr"]);
        Assert.Equal(false, groups[1]["amsgrad"]);

        var fresh = torch.optim.Adam([torch.ones([2, 2]).requires_grad_(), torch.ones([3]).requires_grad_()], 0.3);
        fresh.add_param_group(new Modules.Adam.ParamGroup { Parameters = [torch.ones([]).requires_grad_()] });
        fresh.load_state_dict(sd);
        var again = fresh.state_dict();
        var state2 = (Dictionary<long, Dictionary<string, object>>)again["state"];
        Assert.Equal(state.Keys.Order(), state2.Keys.Order());
        foreach (var (i, s) in state)
            foreach (var (k, v) in s)
                if (v is Tensor t) Assert.Equal(t.ToArray<float>(), ((Tensor)state2[i][k]).ToArray<float>());
                else Assert.Equal(v, state2[i][k]);
        var groups2 = (List<Dictionary<string, object?>>)again["param_groups"];
        for (int g = 0; g < 2; g++)
            foreach (var (k, v) in groups[g])
                if (v is List<long> l) Assert.Equal(l, (List<long>)groups2[g][k]!);
                else Assert.Equal(v, groups2[g][k]);
        // loaded state is a copy: stepping the new optimizer leaves the old one's tensors alone
        float before = ((Tensor)state[0]["exp_avg"]).ToArray<float>()[0];
        fresh.param_groups[0].Params[0].grad = torch.ones([2, 2]);
        fresh.step();
        Assert.Equal(before, ((Tensor)state[0]["exp_avg"]).ToArray<float>()[0]);
    }

    [Fact]
    public void Lbfgs_state_resumes_exactly()
    {
        foreach (bool throughFile in new[] { false, true }) LbfgsResumesExactly(throughFile);
    }

    private static void LbfgsResumesExactly(bool throughFile)
    {
        double[] target = [0.5, -1, 2, 0.25];
        Tensor Run(bool interrupt)
        {
            Tensor x = torch.zeros([4], ScalarType.Float64).requires_grad_();
            var opt = torch.optim.LBFGS([x], lr: 0.5, max_iter: 3, history_size: 2);
            Tensor t = torch.tensor(target);
            Func<Tensor> closure = () => { opt.zero_grad(); Tensor l = (x - t).pow(4).sum() + x.pow(2).sum(); l.backward(); return l; };
            for (int step = 0; step < 6; step++)
            {
                if (interrupt && step == 3)
                {
                    var sd = throughFile ? ThroughFile(opt.state_dict()) : opt.state_dict();
                    x = torch.tensor(x.detach().ToArray<double>()).requires_grad_();
                    opt = torch.optim.LBFGS([x], lr: 0.5, max_iter: 3, history_size: 2);
                    opt.load_state_dict(sd);
                }
                opt.step(closure);
            }
            return x;
        }
        Assert.Equal(Run(false).ToArray<double>(), Run(true).ToArray<double>());
    }

    [Fact]
    public void A_state_dict_that_does_not_fit_is_refused_and_nothing_changes()
    {
        Tensor a = torch.ones([2, 2]).requires_grad_(), b = torch.ones([3]).requires_grad_();
        var opt = torch.optim.SGD([a, b], 0.1, momentum: 0.9);
        a.grad = torch.ones([2, 2]);
        b.grad = torch.ones([3]);
        opt.step();
        var sd = opt.state_dict();

        var other = torch.optim.SGD([torch.ones([2, 2]).requires_grad_()], 0.7, momentum: 0.9);
        Assert.Equal("loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
                     Assert.Throws<ArgumentException>(() => other.load_state_dict(sd)).Message);
        other.add_param_group(new Modules.ParamGroup { Parameters = [torch.ones([3]).requires_grad_()] });
        Assert.Equal("loaded state dict has a different number of parameter groups", Assert.Throws<ArgumentException>(() => other.load_state_dict(sd)).Message);

        // same sizes, a state tensor of the wrong shape: refused, naming the entry; the options stay as they were
        var swapped = torch.optim.SGD([torch.ones([3]).requires_grad_(), torch.ones([2, 2]).requires_grad_()], 0.7, momentum: 0.9);
        var e = Assert.Throws<ArgumentException>(() => swapped.load_state_dict(sd));
        Assert.Equal("state \"momentum_buffer\" of parameter 0 has shape [2, 2], where this optimizer keeps [3]", e.Message);
        Assert.Equal(0.7, swapped.param_groups[0].LearningRate);
        Assert.Empty((Dictionary<long, Dictionary<string, object>>)swapped.state_dict()["state"]);

        var wrongOption = opt.state_dict();
        ((List<Dictionary<string, object?>>)wrongOption["param_groups"])[0]["betas"] = (0.9, 0.99);
        Assert.Contains("\"betas\"", Assert.Throws<ArgumentException>(() => opt.load_state_dict(wrongOption)).Message);
    }
}
