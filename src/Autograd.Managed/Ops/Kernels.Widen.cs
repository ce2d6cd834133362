using Autograd.Native;

namespace Autograd.Ops;

// Note [Storage dtypes]: float16 and bfloat16 compute in float32 and the small integers (uint8, int8,
// int16, int32) in int64 (DType.Compute). The native elementwise kernels (binary, unary) take
// float16/bfloat16 operands mixed with float32 ones themselves, converting chunk by chunk (native Note
// [Half compute]), and agn_reduce reads a float16/bfloat16 input itself, a piece at a time, into its own
// dtype or float32 (native Note [Half reduction]: the bits of reducing its float32 copy). The other native
// kernels exist only for the compute dtypes, so each kernel bridge below hands any other call with a
// storage-only operand to Widened*, which converts the operands into compute-dtype temporaries, runs the
// same kernel and stores the result back. A store
// rounds to nearest even (float16/bfloat16, as LibTorch's CPU kernels round their float32 results) or
// keeps the low bits (integers: int64 arithmetic wraps modulo 2^64, so its low bits are the narrow
// type's wrapped result; division, remainder, shifts and comparisons agree as well because the
// operands are exact in int64). Adding a dtype means a row in DType's table and a native conversion.
internal static unsafe partial class Kernels
{
    private static bool AnyStorageOnly(Tensor a, Tensor b, Tensor c) =>
        DType.IsStorageOnly(a._dtype) || DType.IsStorageOnly(b._dtype) || DType.IsStorageOnly(c._dtype);

    /// <summary>Whether an elementwise kernel takes these operands as they are: inputs of float32, float16 or
    /// bfloat16, and such an output or a comparison's bool.</summary>
    private static bool HalfCompute(Tensor a, Tensor b, Tensor output) =>
        ComputesInFloat32(a._dtype) && ComputesInFloat32(b._dtype) && (ComputesInFloat32(output._dtype) || output._dtype == ScalarType.Bool);

    /// <summary>Whether agn_reduce takes these operands as they are: a float16/bfloat16 input into its own dtype or
    /// float32 (native Note [Half reduction]).</summary>
    private static bool HalfReduce(Tensor x, Tensor output) =>
        x._dtype is ScalarType.Float16 or ScalarType.BFloat16 && (output._dtype == x._dtype || output._dtype == ScalarType.Float32);

    private static bool ComputesInFloat32(ScalarType t) => t is ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16;

    /// <summary>t read through <paramref name="strides"/> at <paramref name="shape"/>, as a new contiguous
    /// tensor of t's compute dtype.</summary>
    private static Tensor Widen(Tensor t, long[] strides, long[] shape)
    {
        Tensor w = Tensor.Empty(shape, DType.Compute(t._dtype));
        Copy(t, strides, w);
        return w;
    }

    /// <summary>A contiguous compute-dtype tensor of output's shape to run a kernel into, or output itself
    /// when its dtype computes.</summary>
    private static Tensor Scratch(Tensor output) =>
        DType.IsStorageOnly(output._dtype) ? Tensor.Empty(output._shape, DType.Compute(output._dtype)) : output;

    /// <summary>Stores a scratch result into output (rounding or wrapping), unless it is output itself.</summary>
    private static void StoreBack(Tensor scratch, Tensor output)
    {
        if (!ReferenceEquals(scratch, output)) Copy(scratch, scratch._strides, output);
    }

    private static void WidenedBinary(AgnBinaryOp op, Tensor a, long[] aStrides, Tensor b, long[] bStrides, Tensor output, double alpha)
    {
        long[] shape = output._shape;
        Tensor wa = Widen(a, aStrides, shape), wb = Widen(b, bStrides, shape), wo = Scratch(output);
        Binary(op, wa, wa._strides, wb, wb._strides, wo, alpha);
        StoreBack(wo, output);
    }

    private static void WidenedUnary(AgnUnaryOp op, Tensor x, long[] xStrides, Tensor output, double p0, double p1)
    {
        Tensor wx = op == AgnUnaryOp.Fill ? Scratch(output) : Widen(x, xStrides, output._shape), wo = Scratch(output);
        Unary(op, wx, wx._strides, wo, p0, p1);
        StoreBack(wo, output);
    }

    private static void WidenedReduce(AgnReduceOp op, Tensor x, long[] keepShape, Tensor output, Tensor? indices)
    {
        Tensor wx = DType.IsStorageOnly(x._dtype) ? Widen(x, x._strides, x._shape) : x, wo = Scratch(output);
        Reduce(op, wx, keepShape, wo, indices);
        StoreBack(wo, output);
    }

    /// <summary>Matmul of storage-only operands: both widened once (float16/bfloat16 products accumulate in
    /// float32 and round once, as LibTorch's CPU GEMM for them does; the products are exact in float32, so the
    /// two differ only by float32 accumulation order before that rounding), the result stored back.</summary>
    private static void WidenedMatmul(Tensor a, long* sa, long* ta, Tensor b, long* sb, long* tb, Tensor output, long* so, long* to, bool accumulate)
    {
        long[] aShape = [sa[0], sa[1], sa[2]], bShape = [sb[0], sb[1], sb[2]], oShape = [so[0], so[1], so[2]];
        Tensor wa = Widen(a, [ta[0], ta[1], ta[2]], aShape), wb = Widen(b, [tb[0], tb[1], tb[2]], bShape);
        var view = new Tensor(output._storage, oShape, [to[0], to[1], to[2]], output._offset, output._dtype);
        Tensor wo = Tensor.Empty(oShape, DType.Compute(output._dtype));
        if (accumulate) Copy(view, view._strides, wo);
        fixed (long* pa = aShape, qa = wa._strides, pb = bShape, qb = wb._strides, po = oShape, qo = wo._strides)
            Matmul(wa, pa, qa, wb, pb, qb, wo, po, qo, accumulate);
        Copy(wo, wo._strides, view);
    }

    /// <summary>index_add / scatter_add into a storage-only x: accumulated in the compute dtype, stored back.</summary>
    private static void WidenedIndexAccumulate(IndexKernel kind, Tensor x, int dim, Tensor index, Tensor other)
    {
        Tensor wx = Widen(x, x._strides, x._shape), wother = Widen(other, other._strides, other._shape);
        Index(kind, wx, dim, index, wother);
        Copy(wx, wx._strides, x);
    }

    /// <summary>scatter / scatter_reduce into a storage-only output: run in the compute dtype, stored back (assignment,
    /// amax and amin are exact; integer sums and products keep the wrapped low bits).</summary>
    private static void WidenedScatterReduce(Tensor output, int dim, Tensor index, Tensor src, AgnScatterOp op)
    {
        Tensor wo = Widen(output, output._strides, output._shape), ws = Widen(src, src._strides, src._shape);
        ScatterReduce(wo, dim, index, ws, op);
        Copy(wo, wo._strides, output);
    }

    private static void WidenedSoftmax(Tensor x, int dim, bool log, Tensor output)
    {
        Tensor wx = Widen(x, x._strides, x._shape), wo = Scratch(output);
        Softmax(wx, dim, log, wo);
        StoreBack(wo, output);
    }

    private static void WidenedSoftmaxBackward(Tensor gradOut, Tensor y, int dim, bool log, Tensor gradIn)
    {
        Tensor wg = Widen(gradOut, gradOut._strides, y._shape), wy = Widen(y, y._strides, y._shape), wi = Scratch(gradIn);
        SoftmaxBackward(wg, wy, dim, log, wi);
        StoreBack(wi, gradIn);
    }
}
