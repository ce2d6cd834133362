using Autograd.Native;

namespace Autograd.Ops;

/// <summary>
/// The bridge from tensors to native kernels: pins storage, builds <see cref="AgnTensor"/> descriptors
/// and checks the status. Callers have validated everything already (see NativeStatus).
/// Every operand is described by a tensor plus, optionally, the shape/strides to read it with
/// (broadcast views without allocating a view object).
/// </summary>
internal static unsafe partial class Kernels
{
    /// <summary>Keeps the operands, hence their storage, alive until the native call has returned: a pinned
    /// pointer keeps an array alive, but not native memory (Note [Native storage]).</summary>
    private static void KeepAlive(Tensor a, Tensor? b = null, Tensor? c = null, Tensor? d = null, Tensor? e = null)
    {
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        GC.KeepAlive(c);
        GC.KeepAlive(d);
        GC.KeepAlive(e);
    }

    private static AgnTensor Desc(Tensor t, byte* data, long* shape, long* strides, int ndim) =>
        new(data + t._offset * DType.ElementSize(t._dtype), shape, strides, ndim, DType.ToNative(t._dtype));

    /// <summary>out = a (op) b, with a/b read through broadcast strides to out's shape
    /// (<see cref="AgnBinaryOp.AddScaled"/>: out = a + alpha * b).</summary>
    internal static void Binary(AgnBinaryOp op, Tensor a, long[] aStrides, Tensor b, long[] bStrides, Tensor output, double alpha = 1)
    {
        if (AnyStorageOnly(a, b, output) && !HalfCompute(a, b, output)) { WidenedBinary(op, a, aStrides, b, bStrides, output, alpha); return; }
        long[] shape = output._shape;
        fixed (byte* pa = &a._storage.Ref, pb = &b._storage.Ref, po = &output._storage.Ref)
        fixed (long* sh = shape, sa = aStrides, sb = bStrides, so = output._strides)
        {
            AgnTensor da = Desc(a, pa, sh, sa, shape.Length), db = Desc(b, pb, sh, sb, shape.Length), dout = Desc(output, po, sh, so, shape.Length);
            if (op == AgnBinaryOp.AddScaled)
                NativeStatus.Check(output._numel <= NativeMethods.TinyElements
                    ? NativeMethods.agn_add_scaled_tiny(&da, &db, alpha, &dout)
                    : NativeMethods.agn_add_scaled(&da, &db, alpha, &dout), "agn_add_scaled");
            else
                NativeStatus.Check(output._numel <= NativeMethods.TinyElements
                    ? NativeMethods.agn_binary_tiny((int)op, &da, &db, &dout)
                    : NativeMethods.agn_binary((int)op, &da, &db, &dout), "agn_binary");
        }
        KeepAlive(a, b, output);
    }

    /// <summary>out = op(x) with parameters p0/p1; x read through <paramref name="xStrides"/> at out's shape.</summary>
    internal static void Unary(AgnUnaryOp op, Tensor x, long[] xStrides, Tensor output, double p0 = 0, double p1 = 0)
    {
        if (AnyStorageOnly(x, x, output) && !HalfCompute(x, x, output)) { WidenedUnary(op, x, xStrides, output, p0, p1); return; }
        long[] shape = output._shape;
        fixed (byte* px = &x._storage.Ref, po = &output._storage.Ref)
        fixed (long* sh = shape, sx = xStrides, so = output._strides)
        {
            AgnTensor dx = Desc(x, px, sh, sx, shape.Length), dout = Desc(output, po, sh, so, shape.Length);
            NativeStatus.Check(output._numel <= NativeMethods.TinyElements
                ? NativeMethods.agn_unary_tiny((int)op, &dx, &dout, p0, p1)
                : NativeMethods.agn_unary((int)op, &dx, &dout, p0, p1), "agn_unary");
        }
        KeepAlive(x, output);
    }

