using Autograd;
using ts = TorchSharp.torch;
using TsParameter = TorchSharp.Modules.Parameter;

namespace Autograd.Tests;

/// <summary>The optimizer on the LibTorch side of a parity run: TorchSharp's, or PyTorch's formula written out on
/// LibTorch tensors where TorchSharp departs from it.</summary>
internal interface IOracleOptimizer
{
    void Step();
    void SetLr(int group, double lr);
}

internal sealed class TsOptimizer(ts.optim.Optimizer opt) : IOracleOptimizer
{
    public void Step() => opt.step();
    public void SetLr(int group, double lr) => opt.ParamGroups.ElementAt(group).LearningRate = lr;
}

/// <summary>One parity case: our optimizer over two groups (A: a non-contiguous matrix with options of its own,
/// B: a vector and a 0-d tensor on the defaults) and the oracle over the same. Negate[g]: the oracle lacks
/// <c>maximize</c>, so group g's gradients reach it negated (PyTorch's maximize negates the gradient before
/// anything else, exactly).</summary>
internal sealed record OptimCase(
    string Name,
    Func<Tensor[], Tensor[], torch.optim.Optimizer> Ours,
    Func<TsParameter[], TsParameter[], IOracleOptimizer> Oracle,
    bool[] Negate,
    double Rtol64 = 1e-12)
{
    public override string ToString() => Name;
}

/// <summary>Runs an <see cref="OptimCase"/>: 100 steps on the same parameters and the same gradients in both
/// libraries, the gradients drawn from a seeded generator, independent of the parameters (about a tenth exact
/// zeros, which Rprop's sign logic treats apart),
/// so no rounding difference feeds back through a loss. B gets no gradient on step 0 and A none on step 50
/// (both libraries skip them and start or keep their state as PyTorch does); group A's learning rate is
/// halved at step 60.
///
/// Why 1e-6 relative holds in float32: both libraries evaluate the same per-element formula in float32 and
/// differ only in how operations are grouped (lerp against mul+add, a fused addcdiv against a divide then
/// add): a few ulp (2^-24 ≈ 6e-8 each) of an update per step. With the gradients fixed, these errors only
/// add up: after n steps the parameter is off by at most n · few ulp · |update|, and |update| ≲ lr ≪ |p|,
/// so the parameter's relative error stays a small multiple of 6e-8 — the run returns the largest seen, relative to
/// each tensor's largest element. In float64
/// the same argument gives ~1e-15, except where PyTorch keeps a step scalar in float32 (see the cases).</summary>
internal static class OptimParity
{
    internal const int Steps = 100;
    internal const double Rtol32 = 1e-6;

    internal static double Run(OptimCase c, ScalarType dtype)
    {
        var rng = new Random(Oracle.Seed($"optim-parity-{c.Name}-{dtype}"));
        double Draw(bool allowZero) => allowZero && rng.NextDouble() < 0.1 ? 0 : (rng.NextDouble() < 0.5 ? -1 : 1) * (0.5 + rng.NextDouble());
        double[] V(int n, bool zeros) => [.. Enumerable.Range(0, n).Select(_ => Draw(zeros))];
        long[][] shapes = [[4, 3], [3], []];
        double[][] init = [V(12, false), V(3, false), V(1, false)];

        // A's matrix is a transposed (non-contiguous) leaf in both libraries
        Tensor[] ours =
        [
            torch.tensor(init[0], [3, 4]).to(dtype).t().detach().requires_grad_(),
            torch.tensor(init[1], shapes[1]).to(dtype).requires_grad_(),
            torch.tensor(init[2], shapes[2]).to(dtype).requires_grad_(),
        ];
        TsParameter[] theirs =
        [
            ts.nn.Parameter(ts.tensor(init[0], [3, 4]).to(Oracle.Ts(dtype)).t()),
            ts.nn.Parameter(ts.tensor(init[1], shapes[1]).to(Oracle.Ts(dtype))),
            ts.nn.Parameter(ts.tensor(init[2], shapes[2]).to(Oracle.Ts(dtype))),
        ];
        Assert.False(ours[0].is_contiguous());
        int[] group = [0, 1, 1];
        torch.optim.Optimizer opt = c.Ours([ours[0]], [ours[1], ours[2]]);
        IOracleOptimizer oracle = c.Oracle([theirs[0]], [theirs[1], theirs[2]]);

        double worst = 0;
        for (int step = 0; step < Steps; step++)
        {
            if (step == 60)
            {
                double lr = opt.param_groups[0].LearningRate / 2;
                opt.param_groups[0].LearningRate = lr;
                oracle.SetLr(0, lr);
            }
            for (int i = 0; i < ours.Length; i++)
            {
                bool skip = (step == 0 && group[i] == 1) || (step == 50 && group[i] == 0);
                long[] shape = i == 0 ? [4, 3] : shapes[i];
                double[] g = V(i == 0 ? 12 : i == 1 ? 3 : 1, zeros: true);
                ours[i].grad = skip ? null : torch.tensor(g, shape).to(dtype);
                double sign = c.Negate[group[i]] ? -1 : 1;
                theirs[i].grad = skip ? null : ts.tensor([.. g.Select(x => sign * x)], shape).to(Oracle.Ts(dtype));
            }
            opt.step();
            using (ts.no_grad()) oracle.Step();
            for (int i = 0; i < ours.Length; i++)
            {
                double[] e = Oracle.Values(theirs[i]), a = ours[i].to(ScalarType.Float64).ToArray<double>();
                double rtol = dtype == ScalarType.Float32 ? Rtol32 : c.Rtol64;
                // the absolute floor, a tenth of the relative bound at the parameters' scale (~1), only matters for an
                // element that happens to pass near 0
                Oracle.AssertClose(e, a, rtol, rtol / 10, $"{c.Name} {dtype} parameter {i} after step {step}");
                double scale = e.Max(Math.Abs);
                for (int k = 0; k < e.Length; k++) worst = Math.Max(worst, Math.Abs(e[k] - a[k]) / scale);
            }
        }
        return worst;
    }
}
