using Autograd.Native;

namespace Autograd.Ops;

internal static unsafe partial class Kernels
{
    /// <summary>im2col (<paramref name="toCols"/>: image [N, C, H, W] -> cols [N, C*KH*KW, L]) or its adjoint
    /// col2im (cols -> image, overwritten) on contiguous tensors of one floating dtype.</summary>
    internal static void Fold(bool toCols, Tensor image, Tensor cols, long kh, long kw, in AgnConv2dParams p)
    {
        fixed (byte* pi = &image._storage.Ref, pc = &cols._storage.Ref)
        fixed (long* si = image._shape, ti = image._strides, sc = cols._shape, tc = cols._strides)
        fixed (AgnConv2dParams* pp = &p)
        {
            AgnTensor di = Desc(image, pi, si, ti, 4), dc = Desc(cols, pc, sc, tc, 3);
            if (toCols) NativeStatus.Check(NativeMethods.agn_im2col(&di, &dc, kh, kw, pp), "agn_im2col");
            else NativeStatus.Check(NativeMethods.agn_col2im(&dc, &di, kh, kw, pp), "agn_col2im");
        }
        KeepAlive(image, cols);
    }
}
