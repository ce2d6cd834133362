using Autograd;
using ts = TorchSharp.torch;
using TsModules = TorchSharp.Modules;
using static Autograd.torch.optim;

namespace Autograd.Tests;

/// <summary>Every learning-rate scheduler against TorchSharp's (which follow PyTorch's chainable formulas) over
/// 100 steps on an SGD with two parameter groups: the rates must be equal, not close. Where TorchSharp
/// 0.107 lacks a scheduler or deviates from PyTorch, the test says so and checks PyTorch's formula.</summary>
public class LRSchedulerTests
{
    private static (Modules.SGD Ours, TsModules.SGD Theirs) Optimizers(int groups = 2)
    {
        Tensor a = torch.ones([2]).requires_grad_(), b = torch.ones([3]).requires_grad_();
        Modules.SGD.ParamGroup[] mine = [new([a], lr: 0.1, momentum: 0.9), new([b], lr: 0.05, momentum: 0.5)];
        var ours = torch.optim.SGD(mine[..groups], 0.1);
        var ta = ts.nn.Parameter(ts.ones(2)); var tb = ts.nn.Parameter(ts.ones(3));
        TsModules.SGD.ParamGroup[] their = [new([ta], lr: 0.1, momentum: 0.9), new([tb], lr: 0.05, momentum: 0.5)];
        var theirs = ts.optim.SGD(their[..groups], 0.1);
        return (ours, theirs);
    }

    private static void AssertSameRates(Func<Optimizer, lr_scheduler.LRScheduler> ours, Func<ts.optim.Optimizer, ts.optim.lr_scheduler.LRScheduler> theirs,
                                        Func<int, double>? metric = null, int steps = 100, int groups = 2)
    {
        var (o, t) = Optimizers(groups);
        var s = ours(o);
        var ts_ = theirs(t);
        for (int step = 0; step <= steps; step++)
        {
            double[] mine = [.. o.ParamGroups.Select(g => g.LearningRate)], their = [.. t.ParamGroups.Select(g => g.LearningRate)];
            Assert.True(mine.SequenceEqual(their), $"step {step}: ours [{string.Join(", ", mine)}], TorchSharp [{string.Join(", ", their)}]");
            if (metric is null) { s.step(); ts_.step(); }
            else { s.step(metric(step)); ts_.step(metric(step)); }
        }
        Assert.Equal([.. o.ParamGroups.Select(g => g.LearningRate)], s.get_last_lr());
    }

    [Fact] public void StepLR_matches() => AssertSameRates(o => lr_scheduler.StepLR(o, 7, 0.5), t => ts.optim.lr_scheduler.StepLR(t, 7, 0.5));
    [Fact] public void MultiStepLR_matches() => AssertSameRates(o => lr_scheduler.MultiStepLR(o, [45, 10, 30], 0.3), t => ts.optim.lr_scheduler.MultiStepLR(t, [45, 10, 30], 0.3));
    [Fact] public void ExponentialLR_matches() => AssertSameRates(o => lr_scheduler.ExponentialLR(o, 0.97), t => ts.optim.lr_scheduler.ExponentialLR(t, 0.97));
    [Fact] public void LambdaLR_matches() => AssertSameRates(o => lr_scheduler.LambdaLR(o, e => 1.0 / (1 + e)), t => ts.optim.lr_scheduler.LambdaLR(t, e => 1.0 / (1 + e)));
    [Fact] public void MultiplicativeLR_matches() => AssertSameRates(o => lr_scheduler.MultiplicativeLR(o, e => 0.95), t => ts.optim.lr_scheduler.MultiplicativeLR(t, e => 0.95));
    [Fact] public void ConstantLR_matches() => AssertSameRates(o => lr_scheduler.ConstantLR(o, 0.5, 10), t => ts.optim.lr_scheduler.ConstantLR(t, 0.5, 10));
    [Fact] public void LinearLR_matches() => AssertSameRates(o => lr_scheduler.LinearLR(o, 0.2, 0.9, 20), t => ts.optim.lr_scheduler.LinearLR(t, 0.2, 0.9, 20));
    [Fact] public void PolynomialLR_matches() => AssertSameRates(o => lr_scheduler.PolynomialLR(o, 30, 2.0), t => ts.optim.lr_scheduler.PolynomialLR(t, 30, 2.0));
    [Fact] public void CosineAnnealingLR_matches() => AssertSameRates(o => lr_scheduler.CosineAnnealingLR(o, 25, 0.001), t => ts.optim.lr_scheduler.CosineAnnealingLR(t, 25, 0.001));

    [Fact]
    public void CyclicLR_matches() =>
        AssertSameRates(o => lr_scheduler.CyclicLR(o, 0.01, 0.1, step_size_up: 7, step_size_down: 5, mode: lr_scheduler.CyclicMode.Triangular2),
                        t => ts.optim.lr_scheduler.CyclicLR(t, 0.01, 0.1, step_size_up: 7, step_size_down: 5, mode: ts.optim.lr_scheduler.impl.CyclicLR.Mode.Triangular2));

