using Autograd.Native;

namespace Autograd.Ops;

internal static unsafe partial class Kernels
{
    /// <summary>Fused layer norm over runs of <paramref name="n"/> elements: y, mean and rstd (all contiguous, written
    /// whole); RMS normalisation when <paramref name="mean"/> is null (then <paramref name="b"/> is null too).</summary>
    internal static void LayerNorm(Tensor x, Tensor? w, Tensor? b, Tensor y, Tensor? mean, Tensor rstd, long n, double eps)
    {
        Tensor tw = w ?? x, tb = b ?? x, tm = mean ?? rstd;
        fixed (byte* px = &x._storage.Ref, pw = &tw._storage.Ref, pb = &tb._storage.Ref, py = &y._storage.Ref, pm = &tm._storage.Ref, pr = &rstd._storage.Ref)
        fixed (long* sx = x._shape, tx = x._strides, sw = tw._shape, tws = tw._strides, sb = tb._shape, tbs = tb._strides)
        fixed (long* sy = y._shape, ty = y._strides, sm = tm._shape, tms = tm._strides, sr = rstd._shape, tr = rstd._strides)
        {
            AgnTensor dx = Desc(x, px, sx, tx, x._shape.Length), dw = Desc(tw, pw, sw, tws, tw._shape.Length), db = Desc(tb, pb, sb, tbs, tb._shape.Length);
            AgnTensor dy = Desc(y, py, sy, ty, y._shape.Length), dm = Desc(tm, pm, sm, tms, tm._shape.Length), dr = Desc(rstd, pr, sr, tr, rstd._shape.Length);
            if (mean is null)
                NativeStatus.Check(NativeMethods.agn_rms_norm(&dx, w is null ? null : &dw, &dy, &dr, n, eps), "agn_rms_norm");
            else
                NativeStatus.Check(NativeMethods.agn_layer_norm(&dx, w is null ? null : &dw, b is null ? null : &db, &dy, &dm, &dr, n, eps), "agn_layer_norm");
        }
        KeepAlive(x, w, b, y, mean);
        KeepAlive(rstd);
    }

    /// <summary>The fused layer norm's gradients from its saved mean and rstd (RMS normalisation's when
    /// <paramref name="mean"/> is null, then without <paramref name="db"/>); a null output is not computed.</summary>
    internal static void LayerNormBackward(Tensor dy, Tensor x, Tensor? mean, Tensor rstd, Tensor? w, Tensor? dx, Tensor? dw, Tensor? db, long n)
    {
        Tensor tw = w ?? x, tdx = dx ?? x, tdw = dw ?? x, tdb = db ?? x, tmean = mean ?? rstd;
        fixed (byte* pg = &dy._storage.Ref, px = &x._storage.Ref, pm = &tmean._storage.Ref, pr = &rstd._storage.Ref, pw = &tw._storage.Ref)
        fixed (byte* pdx = &tdx._storage.Ref, pdw = &tdw._storage.Ref, pdb = &tdb._storage.Ref)
        fixed (long* sg = dy._shape, tg = dy._strides, sx = x._shape, tx = x._strides, sm = tmean._shape, tm = tmean._strides)
        fixed (long* sr = rstd._shape, tr = rstd._strides, sw = tw._shape, tws = tw._strides)
        fixed (long* sdx = tdx._shape, tdxs = tdx._strides, sdw = tdw._shape, tdws = tdw._strides, sdb = tdb._shape, tdbs = tdb._strides)
        {
            AgnTensor ag = Desc(dy, pg, sg, tg, dy._shape.Length), ax = Desc(x, px, sx, tx, x._shape.Length);
            AgnTensor am = Desc(tmean, pm, sm, tm, tmean._shape.Length), ar = Desc(rstd, pr, sr, tr, rstd._shape.Length);
            AgnTensor aw = Desc(tw, pw, sw, tws, tw._shape.Length), adx = Desc(tdx, pdx, sdx, tdxs, tdx._shape.Length);
            AgnTensor adw = Desc(tdw, pdw, sdw, tdws, tdw._shape.Length), adb = Desc(tdb, pdb, sdb, tdbs, tdb._shape.Length);
            if (mean is null)
                NativeStatus.Check(NativeMethods.agn_rms_norm_backward(&ag, &ax, &ar, w is null ? null : &aw, dx is null ? null : &adx,
                                                                       dw is null ? null : &adw, n), "agn_rms_norm_backward");
            else
                NativeStatus.Check(NativeMethods.agn_layer_norm_backward(&ag, &ax, &am, &ar, w is null ? null : &aw, dx is null ? null : &adx,
                                                                         dw is null ? null : &adw, db is null ? null : &adb, n), "agn_layer_norm_backward");
        }
        KeepAlive(dy, x, mean, rstd, w);
        KeepAlive(tdx, tdw, tdb);
    }
}