    /// <summary>Fills every element of <paramref name="output"/> (any layout) with <paramref name="value"/>.</summary>
    internal static void Fill(Tensor output, double value) => Unary(AgnUnaryOp.Fill, output, output._strides, output, value);

    /// <summary>Fills with an integer, exactly also into int64 past 2^53 (which the kernel's double parameter
    /// cannot hold): such a value is copied from a one-element tensor read with zero strides.</summary>
    internal static void Fill(Tensor output, long value)
    {
        if (output._dtype != ScalarType.Int64 || value is >= -(1L << 53) and <= 1L << 53) { Fill(output, (double)value); return; }
        Copy(torch.tensor(value), new long[output._shape.Length], output);
    }

    /// <summary>Fills with a scalar already checked to fit the dtype: its exact integer into int64.</summary>
    internal static void Fill(Tensor output, Scalar value)
    {
        if (output._dtype == ScalarType.Int64) Fill(output, value.IntValue);
        else Fill(output, value.Value);
    }

    /// <summary>output = src converted to output's dtype; src read through <paramref name="srcStrides"/>.</summary>
    internal static void Copy(Tensor src, long[] srcStrides, Tensor output)
    {
        long[] shape = output._shape;
        fixed (byte* ps = &src._storage.Ref, po = &output._storage.Ref)
        fixed (long* sh = shape, ss = srcStrides, so = output._strides)
        {
            AgnTensor ds = Desc(src, ps, sh, ss, shape.Length), dout = Desc(output, po, sh, so, shape.Length);
            NativeStatus.Check(NativeMethods.agn_copy(&ds, &dout), "agn_copy");
        }
        KeepAlive(src, output);
    }

    /// <summary>A contiguous tensor of <paramref name="dtype"/> holding t's values; t itself when it
    /// already is one (no copy).</summary>
    internal static Tensor ConvertContiguous(Tensor t, ScalarType dtype)
    {
        if (t._dtype == dtype && t.is_contiguous()) return t;
        Tensor result = Tensor.Empty(t._shape, dtype);
        Copy(t, t._strides, result);
        return result;
    }

    /// <summary>out = cond ? a : b, all read through broadcast strides to out's shape.</summary>
    internal static void Where(Tensor cond, long[] cStrides, Tensor a, long[] aStrides, Tensor b, long[] bStrides, Tensor output)
    {
        long[] shape = output._shape;
        fixed (byte* pc = &cond._storage.Ref, pa = &a._storage.Ref, pb = &b._storage.Ref, po = &output._storage.Ref)
        fixed (long* sh = shape, sc = cStrides, sa = aStrides, sb = bStrides, so = output._strides)
        {
            AgnTensor dc = Desc(cond, pc, sh, sc, shape.Length), da = Desc(a, pa, sh, sa, shape.Length);
            AgnTensor db = Desc(b, pb, sh, sb, shape.Length), dout = Desc(output, po, sh, so, shape.Length);
            NativeStatus.Check(NativeMethods.agn_where(&dc, &da, &db, &dout), "agn_where");
        }
        KeepAlive(cond, a, b, output);
    }

    /// <summary>Reduces x into output, whose shape (<paramref name="keepShape"/>) has x's rank with 1 on
    /// reduced dims; <paramref name="indices"/> (int64, same shape) receives arg positions for max/min.</summary>
    internal static void Reduce(AgnReduceOp op, Tensor x, long[] keepShape, Tensor output, Tensor? indices)
    {
        if (AnyStorageOnly(x, x, output) && !HalfReduce(x, output)) { WidenedReduce(op, x, keepShape, output, indices); return; }
        long[] outStrides = Shape.ContiguousStrides(keepShape);
        fixed (byte* px = &x._storage.Ref, po = &output._storage.Ref)
        fixed (long* sx = x._shape, tx = x._strides, sk = keepShape, tk = outStrides)
        {
            AgnTensor dx = Desc(x, px, sx, tx, x._shape.Length), dout = Desc(output, po, sk, tk, keepShape.Length);
            if (indices is null)
            {
                NativeStatus.Check(x._numel <= NativeMethods.TinyElements
                    ? NativeMethods.agn_reduce_tiny((int)op, &dx, &dout, null)
                    : NativeMethods.agn_reduce((int)op, &dx, &dout, null), "agn_reduce");
            }
            else
            {
                fixed (byte* pi = &indices._storage.Ref)
                {
                    AgnTensor di = Desc(indices, pi, sk, tk, keepShape.Length);
                    NativeStatus.Check(NativeMethods.agn_reduce((int)op, &dx, &dout, &di), "agn_reduce");
                }
            }
        }
        KeepAlive(x, output, indices);
    }