    // One group: TorchSharp 0.107's OneCycleLR compares the group index where PyTorch compares the phase
    // index ("or i == len(self._schedule_phases) - 1"), so its second group stays in the first phase past its
    // end (step 36 of 120 here); with one group, and within total_steps, the two agree.
    [Fact]
    public void OneCycleLR_matches() =>
        AssertSameRates(o => lr_scheduler.OneCycleLR(o, 1.0, total_steps: 120), t => ts.optim.lr_scheduler.OneCycleLR(t, 1.0, total_steps: 120), groups: 1);

    [Fact]
    public void OneCycleLR_three_phase_linear_matches() =>
        AssertSameRates(o => lr_scheduler.OneCycleLR(o, 0.5, epochs: 11, steps_per_epoch: 10, anneal_strategy: lr_scheduler.AnnealStrategy.Linear, three_phase: true),
                        t => ts.optim.lr_scheduler.OneCycleLR(t, 0.5, epochs: 11, steps_per_epoch: 10, anneal_strategy: ts.optim.lr_scheduler.impl.OneCycleLR.AnnealStrategy.Linear, three_phase: true),
                        groups: 1);

    [Fact]
    public void OneCycleLR_gives_every_group_pytorchs_schedule()
    {
        // the second group follows the same phases as the first (PyTorch's rule; see above for TorchSharp)
        var (o, _) = Optimizers();
        var s = lr_scheduler.OneCycleLR(o, 1.0, total_steps: 120);
        for (int step = 0; step < 100; step++, s.step())
            Assert.Equal(o.ParamGroups.First().LearningRate, o.ParamGroups.Last().LearningRate);
    }

    [Fact]
    public void SequentialLR_matches() =>
        AssertSameRates(o => lr_scheduler.SequentialLR(o, [lr_scheduler.ConstantLR(o, 0.5, 10), lr_scheduler.ExponentialLR(o, 0.9)], [5]),
                        t => ts.optim.lr_scheduler.SequentialLR(t, [ts.optim.lr_scheduler.ConstantLR(t, 0.5, 10), ts.optim.lr_scheduler.ExponentialLR(t, 0.9)], [5]));

    [Fact]
    public void ChainedScheduler_matches() =>
        AssertSameRates(o => lr_scheduler.ChainedScheduler([lr_scheduler.ExponentialLR(o, 0.98), lr_scheduler.StepLR(o, 9, 0.5)]),
                        t => ts.optim.lr_scheduler.ChainedLR([ts.optim.lr_scheduler.ExponentialLR(t, 0.98), ts.optim.lr_scheduler.StepLR(t, 9, 0.5)]));

    [Fact]
    public void ReduceLROnPlateau_matches()
    {
        // a metric that improves, stalls for a while, improves a little, then stalls for good
        static double Metric(int step) => step < 20 ? 10.0 - step * 0.1 : step < 40 ? 8.0 : step < 45 ? 7.9 - step * 1e-6 : 7.9;
        AssertSameRates(o => lr_scheduler.ReduceLROnPlateau(o, patience: 3, cooldown: 2, min_lr: [0.001]),
                        t => ts.optim.lr_scheduler.ReduceLROnPlateau(t, patience: 3, cooldown: 2, min_lr: [0.001]), Metric);
    }

    [Fact]
    public void CosineAnnealingWarmRestarts_follows_pytorchs_formula()
    {
        // TorchSharp 0.107 has no CosineAnnealingWarmRestarts: PyTorch's rule, simulated here, is
        // lr = eta_min + (base - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2, T_cur counting epochs into the
        // current cycle, whose length T_i starts at T_0 and is multiplied by T_mult at each restart.
        var (o, _) = Optimizers();
        var s = lr_scheduler.CosineAnnealingWarmRestarts(o, T_0: 5, T_mult: 2, eta_min: 0.001);
        int tCur = 0, tI = 5;
        for (int step = 0; step < 100; step++)
        {
            double[] expected = [.. new[] { 0.1, 0.05 }.Select(b => 0.001 + (b - 0.001) * (1 + Math.Cos(Math.PI * tCur / tI)) / 2)];
            Assert.Equal(expected, o.ParamGroups.Select(g => g.LearningRate).ToArray());
            s.step();
            if (++tCur >= tI) { tCur -= tI; tI *= 2; }
        }
    }

    [Fact]
    public void Invalid_arguments_are_refused_with_pytorchs_words()
    {
        var (o, _) = Optimizers();
        Assert.Equal("Constant multiplicative factor expected to be between 0 and 1.", Assert.Throws<ArgumentException>(() => lr_scheduler.ConstantLR(o, 1.5)).Message);
        Assert.Equal("Factor should be < 1.0.", Assert.Throws<ArgumentException>(() => lr_scheduler.ReduceLROnPlateau(o, factor: 1)).Message);
        Assert.Equal("You must define either total_steps OR (epochs AND steps_per_epoch)", Assert.Throws<ArgumentException>(() => lr_scheduler.OneCycleLR(o, 1)).Message);
        Assert.Equal(0.1, o.ParamGroups.First().LearningRate); // nothing changed by the failed constructions
    }
}
