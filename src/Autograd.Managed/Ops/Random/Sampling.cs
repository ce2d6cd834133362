namespace Autograd.Ops;

/// <summary>
/// LibTorch's CPU transforms from engine draws to samples (ATen's DistributionsHelper and the CPU
/// distribution kernels), element by element in the order LibTorch's serial kernels visit them. Callers
/// hold the generator's lock. LibTorch's kernels are compiled with FMA contraction, so its
/// <c>x * scale + shift</c> steps round once; so do these (<see cref="Math.FusedMultiplyAdd"/>): with
/// separate roundings about half of <c>uniform_(-0.37, 0.91)</c>'s values differ in the last bit.
/// </summary>
internal static class Sampling
{
    /// <summary>A float in [0, 1): the low 24 bits of one 32-bit draw, scaled by 2^-24.</summary>
    internal static float Uniform01Float(Mt19937 e) => (e.NextUInt32() & 0xFFFFFF) * (1f / 16777216f);

    /// <summary>A double in [0, 1): the low 53 bits of a 64-bit draw, scaled by 2^-53.</summary>
    internal static double Uniform01Double(Mt19937 e) => (e.NextUInt64() & 0x1FFFFFFFFFFFFFUL) * (1.0 / 9007199254740992.0);

    /// <summary>uniform_real_distribution&lt;float&gt;: x * (to - from) + from in float.</summary>
    internal static float UniformFloat(Mt19937 e, float from, float to)
    {
        float x = Uniform01Float(e);
        return MathF.FusedMultiplyAdd(x, to - from, from);
    }

    /// <summary>uniform_real_distribution&lt;double&gt;: x * (to - from) + from in double.</summary>
    internal static double UniformDouble(Mt19937 e, double from, double to)
    {
        double x = Uniform01Double(e);
        return Math.FusedMultiplyAdd(x, to - from, from);
    }

    /// <summary>uniform_(from, to) on float32 elements (bounds rounded to float first, as LibTorch does).</summary>
    internal static void Uniform(Mt19937 e, Span<float> dst, double from, double to)
    {
        float f = (float)from, t = (float)to;
        for (int i = 0; i < dst.Length; i++) dst[i] = UniformFloat(e, f, t);
    }

    /// <summary>uniform_(from, to) on float64 elements.</summary>
    internal static void Uniform(Mt19937 e, Span<double> dst, double from, double to)
    {
        for (int i = 0; i < dst.Length; i++) dst[i] = UniformDouble(e, from, to);
    }

    /// <summary>
    /// normal_distribution&lt;double&gt; for each element (LibTorch's path for fewer than 16 elements or a
    /// non-contiguous tensor, any dtype): Box-Muller on two double uniforms gives r·cos θ now and r·sin θ
    /// cached in the generator for the next normal drawn, by this call or a later one.
    /// </summary>
    internal static void NormalScalar(torch.Generator g, Span<double> dst, double mean, double std)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            double z;
            if (g.NextDoubleNormal is double cached)
            {
                g.NextDoubleNormal = null;
                z = cached;
            }
            else
            {
                double u1 = Uniform01Double(g.Engine), u2 = Uniform01Double(g.Engine);
                double r = Math.Sqrt(-2.0 * LibM.Log1p(-u2));
                double theta = 2.0 * Math.PI * u1;
                g.NextDoubleNormal = r * Math.Sin(theta);
                z = r * Math.Cos(theta);
            }
            dst[i] = Math.FusedMultiplyAdd(z, std, mean);
        }
    }

    /// <summary>
    /// LibTorch's normal_fill for a contiguous tensor of at least 16 elements: every element gets a
    /// uniform first; then each block of 16 pairs element j with j + 8 for Box-Muller; a ragged tail
    /// redraws the last 16 elements and transforms them as one more block (overlapping the previous).
    /// float32 uses float uniforms and the AVX2 Cephes log / sincos (<see cref="AvxMathFun"/>), float64
    /// double uniforms and libm. Chunk boundaries fall on block boundaries (<see cref="RandomFill.ChunkElements"/>).
    /// </summary>
    internal static void NormalFill(Mt19937 e, Tensor target, double mean, double std)
    {
        bool isFloat = target._dtype == ScalarType.Float32;
        foreach (Tensor chunk in RandomFill.Chunks(target))
            if (isFloat) FillUniform01(e, chunk.ContiguousSpan<float>());
            else FillUniform01(e, chunk.ContiguousSpan<double>());
        foreach (Tensor chunk in RandomFill.Chunks(target))
            if (isFloat) NormalBlocks(chunk.ContiguousSpan<float>(), (float)mean, (float)std);
            else NormalBlocks(chunk.ContiguousSpan<double>(), mean, std);
        if (target._numel % 16 != 0)
        {
            var tail = new Tensor(target._storage, [16], [1], target._offset + target._numel - 16, target._dtype);
            if (isFloat) { FillUniform01(e, tail.ContiguousSpan<float>()); NormalBlock(tail.ContiguousSpan<float>(), (float)mean,
                (float)std); }
            else { FillUniform01(e, tail.ContiguousSpan<double>()); NormalBlock(tail.ContiguousSpan<double>(), mean, std); }
        }
    }

    private static void FillUniform01(Mt19937 e, Span<float> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = Uniform01Float(e);
    }

    private static void FillUniform01(Mt19937 e, Span<double> d)
    {
        for (int i = 0; i < d.Length; i++) d[i] = Uniform01Double(e);
    }

    private static void NormalBlocks(Span<float> d, float mean, float std)
    {
        for (int i = 0; i + 16 <= d.Length; i += 16) NormalBlock(d.Slice(i, 16), mean, std);
    }

    private static void NormalBlocks(Span<double> d, double mean, double std)
    {
        for (int i = 0; i + 16 <= d.Length; i += 16) NormalBlock(d.Slice(i, 16), mean, std);
    }

    private static void NormalBlock(Span<double> d, double mean, double std)
    {
        for (int j = 0; j < 8; j++)
        {
            double u1 = 1 - d[j], u2 = d[j + 8];
            double radius = Math.Sqrt(-2 * Math.Log(u1));
            double theta = 2.0 * Math.PI * u2;
            d[j] = Math.FusedMultiplyAdd(radius * Math.Cos(theta), std, mean);
            d[j + 8] = Math.FusedMultiplyAdd(radius * Math.Sin(theta), std, mean);
        }
    }

    private static void NormalBlock(Span<float> d, float mean, float std)
    {
        const float TwoPi = (float)(2.0 * Math.PI);
        for (int j = 0; j < 8; j++)
        {
            float u1 = 1f - d[j], u2 = d[j + 8];
            float radius = MathF.Sqrt(-2f * AvxMathFun.Log(u1));
            AvxMathFun.SinCos(TwoPi * u2, out float sin, out float cos);
            d[j] = MathF.FusedMultiplyAdd(radius * cos, std, mean);
            d[j + 8] = MathF.FusedMultiplyAdd(radius * sin, std, mean);
        }
    }
}
