using Autograd;
using ts = TorchSharp.torch;
using tsinit = TorchSharp.torch.nn.init;

namespace Autograd.Tests;

/// <summary>torch.nn.init gives TorchSharp's weights bit for bit for the same seed. Where TorchSharp 0.107's
/// initialiser deviates from PyTorch (xavier_normal_ fills uniformly; trunc_normal_ swaps mean and std),
/// the expected values come from LibTorch's primitives composed as PyTorch's Python defines them.</summary>
public class InitTests
{
    public static readonly TheoryData<long[]> Shapes = new() { new long[] { 128, 784 }, new long[] { 10, 3 }, new long[] { 16, 3, 3, 3 }, new long[] { 4, 2, 5 } };

    private static void Same(Func<ts.Tensor> theirs, Func<Tensor> ours)
    {
        ts.manual_seed(1);
        torch.manual_seed(1);
        Bits.Equal(theirs(), ours());
        Bits.Equal(ts.rand(2), torch.rand(2), "stream afterwards");
    }

    [Theory, MemberData(nameof(Shapes))]
    public void Kaiming_uniform_as_linear_layers_call_it(long[] shape) =>
        Same(() => tsinit.kaiming_uniform_(ts.empty(shape), a: Math.Sqrt(5)), () => torch.nn.init.kaiming_uniform_(torch.empty(shape), a: Math.Sqrt(5)));

    [Theory, MemberData(nameof(Shapes))]
    public void Kaiming_uniform_fan_out_relu(long[] shape) =>
        Same(() => tsinit.kaiming_uniform_(ts.empty(shape), 0, tsinit.FanInOut.FanOut, tsinit.NonlinearityType.ReLU),
             () => torch.nn.init.kaiming_uniform_(torch.empty(shape), 0, torch.nn.init.FanInOut.FanOut, torch.nn.init.NonlinearityType.ReLU));

    [Theory, MemberData(nameof(Shapes))]
    public void Kaiming_normal(long[] shape) =>
        Same(() => tsinit.kaiming_normal_(ts.empty(shape, ts.float64), 0.1),
             () => torch.nn.init.kaiming_normal_(torch.empty(shape, torch.float64), 0.1));

    [Theory, MemberData(nameof(Shapes))]
    public void Xavier_uniform(long[] shape) =>
        Same(() => tsinit.xavier_uniform_(ts.empty(shape), 0.8), () => torch.nn.init.xavier_uniform_(torch.empty(shape), 0.8));

    [Theory, MemberData(nameof(Shapes))]
    public void Xavier_normal_is_pytorchs_normal_with_the_glorot_std(long[] shape)
    {
        long receptive = shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        double std = 0.8 * Math.Sqrt(2.0 / (shape[1] * receptive + shape[0] * receptive));
        Same(() => ts.empty(shape).normal_(0, std), () => torch.nn.init.xavier_normal_(torch.empty(shape), 0.8));
    }

    [Fact]
    public void Uniform_and_normal_with_a_generator()
    {
        // TorchSharp's init.uniform_ ignores its generator argument: LibTorch's Tensor.uniform_ takes one
        var theirs = new ts.Generator(5);
        var ours = new torch.Generator(5);
        Bits.Equal(ts.empty(30).uniform_(-0.3, 0.3, theirs), torch.nn.init.uniform_(torch.empty(30), -0.3, 0.3, ours));
        Bits.Equal(ts.empty(30).normal_(0.1, 0.3, theirs), torch.nn.init.normal_(torch.empty(30), 0.1, 0.3, ours));
        Same(() => tsinit.normal_(ts.empty(40), 0.5, 0.02), () => torch.nn.init.normal_(torch.empty(40), 0.5, 0.02));
    }

    [Fact]
    public void A_linear_layers_default_weights_and_bias_are_torchsharps()
    {
        ts.manual_seed(1);
        var layer = TorchSharp.torch.nn.Linear(784, 128);
        torch.manual_seed(1);
        Tensor w = torch.nn.init.kaiming_uniform_(torch.empty(128, 784), a: Math.Sqrt(5));
        double bound = 1 / Math.Sqrt(784);
        Tensor b = torch.nn.init.uniform_(torch.empty(128), -bound, bound);
        Bits.Equal(layer.weight!.detach(), w, "weight");
        Bits.Equal(layer.bias!.detach(), b, "bias");
    }

