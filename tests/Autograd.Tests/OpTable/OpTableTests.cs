using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Runs every op-table case against TorchSharp and by finite differences.</summary>
public class OpTableTests
{
    [Theory]
    [MemberData(nameof(OpTable.Parity), MemberType = typeof(OpTable))]
    public void Forward_and_gradient_match_libtorch(string id, ScalarType dtype)
    {
        OpCase c = OpTable.Find(id);
        var rng = new Random(Oracle.Seed(id) ^ (int)dtype);
        double[][] values = c.Inputs.Select(i => Inputs.Draw(i, rng)).ToArray();
        Tensor[] ours = c.Inputs.Select((i, k) => Inputs.Ours(i, values[k], dtype, requiresGrad: c.Differentiable)).ToArray();
        ts.Tensor[] theirs = c.Inputs.Select((i, k) => Inputs.Theirs(i, values[k], dtype, requiresGrad: c.Differentiable)).ToArray();

        Tensor y = c.Ours(ours);
        ts.Tensor ty = c.Theirs(theirs);
        double rtol = Oracle.Rtol(dtype) * c.TolScale;
        Oracle.AssertClose(ty, y, dtype, rtol, "forward");
        Assert.Equal(Oracle.Ts(y.dtype), ty.dtype);

        if (!c.Differentiable || !ours.Any(t => t.requires_grad)) return;
        Assert.True(y.requires_grad);
        double[] gv = Enumerable.Range(0, (int)y.numel()).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        Tensor g = torch.tensor(gv, y.shape).to(y.dtype);
        ts.Tensor tg = ts.tensor(gv, y.shape).to(ty.dtype);
        y.backward(g);
        ty.backward([tg]);
        for (int k = 0; k < ours.Length; k++)
        {
            if (!ours[k].requires_grad) continue;
            ts.Tensor expected = theirs[k].grad ?? ts.zeros_like(theirs[k]);
            Tensor actual = ours[k].grad ?? torch.zeros_like(ours[k]);
            Oracle.AssertClose(expected, actual, dtype, rtol, $"grad[{k}]");
        }
    }

    [Theory]
    [MemberData(nameof(OpTable.Gradcheck), MemberType = typeof(OpTable))]
    public void Gradient_matches_finite_differences(string id)
    {
        // the public torch.autograd.gradcheck, with PyTorch's defaults (eps 1e-6, atol 1e-5, rtol 1e-3): whole
        // Jacobians by central differences, reentrancy, zero and undefined output gradients
        OpCase c = OpTable.Find(id);
        var rng = new Random(Oracle.Seed(id) + 1);
        Tensor[] xs = c.Inputs.Select(i => Inputs.Ours(i, Inputs.Draw(i, rng), ScalarType.Float64, true)).ToArray();
        Assert.True(torch.autograd.gradcheck(x => c.Ours(x), xs));
    }
}

/// <summary>Builds identical inputs for both libraries.</summary>
internal static class Inputs
{
    internal static double[] Draw(In spec, Random rng)
    {
        long n = spec.Shape.Aggregate(1L, (a, b) => a * b);
        var v = new double[n];
        for (int i = 0; i < n; i++)
            v[i] = spec.Domain switch
            {
                Domain.Positive => 0.2 + 1.8 * rng.NextDouble(),
                Domain.AwayFromZero => (0.2 + 1.8 * rng.NextDouble()) * (rng.Next(2) == 0 ? -1 : 1),
                Domain.Unit => rng.NextDouble() * 1.8 - 0.9,
                Domain.OffHalfGrid => 0.5 * (rng.Next(8) - 4) + 0.1 + 0.3 * rng.NextDouble(),
                Domain.Index => rng.NextInt64(spec.IndexBound),
                Domain.Mask => rng.Next(2),
                _ => rng.NextDouble() * 4 - 2,
            };
        return v;
    }

    private static ScalarType TypeFor(In spec, ScalarType floating) =>
        spec.Domain switch { Domain.Index => ScalarType.Int64, Domain.Mask => ScalarType.Bool, _ => floating };

    /// <summary>Storage shape: transposed inputs are stored with their last two dims swapped.</summary>
    private static long[] StoredShape(In spec)
    {
        if (!spec.Transposed) return spec.Shape;
        long[] s = (long[])spec.Shape.Clone();
        (s[^1], s[^2]) = (s[^2], s[^1]);
        return s;
    }

    internal static Tensor Ours(In spec, double[] values, ScalarType dtype, bool requiresGrad)
    {
        ScalarType t = TypeFor(spec, dtype);
        Tensor x = torch.tensor(values, StoredShape(spec)).to(t);
        if (spec.Transposed) x = x.transpose(-1, -2);
        if (requiresGrad && spec.Grad && DType(t)) x.requires_grad_(true);
        return x;
    }