    /// <summary>Batched matmul on 3-d shapes/strides: a [B,M,K], b [B,K,N] into contiguous out [B,M,N].</summary>
    internal static void Matmul(Tensor a, long[] aShape, long[] aStrides, Tensor b, long[] bShape, long[] bStrides,
                                Tensor output, long[] oShape, long[] oStrides, bool accumulate)
    {
        fixed (long* sa = aShape, ta = aStrides, sb = bShape, tb = bStrides, so = oShape, to = oStrides)
            Matmul(a, sa, ta, b, sb, tb, output, so, to, accumulate);
    }

    /// <summary>The one call of agn_matmul: 3-d shapes/strides already pinned or on the stack.</summary>
    private static void Matmul(Tensor a, long* sa, long* ta, Tensor b, long* sb, long* tb, Tensor output, long* so, long* to, bool accumulate)
    {
        if (AnyStorageOnly(a, b, output)) { WidenedMatmul(a, sa, ta, b, sb, tb, output, so, to, accumulate); return; }
        fixed (byte* pa = &a._storage.Ref, pb = &b._storage.Ref, po = &output._storage.Ref)
        {
            AgnTensor da = Desc(a, pa, sa, ta, 3), db = Desc(b, pb, sb, tb, 3), dout = Desc(output, po, so, to, 3);
            NativeStatus.Check(NativeMethods.agn_matmul(&da, &db, &dout, accumulate ? 1 : 0), "agn_matmul");
        }
        KeepAlive(a, b, output);
    }

    /// <summary>out = a @ b for 2-d a [M,K], b [K,N] (any strides) into contiguous out [M,N], as a batch of one
    /// with the 3-d shapes and strides built on the stack.</summary>
    internal static void Matmul2D(Tensor a, Tensor b, Tensor output, bool accumulate = false)
    {
        long m = a._shape[0], k = a._shape[1], n = b._shape[1];
        long* sa = stackalloc long[] { 1, m, k }, ta = stackalloc long[] { 0, a._strides[0], a._strides[1] };
        long* sb = stackalloc long[] { 1, k, n }, tb = stackalloc long[] { 0, b._strides[0], b._strides[1] };
        long* so = stackalloc long[] { 1, m, n }, to = stackalloc long[] { 0, output._strides[0], output._strides[1] };
        Matmul(a, sa, ta, b, sb, tb, output, so, to, accumulate);
    }

    /// <summary>Index kernels: <paramref name="kind"/> selects index_select / index_add / gather / scatter_add.</summary>
    internal static void Index(IndexKernel kind, Tensor x, int dim, Tensor index, Tensor other)
    {
        if (kind is IndexKernel.Add or IndexKernel.ScatterAdd && AnyStorageOnly(x, x, other))
        {
            WidenedIndexAccumulate(kind, x, dim, index, other);
            return;
        }
        fixed (byte* px = &x._storage.Ref, pi = &index._storage.Ref, po = &other._storage.Ref)
        fixed (long* sx = x._shape, tx = x._strides, si = index._shape, ti = index._strides, so = other._shape, to = other._strides)
        {
            AgnTensor dx = Desc(x, px, sx, tx, x._shape.Length), di = Desc(index, pi, si, ti, index._shape.Length);
            AgnTensor dother = Desc(other, po, so, to, other._shape.Length);
            AgnStatus s = kind switch
            {
                IndexKernel.Select => NativeMethods.agn_index_select(&dx, dim, &di, &dother),
                IndexKernel.Add => NativeMethods.agn_index_add(&dx, dim, &di, &dother),
                IndexKernel.Gather => NativeMethods.agn_gather(&dx, dim, &di, &dother),
                _ => NativeMethods.agn_scatter_add(&dx, dim, &di, &dother),
            };
            NativeStatus.Check(s, "agn_" + kind.ToString().ToLowerInvariant());
        }
        KeepAlive(x, index, other);
    }