    [Fact]
    public void Constant_zeros_ones_eye_and_dirac()
    {
        Bits.Equal(tsinit.constant_(ts.empty(3, 4), 0.25), torch.nn.init.constant_(torch.empty(3, 4), 0.25));
        Bits.Equal(tsinit.zeros_(ts.empty(3, 4)), torch.nn.init.zeros_(torch.empty(3, 4)));
        Bits.Equal(tsinit.ones_(ts.empty(3, 4)), torch.nn.init.ones_(torch.empty(3, 4)));
        Bits.Equal(tsinit.eye_(ts.empty(3, 5)), torch.nn.init.eye_(torch.empty(3, 5)));
        Bits.Equal(tsinit.eye_(ts.empty(5, 3)), torch.nn.init.eye_(torch.empty(5, 3)));
        Bits.Equal(tsinit.dirac_(ts.empty(4, 3, 3)), torch.nn.init.dirac_(torch.empty(4, 3, 3)));
        Bits.Equal(tsinit.dirac_(ts.empty(2, 4, 3, 5)), torch.nn.init.dirac_(torch.empty(2, 4, 3, 5)));
        Bits.Equal(tsinit.dirac_(ts.empty(new long[] { 3, 3, 2, 2, 3 })), torch.nn.init.dirac_(torch.empty(new long[] { 3, 3, 2, 2, 3 })));
    }

    [Fact]
    public void Dirac_with_groups_puts_one_delta_per_group_channel()
    {
        // PyTorch: tensor[g * out_per_group + d, d, centre...] = 1 for each group g and d < min(out_per_group, in)
        Tensor w = torch.nn.init.dirac_(torch.full(new long[] { 4, 2, 3 }, 9f), groups: 2);
        float[] v = w.ToArray<float>();
        var expected = new float[24];
        foreach ((int o, int i) in new[] { (0, 0), (1, 1), (2, 0), (3, 1) }) expected[o * 6 + i * 3 + 1] = 1;
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData(tsinit.NonlinearityType.Linear, 0.0)]
    [InlineData(tsinit.NonlinearityType.Sigmoid, 0.0)]
    [InlineData(tsinit.NonlinearityType.Tanh, 0.0)]
    [InlineData(tsinit.NonlinearityType.ReLU, 0.0)]
    [InlineData(tsinit.NonlinearityType.LeakyReLU, 0.2)]
    [InlineData(tsinit.NonlinearityType.LeakyReLU, 2.23606797749979)]
    public void Calculate_gain(tsinit.NonlinearityType kind, double param) =>
        Assert.Equal(tsinit.calculate_gain(kind, param), torch.nn.init.calculate_gain((torch.nn.init.NonlinearityType)(int)kind, param));

    [Fact]
    public void Calculate_gain_with_pytorchs_names()
    {
        // PyTorch's table: 1, 5/3, sqrt(2), sqrt(2 / (1 + 0.01^2)) for the default slope, 3/4
        Assert.Equal(1.0, torch.nn.init.calculate_gain("conv2d"));
        Assert.Equal(5.0 / 3, torch.nn.init.calculate_gain("tanh"));
        Assert.Equal(Math.Sqrt(2.0), torch.nn.init.calculate_gain("relu"));
        Assert.Equal(Math.Sqrt(2.0 / (1 + 0.01 * 0.01)), torch.nn.init.calculate_gain("leaky_relu"));
        Assert.Equal(0.75, torch.nn.init.calculate_gain("selu"));
        Assert.Equal("Unsupported nonlinearity gelu", Assert.Throws<ArgumentException>(() => torch.nn.init.calculate_gain("gelu")).Message);
    }

    [Fact]
    public void String_arguments_match_the_enum_forms() =>
        Same(() => tsinit.kaiming_uniform_(ts.empty(6, 5), 0, tsinit.FanInOut.FanOut, tsinit.NonlinearityType.ReLU),
             () => torch.nn.init.kaiming_uniform_(torch.empty(6, 5), 0, "fan_out", "relu"));

    [Fact]
    public void Bad_arguments_get_pytorchs_messages()
    {
        Assert.Equal("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
            Assert.Throws<ArgumentException>(() => torch.nn.init.kaiming_uniform_(torch.empty(5))).Message);
        Assert.Equal("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
            Assert.Throws<ArgumentException>(() => torch.nn.init.xavier_uniform_(torch.empty(5))).Message);
        Assert.Equal("Mode fan_avg not supported, please use one of ['fan_in', 'fan_out']",
            Assert.Throws<ArgumentException>(() => torch.nn.init.kaiming_normal_(torch.empty(2, 2), 0, "fan_avg")).Message);
        Assert.Equal("Only tensors with 2 dimensions are supported", Assert.Throws<ArgumentException>(() => torch.nn.init.eye_(torch.empty(2, 2, 2))).Message);
        Assert.Equal("Only tensors with 3, 4, or 5 dimensions are supported", Assert.Throws<ArgumentException>(() => torch.nn.init.dirac_(torch.empty(2, 2))).Message);
        Assert.Equal("dim 0 must be divisible by groups", Assert.Throws<ArgumentException>(() => torch.nn.init.dirac_(torch.empty(3, 2, 2), 2)).Message);
    }

    [Fact]
    public void Kaiming_on_an_empty_tensor_draws_nothing()
    {
        torch.manual_seed(3);
        torch.nn.init.kaiming_uniform_(torch.empty(0, 5));
        Tensor after = torch.rand(3);
        torch.manual_seed(3);
        Bits.Equal(Oracle.ToTorch(torch.rand(3)), after);
    }

