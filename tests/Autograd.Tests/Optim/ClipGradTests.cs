using Autograd;
using ts = TorchSharp.torch;
using TsParameter = TorchSharp.Modules.Parameter;

namespace Autograd.Tests;

/// <summary>torch.nn.utils: clip_grad_norm_ and clip_grad_value_ against TorchSharp's (LibTorch's
/// torch::nn::utils) on the same gradients, norm types 1, 2, 3 and inf, both dtypes; PyTorch's non-finite error;
/// parameters_to_vector and vector_to_parameters against LibTorch's, with history and checks.</summary>
public class ClipGradTests
{
    private static (Tensor[] Ours, TsParameter[] Theirs) Params(ScalarType dtype, string id, bool withInf = false)
    {
        var rng = new Random(Oracle.Seed(id));
        long[][] shapes = [[3, 4], [5], [2, 2], []];
        double[] V(long n) => [.. Enumerable.Range(0, (int)n).Select(_ => rng.NextDouble() * 4 - 2)];
        var ours = new List<Tensor>();
        var theirs = new List<TsParameter>();
        for (int i = 0; i < shapes.Length; i++)
        {
            long n = shapes[i].Aggregate(1L, (a, b) => a * b);
            double[] p = V(n), g = V(n);
            if (withInf && i == 1) g[2] = double.PositiveInfinity;
            Tensor o = torch.tensor(p, shapes[i]).to(dtype).requires_grad_();
            var t = ts.nn.Parameter(ts.tensor(p, shapes[i]).to(Oracle.Ts(dtype)));
            // the 2x2 parameter has no gradient: skipped by both
            if (i != 2)
            {
                o.grad = torch.tensor(g, shapes[i]).to(dtype);
                t.grad = ts.tensor(g, shapes[i]).to(Oracle.Ts(dtype));
            }
            ours.Add(o);
            theirs.Add(t);
        }
        return ([.. ours], [.. theirs]);
    }

    private static void AssertSameGrads(Tensor[] ours, TsParameter[] theirs, ScalarType dtype, string what)
    {
        for (int i = 0; i < ours.Length; i++)
        {
            if (theirs[i].grad is null) { Assert.Null(ours[i].grad); continue; }
            Oracle.AssertClose(theirs[i].grad!, ours[i].grad!, dtype, what: $"{what} grad {i}");
        }
    }

    [Theory]
    [InlineData(2.0, 1.0)]
    [InlineData(2.0, 100.0)] // no clipping: the coefficient clamps to 1
    [InlineData(1.0, 0.5)]
    [InlineData(3.0, 2.0)]
    [InlineData(double.PositiveInfinity, 0.7)]
    public void Clip_grad_norm_matches_libtorch(double normType, double maxNorm)
    {
        foreach (ScalarType dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var (ours, theirs) = Params(dtype, $"clip-norm-{normType}-{maxNorm}-{dtype}");
            double expected = ts.nn.utils.clip_grad_norm_(theirs, maxNorm, normType);
            double actual = torch.nn.utils.clip_grad_norm_(ours, maxNorm, normType);
            Oracle.AssertClose([expected], [actual], Oracle.Rtol(dtype), 0, $"{dtype} total norm");
            AssertSameGrads(ours, theirs, dtype, $"{dtype} p={normType}");
        }
    }

    [Fact]
    public void Clip_grad_norm_of_one_tensor_and_of_none()
    {
        var (ours, theirs) = Params(ScalarType.Float32, "clip-norm-one");
        double expected = ts.nn.utils.clip_grad_norm_([theirs[0]], 0.5);
        Assert.Equal(expected, torch.nn.utils.clip_grad_norm_([ours[0]], 0.5), 6);
        AssertSameGrads([ours[0]], [theirs[0]], ScalarType.Float32, "one tensor");
        Assert.Equal(0.0, torch.nn.utils.clip_grad_norm_([ours[2]], 0.5)); // no gradient anywhere
    }

    [Fact]
    public void Norm_order_zero_counts_the_gradients_with_a_nonzero_element()
    {
        // PyTorch's total norm is the norm of the per-gradient norms: with ord 0, how many gradients are not all zero
        Tensor a = torch.zeros([3]).requires_grad_(), b = torch.zeros([2]).requires_grad_(), c = torch.zeros([4]).requires_grad_();
        a.grad = torch.tensor(new float[] { 0, 2, 0 });
        b.grad = torch.zeros([2]);
        c.grad = torch.tensor(new float[] { 1, 1, 0, 3 });
        Assert.Equal(2.0, torch.nn.utils.clip_grad_norm_([a, b, c], 100, 0));
    }

