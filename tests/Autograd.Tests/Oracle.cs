using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Conversions between our tensors and TorchSharp's, and the comparison every parity test uses.</summary>
internal static class Oracle
{
    internal static TorchSharp.torch.ScalarType Ts(ScalarType t) => (TorchSharp.torch.ScalarType)(sbyte)t;

    /// <summary>A seed derived from a test id that is the same in every process (string.GetHashCode is
    /// randomised per process, which would make failures unreproducible). AGN_TEST_SEED, when set, is
    /// mixed in so a sweep can explore other inputs.</summary>
    internal static int Seed(string id)
    {
        uint h = 2166136261;
        foreach (char c in id) h = (h ^ c) * 16777619;
        if (int.TryParse(Environment.GetEnvironmentVariable("AGN_TEST_SEED"), out int salt)) h = (h ^ (uint)salt) * 16777619;
        return (int)h;
    }

    /// <summary>Relative tolerance per dtype (float64 ~1e-12, float32 ~1e-5 as the issue asks).</summary>
    internal static double Rtol(ScalarType t) => t == ScalarType.Float64 ? 1e-12 : 1e-5;

    /// <summary>Absolute floor so values that cancel to ~0 compare sensibly.</summary>
    internal static double Atol(ScalarType t) => t == ScalarType.Float64 ? 1e-12 : 1e-6;

    internal static ts.Tensor ToTorch(Tensor t)
    {
        double[] values = t.to(ScalarType.Float64).ToArray<double>();
        return ts.tensor(values, t.shape).to(Ts(t.dtype));
    }

    // TorchSharp's TensorAccessor.ToArray throws on empty tensors (GetSubsequentIndices range check),
    // so an empty tensor's values are taken as the empty array directly.
    internal static double[] Values(ts.Tensor t) =>
        t.numel() == 0 ? [] : t.to(ts.ScalarType.Float64).contiguous().data<double>().ToArray();

    /// <summary>Same shape and every element within rtol·max(|expected|, scale) + atol; NaN matches NaN,
    /// ±inf must match exactly.</summary>
    internal static void AssertClose(ts.Tensor expected, Tensor actual, ScalarType dtype, double? rtol = null, string what = "")
    {
        Assert.Equal(expected.shape, actual.shape);
        double[] e = Values(expected), a = actual.to(ScalarType.Float64).ToArray<double>();
        AssertClose(e, a, rtol ?? Rtol(dtype), Atol(dtype), what);
    }

    internal static void AssertClose(double[] expected, double[] actual, double rtol, double atol, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double x = expected[i], y = actual[i];
            if (double.IsNaN(x) || double.IsNaN(y)) { Assert.True(double.IsNaN(x) && double.IsNaN(y), $"{what}[{i}]: expected {x}, got {y}"); continue; }
            if (double.IsInfinity(x) || double.IsInfinity(y)) { Assert.True(x == y, $"{what}[{i}]: expected {x}, got {y}"); continue; }
            Assert.True(Math.Abs(x - y) <= atol + rtol * Math.Abs(x), $"{what}[{i}]: expected {x:R}, got {y:R} (rtol {rtol}, atol {atol})");
        }
    }
}
