using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>The oracle loads, and our native add/mul kernels agree with LibTorch (foundation check).</summary>
public class OracleSmokeTests
{
    [Fact]
    public void TorchSharp_loads_and_computes()
    {
        using var a = ts.tensor(new float[] { 1, 2, 3 });
        Assert.Equal(new float[] { 2, 4, 6 }, (a * 2).data<float>().ToArray());
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void Add_and_mul_match_libtorch_with_broadcast_and_strides(ScalarType dtype)
    {
        var rng = new Random(7);
        double[] av = Enumerable.Range(0, 12).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        double[] bv = Enumerable.Range(0, 4).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        // a: [3,4] read transposed as [4,3]; b: [4,1] broadcast along dim 1
        Tensor a = torch.tensor(av, [3, 4]).to(dtype).t();
        Tensor b = torch.tensor(bv, [4, 1]).to(dtype);
        using var ta = ts.tensor(av, [3, 4]).to(Oracle.Ts(dtype)).t();
        using var tb = ts.tensor(bv, [4, 1]).to(Oracle.Ts(dtype));
        Oracle.AssertClose(ta + tb, a + b, dtype);
        Oracle.AssertClose(ta * tb, a * b, dtype);
    }
}
