using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Identical operands of every stored dtype for both libraries: values that wrap, round and
/// overflow in the narrow types (each converted from float64 by the conversions that
/// DtypeConversionTests proves bit-exact).</summary>
internal static class DtypeCases
{
    internal static readonly ScalarType[] All =
    [
        ScalarType.Byte, ScalarType.Int8, ScalarType.Int16, ScalarType.Int32, ScalarType.Int64,
        ScalarType.Float16, ScalarType.Float32, ScalarType.Float64, ScalarType.Bool, ScalarType.BFloat16,
    ];

    /// <summary>Theory cases: every op name with every dtype in <see cref="All"/>.</summary>
    internal static TheoryData<string, ScalarType> ForEachDtype(IEnumerable<string> names)
    {
        var data = new TheoryData<string, ScalarType>();
        foreach (string name in names)
            foreach (ScalarType t in All)
                data.Add(name, t);
        return data;
    }

    /// <summary>Left operands: small and large magnitudes of both signs, fractions, values at each
    /// integer type's edge (they wrap in sums and products).</summary>
    internal static readonly double[] A = [-2, 0, 1, -1, 7, -7, 100, 127, -128, 200, 255, 3.7, -2.5, 1000, 40000, 65000, 32767, 0.1, 1e9, -5];

    /// <summary>Right operands: no zero in any dtype (integer division by zero is a separate case); 0-d cases
    /// take the first, which float16/bfloat16 cannot hold exactly.</summary>
    internal static readonly double[] B = [-2.7, 3, -2, 5, -3, 2, 7, 2, 3, 56, 1, -1.5, 4, 7, 2, 300, 2, 0.3, 3, 2];

    internal static Tensor Ours(double[] v, ScalarType t, bool zeroDim) =>
        zeroDim ? torch.tensor(v[0]).to(t) : torch.tensor(v).to(t);

    internal static ts.Tensor Theirs(double[] v, ScalarType t, bool zeroDim) =>
        zeroDim ? ts.tensor(v[0]).to(Oracle.Ts(t)) : ts.tensor(v).to(Oracle.Ts(t));

    /// <summary>LibTorch's message (its first line), or null when the call succeeds.</summary>
    internal static string? Refusal(Action call)
    {
        try { call(); return null; }
        catch (Exception e) { return e.Message.Split('\n')[0]; }
    }

    /// <summary>Elements as float64 (exact for every stored dtype), in row-major order.</summary>
    internal static double[] Values(Tensor t) => t.to(ScalarType.Float64).reshape(-1).ToArray<double>();

    /// <summary>Asserts the same dtype, shape and values: integers and bools bit for bit, floating values
    /// within <paramref name="ulps"/> units in the last place of the result dtype at the result or at
    /// <paramref name="scale"/>, whichever is larger (0: the same bits; NaNs of any payload are equal,
    /// signed zeros distinct).</summary>
    internal static void AssertUlps(ts.Tensor expected, Tensor actual, int ulps, string what, double[]? scale = null)
    {
        Assert.Equal((ScalarType)(sbyte)expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        double[] e = Oracle.Values(expected.reshape(-1)), a = Values(actual);
        for (int i = 0; i < e.Length; i++)
        {
            if (double.IsNaN(e[i]) && double.IsNaN(a[i])) continue;
            bool same = BitConverter.DoubleToInt64Bits(e[i]) == BitConverter.DoubleToInt64Bits(a[i]);
            Assert.True(same || (ulps > 0 && double.IsFinite(e[i]) && Math.Abs(e[i] - a[i]) <= ulps * Ulp(Math.Max(Math.Abs(e[i]), scale is null ? 0 : scale[i]), actual.dtype)),
                        $"{what}: element {i} is {a[i]}, LibTorch gives {e[i]}");
        }
    }

    /// <summary>The spacing of <paramref name="t"/>'s values at x (its subnormal spacing near zero).</summary>
    internal static double Ulp(double x, ScalarType t)
    {
        (int mantissa, int minExponent) = t switch
        {
            ScalarType.Float16 => (10, -14),
            ScalarType.BFloat16 => (7, -126),
            ScalarType.Float32 => (23, -126),
            _ => (52, -1022),
        };
        int exponent = x == 0 ? minExponent : Math.Max(minExponent, Math.ILogB(x));
        return Math.ScaleB(1, exponent - mantissa);
    }
}
