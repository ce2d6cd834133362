using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Integer and bool paths, special values and PyTorch's messages for the rounding, classification
/// and math ops (the op table covers floating values and gradients).</summary>
public class OpTailBehaviourTests
{
    private static readonly long[] A = [7, -7, 7, -7, 0, long.MinValue];
    private static readonly long[] B = [2, 2, -2, -2, 3, -1];

    [Fact]
    public void Integer_fmod_and_remainder_match_libtorch()
    {
        Tensor a = torch.tensor(A), b = torch.tensor(B);
        ts.Tensor ta = ts.tensor(A), tb = ts.tensor(B);
        Assert.Equal(ta.fmod(tb).data<long>().ToArray(), a.fmod(b).ToArray<long>());
        Assert.Equal(ta.remainder(tb).data<long>().ToArray(), a.remainder(b).ToArray<long>());
        Assert.Equal(ScalarType.Int64, a.fmod(b).dtype);
        Assert.Equal(ScalarType.Float32, a.fmod(2.5).dtype);
    }

    [Fact]
    public void Integer_division_by_zero_throws_before_writing()
    {
        Tensor a = torch.tensor(A), zero = torch.zeros(A.Length, dtype: ScalarType.Int64);
        Assert.Equal("ZeroDivisionError", Assert.Throws<DivideByZeroException>(() => a.fmod(zero)).Message);
        Assert.Equal("ZeroDivisionError", Assert.Throws<DivideByZeroException>(() => a.remainder_(zero)).Message);
        Assert.Equal(A, a.ToArray<long>());
    }

    [Fact]
    public void Rounding_copies_integers_and_rejects_bools_with_pytorch_messages()
    {
        Tensor a = torch.tensor(A);
        Assert.Equal(A, a.floor().ToArray<long>());
        Assert.Equal(A, a.clone().ceil_().ToArray<long>());
        Tensor flags = torch.tensor(new[] { true, false });
        Assert.Equal("\"floor_vml_cpu\" not implemented for 'Bool'", Assert.Throws<NotSupportedException>(() => flags.floor()).Message);
        Assert.Equal("\"round_vml_cpu\" not implemented for 'Long'", Assert.Throws<NotSupportedException>(() => a.round()).Message);
        Assert.Equal("\"round_cpu\" not implemented for 'Long'", Assert.Throws<NotSupportedException>(() => a.round(1)).Message);
        Assert.Equal("\"frac_cpu\" not implemented for 'Long'", Assert.Throws<NotSupportedException>(() => a.frac()).Message);
        Assert.Equal("\"fmod_cpu\" not implemented for 'Bool'", Assert.Throws<NotSupportedException>(() => flags.fmod(flags)).Message);
        Assert.Equal("\"hypot_cpu\" not implemented for 'Long'", Assert.Throws<NotSupportedException>(() => a.hypot(a)).Message);
        Assert.Equal("\"logaddexp_cpu\" not implemented for 'Long'", Assert.Throws<NotSupportedException>(() => a.logaddexp(a)).Message);
        Assert.Equal("polygamma(n, x) does not support negative n.", Assert.Throws<ArgumentException>(() => a.polygamma(-1)).Message);
        Assert.StartsWith("Integer division with addcdiv is no longer supported", Assert.Throws<ArgumentException>(() => a.addcdiv(a, a)).Message);
        Assert.Equal("result type Float can't be cast to the desired output type Long", Assert.Throws<ArgumentException>(() => a.clone().tan_()).Message);
    }

    [Fact]
    public void Round_is_half_to_even_like_libtorch()
    {
        double[] v = [0.5, 1.5, 2.5, -0.5, -2.5, 1.2345, 125, 175, -0.0];
        foreach (long d in new long[] { 0, 2, -1 })
            Assert.Equal(ts.tensor(v).round(d).data<double>().ToArray(), torch.tensor(v).round(d).ToArray<double>());
    }

    [Fact]
    public void Classification_of_integer_and_bool_tensors_matches_libtorch()
    {
        Tensor a = torch.tensor(A);
        ts.Tensor ta = ts.tensor(A);
        Assert.Equal(ta.isnan().data<bool>().ToArray(), a.isnan().ToArray<bool>());
        Assert.Equal(ta.isfinite().data<bool>().ToArray(), a.isfinite().ToArray<bool>());
        Assert.Equal(ta.signbit().data<bool>().ToArray(), a.signbit().ToArray<bool>());
        Assert.Equal(A, a.nan_to_num().ToArray<long>());
        Assert.Equal(ScalarType.Float32, a.copysign(a).dtype);
        Assert.Equal(ScalarType.Int64, torch.tensor(new[] { true, false }).square().dtype);
    }

    [Fact]
    public void Special_values_match_libtorch()
    {
        double[] v = [0.0, -0.0, -1, -2.5, 1, -1.0000001, 0.99999999, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-300, 30];
        foreach (var (name, ours, theirs) in new (string, Func<Tensor, Tensor>, Func<ts.Tensor, ts.Tensor>)[]
                 {
                     ("digamma", x => x.digamma(), x => x.digamma()), ("lgamma", x => x.lgamma(), x => x.lgamma()),
                     ("erfinv", x => x.erfinv(), x => x.erfinv()), ("polygamma1", x => x.polygamma(1), x => x.polygamma(1)),
                     ("sinc", x => x.sinc(), x => x.sinc()), ("reciprocal", x => x.reciprocal(), x => x.reciprocal()),
                     ("xlogy0", x => torch.zeros_like(x).xlogy(x), x => ts.zeros_like(x).xlogy(x)),
                     ("logaddexp", x => x.logaddexp(x), x => x.logaddexp(x)), ("atanh", x => x.atanh(), x => x.atanh()),
                 })
            // 1e-9: poles and the ends of the domain, where libm and LibTorch's vectorised functions differ by ulps
            Oracle.AssertClose(theirs(ts.tensor(v)), ours(torch.tensor(v)), ScalarType.Float64, 1e-9, name);
    }
}
