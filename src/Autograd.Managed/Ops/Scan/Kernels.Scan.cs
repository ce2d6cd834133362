using Autograd.Native;

namespace Autograd.Ops;

internal static unsafe partial class Kernels
{
    /// <summary>output (x's shape and dtype) = the scan of x along dim; cummax / cummin also fill
    /// <paramref name="indices"/> (int64, x's shape). A 0-d x is one line.</summary>
    internal static void Scan(AgnScanOp op, Tensor x, int dim, Tensor output, Tensor? indices)
    {
        Tensor it = indices ?? output; // pinned either way; passed only when given
        int n = x._shape.Length;
        fixed (byte* px = &x._storage.Ref, po = &output._storage.Ref, pi = &it._storage.Ref)
        fixed (long* sh = x._shape, tx = x._strides, to = output._strides, ti = it._strides)
        {
            AgnTensor dx = Desc(x, px, sh, tx, n), dout = Desc(output, po, sh, to, n), di = Desc(it, pi, sh, ti, n);
            NativeStatus.Check(NativeMethods.agn_scan((int)op, &dx, dim, &dout, indices is null ? null : &di), "agn_scan");
        }
        KeepAlive(x, output, indices);
    }
}
