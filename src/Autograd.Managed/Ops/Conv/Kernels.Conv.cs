using Autograd.Native;

namespace Autograd.Ops;

internal static unsafe partial class Kernels
{
    /// <summary>Which of the three convolution kernels <see cref="Conv2d"/> runs.</summary>
    internal enum ConvKernel { Forward, InputGrad, WeightGrad }

    /// <summary>One 2-d convolution kernel on contiguous 4-d tensors of one floating dtype:
    /// Forward: (x, w, bias?) -> y; InputGrad: (grad_y, w) -> grad_x; WeightGrad: (grad_y, x) -> grad_w.
    /// <paramref name="result"/> is written whole.</summary>
    internal static void Conv2d(ConvKernel kind, Tensor a, Tensor b, Tensor? bias, Tensor result, in AgnConv2dParams p)
    {
        Tensor bt = bias ?? a; // pinned either way; passed only when given
        fixed (byte* pa = &a._storage.Ref, pb = &b._storage.Ref, pc = &bt._storage.Ref, pr = &result._storage.Ref)
        fixed (long* sa = a._shape, ta = a._strides, sb = b._shape, tb = b._strides, sc = bt._shape, tc = bt._strides)
        fixed (long* sr = result._shape, tr = result._strides)
        fixed (AgnConv2dParams* pp = &p)
        {
            AgnTensor da = Desc(a, pa, sa, ta, 4), db = Desc(b, pb, sb, tb, 4), dr = Desc(result, pr, sr, tr, 4);
            AgnTensor dc = Desc(bt, pc, sc, tc, bt._shape.Length);
            switch (kind)
            {
                case ConvKernel.Forward:
                    NativeStatus.Check(NativeMethods.agn_conv2d(&da, &db, bias is null ? null : &dc, &dr, pp), "agn_conv2d");
                    break;
                case ConvKernel.InputGrad:
                    NativeStatus.Check(NativeMethods.agn_conv2d_backward_input(&da, &db, &dr, pp), "agn_conv2d_backward_input");
                    break;
                default:
                    NativeStatus.Check(NativeMethods.agn_conv2d_backward_weight(&da, &db, &dr, pp), "agn_conv2d_backward_weight");
                    break;
            }
        }
        KeepAlive(a, b, bias, result);
    }
}
