using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>PyTorch's type promotion for every pair of stored dtypes (dimensioned tensors, 0-d tensors and
/// wrapped C# scalars), and the binary ops on every pair: result dtype, values bit for bit (integer overflow
/// wraps, integer division and remainder round as PyTorch's), and LibTorch's message where it refuses a pair.</summary>
public class DtypePromotionTests
{
    public static TheoryData<ScalarType, ScalarType> Pairs()
    {
        var data = new TheoryData<ScalarType, ScalarType>();
        foreach (ScalarType a in DtypeCases.All)
            foreach (ScalarType b in DtypeCases.All)
                data.Add(a, b);
        return data;
    }

    public static TheoryData<ScalarType> Each() => [.. DtypeCases.All];

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Promote_types_and_can_cast_match_libtorch(ScalarType a, ScalarType b)
    {
        Assert.Equal(Oracle.Ts(torch.promote_types(a, b)), ts.promote_types(Oracle.Ts(a), Oracle.Ts(b)));
        Assert.Equal(ts.can_cast(Oracle.Ts(a), Oracle.Ts(b)), torch.can_cast(a, b));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Result_type_of_dimensioned_and_zero_dim_tensors_matches_libtorch(ScalarType a, ScalarType b)
    {
        foreach (bool aZero in new[] { false, true })
            foreach (bool bZero in new[] { false, true })
            {
                Tensor x = DtypeCases.Ours(DtypeCases.A, a, aZero), y = DtypeCases.Ours(DtypeCases.B, b, bZero);
                ts.Tensor tx = DtypeCases.Theirs(DtypeCases.A, a, aZero), ty = DtypeCases.Theirs(DtypeCases.B, b, bZero);
                Assert.Equal(Oracle.Ts(torch.result_type(x, y)), ts.result_type(tx, ty));
            }
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void Wrapped_scalars_promote_as_in_libtorch(ScalarType a)
    {
        foreach (bool zero in new[] { false, true })
        {
            Tensor x = DtypeCases.Ours(DtypeCases.A, a, zero);
            ts.Tensor tx = DtypeCases.Theirs(DtypeCases.A, a, zero);
            Assert.Equal((ScalarType)(sbyte)(tx * 3).dtype, (x * 3).dtype);
            Assert.Equal((ScalarType)(sbyte)(tx * 2.5).dtype, (x * 2.5).dtype);
            Assert.Equal((ScalarType)(sbyte)(tx * 3L).dtype, (x * 3L).dtype);
            Assert.Equal((ScalarType)(sbyte)tx.mul(true).dtype, x.mul(true).dtype);
            // TorchSharp's result_type takes tensors only (a C# number becomes a 0-d tensor there), so the
            // wrapped-number overload is checked against the dtype LibTorch gives the scalar op
            Assert.Equal((ScalarType)(sbyte)(tx * 2.5).dtype, torch.result_type(x, (Scalar)2.5));
            Assert.Equal((ScalarType)(sbyte)(tx * 3).dtype, torch.result_type(x, (Scalar)3));
        }
    }
}
