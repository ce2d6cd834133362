using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>
/// Inputs the fuzzer (FuzzTests) found reaching native status codes or runtime faults: each now gives
/// LibTorch's value or message, read from LibTorch in the test.
/// </summary>
public class HostileScalarTests
{
    private static string LibTorch(Action call) => Assert.ThrowsAny<Exception>(call).Message.Split('\n')[0];

    private static double[] Values(ts.Tensor t) => t.to(ts.ScalarType.Float64).data<double>().ToArray();

    [Fact]
    public void Size_and_stride_of_a_0d_tensor_name_the_missing_dimension()
    {
        Assert.Equal(LibTorch(() => ts.tensor(1f).size(0)), Assert.Throws<IndexOutOfRangeException>(() => torch.tensor(1f).size(0)).Message);
        Assert.Equal(LibTorch(() => ts.tensor(1f).size(-1)), Assert.Throws<IndexOutOfRangeException>(() => torch.tensor(1f).size(-1)).Message);
        Assert.Equal(LibTorch(() => ts.tensor(1f).stride(0)), Assert.Throws<IndexOutOfRangeException>(() => torch.tensor(1f).stride(0)).Message);
    }

    [Fact]
    public void A_scalar_that_does_not_fit_the_dtype_is_rejected_before_anything_is_written()
    {
        Assert.Equal(LibTorch(() => ts.full([1], double.PositiveInfinity, ts.ScalarType.Int64)),
                     Assert.Throws<ArgumentException>(() => torch.full([1], double.PositiveInfinity, ScalarType.Int64)).Message);
        Assert.Equal(LibTorch(() => ts.full([1], 3e38, ts.ScalarType.Int64)),
                     Assert.Throws<ArgumentException>(() => torch.full([1], 3e38, ScalarType.Int64)).Message);
        var x = torch.ones(2);
        Assert.Equal(LibTorch(() => ts.ones(2).fill_(1e308)), Assert.Throws<ArgumentException>(() => x.fill_(1e308)).Message);
        Assert.Equal(new float[] { 1, 1 }, x.ToArray<float>());
    }

    [Fact]
    public void Integer_scalar_arithmetic_is_exact_and_wraps_as_LibTorch()
    {
        long[] v = [1, 2, 3];
        Assert.Equal(ts.tensor(v).add(6148914691236517206L, 3).data<long>().ToArray(), torch.tensor(v).add(6148914691236517206L, 3).ToArray<long>());
        Assert.Equal(ts.tensor(v).mul(long.MaxValue).data<long>().ToArray(), torch.tensor(v).mul(long.MaxValue).ToArray<long>());
        Assert.Equal(ts.tensor(v).sub(long.MinValue).data<long>().ToArray(), torch.tensor(v).sub(long.MinValue).ToArray<long>());
        // TorchSharp has no sub(other, alpha); a - (-2^63)·b is a + (-2^63)·b in two's complement (-(-2^63) wraps)
        Assert.Equal(ts.tensor(v).add(ts.tensor(new long[] { 1 }), long.MinValue).data<long>().ToArray(),
                     torch.tensor(v).sub(torch.tensor(new long[] { 1 }), long.MinValue).ToArray<long>());
        var y = torch.tensor(v);
        y.add_(9007199254740993L); // 2^53 + 1: not a double
        Assert.Equal(ts.tensor(v).add_(9007199254740993L).data<long>().ToArray(), y.ToArray<long>());
        Assert.Equal(LibTorch(() => ts.tensor(v).add(1, 0.5)), Assert.Throws<ArgumentException>(() => torch.tensor(v).add(1, 0.5)).Message);
    }

    [Fact]
    public void Bool_tensors_take_scalar_add_and_mul_and_refuse_sub()
    {
        bool[] b = [true, false];
        Assert.Equal(Values(ts.tensor(b).mul_(true)), torch.tensor(b).mul_(true).to(ScalarType.Float64).ToArray<double>());
        Assert.Equal(Values(ts.tensor(b).add_(false, 5)), torch.tensor(b).add_(false, 5).to(ScalarType.Float64).ToArray<double>());
        Assert.Equal(LibTorch(() => ts.tensor(b).sub_(false)), Assert.Throws<ArgumentException>(() => torch.tensor(b).sub_(false)).Message);
        Assert.Equal(LibTorch(() => ts.tensor(b).sub(ts.tensor(new long[] { 1 }))),
                     Assert.Throws<ArgumentException>(() => torch.tensor(b).sub(torch.tensor(new long[] { 1 }))).Message);
    }

    [Fact]
    public void Sum_and_prod_into_bool_are_any_and_all()
    {
        float[] v = [0, 2, 0, 0];
        Assert.Equal(Values(ts.tensor(v).sum(type: ts.ScalarType.Bool)), torch.tensor(v).sum(ScalarType.Bool).to(ScalarType.Float64).ToArray<double>());
        Assert.Equal(Values(ts.tensor(v).prod(type: ts.ScalarType.Bool)), torch.tensor(v).prod(ScalarType.Bool).to(ScalarType.Float64).ToArray<double>());
        Assert.Equal(Values(ts.tensor(v).reshape(2, 2).sum(1, type: ts.ScalarType.Bool)),
                     torch.tensor(v).reshape(2, 2).sum(1, type: ScalarType.Bool).to(ScalarType.Float64).ToArray<double>());
    }

    [Fact]
    public void A_NaN_clamp_bound_makes_every_element_NaN_and_passes_no_gradient()
    {
        var x = torch.tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        var tx = ts.tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        Tensor y = x.clamp_max(double.NaN);
        ts.Tensor ty = tx.clamp_max(double.NaN);
        Assert.Equal(Values(ty), y.to(ScalarType.Float64).ToArray<double>());
        y.sum().backward();
        ty.sum().backward();
        Assert.Equal(Values(tx.grad!), x.grad!.to(ScalarType.Float64).ToArray<double>());
        Assert.Equal(Values(ts.tensor(new float[] { 1, 2 }).clamp_min(double.NaN)), torch.tensor(new float[] { 1, 2 }).clamp_min(double.NaN).to(ScalarType.Float64).ToArray<double>());
    }

    [Fact]
    public void Arange_with_a_NaN_step_is_rejected()
    {
        Assert.Equal(LibTorch(() => ts.arange(0.0, 5.0, double.NaN)), Assert.Throws<ArgumentException>(() => torch.arange(0.0, 5.0, double.NaN)).Message);
    }

    [Fact]
    public void Empty_views_past_their_storage_read_as_empty()
    {
        // unbind of [2, 0, 3] gives two [0, 3] views; the second starts past the (empty) storage
        Tensor[] parts = torch.zeros(2, 0, 3).unbind(0);
        Assert.Equal(ts.zeros(2, 0, 3).unbind(0).Length, parts.Length);
        Assert.All(parts, p => Assert.Empty(p.ToArray<float>()));
    }

    [Fact]
    public void Chunk_and_split_counts_never_overflow()
    {
        Assert.Equal(ts.ones(5).chunk(100).Length, torch.ones(5).chunk(100).Length);
        Assert.Equal(ts.ones(5).chunk(1L << 40).Length, torch.ones(5).chunk(long.MaxValue).Length); // one element each
        Assert.Single(torch.ones(5).split(long.MaxValue));
        Assert.Throws<ArgumentException>(() => torch.ones(0).chunk(6148914691236517206));
    }
}