    internal static ts.Tensor Theirs(In spec, double[] values, ScalarType dtype, bool requiresGrad)
    {
        ScalarType t = TypeFor(spec, dtype);
        ts.Tensor x = ts.tensor(values, StoredShape(spec)).to(Oracle.Ts(t));
        if (spec.Transposed) x = x.transpose(-1, -2);
        // A leaf that requires grad: detach from the conversion (TorchSharp's to() would make a non-leaf).
        if (requiresGrad && spec.Grad && DType(t)) x = x.detach().requires_grad_(true);
        return x;
    }

    private static bool DType(ScalarType t) => t is ScalarType.Float32 or ScalarType.Float64;

    /// <summary>Gradient values are compared in the input's logical (row-major) order; the values
    /// array drawn for a transposed input is in storage order, so map finite differences likewise.</summary>
    internal static double[] RowMajor(Tensor x, double[] analyticRowMajor)
    {
        if (x.is_contiguous()) return analyticRowMajor;
        // analytic is row-major over the transposed view; reorder to storage order of the base.
        long[] shape = x.shape;
        long rows = shape[^2], cols = shape[^1], batch = analyticRowMajor.Length / Math.Max(rows * cols, 1);
        var result = new double[analyticRowMajor.Length];
        for (long b = 0; b < batch; b++)
            for (long r = 0; r < rows; r++)
                for (long c = 0; c < cols; c++)
                    result[b * rows * cols + c * rows + r] = analyticRowMajor[b * rows * cols + r * cols + c];
        return result;
    }
}

/// <summary>Second-order gradcheck (PyTorch's gradgradcheck): the gradient computed with create_graph is
/// itself differentiated, and that second derivative is compared with finite differences of the first.
/// This is what makes double backward through every op's derivative a tested property.</summary>
public class OpTableSecondOrderTests
{
    [Theory]
    [MemberData(nameof(OpTable.Gradcheck), MemberType = typeof(OpTable))]
    public void Second_derivative_matches_finite_differences(string id)
    {
        OpCase c = OpTable.Find(id);
        var rng = new Random(Oracle.Seed(id) + 2);
        double[][] values = c.Inputs.Select(i => Inputs.Draw(i, rng)).ToArray();
        Tensor y0 = c.Ours(c.Inputs.Select((i, k) => Inputs.Ours(i, values[k], ScalarType.Float64, false)).ToArray());
        double[] v = Enumerable.Range(0, (int)y0.numel()).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        int[] gradInputs = Enumerable.Range(0, c.Inputs.Length)
            .Where(k => c.Inputs[k].Grad && c.Inputs[k].Domain is not (Domain.Index or Domain.Mask)).ToArray();
        double[][] u = gradInputs.Select(k => values[k].Select(_ => rng.NextDouble() * 2 - 1).ToArray()).ToArray();

        // F(x) = sum_k <grad_k(x), u_k>, with grad_k = d<y, v>/dx_k built with create_graph
        (Tensor, Tensor[]) F(double[][] vs)
        {
            Tensor[] xs = c.Inputs.Select((i, k) => Inputs.Ours(i, vs[k], ScalarType.Float64, requiresGrad: true)).ToArray();
            Tensor y = c.Ours(xs);
            Tensor[] targets = gradInputs.Select(k => xs[k]).ToArray();
            var grads = torch.autograd.grad([y], targets, [torch.tensor(v, y.shape)], create_graph: true, allow_unused: true);
            Tensor total = torch.tensor(0.0);
            for (int j = 0; j < grads.Count; j++)
                if (grads[j] is Tensor g) total = total + (g * torch.tensor(u[j], g.shape)).sum();
            return (total, xs);
        }

        (Tensor f, Tensor[] inputs) = F(values);
        // When no first derivative depends on x (linear ops), F has no history and the analytic second
        // derivative is zero; finite differences then confirm that backward really did not drop a dependence.
        Tensor[] targetsForSecond = gradInputs.Select(k => inputs[k]).ToArray();
        IList<Tensor?> second = f.requires_grad
            ? torch.autograd.grad([f], targetsForSecond, allow_unused: true)
            : new Tensor?[targetsForSecond.Length];
        const double eps = 1e-6;
        for (int j = 0; j < gradInputs.Length; j++)
        {
            int k = gradInputs[j];
            double[] analytic = (second[j] ?? torch.zeros_like(inputs[k])).ToArray<double>();
            var numeric = new double[values[k].Length];
            for (int i = 0; i < numeric.Length; i++)
            {
                double orig = values[k][i];
                values[k][i] = orig + eps;
                double plus = F(values).Item1.item<double>();
                values[k][i] = orig - eps;
                double minus = F(values).Item1.item<double>();
                values[k][i] = orig;
                numeric[i] = (plus - minus) / (2 * eps);
            }
            Oracle.AssertClose(numeric, Inputs.RowMajor(inputs[k], analytic), 1e-3, 1e-5, $"{id} second derivative[{k}]");
        }
    }
}
