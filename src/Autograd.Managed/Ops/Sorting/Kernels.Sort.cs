using Autograd.Native;

namespace Autograd.Ops;

internal static unsafe partial class Kernels
{
    /// <summary>indices (int64, x's shape) = the stable sorting order of x along dim (agn_sort).</summary>
    internal static void Sort(Tensor x, int dim, bool descending, Tensor indices)
    {
        int n = x._shape.Length;
        fixed (byte* px = &x._storage.Ref, pi = &indices._storage.Ref)
        fixed (long* sh = x._shape, tx = x._strides, ti = indices._strides)
        {
            AgnTensor dx = Desc(x, px, sh, tx, n), di = Desc(indices, pi, sh, ti, n);
            NativeStatus.Check(NativeMethods.agn_sort(&dx, dim, descending ? 1 : 0, null, &di), "agn_sort");
        }
        KeepAlive(x, indices);
    }

    /// <summary>indices (int64, x's shape with k along dim) = the positions of the k largest or smallest elements
    /// of x along dim, in LibTorch's order (agn_topk).</summary>
    internal static void TopK(Tensor x, int dim, bool largest, bool sorted, Tensor indices)
    {
        int n = x._shape.Length;
        fixed (byte* px = &x._storage.Ref, pi = &indices._storage.Ref)
        fixed (long* sx = x._shape, tx = x._strides, si = indices._shape, ti = indices._strides)
        {
            AgnTensor dx = Desc(x, px, sx, tx, n), di = Desc(indices, pi, si, ti, n);
            NativeStatus.Check(NativeMethods.agn_topk(&dx, dim, largest ? 1 : 0, sorted ? 1 : 0, &di), "agn_topk");
        }
        KeepAlive(x, indices);
    }

    /// <summary>indices (int64, x's shape) = the order libstdc++'s unstable std::sort leaves x's lines in along dim
    /// (agn_sort_unstable), as LibTorch's mode sorts them.</summary>
    internal static void SortUnstable(Tensor x, int dim, Tensor indices)
    {
        int n = x._shape.Length;
        fixed (byte* px = &x._storage.Ref, pi = &indices._storage.Ref)
        fixed (long* sh = x._shape, tx = x._strides, ti = indices._strides)
        {
            AgnTensor dx = Desc(x, px, sh, tx, n), di = Desc(indices, pi, sh, ti, n);
            NativeStatus.Check(NativeMethods.agn_sort_unstable(&dx, dim, &di), "agn_sort_unstable");
        }
        KeepAlive(x, indices);
    }

    /// <summary>output[index] (op)= src along dim, in place (agn_scatter_reduce); index and src share a shape.</summary>
    internal static void ScatterReduce(Tensor output, int dim, Tensor index, Tensor src, AgnScatterOp op)
    {
        if (DType.IsStorageOnly(output._dtype)) { WidenedScatterReduce(output, dim, index, src, op); return; }
        int n = output._shape.Length;
        fixed (byte* po = &output._storage.Ref, pi = &index._storage.Ref, ps = &src._storage.Ref)
        fixed (long* so = output._shape, to = output._strides, si = index._shape, ti = index._strides, ts = src._strides)
        {
            AgnTensor dout = Desc(output, po, so, to, n), di = Desc(index, pi, si, ti, n), ds = Desc(src, ps, si, ts, n);
            NativeStatus.Check(NativeMethods.agn_scatter_reduce(&dout, dim, &di, &ds, (int)op), "agn_scatter_reduce");
        }
        KeepAlive(output, index, src);
    }
}
