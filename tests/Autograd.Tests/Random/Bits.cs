using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Bit-level comparison of our tensors with TorchSharp's: the random streams are a bit-for-bit
/// contract, so values are compared as raw bits (NaN payloads and signed zeros included).</summary>
internal static class Bits
{
    internal static void Equal(ts.Tensor expected, Tensor actual, string what = "")
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal((sbyte)expected.dtype, (sbyte)actual.dtype);
        long[] e = Raw(expected), a = Raw(actual);
        for (int i = 0; i < e.Length; i++)
            if (e[i] != a[i]) Assert.Fail($"{what}[{i}] of {e.Length}: expected bits {e[i]:X} ({Show(expected, i)}), got {a[i]:X} ({Show(actual, i)})");
    }

    private static long[] Raw(ts.Tensor t)
    {
        var c = t.contiguous();
        return c.dtype switch
        {
            ts.ScalarType.Float32 => Array.ConvertAll(c.data<float>().ToArray(), v => (long)BitConverter.SingleToInt32Bits(v)),
            ts.ScalarType.Float64 => Array.ConvertAll(c.data<double>().ToArray(), BitConverter.DoubleToInt64Bits),
            ts.ScalarType.Int64 => c.data<long>().ToArray(),
            ts.ScalarType.Bool => Array.ConvertAll(c.data<bool>().ToArray(), v => v ? 1L : 0L),
            _ => throw new NotSupportedException(c.dtype.ToString()),
        };
    }

    private static long[] Raw(Tensor t) => t.dtype switch
    {
        ScalarType.Float32 => Array.ConvertAll(t.ToArray<float>(), v => (long)BitConverter.SingleToInt32Bits(v)),
        ScalarType.Float64 => Array.ConvertAll(t.ToArray<double>(), BitConverter.DoubleToInt64Bits),
        ScalarType.Int64 => t.ToArray<long>(),
        _ => Array.ConvertAll(t.ToArray<bool>(), v => v ? 1L : 0L),
    };

    private static string Show(ts.Tensor t, int i) => t.contiguous().to(ts.ScalarType.Float64).data<double>()[i].ToString("R");
    private static string Show(Tensor t, int i) => t.to(ScalarType.Float64).ToArray<double>()[i].ToString("R");

    internal static ts.ScalarType Ts(ScalarType t) => (ts.ScalarType)(sbyte)t;
}
