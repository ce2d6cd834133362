using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>torch.autograd.functional: TorchSharp's own jacobian tests run against LibTorch's answers, and jacobian, hessian,
/// vjp, jvp, hvp and vhp checked against finite differences and against each other's definitions.</summary>
public class FunctionalTests
{
    private static readonly double[,] X1 = { { 1.0, 3.0 }, { 2.0, 4.0 } };

    private static void Same(ts.Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Oracle.AssertClose(expected, actual, ScalarType.Float64);
    }

    // TorchSharp's TestJacobian, computed by both libraries (ts.einsum "ij,j->i" is the matrix-vector product)
    [Fact]
    public void One_input_one_output_matches_torchsharp()
    {
        Tensor ours = torch.autograd.functional.jacobian(x => torch.sum(x * x), torch.tensor(X1, requires_grad: true));
        ts.Tensor theirs = ts.autograd.functional.jacobian(x => ts.sum(x * x), ts.tensor(X1, requires_grad: true));
        Same(theirs, ours);
        Assert.Equal(new double[] { 2.0, 6.0, 4.0, 8.0 }, ours.ToArray<double>());
    }

    [Fact]
    public void One_input_multiple_outputs_matches_torchsharp()
    {
        Tensor[] ours = torch.autograd.functional.jacobian(x => new[] { torch.sum(x), torch.sum(x * x) }, torch.tensor(X1, requires_grad: true)).ToArray();
        ts.Tensor[] theirs = ts.autograd.functional.jacobian(x => new[] { ts.sum(x), ts.sum(x * x) }, ts.tensor(X1, requires_grad: true)).ToArray();
        Assert.Equal(theirs.Length, ours.Length);
        for (int i = 0; i < ours.Length; i++) Same(theirs[i], ours[i]);
    }

    [Fact]
    public void Multiple_inputs_one_output_matches_torchsharp()
    {
        double[] b = { 1.0, 5.0 };
        Tensor[] ours = torch.autograd.functional.jacobian((Tensor[] x) => torch.mv(x[0], x[1]),
                                                           torch.tensor(X1, requires_grad: true), torch.tensor(b, requires_grad: true)).ToArray();
        ts.Tensor[] theirs = ts.autograd.functional.jacobian((ts.Tensor[] x) => ts.einsum("ij,j->i", x[0], x[1]),
                                                             ts.tensor(X1, requires_grad: true), ts.tensor(b, requires_grad: true)).ToArray();
        Assert.Equal(2, ours.Length);
        for (int i = 0; i < ours.Length; i++) Same(theirs[i], ours[i]);
        Assert.Equal(new double[] { 1.0, 5.0, 0.0, 0.0, 0.0, 0.0, 1.0, 5.0 }, ours[0].ToArray<double>());
    }

    [Fact]
    public void Multiple_inputs_multiple_outputs_matches_torchsharp()
    {
        double[] b = { 1.0, 5.0 };
        Tensor[] ours = torch.autograd.functional.jacobian((Tensor[] x) => new[] { torch.sum(x[0] * x[0]), torch.mv(x[0], x[1]) },
                                                           torch.tensor(X1, requires_grad: true), torch.tensor(b, requires_grad: true)).ToArray();
        ts.Tensor[] theirs = ts.autograd.functional.jacobian((ts.Tensor[] x) => new[] { ts.sum(x[0] * x[0]), ts.einsum("ij,j->i", x[0], x[1]) },
                                                             ts.tensor(X1, requires_grad: true), ts.tensor(b, requires_grad: true)).ToArray();
        Assert.Equal(4, ours.Length);
        for (int i = 0; i < ours.Length; i++) Same(theirs[i], ours[i]);
    }

    private static Tensor Layer(Tensor x, Tensor w, Tensor b) => torch.tanh(torch.mv(w, x) + b) * x.sum();

    /// <summary>Central differences of f at x: [output element, input element].</summary>
    private static double[,] FiniteJacobian(Func<double[], double[]> f, double[] x)
    {
        const double eps = 1e-6;
        int n = x.Length, m = f(x).Length;
        var j = new double[m, n];
        for (int k = 0; k < n; k++)
        {
            double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
            plus[k] += eps;
            minus[k] -= eps;
            double[] fp = f(plus), fm = f(minus);
            for (int i = 0; i < m; i++) j[i, k] = (fp[i] - fm[i]) / (2 * eps);
        }
        return j;
    }