    /// <summary>Softmax / log-softmax of x along dim into contiguous output.</summary>
    internal static void Softmax(Tensor x, int dim, bool log, Tensor output)
    {
        if (AnyStorageOnly(x, x, output)) { WidenedSoftmax(x, dim, log, output); return; }
        fixed (byte* px = &x._storage.Ref, po = &output._storage.Ref)
        fixed (long* sx = x._shape, tx = x._strides, to = output._strides)
        {
            AgnTensor dx = Desc(x, px, sx, tx, x._shape.Length), dout = Desc(output, po, sx, to, x._shape.Length);
            NativeStatus.Check(NativeMethods.agn_softmax(&dx, dim, log ? 1 : 0, &dout), "agn_softmax");
        }
        KeepAlive(x, output);
    }

    /// <summary>The fused softmax / log-softmax backward.</summary>
    internal static void SoftmaxBackward(Tensor gradOut, Tensor y, int dim, bool log, Tensor gradIn)
    {
        if (AnyStorageOnly(gradOut, y, gradIn)) { WidenedSoftmaxBackward(gradOut, y, dim, log, gradIn); return; }
        fixed (byte* pg = &gradOut._storage.Ref, py = &y._storage.Ref, pi = &gradIn._storage.Ref)
        fixed (long* sh = y._shape, tg = gradOut._strides, ty = y._strides, ti = gradIn._strides)
        {
            int n = y._shape.Length;
            AgnTensor dg = Desc(gradOut, pg, sh, tg, n), dy = Desc(y, py, sh, ty, n), di = Desc(gradIn, pi, sh, ti, n);
            NativeStatus.Check(NativeMethods.agn_softmax_backward(&dg, &dy, dim, log ? 1 : 0, &di), "agn_softmax_backward");
        }
        KeepAlive(gradOut, y, gradIn);
    }

    /// <summary>One fused Adam / AdamW step, in place on param and its state (agn_adam); all of param's shape,
    /// any strides; <paramref name="maxExpAvgSq"/> only with amsgrad.</summary>
    internal static void Adam(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor? maxExpAvgSq, in AgnAdamHyper hyper)
    {
        Tensor mx = maxExpAvgSq ?? expAvgSq; // pinned either way; passed only when given
        fixed (byte* pp = &param._storage.Ref, pg = &grad._storage.Ref, pm = &expAvg._storage.Ref, pv = &expAvgSq._storage.Ref, px = &mx._storage.Ref)
        fixed (long* sh = param._shape, tp = param._strides, tg = grad._strides, tm = expAvg._strides, tv = expAvgSq._strides, tx = mx._strides)
        fixed (AgnAdamHyper* h = &hyper)
        {
            int n = param._shape.Length;
            AgnTensor dp = Desc(param, pp, sh, tp, n), dg = Desc(grad, pg, sh, tg, n), dm = Desc(expAvg, pm, sh, tm, n);
            AgnTensor dv = Desc(expAvgSq, pv, sh, tv, n), dx = Desc(mx, px, sh, tx, n);
            NativeStatus.Check(NativeMethods.agn_adam(&dp, &dg, &dm, &dv, maxExpAvgSq is null ? null : &dx, h), "agn_adam");
        }
        KeepAlive(param, grad, expAvg, expAvgSq, mx);
    }
}

/// <summary>Which indexing kernel <see cref="Kernels.Index"/> runs.</summary>
internal enum IndexKernel
{
    Select,
    Add,
    Gather,
    ScatterAdd,
}