    [Fact]
    public void Initialisers_work_on_parameters_without_recording_history()
    {
        Tensor w = torch.empty(4, 3, requires_grad: true);
        Assert.Same(w, torch.nn.init.kaiming_uniform_(w, a: Math.Sqrt(5)));
        Assert.True(w.is_leaf);
        Assert.Null(w.grad_fn);
        torch.nn.init.zeros_(w);
        torch.nn.init.eye_(w);
        Assert.True(w.requires_grad);
    }

    [Theory]
    [InlineData(new long[] { 6, 4 })]
    [InlineData(new long[] { 4, 6 })]
    [InlineData(new long[] { 3, 2, 2 })]
    [InlineData(new long[] { 20, 20 })]
    public void Orthogonal_matches_libtorchs_to_rounding(long[] shape)
    {
        // LibTorch's Q comes from LAPACK in float32, ours from a float64 Householder QR: the same unique
        // positive-diagonal factorisation of the same draws, so they agree to float32 rounding, not bits
        ts.manual_seed(9);
        torch.manual_seed(9);
        var theirs = tsinit.orthogonal_(ts.empty(shape), 1.5);
        Tensor ours = torch.nn.init.orthogonal_(torch.empty(shape), 1.5);
        Oracle.AssertClose(Oracle.Values(theirs), ours.to(ScalarType.Float64).ToArray<double>(), 0, 1e-5, "orthogonal");
        Bits.Equal(ts.rand(2), torch.rand(2), "stream afterwards");
    }

    [Theory]
    [InlineData(7, 3)]
    [InlineData(3, 7)]
    [InlineData(5, 5)]
    public void Orthogonal_in_float64_is_the_positive_diagonal_q_of_its_draws(int rows, int cols)
    {
        // the draws are LibTorch's normals; Q has orthonormal columns (rows if wide), and R = Q^T A is
        // upper triangular with a positive diagonal: the factorisation PyTorch's q *= sign(diag(r)) selects
        ts.manual_seed(10);
        double[] a = ts.randn(rows, cols, ts.float64).data<double>().ToArray();
        torch.manual_seed(10);
        double[] q = torch.nn.init.orthogonal_(torch.empty(rows, cols, torch.float64)).ToArray<double>();
        bool wide = rows < cols;
        int m = Math.Max(rows, cols), n = Math.Min(rows, cols);
        double At(double[] x, int i, int j) => wide ? x[j * cols + i] : x[i * cols + j]; // element (i, j) of the tall form
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++)
            {
                double dot = 0, r = 0;
                for (int i = 0; i < m; i++) { dot += At(q, i, j) * At(q, i, k); r += At(q, i, j) * At(a, i, k); }
                Assert.True(Math.Abs(dot - (j == k ? 1 : 0)) < 1e-12, $"Q^T Q [{j},{k}] = {dot}");
                if (j > k) Assert.True(Math.Abs(r) < 1e-12, $"R[{j},{k}] = {r} below the diagonal");
                if (j == k) Assert.True(r > 0, $"R[{j},{j}] = {r}");
            }
    }

    [Fact]
    public void Orthogonal_refuses_a_vector() =>
        Assert.Equal("Only tensors with 2 or more dimensions are supported", Assert.Throws<ArgumentException>(() => torch.nn.init.orthogonal_(torch.empty(4))).Message);

    [Theory]
    [InlineData(ScalarType.Float32, 0.0, 1.0, -2.0, 2.0)]
    [InlineData(ScalarType.Float64, 0.5, 0.02, 0.47, 0.6)]
    public void Trunc_normal_is_pytorchs_inverse_cdf_method(ScalarType t, double mean, double std, double a, double b)
    {
        // TorchSharp 0.107's trunc_normal_ multiplies by the mean and adds the std; PyTorch's definition is
        // composed here from LibTorch's primitives. erfinv differs from LibTorch's in the last bits.
        static double Cdf(double x) => (1 + ts.tensor(x / Math.Sqrt(2), ts.float64).erf().item<double>()) / 2;
        ts.manual_seed(4);
        var theirs = ts.empty(500, Bits.Ts(t)).uniform_(2 * Cdf((a - mean) / std) - 1, 2 * Cdf((b - mean) / std) - 1)
            .erfinv_().mul_(std * Math.Sqrt(2)).add_(mean).clamp_(a, b);
        torch.manual_seed(4);
        Tensor ours = torch.nn.init.trunc_normal_(torch.empty(500, t), mean, std, a, b);
        Oracle.AssertClose(theirs, ours, t, t == ScalarType.Float32 ? 1e-5 : 1e-12, "trunc_normal_");
        Assert.All(ours.to(ScalarType.Float64).ToArray<double>(), v => Assert.InRange(v, a, b));
    }
}
