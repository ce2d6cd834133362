using ts = TorchSharp.torch;
using TsParameter = TorchSharp.Modules.Parameter;

namespace Autograd.Tests;

/// <summary>PyTorch's LBFGS.step with line_search_fn="strong_wolfe" (torch/optim/lbfgs.py) written out on LibTorch
/// tensors, for the float64 parity test: TorchSharp 0.107 does not expose LibTorch's line search. Scalars are
/// doubles (in float64 PyTorch's 0-d tensors hold the same values).</summary>
internal sealed class LbfgsStrongWolfeReference(TsParameter[] ps, double lr, int maxIter, double toleranceGrad, double toleranceChange, int historySize)
{
    private readonly int _maxEval = maxIter * 5 / 4;
    private int _nIter;
    private ts.Tensor? _d, _prevFlatGrad, _hDiag;
    private double _t;
    private readonly List<ts.Tensor> _oldDirs = [], _oldStps = [], _ro = [];

    private ts.Tensor FlatGrad() => ts.cat(ps.Select(p => p.grad is null ? ts.zeros(p.numel(), p.dtype) : p.grad.reshape(-1)).ToArray(), 0);

    private void AddGrad(double t, ts.Tensor d)
    {
        long offset = 0;
        foreach (var p in ps)
        {
            p.add_(d.narrow(0, offset, p.numel()).view(p.shape), t);
            offset += p.numel();
        }
    }

    private (double, ts.Tensor) Evaluate(Func<ts.Tensor> closure, ts.Tensor[] x, double t, ts.Tensor d)
    {
        AddGrad(t, d);
        double loss;
        using (ts.enable_grad()) loss = closure().item<double>();
        ts.Tensor g = FlatGrad();
        for (int i = 0; i < ps.Length; i++) ps[i].copy_(x[i]);
        return (loss, g);
    }

