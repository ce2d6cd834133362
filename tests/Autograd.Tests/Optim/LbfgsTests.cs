using Autograd;
using Xunit.Abstractions;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>torch.optim.LBFGS: the fixed-step variant against LibTorch's (TorchSharp's LBFGS), step by step on a
/// closure whose loss depends on the parameters (a small tanh regression, so rounding differences do feed back);
/// the strong Wolfe line search (which TorchSharp 0.107 does not expose) against PyTorch's algorithm written out on
/// LibTorch tensors, the minimiser of a convex quadratic solved directly, and the sufficient-decrease condition;
/// PyTorch's checks.</summary>
public class LbfgsTests(ITestOutputHelper output)
{
    private const int Steps = 10;

    private sealed record Problem(double[] W, double[] B, double[] X, double[] Y);

    private static Problem MakeProblem(string id)
    {
        var rng = new Random(Oracle.Seed(id));
        double[] V(int n, double scale) => [.. Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2 - 1) * scale)];
        return new(V(12, 0.5), V(3, 0.5), V(40, 1), V(30, 0.8));
    }

    // loss = mean((tanh(x @ w + b) - y)²) + 0.01 · (|w|² + |b|²), w a transposed (non-contiguous) leaf of shape [4, 3]
    private static (double[] Params, double[] Losses, int Calls) RunOurs(Problem pr, ScalarType dtype, Func<Tensor[], torch.optim.Optimizer> make)
    {
        Tensor w = torch.tensor(pr.W, [3, 4]).to(dtype).t().detach().requires_grad_(), b = torch.tensor(pr.B).to(dtype).requires_grad_();
        Tensor x = torch.tensor(pr.X, [10, 4]).to(dtype), y = torch.tensor(pr.Y, [10, 3]).to(dtype);
        var opt = make([w, b]);
        int calls = 0;
        Tensor Closure()
        {
            calls++;
            opt.zero_grad();
            Tensor loss = (torch.tanh(x.matmul(w).add(b)) - y).pow(2).mean() + w.pow(2).sum().mul(0.01) + b.pow(2).sum().mul(0.01);
            loss.backward();
            return loss;
        }
        var losses = new List<double>();
        var parameters = new List<double>();
        for (int i = 0; i < Steps; i++)
        {
            losses.Add(opt.step(Closure)!.ToDouble());
            parameters.AddRange(w.to(ScalarType.Float64).contiguous().ToArray<double>());
            parameters.AddRange(b.to(ScalarType.Float64).ToArray<double>());
        }
        return ([.. parameters], [.. losses], calls);
    }

    private static (double[] Params, double[] Losses, int Calls) RunTorchSharp(Problem pr, ScalarType dtype, Func<TorchSharp.Modules.Parameter[], ts.optim.Optimizer> make)
    {
        // contiguous here: LibTorch's LBFGS flattens gradients with view(-1), which a transposed parameter's gradient refuses
        var w = ts.nn.Parameter(ts.tensor(pr.W, [3, 4]).to(Oracle.Ts(dtype)).t().contiguous());
        var b = ts.nn.Parameter(ts.tensor(pr.B).to(Oracle.Ts(dtype)));
        ts.Tensor x = ts.tensor(pr.X, [10, 4]).to(Oracle.Ts(dtype)), y = ts.tensor(pr.Y, [10, 3]).to(Oracle.Ts(dtype));
        var opt = make([w, b]);
        int calls = 0;
        ts.Tensor Closure()
        {
            calls++;
            opt.zero_grad();
            ts.Tensor loss = (ts.tanh(x.matmul(w).add(b)) - y).pow(2).mean() + w.pow(2).sum().mul(0.01) + b.pow(2).sum().mul(0.01);
            loss.backward();
            return loss;
        }
        var losses = new List<double>();
        var parameters = new List<double>();
        for (int i = 0; i < Steps; i++)
        {
            losses.Add(opt.step(Closure).to(ts.ScalarType.Float64).item<double>());
            parameters.AddRange(Oracle.Values(w));
            parameters.AddRange(Oracle.Values(b));
        }
        return ([.. parameters], [.. losses], calls);
    }

    public static TheoryData<double, long, double, long> Configs => new()
    {
        // lr, max_iter, tolerance_change, history_size
        { 1, 20, 1e-9, 100 },
        { 0.3, 9, 1e-9, 3 },  // the history wraps
        { 0.8, 25, 1e-5, 5 }, // the lack-of-progress exits are reached
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Fixed_step_matches_libtorch(double lr, long maxIter, double toleranceChange, long historySize)
    {
        foreach (ScalarType dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            Problem pr = MakeProblem($"lbfgs-{lr}-{maxIter}-{historySize}");
            var ours = RunOurs(pr, dtype, ps => torch.optim.LBFGS(ps, lr, maxIter, tolerance_change: toleranceChange, history_size: historySize));
            // TorchSharp's tolerance_grad default is 1e-5 where PyTorch's is 1e-7: pass PyTorch's
            var theirs = RunTorchSharp(pr, dtype, ps => ts.optim.LBFGS(ps, lr, maxIter, null, 1e-7, toleranceChange, historySize));
            double scale = theirs.Params.Max(Math.Abs);
            double worst = theirs.Params.Zip(ours.Params).Max(p => Math.Abs(p.First - p.Second)) / scale;
            if (dtype == ScalarType.Float64)
            {
                // the same arithmetic on the same path: only rounding differs (matmul and mean orders, fused adds)
                Assert.Equal(theirs.Calls, ours.Calls);
                Oracle.AssertClose(theirs.Losses, ours.Losses, 1e-12, 1e-13, "float64 losses");
                Oracle.AssertClose(theirs.Params, ours.Params, 1e-12, 1e-12 * scale, "float64 parameters");
            }
            else
            {
                // float32: float64 above shows the algorithms agree step by step. In float32 the iterates are not
                // comparable step by step: the two-loop recursion amplifies rounding (LibTorch's own float32 run
                // leaves its float64 run by 1.6e-6 within three iterations here), and near the optimum the gradient
                // is rounding noise, so whether a curvature pair passes `ys > 1e-10` or a loss-change exit fires is
                // decided by rounding and one more step may move by 1e-4. The runs meet again at the optimum,
                // which both reach to float32 1e-6
                const int PerStep = 15;
                Oracle.AssertClose(theirs.Params[^PerStep..], ours.Params[^PerStep..], 1e-6, 1e-6 * scale, "float32 parameters at the end");
                Oracle.AssertClose(theirs.Losses[^1..], ours.Losses[^1..], 1e-6, 0, "float32 final loss");
                worst = theirs.Params.Zip(ours.Params).Skip(Steps * PerStep - PerStep).Max(p => Math.Abs(p.First - p.Second)) / scale;
            }
            output.WriteLine($"{dtype} lr {lr} max_iter {maxIter}: {ours.Calls} closure calls, worst parameter difference relative to the largest {worst:g3}");
        }
    }

    [Fact]
    public void Strong_wolfe_finds_the_minimiser_of_a_convex_quadratic()
    {
        // f(x) = ½ xᵀAx - bᵀx with A = MᵀM + I symmetric positive definite: the minimiser solves Ax = b (LibTorch's solve)
        var rng = new Random(Oracle.Seed("lbfgs-quadratic"));
        double[] m = [.. Enumerable.Range(0, 36).Select(_ => rng.NextDouble() * 2 - 1)], bv = [.. Enumerable.Range(0, 6).Select(_ => rng.NextDouble() * 2 - 1)];
        ts.Tensor tm = ts.tensor(m, [6, 6], ts.float64), ta = tm.t().matmul(tm) + ts.eye(6, dtype: ts.float64);
        double[] expected = Oracle.Values(ts.linalg.solve(ta, ts.tensor(bv, ts.float64)));

        Tensor a = torch.tensor(Oracle.Values(ta), [6, 6]), b = torch.tensor(bv);
        Tensor x = torch.zeros([6], ScalarType.Float64).requires_grad_();
        var opt = torch.optim.LBFGS([x], max_iter: 100, tolerance_grad: 1e-12, tolerance_change: 0, line_search_fn: "strong_wolfe");
        var losses = new List<double>();
        Tensor Closure()
        {
            opt.zero_grad();
            Tensor loss = x.matmul(a.matmul(x)).mul(0.5) - b.dot(x);
            loss.backward();
            losses.Add(loss.ToDouble());
            return loss;
        }
        opt.step(Closure);
        // Near x* the loss is f(x*) + ½ eᵀAe (e = x - x*): once ½ eᵀAe is below float64's resolution of the loss the
        // line search works on rounding, so where it stops is decided by rounding, not by tolerance_grad. What it
        // must reach: the loss at its minimum within a few units of rounding, ½ eᵀAe ≤ 4u·|f(x*)|, and since A's
        // eigenvalues are ≥ 1, ½|e|² ≤ ½ eᵀAe, so |e| ≤ √(8u·|f(x*)|) (≈ 3e-8 here)
        double fStar = Math.Abs(0.5 * expected.Zip(bv).Sum(p => p.First * p.Second)); // f(x*) = -½ bᵀx*
        Oracle.AssertClose(expected, x.ToArray<double>(), 0, Math.Sqrt(8 * Math.ScaleB(1, -53) * fStar), "the minimiser");
        output.WriteLine($"quadratic: {losses.Count} closure calls");
    }

    [Fact]
    public void Strong_wolfe_iterations_decrease_the_rosenbrock_function_and_reach_its_minimum()
    {
        // f(x, y) = (1 - x)² + 100 (y - x²)², minimum 0 at (1, 1). With one iteration per step, every accepted
        // point meets the sufficient-decrease (Armijo) condition f(x + t d) ≤ f(x) + 1e-4 · t · g·d < f(x)
        foreach (ScalarType dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            Tensor p = torch.tensor(new double[] { -1.5, 2 }).to(dtype).requires_grad_();
            var opt = torch.optim.LBFGS([p], max_iter: 1, line_search_fn: "strong_wolfe");
            Tensor Closure()
            {
                opt.zero_grad();
                Tensor x = p[0], y = p[1];
                Tensor loss = (1 - x).pow(2) + (y - x.pow(2)).pow(2).mul(100);
                loss.backward();
                return loss;
            }
            double previous = double.PositiveInfinity;
            int steps = 0;
            for (; steps < 200; steps++)
            {
                double loss = opt.step(Closure).ToDouble();
                // a step that stops before moving (g·d above -tolerance_change near the minimum) returns the same loss
                if (loss == previous) break;
                Assert.True(loss < previous, $"{dtype} step {steps}: loss {loss} after {previous}");
                previous = loss;
            }
            // near (1, 1), f ≈ ½ eᵀHe with H's smallest eigenvalue ≈ 0.4, so f ≤ 1e-9 puts e within ≈ 7e-5
            Assert.True(previous < 1e-9, $"{dtype}: stalled at {previous}");
            Oracle.AssertClose([1, 1], p.to(ScalarType.Float64).ToArray<double>(), 0, 1e-4, $"{dtype} Rosenbrock minimum");
            output.WriteLine($"{dtype} Rosenbrock: {steps} iterations, f = {previous:g3}, p = {string.Join(", ", p.to(ScalarType.Float64).ToArray<double>())}");
        }
    }

    [Fact]
    public void Arguments_and_groups_are_checked_as_pytorch_does()
    {
        Tensor p = torch.ones([2]).requires_grad_(), q = torch.ones([2]).requires_grad_();
        Assert.Equal("only 'strong_wolfe' is supported", Assert.Throws<ArgumentException>(() => torch.optim.LBFGS([p], line_search_fn: "backtracking")).Message);
        Assert.Equal("Invalid learning rate: -1.0", Assert.Throws<ArgumentException>(() => torch.optim.LBFGS([p], lr: -1)).Message);
        var opt = torch.optim.LBFGS([p]);
        Assert.Equal("LBFGS doesn't support per-parameter options (parameter groups)",
                     Assert.Throws<ArgumentException>(() => opt.add_param_group(new Modules.LBFGS.ParamGroup { Parameters = [q] })).Message);
        Assert.Throws<ArgumentNullException>(() => opt.step());
        Assert.Single(opt.param_groups);
    }

    [Theory]
    [InlineData(1.0, 20L, 100L)]
    [InlineData(0.5, 6L, 3L)] // the history wraps; max_iter ends steps mid-descent
    public void Strong_wolfe_matches_pytorchs_algorithm_run_on_libtorch(double lr, long maxIter, long historySize)
    {
        // TorchSharp 0.107 has no line search: LbfgsStrongWolfeReference is PyTorch's lbfgs.py on LibTorch tensors
        Problem pr = MakeProblem($"lbfgs-wolfe-{lr}-{maxIter}");
        var ours = RunOurs(pr, ScalarType.Float64, ps => torch.optim.LBFGS(ps, lr, maxIter, history_size: historySize, line_search_fn: "strong_wolfe"));

        var w = ts.nn.Parameter(ts.tensor(pr.W, [3, 4], ts.float64).t().contiguous());
        var b = ts.nn.Parameter(ts.tensor(pr.B, ts.float64));
        ts.Tensor x = ts.tensor(pr.X, [10, 4], ts.float64), y = ts.tensor(pr.Y, [10, 3], ts.float64);
        var reference = new LbfgsStrongWolfeReference([w, b], lr, (int)maxIter, 1e-7, 1e-9, (int)historySize);
        int calls = 0;
        ts.Tensor Closure()
        {
            calls++;
            w.grad = null;
            b.grad = null;
            ts.Tensor loss = (ts.tanh(x.matmul(w).add(b)) - y).pow(2).mean() + w.pow(2).sum().mul(0.01) + b.pow(2).sum().mul(0.01);
            loss.backward();
            return loss;
        }
        var losses = new List<double>();
        var parameters = new List<double>();
        for (int i = 0; i < Steps; i++)
        {
            losses.Add(reference.Step(Closure));
            parameters.AddRange(Oracle.Values(w));
            parameters.AddRange(Oracle.Values(b));
        }
        Assert.Equal(calls, ours.Calls);
        double scale = parameters.Max(Math.Abs);
        Oracle.AssertClose([.. losses], ours.Losses, 1e-12, 1e-13, "strong Wolfe losses");
        Oracle.AssertClose([.. parameters], ours.Params, 1e-12, 1e-12 * scale, "strong Wolfe parameters");
        output.WriteLine($"strong Wolfe lr {lr} max_iter {maxIter}: {calls} closure calls, worst parameter difference relative to the largest " +
                         $"{parameters.Zip(ours.Params).Max(p => Math.Abs(p.First - p.Second)) / scale:g3}");
    }
}
