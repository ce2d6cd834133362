using Autograd;
using Autograd.Modules;
using static Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Loss modules: each with its reduction and weights gives TorchSharp's module's value and gradients.</summary>
public class LossModuleTests
{
    public static IEnumerable<object[]> Reductions() =>
        [[nn.Reduction.Mean, ScalarType.Float32], [nn.Reduction.Sum, ScalarType.Float64], [nn.Reduction.None, ScalarType.Float64]];

    private static ts.nn.Reduction Ts(nn.Reduction r) => (ts.nn.Reduction)(long)r;

    /// <summary>A tensor of the given values in both libraries (requiring grad when floating).</summary>
    private static (Tensor, ts.Tensor) Both(double[] v, ScalarType dtype, params long[] shape) =>
        (torch.tensor(v, shape).to(dtype).requires_grad_(true), ts.tensor(v, shape).to(Oracle.Ts(dtype)).requires_grad_(true));

    private static (Tensor, ts.Tensor) Labels(long[] v) => (torch.tensor(v), ts.tensor(v));

    /// <summary>Compares the two losses' values, then back-propagates the same weights and compares every
    /// floating input's gradient.</summary>
    private static void Same(Tensor y, ts.Tensor ty, ScalarType dtype, params (Tensor ours, ts.Tensor theirs)[] inputs)
    {
        Oracle.AssertClose(ty, y, dtype, what: "loss");
        double[] g = [.. Enumerable.Range(0, (int)y.numel()).Select(i => 1 + Math.Cos(i))];
        (y * torch.tensor(g, y.shape).to(dtype)).sum().backward();
        (ty * ts.tensor(g, ty.shape).to(Oracle.Ts(dtype))).sum().backward();
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i].ours.requires_grad) Oracle.AssertClose(inputs[i].theirs.grad!, inputs[i].ours.grad!, dtype, what: $"input {i} grad");
    }

    private static double[] Values(string id, int n, double lo = -2, double hi = 2)
    {
        var rng = new Random(Oracle.Seed(id));
        return [.. Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * rng.NextDouble())];
    }

    [Theory, MemberData(nameof(Reductions))]
    public void Regression_losses_match_torchsharp(nn.Reduction r, ScalarType dtype)
    {
        foreach (string kind in new[] { "mse", "l1", "smoothl1", "huber" })
        {
            var x = Both(Values(kind + "x", 12), dtype, 3, 4);
            var t = Both(Values(kind + "t", 12), dtype, 3, 4);
            nn.Module<Tensor, Tensor, Tensor> ours = kind switch
            {
                "mse" => nn.MSELoss(r),
                "l1" => nn.L1Loss(r),
                "smoothl1" => nn.SmoothL1Loss(r, beta: 0.7),
                _ => nn.HuberLoss(1.3, r),
            };
            ts.nn.Module<ts.Tensor, ts.Tensor, ts.Tensor> theirs = kind switch
            {
                "mse" => ts.nn.MSELoss(Ts(r)),
                "l1" => ts.nn.L1Loss(Ts(r)),
                "smoothl1" => ts.nn.SmoothL1Loss(Ts(r), beta: 0.7),
                _ => ts.nn.HuberLoss(1.3, Ts(r)),
            };
            Same(ours.call(x.Item1, t.Item1), theirs.call(x.Item2, t.Item2), dtype, x, t);
        }
    }

    [Theory, MemberData(nameof(Reductions))]
    public void CrossEntropyLoss_with_weight_ignore_index_and_label_smoothing_matches_torchsharp(nn.Reduction r, ScalarType dtype)
    {
        var x = Both(Values("ce", 20), dtype, 5, 4);
        var labels = Labels([0, 3, 1, 3, 2]);
        double[] w = [0.5, 1.5, 1.0, 2.0];
        var ours = nn.CrossEntropyLoss(torch.tensor(w).to(dtype), ignore_index: 1, reduction: r, label_smoothing: 0.1);
        var theirs = new TorchSharp.Modules.CrossEntropyLoss(ts.tensor(w).to(Oracle.Ts(dtype)), ignore_index: 1, reduction: Ts(r), label_smoothing: 0.1);
        Same(ours.call(x.Item1, labels.Item1), theirs.call(x.Item2, labels.Item2), dtype, x);
        var plain = Both(Values("ce-plain", 20), dtype, 5, 4);
        Same(nn.CrossEntropyLoss(reduction: r).call(plain.Item1, labels.Item1), ts.nn.CrossEntropyLoss(reduction: Ts(r)).call(plain.Item2, labels.Item2),
             dtype, plain);
    }

    [Theory, MemberData(nameof(Reductions))]
    public void NLLLoss_with_weight_matches_torchsharp(nn.Reduction r, ScalarType dtype)
    {
        var x = Both(Values("nll", 15), dtype, 5, 3);
        var labels = Labels([0, 2, 1, 2, 2]);
        double[] w = [0.5, 1.5, 2.0];
        Same(nn.NLLLoss(torch.tensor(w).to(dtype), r).call(x.Item1, labels.Item1),
             ts.nn.NLLLoss(ts.tensor(w).to(Oracle.Ts(dtype)), Ts(r)).call(x.Item2, labels.Item2), dtype, x);
    }

    [Fact]
    public void NLLLoss_ignore_index_equals_the_loss_over_the_other_rows()
    {
        // TorchSharp's NLLLoss has no ignore_index: the reference is its loss over the rows not ignored
        double[] v = Values("nll-ignore", 15);
        var (x, _) = Both(v, ScalarType.Float64, 5, 3);
        double[] w = [0.5, 1.5, 2.0];
        Tensor y = nn.NLLLoss(torch.tensor(w), ignore_index: 1).call(x, torch.tensor(new long[] { 0, 1, 2, 1, 2 }));
        ts.Tensor kept = ts.tensor(v, [5, 3]).index_select(0, ts.tensor(new long[] { 0, 2, 4 }));
        ts.Tensor ty = ts.nn.NLLLoss(ts.tensor(w)).call(kept, ts.tensor(new long[] { 0, 2, 2 }));
        Oracle.AssertClose(ty, y, ScalarType.Float64, what: "loss");
    }

    [Theory, MemberData(nameof(Reductions))]
    public void Binary_cross_entropy_losses_with_weights_match_torchsharp(nn.Reduction r, ScalarType dtype)
    {
        var p = Both(Values("bce-p", 12, 0.05, 0.95), dtype, 3, 4);
        var t = Both(Values("bce-t", 12, 0, 1), dtype, 3, 4);
        double[] w = Values("bce-w", 12, 0.5, 2);
        Same(nn.BCELoss(torch.tensor(w, [3, 4]).to(dtype), r).call(p.Item1, t.Item1),
             ts.nn.BCELoss(ts.tensor(w, [3, 4]).to(Oracle.Ts(dtype)), Ts(r)).call(p.Item2, t.Item2), dtype, p, t);
        var x = Both(Values("bcel-x", 12), dtype, 3, 4);
        var t2 = Both(Values("bcel-t", 12, 0, 1), dtype, 3, 4);
        double[] pw = [0.5, 2.0, 1.0, 3.0];
        Same(nn.BCEWithLogitsLoss(torch.tensor(w, [3, 4]).to(dtype), r, pos_weights: torch.tensor(pw).to(dtype)).call(x.Item1, t2.Item1),
             ts.nn.BCEWithLogitsLoss(ts.tensor(w, [3, 4]).to(Oracle.Ts(dtype)), Ts(r), ts.tensor(pw).to(Oracle.Ts(dtype))).call(x.Item2, t2.Item2),
             dtype, x, t2);
    }

    [Theory, MemberData(nameof(Reductions))]
    public void KLDivLoss_matches_torchsharp_for_both_target_forms(nn.Reduction r, ScalarType dtype)
    {
        foreach (bool logTarget in new[] { true, false })
        {
            var x = Both(Values("kl-x", 12, -3, -0.1), dtype, 3, 4);
            var t = Both(Values("kl-t", 12, logTarget ? -3 : 0.01, logTarget ? -0.1 : 1), dtype, 3, 4);
            Same(nn.KLDivLoss(logTarget, r).call(x.Item1, t.Item1), ts.nn.KLDivLoss(logTarget, Ts(r)).call(x.Item2, t.Item2), dtype, x, t);
        }
    }

    [Theory, MemberData(nameof(Reductions))]
    public void Margin_losses_match_torchsharp(nn.Reduction r, ScalarType dtype)
    {
        var a = Both(Values("m-a", 15), dtype, 5, 3);
        var b = Both(Values("m-b", 15), dtype, 5, 3);
        var c = Both(Values("m-c", 15), dtype, 5, 3);
        var sign = Both([1, -1, 1, -1, -1], dtype, 5);
        sign.Item1.requires_grad_(false);
        sign.Item2.requires_grad_(false);
        Same(nn.CosineEmbeddingLoss(0.2, r).call(a.Item1, b.Item1, sign.Item1),
             ts.nn.CosineEmbeddingLoss(0.2, Ts(r)).call(a.Item2, b.Item2, sign.Item2), dtype, a, b);
        var a1 = Both(Values("mr-a", 5), dtype, 5);
        var b1 = Both(Values("mr-b", 5), dtype, 5);
        Same(nn.MarginRankingLoss(0.3, r).call(a1.Item1, b1.Item1, sign.Item1),
             ts.nn.MarginRankingLoss(0.3, Ts(r)).call(a1.Item2, b1.Item2, sign.Item2), dtype, a1, b1);
        var a2 = Both(Values("t-a", 15), dtype, 5, 3);
        var b2 = Both(Values("t-b", 15), dtype, 5, 3);
        Same(nn.TripletMarginLoss(1.5, 2, swap: true, reduction: r).call(a2.Item1, b2.Item1, c.Item1),
             ts.nn.TripletMarginLoss(1.5, 2, swap: true, reduction: Ts(r)).call(a2.Item2, b2.Item2, c.Item2), dtype, a2, b2, c);
    }

    [Fact]
    public void Losses_print_like_pytorch_and_hold_no_state()
    {
        Assert.Equal("CrossEntropyLoss()", nn.CrossEntropyLoss().ToString());
        Assert.Equal("MSELoss()", nn.MSELoss().ToString());
        var ours = nn.CrossEntropyLoss(torch.ones(3));
        var theirs = ts.nn.CrossEntropyLoss(ts.ones(3));
        Assert.Equal(theirs.state_dict().Keys, ours.state_dict().Keys);
        Assert.Equal(nn.Reduction.Sum, nn.L1Loss(nn.Reduction.Sum).reduction);
    }
}
