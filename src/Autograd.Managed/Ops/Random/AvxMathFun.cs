namespace Autograd.Ops;

/// <summary>
/// LibTorch's float normal sampler (contiguous float32 tensors of 16 or more elements) transforms its
/// uniforms with the AVX2 Cephes approximations of avx_mathfun (<c>log256_ps</c>, <c>sincos256_ps</c>)
/// rather than libm. This is the same arithmetic, one lane at a time: each step is one IEEE float
/// operation in the same order, so the bits match the 8-lane originals.
/// </summary>
internal static class AvxMathFun
{
    private const float SqrtHalf = 0.707106781186547524f;
    private const float LogP0 = 7.0376836292E-2f, LogP1 = -1.1514610310E-1f, LogP2 = 1.1676998740E-1f,
        LogP3 = -1.2420140846E-1f, LogP4 = 1.4249322787E-1f, LogP5 = -1.6668057665E-1f,
        LogP6 = 2.0000714765E-1f, LogP7 = -2.4999993993E-1f, LogP8 = 3.3333331174E-1f,
        LogQ1 = -2.12194440e-4f, LogQ2 = 0.693359375f;

    private const float MinusDP1 = -0.78515625f, MinusDP2 = -2.4187564849853515625e-4f, MinusDP3 = -3.77489497744594108e-8f;
    private const float SinP0 = -1.9515295891E-4f, SinP1 = 8.3321608736E-3f, SinP2 = -1.6666654611E-1f;
    private const float CosP0 = 2.443315711809948E-005f, CosP1 = -1.388731625493765E-003f, CosP2 = 4.166664568298827E-002f;
    private const float FourOverPi = 1.27323954473516f;

    private static float Bits(int v) => BitConverter.Int32BitsToSingle(v);
    private static int Bits(float v) => BitConverter.SingleToInt32Bits(v);

    /// <summary>Natural logarithm (NaN for x &lt;= 0), as <c>log256_ps</c>.</summary>
    internal static float Log(float x)
    {
        bool invalid = x <= 0f; // _CMP_LE_OS: false for NaN
        x = MaxPs(x, Bits(0x00800000));
        int imm0 = (int)((uint)Bits(x) >> 23);
        x = Bits((Bits(x) & ~0x7f800000) | Bits(0.5f));
        imm0 -= 0x7f;
        float e = imm0;
        e += 1f;
        bool below = x < SqrtHalf;
        float tmp = below ? x : 0f;
        x -= 1f;
        e -= below ? 1f : 0f;
        x += tmp;
        float z = x * x;
        float y = LogP0;
        y = Fma(y, x, LogP1);
        y = Fma(y, x, LogP2);
        y = Fma(y, x, LogP3);
        y = Fma(y, x, LogP4);
        y = Fma(y, x, LogP5);
        y = Fma(y, x, LogP6);
        y = Fma(y, x, LogP7);
        y = Fma(y, x, LogP8);
        y *= x;
        y = Fma(y, z, e * LogQ1);
        y = Fma(-z, 0.5f, y);
        x = Fma(e, LogQ2, x + y);
        return invalid ? Bits(Bits(x) | -1) : x;
    }

    private static float Fma(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    // _mm256_max_ps(a, b) returns b when either is NaN
    private static float MaxPs(float a, float b) => a > b ? a : b;

    /// <summary>Sine and cosine of <paramref name="x"/>, as <c>sincos256_ps</c>.</summary>
    internal static void SinCos(float x, out float sin, out float cos)
    {
        int signSin = Bits(x) & unchecked((int)0x80000000);
        x = Bits(Bits(x) & 0x7fffffff);
        float y = x * FourOverPi;
        int j = (int)y; // cvttps: truncation (out-of-range gives int.MinValue, as in C#)
        j = (j + 1) & ~1;
        y = j;
        int swapSignSin = (j & 4) << 29;
        bool polyCos = (j & 2) == 0;
        x = Fma(y, MinusDP1, x);
        x = Fma(y, MinusDP2, x);
        x = Fma(y, MinusDP3, x);
        int signCos = (~(j - 2) & 4) << 29;
        signSin ^= swapSignSin;

        float z = x * x;
        float c = Fma(CosP0, z, CosP1);
        c = Fma(c, z, CosP2);
        c *= z;
        c = Fma(c, z, -(z * 0.5f));
        c += 1f;

        float s = Fma(SinP0, z, SinP1);
        s = Fma(s, z, SinP2);
        s = Fma(s * z, x, x);

        // the mask picks the sine polynomial for the sine where polyCos holds, the cosine one otherwise
        float ysin2 = polyCos ? s : 0f, ysin1 = polyCos ? 0f : c;
        s -= ysin2;
        c -= ysin1;
        float outSin = ysin1 + ysin2, outCos = c + s;
        sin = Bits(Bits(outSin) ^ signSin);
        cos = Bits(Bits(outCos) ^ signCos);
    }
}
