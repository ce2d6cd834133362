using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

/// <summary>Normalisation behaviour beyond the op table: running statistics updated like LibTorch's,
/// PyTorch's messages, and nothing modified by a call that throws.</summary>
public class NormBehaviourTests
{
    private static readonly double[] s_x = [0.5, -1.25, 2, 0.75, 1.5, -0.5, 0.25, 3, -2, 1, 0.125, -0.75];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Batch_norm_updates_running_statistics_like_libtorch(bool fourD)
    {
        long[] shape = fourD ? [2, 3, 2, 1] : [4, 3];
        Tensor x = torch.tensor(s_x, shape);
        Tensor rm = torch.tensor(new double[] { 0.1, -0.2, 0.3 }), rv = torch.tensor(new double[] { 1.5, 0.5, 2 });
        ts.Tensor tx = ts.tensor(s_x, shape), trm = ts.tensor(new double[] { 0.1, -0.2, 0.3 }), trv = ts.tensor(new double[] { 1.5, 0.5, 2 });
        F.batch_norm(x, rm, rv, training: true, momentum: 0.3);
        TF.batch_norm(tx, trm, trv, training: true, momentum: 0.3);
        Oracle.AssertClose(trm, rm, ScalarType.Float64, what: "running_mean");
        Oracle.AssertClose(trv, rv, ScalarType.Float64, what: "running_var");
    }

    [Fact]
    public void Instance_norm_updates_running_statistics_like_libtorch()
    {
        Tensor x = torch.tensor(s_x, [2, 2, 3]);
        Tensor rm = torch.tensor(new double[] { 0.1, -0.2 }), rv = torch.tensor(new double[] { 1.5, 0.5 });
        ts.Tensor trm = ts.tensor(new double[] { 0.1, -0.2 }), trv = ts.tensor(new double[] { 1.5, 0.5 });
        F.instance_norm(x, rm, rv, momentum: 0.3);
        TF.instance_norm(ts.tensor(s_x, [2, 2, 3]), trm, trv, momentum: 0.3);
        Oracle.AssertClose(trm, rm, ScalarType.Float64, what: "running_mean");
        Oracle.AssertClose(trv, rv, ScalarType.Float64, what: "running_var");
    }

    [Fact]
    public void Batch_norm_in_evaluation_mode_leaves_running_statistics_alone()
    {
        Tensor rm = torch.tensor(new double[] { 0.1, -0.2, 0.3 }), rv = torch.tensor(new double[] { 1.5, 0.5, 2 });
        F.batch_norm(torch.tensor(s_x, [4, 3]), rm, rv, training: false);
        Assert.Equal([0.1, -0.2, 0.3], rm.ToArray<double>());
        Assert.Equal([1.5, 0.5, 2], rv.ToArray<double>());
    }

    [Fact]
    public void Batch_norm_with_one_value_per_channel_throws_before_updating()
    {
        Tensor rm = torch.zeros(3, dtype: torch.float64), rv = torch.ones(3, dtype: torch.float64);
        var ex = Assert.Throws<ArgumentException>(() => F.batch_norm(torch.ones(1, 3), rm, rv, training: true));
        Assert.Equal("Expected more than 1 value per channel when training, got input size torch.Size([1, 3])", ex.Message);
        Assert.Equal([0.0, 0, 0], rm.ToArray<double>());
        Assert.Equal([1.0, 1, 1], rv.ToArray<double>());
    }

    [Fact]
    public void Batch_norm_checks_per_channel_sizes_and_evaluation_statistics()
    {
        Tensor x = torch.ones(4, 3);
        var ex = Assert.Throws<ArgumentException>(() => F.batch_norm(x, torch.zeros(2), torch.ones(3), training: true));
        Assert.Equal("running_mean should contain 3 elements not 2", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => F.batch_norm(x, null, null, weight: torch.ones(4), training: true));
        Assert.Equal("weight should contain 3 elements not 4", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => F.batch_norm(x, null, null, training: false));
        Assert.Equal("running_mean must be defined in evaluation mode", ex.Message);
    }

    [Fact]
    public void Layer_norm_shape_mismatches_throw_pytorchs_messages()
    {
        Tensor x = torch.ones(3, 5);
        var ex = Assert.Throws<ArgumentException>(() => F.layer_norm(x, [4]));
        Assert.Equal("Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[3, 5]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => F.layer_norm(x, [5], torch.ones(4)));
        Assert.Equal("Expected weight to be of same shape as normalized_shape, but got weight of shape [4] and normalized_shape = [5]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => F.layer_norm(x, []));
        Assert.Equal("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => F.rms_norm(x, [2, 5]));
        Assert.Equal("Given normalized_shape=[2, 5], expected input with shape [*, 2, 5], but got input of size[3, 5]", ex.Message);
    }

    [Fact]
    public void Group_norm_needs_channels_divisible_by_groups()
    {
        var ex = Assert.Throws<ArgumentException>(() => F.group_norm(torch.ones(2, 6, 4), 4));
        Assert.Equal("Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 6, 4] and num_groups=4", ex.Message);
    }

    [Fact]
    public void Rms_norm_default_eps_is_the_dtypes_machine_epsilon()
    {
        // x = [1e-4, -1e-4]: mean(x²) = 1e-8, so eps = 2^-23 (float32's epsilon) is visible in the result
        Tensor y = F.rms_norm(torch.tensor(new float[] { 1e-4f, -1e-4f }), [2]);
        double expected = 1e-4 / Math.Sqrt(1e-8 + Math.Pow(2, -23));
        Assert.Equal(expected, y.ToArray<float>()[0], 5);
    }

    [Fact]
    public void Layer_norm_rejects_integer_input()
    {
        var ex = Assert.Throws<NotSupportedException>(() => F.layer_norm(torch.tensor(new long[] { 1, 2 }), [2]));
        Assert.Equal("\"LayerNormKernelImpl\" not implemented for 'Long'", ex.Message);
    }
}
