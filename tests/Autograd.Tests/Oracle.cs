using System.Runtime.CompilerServices;
using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Conversions between our tensors and TorchSharp's, and the comparison every parity test uses.</summary>
/// <remarks>
/// Note [Oracle determinism]: LibTorch splits reductions and matrix products across its intra-op
/// threads, and how it splits them depends on the thread count and on scheduling, so its float64 results
/// moved in the 11th digit from run to run. Our kernels give the same bits for any thread count. With
/// LibTorch on one intra-op thread the oracle is a fixed function of its inputs too, so every comparison
/// either always passes or always fails: a tolerance never has to absorb run-to-run noise, only the
/// rounding difference between two deterministic implementations, which the tolerances below bound.
/// <para>Note [TorchSharp handle lifetime]: TorchSharp 0.107's Scalar and Tensor are finalizable
/// (<c>~Scalar() => Dispose(false)</c> calls <c>THSTorch_dispose_scalar</c>, which deletes the at::Scalar;
/// <c>~Tensor</c> calls <c>THSTensor_dispose</c>), and its wrappers hand LibTorch only the raw handle
/// (<c>THSTensor_add(Handle, target.Handle, alpha.Handle)</c>) with no GC.KeepAlive after the call. In its
/// optimized code an argument is dead once its Handle is read, so a GC started by any other thread during
/// the native call can collect it and the finalizer thread frees it while LibTorch still reads it: a
/// Scalar's freed tag reads as "Unknown scalar type". Many such Scalars are made inside TorchSharp itself,
/// out of a test's reach: <c>add(Tensor target) => add(target, 1)</c>, <c>operator *(Tensor, double) =>
/// left.mul(right)</c>. So no helper on our side can keep every one alive; the tests lower the odds by
/// running one class at a time (AssemblyInfo.cs), so that little else allocates during a call.</para>
/// </remarks>
internal static class Oracle
{
#pragma warning disable CA2255 // a test assembly, not a library: every test must see the same oracle
    [ModuleInitializer]
    internal static void ConfigureLibTorch()
    {
        CapOneDnnIsa();
        UseOneLibTorchThread();
    }
#pragma warning restore CA2255

    internal static void UseOneLibTorchThread() => ts.set_num_threads(1);

    /// <summary>
    /// Note [Oracle oneDNN ISA]: on some CPUs the oneDNN 3.7.1 inside LibTorch 2.10 computes wrong float32
    /// convolution input gradients with its jit:avx2 and jit:avx512_core direct backward-data kernels (an
    /// AVX-512 AMD EPYC guest: an entry of conv2d's input gradient with the opposite sign of the float64 one,
    /// another left 0; LibTorch's own float64 and our float32 agree with each other). Its SSE4.1 kernels are
    /// right there, so the oracle caps oneDNN's ISA to them on every machine before its first primitive is made
    /// (oneDNN reads DNNL_MAX_CPU_ISA once, from the C environment, which .NET's
    /// Environment.SetEnvironmentVariable does not write on Unix). A value set by the caller is kept.
    /// </summary>
    private static void CapOneDnnIsa()
    {
        const string name = "DNNL_MAX_CPU_ISA", value = "SSE41";
        if (Environment.GetEnvironmentVariable(name) is not null) return;
        if (OperatingSystem.IsWindows()) Environment.SetEnvironmentVariable(name, value);
        else if (setenv(name, value, 0) != 0) throw new InvalidOperationException($"setenv({name}) failed");
    }

    [System.Runtime.InteropServices.DllImport("libc", CharSet = System.Runtime.InteropServices.CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);

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

    /// <summary>
    /// Compares results built from chained sums, where elements cancel. Each sum of n rounded terms is
    /// within γ_n·Σ|terms| ≈ n·u·Σ|terms| of the exact value in either library (u = 2^-53 for float64,
    /// 2^-24 for float32), and an element that cancels to near zero keeps the absolute error of its terms,
    /// so an element-wise relative tolerance fails there while both libraries are right. The bound used is
    /// norm-wise: 2 (two independent roundings) · depth (sums chained, e.g. forward then backward) ·
    /// terms (the longest sum) · u · max|expected| (the scale of the terms), plus the usual element-wise
    /// tolerance.
    /// </summary>
    internal static void AssertCloseAfterSums(ts.Tensor expected, Tensor actual, ScalarType dtype, int terms, int depth, string what = "")
    {
        Assert.Equal(expected.shape, actual.shape);
        double[] e = Values(expected), a = actual.to(ScalarType.Float64).ToArray<double>();
        double u = dtype == ScalarType.Float64 ? Math.ScaleB(1, -53) : Math.ScaleB(1, -24);
        double scale = e.Length == 0 ? 0 : e.Max(Math.Abs);
        AssertClose(e, a, Rtol(dtype), Atol(dtype) + 2.0 * depth * terms * u * scale, what);
    }

    internal static void AssertClose(double[] expected, double[] actual, double rtol, double atol, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double x = expected[i], y = actual[i];
            if (double.IsNaN(x) || double.IsNaN(y))
            {
                Assert.True(double.IsNaN(x) && double.IsNaN(y), $"{what}[{i}]: expected {x}, got {y}");
                continue;
            }
            if (double.IsInfinity(x) || double.IsInfinity(y)) { Assert.True(x == y, $"{what}[{i}]: expected {x}, got {y}"); continue; }
            Assert.True(Math.Abs(x - y) <= atol + rtol * Math.Abs(x), $"{what}[{i}]: expected {x:R}, got {y:R} (rtol {rtol}, atol {atol})");
        }
    }
}