    [Fact]
    public void Jacobian_matches_finite_differences_with_and_without_vectorize()
    {
        var rng = new Random(7);
        double[] xv = Enumerable.Range(0, 5).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        Tensor w = torch.tensor(Enumerable.Range(0, 20).Select(_ => rng.NextDouble() - 0.5).ToArray(), [4, 5]);
        Tensor b = torch.tensor(Enumerable.Range(0, 4).Select(_ => rng.NextDouble() - 0.5).ToArray());
        double[,] expected = FiniteJacobian(v => Layer(torch.tensor(v), w, b).ToArray<double>(), xv);
        foreach (bool vectorize in new[] { false, true })
        {
            Tensor j = torch.autograd.functional.jacobian(x => Layer(x, w, b), torch.tensor(xv), vectorize: vectorize);
            Assert.Equal([4L, 5L], j.shape);
            Assert.False(j.requires_grad);
            Oracle.AssertClose(expected.Cast<double>().ToArray(), j.ToArray<double>(), 1e-6, 1e-8, $"vectorize={vectorize}");
        }
    }

    [Fact]
    public void Create_graph_makes_the_jacobian_differentiable_with_respect_to_the_original_input()
    {
        Tensor x = torch.tensor(new double[] { 0.5, -1.0, 2.0 }, requires_grad: true);
        Tensor j = torch.autograd.functional.jacobian(t => t * t * t, x, create_graph: true); // diag(3x^2)
        Assert.True(j.requires_grad);
        j.sum().backward(); // d/dx sum(3x^2) = 6x
        Assert.Equal(new double[] { 3.0, -6.0, 12.0 }, x.grad!.ToArray<double>());
        Assert.Null(torch.autograd.functional.jacobian(t => t * t, x).grad_fn);
    }

    [Fact]
    public void Strict_mode_reports_independence_in_pytorchs_words()
    {
        Tensor x = torch.ones(2, ScalarType.Float64), y = torch.ones(2, ScalarType.Float64);
        var e1 = Assert.Throws<InvalidOperationException>(() =>
            torch.autograd.functional.jacobian((Tensor[] t) => new[] { t[0] * 2.0 }, new[] { x, y }, strict: true));
        Assert.Equal("Output 0 of the user-provided function is independent of input 1. This is not allowed in strict mode.", e1.Message);
        var e2 = Assert.Throws<InvalidOperationException>(() => torch.autograd.functional.jacobian(t => torch.ones(2), x, strict: true));
        Assert.Equal("Output 0 of the user-provided function does not require gradients. The outputs must be computed in a differentiable " +
                     "manner from the input when running in strict mode.", e2.Message);
        var e3 = Assert.Throws<InvalidOperationException>(() => torch.autograd.functional.jacobian(t => t * 2.0, x, strict: true, vectorize: true));
        Assert.StartsWith("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported together.", e3.Message);
        // not strict: the independent block is zeros
        Tensor[][] j = torch.autograd.functional.jacobian((Tensor[] t) => new[] { t[0] * 2.0 }, new List<Tensor> { x, y });
        Assert.Equal(new double[4], j[0][1].ToArray<double>());
        var e4 = Assert.Throws<InvalidOperationException>(() => torch.autograd.functional.hessian(t => t * 2.0, x, strict: true));
        Assert.StartsWith("The Tensor returned by the function given to hessian should contain a single element", e4.Message);
        var e5 = Assert.Throws<InvalidOperationException>(() => torch.autograd.functional.hessian(t => (t * 2.0).sum(), x, strict: true));
        Assert.StartsWith("While computing the hessian, found that the jacobian of the user-provided function with respect to input 0 is independent", e5.Message);
    }

    // f(x, y) = sum(x^3 * y): H_xx = diag(6xy), H_xy = diag(3x^2), H_yy = 0
    private static Tensor Cubic(Tensor[] t) => (t[0] * t[0] * t[0] * t[1]).sum();

