using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>TorchSharp's conveniences: scalar conversions, closeness, value equality, the CPU-only device API,
/// and the bitwise ops' messages.</summary>
public class ConvenienceTests
{
    [Fact]
    public void Scalar_conversions_convert_one_element_tensors()
    {
        Tensor f = torch.tensor(-2.75f);
        Assert.Equal(-2.75f, f.ToSingle());
        Assert.Equal(-2.75, f.ToDouble());
        Assert.Equal(-2L, f.ToInt64());
        Assert.Equal(-2, f.ToInt32());
        Assert.True(f.ToBoolean());
        Assert.Equal(-2.75, f.ToScalar().ToDouble());
        Assert.Equal(7L, torch.tensor(7L).ToScalar().ToInt64());
        Assert.Equal("a Tensor with 3 elements cannot be converted to Scalar",
                     Assert.Throws<ArgumentException>(() => torch.zeros(3).ToSingle()).Message);
    }

    [Fact]
    public void Isclose_and_allclose_match_libtorch()
    {
        double[] a = [1, 1e-9, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 100, -3], b = [1.000001, 0, double.NaN, double.PositiveInfinity, double.PositiveInfinity, 100.01, -3.00002];
        foreach (bool nan in new[] { false, true })
            foreach (var (rtol, atol) in new[] { (1e-5, 1e-8), (1e-3, 0.0), (0.0, 1e-4) })
            {
                Assert.Equal(ts.tensor(a).isclose(ts.tensor(b), rtol, atol, nan).data<bool>().ToArray(),
                             torch.tensor(a).isclose(torch.tensor(b), rtol, atol, nan).ToArray<bool>());
                Assert.Equal(ts.tensor(a).allclose(ts.tensor(b), rtol, atol, nan), torch.tensor(a).allclose(torch.tensor(b), rtol, atol, nan));
            }
        Assert.True(torch.allclose(torch.tensor(new[] { 1.0, 2.0 }), torch.tensor(new[] { 1.0, 2.0 + 1e-7 })));
        Assert.Equal("Float did not match Long", Assert.Throws<ArgumentException>(() => torch.ones(2).isclose(torch.ones(2, dtype: ScalarType.Int64))).Message);
    }

    [Fact]
    public void Equals_compares_values_as_torchsharp_does()
    {
        Tensor a = torch.tensor(new[] { 1.0f, 2, 3 });
        Assert.Equal(a, a.clone());            // xunit's Assert.Equal goes through Equals
        Assert.True(a.Equals(torch.tensor(new[] { 1.0, 2, 3 })));
        Assert.False(a.Equals(torch.tensor(new[] { 1.0f, 2, 4 })));
        Assert.False(a.Equals(a.reshape(3, 1)));
        Assert.False(a.Equals((object?)null));
        Assert.Equal(a.GetHashCode(), a.clone().GetHashCode());
        Tensor nan = torch.tensor(new[] { float.NaN });
        Assert.True(nan.Equals(nan));          // reflexive, as .NET requires
        Assert.False(nan.Equals(nan.clone())); // NaN != NaN, as torch.equal
        var list = new Autograd.Modules.ParameterList();
        var p1 = new Autograd.Modules.Parameter(torch.zeros(2)); var p2 = new Autograd.Modules.Parameter(torch.zeros(2));
        list.Add(p1); list.Add(p2);
        Assert.Equal(1, list.IndexOf(p2));    // containers keep identity
    }

    [Fact]
    public void Cuda_is_unavailable_and_asking_for_it_throws_pytorchs_message()
    {
        Assert.False(torch.cuda.is_available());
        Assert.False(torch.cuda_is_available());
        Assert.Equal(0, torch.cuda.device_count());
        Assert.Equal("cuda:1", torch.device("cuda:1").ToString());
        Assert.Equal(DeviceType.CUDA, torch.CUDA.type);
        Tensor x = torch.ones(2);
        Assert.Same(x, x.cpu());
        Assert.Equal("Torch not compiled with CUDA enabled", Assert.Throws<NotSupportedException>(() => x.cuda()).Message);
        Assert.Equal("Torch not compiled with CUDA enabled", Assert.Throws<NotSupportedException>(() => torch.zeros(2, device: torch.CUDA)).Message);
        Assert.Equal("Torch not compiled with CUDA enabled", Assert.Throws<NotSupportedException>(() => x.to(torch.device("cuda"))).Message);
    }

    [Fact]
    public void Mps_is_unavailable_and_asking_for_it_throws()
    {
        Assert.False(torch.mps_is_available());
        Assert.Equal(DeviceType.MPS, torch.MPS.type);
        Assert.Equal((int)TorchSharp.DeviceType.MPS, (int)DeviceType.MPS);
        Assert.Equal("mps", torch.MPS.ToString());
        Tensor x = torch.ones(2);
        Assert.Throws<NotSupportedException>(() => torch.zeros(2, device: torch.MPS));
        Assert.Throws<NotSupportedException>(() => x.to(torch.MPS));
        Assert.Equal(DeviceType.CPU, x.device.type);
    }

    [Fact]
    public void Bitwise_ops_reject_floats_with_pytorchs_messages()
    {
        Tensor f = torch.ones(2), i = torch.ones(2, dtype: ScalarType.Int64), b = torch.ones(2, dtype: ScalarType.Bool);
        Assert.Equal("\"bitwise_and_cpu\" not implemented for 'Float'", Assert.Throws<NotSupportedException>(() => f & f).Message);
        Assert.Equal("\"bitwise_and_cpu\" not implemented for 'Float'", Assert.Throws<NotSupportedException>(() => i.bitwise_and(f)).Message);
        Assert.Equal("\"bitwise_not_cpu\" not implemented for 'Float'", Assert.Throws<NotSupportedException>(() => ~f).Message);
        Assert.Equal("\"lshift_cpu\" not implemented for 'Float'", Assert.Throws<NotSupportedException>(() => f << 1).Message);
        Assert.Equal("\"lshift_cpu\" not implemented for 'Bool'", Assert.Throws<NotSupportedException>(() => b.bitwise_left_shift(b)).Message);
        Assert.Equal(new[] { false, false }, (~b).ToArray<bool>());
    }
}
