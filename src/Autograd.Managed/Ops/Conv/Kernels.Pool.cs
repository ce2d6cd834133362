using Autograd.Native;

namespace Autograd.Ops;

internal static unsafe partial class Kernels
{
    /// <summary>Max pooling of contiguous 4-d x into contiguous result and INT64 indices (flat positions in
    /// each input plane).</summary>
    internal static void MaxPool2d(Tensor x, Tensor result, Tensor indices, in AgnPool2dParams p)
    {
        fixed (byte* px = &x._storage.Ref, pr = &result._storage.Ref, pi = &indices._storage.Ref)
        fixed (long* sx = x._shape, tx = x._strides, sr = result._shape, tr = result._strides, ti = indices._strides)
        fixed (AgnPool2dParams* pp = &p)
        {
            AgnTensor dx = Desc(x, px, sx, tx, 4), dr = Desc(result, pr, sr, tr, 4), di = Desc(indices, pi, sr, ti, 4);
            NativeStatus.Check(NativeMethods.agn_max_pool2d(&dx, &dr, &di, pp), "agn_max_pool2d");
        }
        KeepAlive(x, result, indices);
    }

    /// <summary>Average pooling of contiguous 4-d a into result (forward), or its adjoint from grad_out a into
    /// grad_input result (backward).</summary>
    internal static void AvgPool2d(bool backward, Tensor a, Tensor result, in AgnPool2dParams p)
    {
        fixed (byte* pa = &a._storage.Ref, pr = &result._storage.Ref)
        fixed (long* sa = a._shape, ta = a._strides, sr = result._shape, tr = result._strides)
        fixed (AgnPool2dParams* pp = &p)
        {
            AgnTensor da = Desc(a, pa, sa, ta, 4), dr = Desc(result, pr, sr, tr, 4);
            NativeStatus.Check(backward ? NativeMethods.agn_avg_pool2d_backward(&da, &dr, pp) : NativeMethods.agn_avg_pool2d(&da, &dr, pp),
                               backward ? "agn_avg_pool2d_backward" : "agn_avg_pool2d");
        }
        KeepAlive(a, result);
    }
}