    [Fact]
    public void Hessian_blocks_are_the_hand_derived_second_derivatives()
    {
        double[] xv = { 0.5, -1.5 }, yv = { 2.0, 0.25 };
        Tensor[][] h = torch.autograd.functional.hessian(Cubic, new[] { torch.tensor(xv), torch.tensor(yv) });
        Assert.Equal(new double[] { 6 * 0.5 * 2.0, 0, 0, 6 * -1.5 * 0.25 }, h[0][0].ToArray<double>());
        Assert.Equal(new double[] { 3 * 0.25, 0, 0, 3 * 2.25 }, h[0][1].ToArray<double>());
        Assert.Equal(h[0][1].ToArray<double>(), h[1][0].ToArray<double>());
        Assert.Equal(new double[4], h[1][1].ToArray<double>());
        Tensor single = torch.autograd.functional.hessian(t => (t * t * t).sum(), torch.tensor(xv));
        Assert.Equal([2L, 2L], single.shape);
        Assert.Equal(new double[] { 3.0, 0, 0, -9.0 }, single.ToArray<double>());
    }

    [Fact]
    public void Forward_over_reverse_hessian_equals_reverse_over_reverse()
    {
        double[] xv = { 0.5, -1.5 }, yv = { 2.0, 0.25 };
        Tensor[] inputs = [torch.tensor(xv), torch.tensor(yv)];
        Tensor[][] reverse = torch.autograd.functional.hessian(Cubic, inputs);
        Tensor[][] forward = torch.autograd.functional.hessian(Cubic, inputs, vectorize: true, outer_jacobian_strategy: "forward-mode");
        // both differentiate the same gradient graph once more, each element by one product chain: the same values
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++)
                Assert.Equal(reverse[i][j].ToArray<double>(), forward[i][j].ToArray<double>());
        Tensor x = torch.tensor(new double[] { 0.3, -0.8, 1.2 });
        Func<Tensor, Tensor> f = t => (t.tanh() * t.exp()).sum() + t.prod();
        // each element is a sum of a handful of products that the JVP and VJP formulas form in another order: within
        // 32 ulps of the largest element (|H| < 4 here), 32 · 2^-52 · 4 ≈ 3e-14
        Oracle.AssertClose(torch.autograd.functional.hessian(f, x).ToArray<double>(),
                           torch.autograd.functional.hessian(f, x, vectorize: true, outer_jacobian_strategy: "forward-mode").ToArray<double>(),
                           0, 3e-14, "tanh·exp + prod");