    private static double Cubic(double x1, double f1, double g1, double x2, double f2, double g2, (double, double)? bounds = null)
    {
        var (lo, hi) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1));
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2), d2s = d1 * d1 - g1 * g2;
        if (d2s < 0) return (lo + hi) / 2;
        double d2 = Math.Sqrt(d2s);
        double m = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        return Math.Min(Math.Max(m, lo), hi);
    }

    private (double, ts.Tensor, double, int) StrongWolfe(Func<ts.Tensor[], double, ts.Tensor, (double, ts.Tensor)> obj, ts.Tensor[] x, double t, ts.Tensor d, double f, ts.Tensor g, double gtd)
    {
        const double c1 = 1e-4, c2 = 0.9, tol = 1e-9; const int maxLs = 25;
        double dNorm = d.abs().max().item<double>();
        g = g.clone();
        var (fNew, gNew) = obj(x, t, d);
        int evals = 1, lsIter = 0;
        double gtdNew = gNew.dot(d).item<double>(), tPrev = 0, fPrev = f, gtdPrev = gtd;
        ts.Tensor gPrev = g;
        bool done = false;
        var br = new List<double>(); var brF = new List<double>(); var brG = new List<ts.Tensor>(); var brGtd = new List<double>();
        while (lsIter < maxLs)
        {
            if (fNew > f + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) { br = [tPrev, t]; brF = [fPrev, fNew]; brG = [gPrev, gNew.clone()]; brGtd = [gtdPrev, gtdNew]; break; }
            if (Math.Abs(gtdNew) <= -c2 * gtd) { br = [t]; brF = [fNew]; brG = [gNew]; done = true; break; }
            if (gtdNew >= 0) { br = [tPrev, t]; brF = [fPrev, fNew]; brG = [gPrev, gNew.clone()]; brGtd = [gtdPrev, gtdNew]; break; }
            double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10, tmp = t;
            t = Cubic(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, (minStep, maxStep));
            tPrev = tmp; fPrev = fNew; gPrev = gNew.clone(); gtdPrev = gtdNew;
            (fNew, gNew) = obj(x, t, d); evals++; gtdNew = gNew.dot(d).item<double>(); lsIter++;
        }
        if (lsIter == maxLs) { br = [0, t]; brF = [f, fNew]; brG = [g, gNew]; }
        bool insuf = false;
        int lo = brF[0] <= brF[^1] ? 0 : 1, hi = 1 - lo;
        while (!done && lsIter < maxLs)
        {
            if (Math.Abs(br[1] - br[0]) * dNorm < tol) break;
            t = Cubic(br[0], brF[0], brGtd[0], br[1], brF[1], brGtd[1]);
            double bMax = br.Max(), bMin = br.Min(), eps = 0.1 * (bMax - bMin);
            if (Math.Min(bMax - t, t - bMin) < eps)
            {
                if (insuf || t >= bMax || t <= bMin) { t = Math.Abs(t - bMax) < Math.Abs(t - bMin) ? bMax - eps : bMin + eps; insuf = false; }
                else insuf = true;
            }
            else insuf = false;
            (fNew, gNew) = obj(x, t, d); evals++; gtdNew = gNew.dot(d).item<double>(); lsIter++;
            if (fNew > f + c1 * t * gtd || fNew >= brF[lo])
            {
                br[hi] = t; brF[hi] = fNew; brG[hi] = gNew.clone(); brGtd[hi] = gtdNew;
                (lo, hi) = brF[0] <= brF[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (Math.Abs(gtdNew) <= -c2 * gtd) done = true;
                else if (gtdNew * (br[hi] - br[lo]) >= 0) { br[hi] = br[lo]; brF[hi] = brF[lo]; brG[hi] = brG[lo]; brGtd[hi] = brGtd[lo]; }
                br[lo] = t; brF[lo] = fNew; brG[lo] = gNew.clone(); brGtd[lo] = gtdNew;
            }
        }
        return (brF[lo], brG[lo], br[lo], evals);
    }

    public double Step(Func<ts.Tensor> closure)
    {
        using var noGrad = ts.no_grad();
        double origLoss;
        using (ts.enable_grad()) origLoss = closure().item<double>();
        double loss = origLoss;
        int currentEvals = 1, n = 0;
        ts.Tensor flatGrad = FlatGrad();
        if (flatGrad.abs().max().item<double>() <= toleranceGrad) return origLoss;
        bool optCond;
        while (n < maxIter)
        {
            n++; _nIter++;
            if (_nIter == 1) { _d = flatGrad.neg(); _hDiag = ts.tensor(1.0, flatGrad.dtype); _oldDirs.Clear(); _oldStps.Clear(); _ro.Clear(); }
            else
            {
                ts.Tensor y = flatGrad.sub(_prevFlatGrad!), s = _d!.mul(_t), ys = y.dot(s);
                if (ys.item<double>() > 1e-10)
                {
                    if (_oldDirs.Count == historySize) { _oldDirs.RemoveAt(0); _oldStps.RemoveAt(0); _ro.RemoveAt(0); }
                    _oldDirs.Add(y); _oldStps.Add(s); _ro.Add(ys.reciprocal()); _hDiag = ys / y.dot(y);
                }
                var al = new ts.Tensor[historySize];
                ts.Tensor q = flatGrad.neg();
                for (int i = _oldDirs.Count - 1; i >= 0; i--) { al[i] = _oldStps[i].dot(q) * _ro[i]; q.add_(_oldDirs[i], -al[i].item<double>()); }
                ts.Tensor r = q.mul(_hDiag!);
                _d = r;
                for (int i = 0; i < _oldDirs.Count; i++) { ts.Tensor be = _oldDirs[i].dot(r) * _ro[i]; r.add_(_oldStps[i], (al[i] - be).item<double>()); }
            }
            _prevFlatGrad = flatGrad.clone();
            double prevLoss = loss;
            _t = _nIter == 1 ? Math.Min(1.0, 1.0 / flatGrad.abs().sum().item<double>()) * lr : lr;
            double gtd = flatGrad.dot(_d!).item<double>();
            if (gtd > -toleranceChange) break;
            ts.Tensor[] x = [.. ps.Select(p => p.clone())];
            int ls;
            (loss, flatGrad, _t, ls) = StrongWolfe((xx, tt, dd) => Evaluate(closure, xx, tt, dd), x, _t, _d!, loss, flatGrad, gtd);
            AddGrad(_t, _d!);
            optCond = flatGrad.abs().max().item<double>() <= toleranceGrad;
            currentEvals += ls;
            if (n == maxIter || currentEvals >= _maxEval || optCond) break;
            if (_d!.mul(_t).abs().max().item<double>() <= toleranceChange) break;
            if (Math.Abs(loss - prevLoss) < toleranceChange) break;
        }
        return origLoss;
    }
}
