using Autograd.Native;

namespace Autograd.Ops;

/// <summary>C math functions .NET lacks, taken from the C library through the native unary kernel (its
/// scalar path calls libm), so they round exactly as the libm LibTorch calls does.</summary>
internal static class LibM
{
    [ThreadStatic] private static Tensor? t_in, t_out;

    /// <summary>log(1 + x) without cancellation (C's <c>log1p</c>).</summary>
    internal static double Log1p(double x)
    {
        Tensor a = t_in ??= Tensor.Empty([1], ScalarType.Float64), b = t_out ??= Tensor.Empty([1], ScalarType.Float64);
        a.ContiguousSpan<double>()[0] = x;
        Kernels.Unary(AgnUnaryOp.Log1p, a, a._strides, b);
        return b.ContiguousSpan<double>()[0];
    }
}