        // PyTorch's rules for the forward-mode outer Jacobian
        Assert.Equal("Computing Jacobian using forward-AD or forward-over-reverse Hessian is only implemented for `vectorize=True`.",
                     Assert.Throws<NotImplementedException>(() => torch.autograd.functional.hessian(f, x, outer_jacobian_strategy: "forward-mode")).Message);
        Assert.StartsWith("torch.autograd.functional.jacobian: `create_graph=True` and `strategy=\"forward-mode\"` are not supported together",
                          Assert.Throws<NotImplementedException>(() => torch.autograd.functional.hessian(f, x, create_graph: true, vectorize: true,
                                                                                                         outer_jacobian_strategy: "forward-mode")).Message);
        Assert.Equal("Expected strategy to be either \"forward-mode\" or \"reverse-mode\".",
                     Assert.Throws<ArgumentException>(() => torch.autograd.functional.hessian(f, x, outer_jacobian_strategy: "sideways")).Message);
    }

    [Fact]
    public void Vector_products_agree_with_the_jacobian_and_hessian_and_with_finite_differences()
    {
        var rng = new Random(3);
        double[] xv = Enumerable.Range(0, 5).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        Tensor w = torch.tensor(Enumerable.Range(0, 20).Select(_ => rng.NextDouble() - 0.5).ToArray(), [4, 5]);
        Tensor b = torch.tensor(Enumerable.Range(0, 4).Select(_ => rng.NextDouble() - 0.5).ToArray());
        Tensor x = torch.tensor(xv), u = torch.tensor(new double[] { 0.3, -0.7, 1.1, 0.2, -0.4 }), v = torch.tensor(new double[] { 1.0, -2.0, 0.5, 0.25 });
        Tensor j = torch.autograd.functional.jacobian(t => Layer(t, w, b), x);

        (Tensor y, Tensor jv) = torch.autograd.functional.jvp(t => Layer(t, w, b), x, u);
        Oracle.AssertClose(Layer(x, w, b).ToArray<double>(), y.ToArray<double>(), 0, 0);
        Oracle.AssertClose(torch.mv(j, u).ToArray<double>(), jv.ToArray<double>(), 1e-12, 1e-12, "jvp = J u");
        // and by finite differences along u
        double[] fp = Layer(x + 1e-6 * u, w, b).ToArray<double>(), fm = Layer(x - 1e-6 * u, w, b).ToArray<double>();
        Oracle.AssertClose(fp.Zip(fm, (p, m) => (p - m) / 2e-6).ToArray(), jv.ToArray<double>(), 1e-6, 1e-8, "jvp by differences");

        (_, Tensor vj) = torch.autograd.functional.vjp(t => Layer(t, w, b), x, v);
        Oracle.AssertClose(torch.mv(j.t(), v).ToArray<double>(), vj.ToArray<double>(), 1e-12, 1e-12, "vjp = vᵀJ");

        Func<Tensor, Tensor> scalar = t => (Layer(t, w, b) * v).sum();
        Tensor h = torch.autograd.functional.hessian(scalar, x);
        (Tensor s, Tensor hv) = torch.autograd.functional.hvp(scalar, x, u);
        (_, Tensor vh) = torch.autograd.functional.vhp(scalar, x, u);
        Assert.Equal(0, s.dim());
        Oracle.AssertClose(torch.mv(h, u).ToArray<double>(), hv.ToArray<double>(), 1e-12, 1e-12, "hvp = H u");
        Oracle.AssertClose(torch.mv(h.t(), u).ToArray<double>(), vh.ToArray<double>(), 1e-12, 1e-12, "vhp = uᵀH");
        // the Hessian by finite differences of the gradient
        double[] Grad(double[] p) => torch.autograd.functional.vjp(scalar, torch.tensor(p)).vjp.ToArray<double>();
        Oracle.AssertClose(FiniteJacobian(Grad, xv).Cast<double>().ToArray(), h.ToArray<double>(), 1e-6, 1e-8, "hessian by differences");
    }

    [Fact]
    public void Tuple_inputs_and_outputs_and_bad_vectors()
    {
        Tensor x = torch.tensor(new double[] { 1, 2 }), y = torch.tensor(new double[] { 3, 4 });
        (Tensor[] outs, Tensor[] jv) = torch.autograd.functional.jvp((Tensor[] t) => new[] { 2.0 * t[0] + 3.0 * t[1], t[0] * t[1] }, new[] { x, y },
                                                                     new[] { torch.ones(2, ScalarType.Float64), torch.ones(2, ScalarType.Float64) });
        Assert.Equal(new double[] { 11, 16 }, outs[0].ToArray<double>());
        Assert.Equal(new double[] { 5, 5 }, jv[0].ToArray<double>());
        Assert.Equal(new double[] { 4, 6 }, jv[1].ToArray<double>()); // d(xy) = y dx + x dy
        (_, Tensor[] vj) = torch.autograd.functional.vjp((Tensor[] t) => new[] { 2.0 * t[0] + 3.0 * t[1] }, new[] { x, y }, new[] { torch.ones(2, ScalarType.Float64) });
        Assert.Equal(new double[] { 2, 2 }, vj[0].ToArray<double>());
        Assert.Equal(new double[] { 3, 3 }, vj[1].ToArray<double>());

        var e1 = Assert.Throws<InvalidOperationException>(() => torch.autograd.functional.vjp(t => t * 2.0, x, torch.ones(3, ScalarType.Float64)));
        Assert.Equal("v has invalid size: should be [2] but got [3].", e1.Message);
        var e2 = Assert.Throws<InvalidOperationException>(() => torch.autograd.functional.vjp(t => t * 2.0, x));
        Assert.Equal("The vector v can only be None if the user-provided function returns a single Tensor with a single element.", e2.Message);
        var e3 = Assert.Throws<InvalidOperationException>(() =>
            torch.autograd.functional.jvp((Tensor[] t) => new[] { t[0] }, new[] { x, y }, new[] { torch.ones(2, ScalarType.Float64) }));
        Assert.Equal("v is a tuple of invalid length: should be 2 but got 1.", e3.Message);
    }
}