    [Fact]
    public void A_non_finite_norm_is_refused_on_request_and_otherwise_scales_as_libtorch_does()
    {
        var (ours, theirs) = Params(ScalarType.Float32, "clip-norm-inf", withInf: true);
        double[][] before = [.. ours.Where(p => p.grad is not null).Select(p => p.grad!.to(ScalarType.Float64).contiguous().ToArray<double>())];
        var e = Assert.Throws<InvalidOperationException>(() => torch.nn.utils.clip_grad_norm_(ours, 1.0, error_if_nonfinite: true));
        Assert.Equal("The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error " +
                     "and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`", e.Message);
        double[][] after = [.. ours.Where(p => p.grad is not null).Select(p => p.grad!.to(ScalarType.Float64).contiguous().ToArray<double>())];
        Assert.Equal(before, after);

        Assert.Equal(ts.nn.utils.clip_grad_norm_(theirs, 1.0), torch.nn.utils.clip_grad_norm_(ours, 1.0));
        for (int i = 0; i < ours.Length; i++)
            if (theirs[i].grad is not null) Assert.Equal(Oracle.Values(theirs[i].grad!), ours[i].grad!.to(ScalarType.Float64).contiguous().ToArray<double>());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void Clip_grad_value_matches_libtorch(double clip)
    {
        foreach (ScalarType dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var (ours, theirs) = Params(dtype, $"clip-value-{clip}-{dtype}", withInf: true);
            ts.nn.utils.clip_grad_value_(theirs, clip);
            torch.nn.utils.clip_grad_value_(ours, clip);
            for (int i = 0; i < ours.Length; i++)
                if (theirs[i].grad is not null) Assert.Equal(Oracle.Values(theirs[i].grad!), ours[i].grad!.to(ScalarType.Float64).contiguous().ToArray<double>());
        }
    }

    [Fact]
    public void Parameters_to_vector_and_back_match_libtorch()
    {
        foreach (ScalarType dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var (ours, theirs) = Params(dtype, $"p2v-{dtype}");
            Tensor vec = torch.nn.utils.parameters_to_vector(ours);
            ts.Tensor tvec = ts.nn.utils.parameters_to_vector(theirs);
            Assert.Equal(Oracle.Values(tvec), vec.to(ScalarType.Float64).ToArray<double>());

            // the vector has history back to each parameter: d(sum(vec * w))/dp = p's slice of w
            foreach (Tensor p in ours) p.grad = null;
            double[] w = [.. Enumerable.Range(0, (int)vec.numel()).Select(i => 0.1 * i - 1)];
            vec.mul(torch.tensor(w).to(dtype)).sum().backward();
            long offset = 0;
            foreach (Tensor p in ours)
            {
                Oracle.AssertClose(w[(int)offset..(int)(offset + p.numel())], p.grad!.to(ScalarType.Float64).contiguous().ToArray<double>(),
                                   Oracle.Rtol(dtype), Oracle.Atol(dtype), $"{dtype} gradient through the vector");
                offset += p.numel();
            }

            double[] fresh = [.. Enumerable.Range(0, (int)vec.numel()).Select(i => (double)i)];
            torch.nn.utils.vector_to_parameters(torch.tensor(fresh).to(dtype), ours);
            ts.nn.utils.vector_to_parameters(ts.tensor(fresh).to(Oracle.Ts(dtype)), theirs);
            for (int i = 0; i < ours.Length; i++)
            {
                Assert.Equal(theirs[i].shape, ours[i].shape);
                Assert.Equal(Oracle.Values(theirs[i]), ours[i].to(ScalarType.Float64).contiguous().ToArray<double>());
                Assert.True(ours[i].requires_grad && ours[i].is_leaf);
            }
        }
    }

    [Fact]
    public void Vector_to_parameters_checks_before_writing()
    {
        Tensor a = torch.ones([2, 2]).requires_grad_(), b = torch.ones([3]).requires_grad_();
        Assert.Equal("vector_to_parameters: the vector has 6 elements, the parameters 7",
                     Assert.Throws<ArgumentException>(() => torch.nn.utils.vector_to_parameters(torch.zeros([6]), [a, b])).Message);
        Assert.Equal("vector_to_parameters: expected a 1-D vector, but got a 2-D tensor",
                     Assert.Throws<ArgumentException>(() => torch.nn.utils.vector_to_parameters(torch.zeros([7, 1]), [a, b])).Message);
        Assert.Throws<ArgumentException>(() => torch.nn.utils.vector_to_parameters(torch.zeros([7], ScalarType.Float64), [a, b]));
        Assert.All(new[] { a, b }, p => Assert.All(p.ToArray<float>(), x => Assert.Equal(1f, x)));
    }
}
