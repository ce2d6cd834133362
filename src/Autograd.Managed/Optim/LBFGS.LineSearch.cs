namespace Autograd.Modules
{
    public sealed partial class LBFGS
    {
        // The strong Wolfe conditions' constants and limits (PyTorch's _strong_wolfe defaults).
        private const double C1 = 1e-4, C2 = 0.9, LineSearchToleranceChange = 1e-9;
        private const int MaxLineSearch = 25;

        /// <summary>The minimiser, within the bounds, of the cubic through (x1, f1) and (x2, f2) with slopes g1 and
        /// g2; the bounds' midpoint when the cubic has no minimum (the polyinterp of Lua torch's optim).</summary>
        internal static double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                                                (double Min, double Max)? bounds = null)
        {
            var (lo, hi) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1));
            // d1 = g1 + g2 - 3 (f1 - f2) / (x1 - x2), d2 = sqrt(d1² - g1 g2);
            // minimum at x2 - (x2 - x1)(g2 + d2 - d1) / (g2 - g1 + 2 d2), x2 the farther point
            double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
            double d2Square = d1 * d1 - g1 * g2;
            if (!(d2Square >= 0)) return (lo + hi) / 2;
            double d2 = Math.Sqrt(d2Square);
            double minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                                     : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.Min(Math.Max(minPos, lo), hi);
        }

        /// <summary>PyTorch's _strong_wolfe: brackets a step length along <paramref name="d"/> from t, then zooms
        /// into the bracket by cubic interpolation until f(x + t d) ≤ f + c1 t g·d and |g(x + t d)·d| ≤ -c2 g·d, the
        /// bracket is below tolerance, or 25 evaluations are spent. Returns the loss, flat gradient and step at the
        /// best point and the number of evaluations.</summary>
        private static (double Loss, Tensor Grad, double T, long Evals) StrongWolfe(
            Func<Tensor[], double, Tensor, (double, Tensor)> objFunc, Tensor[] x, double t, Tensor d, double f, Tensor g, double gtd)
        {
            double dNorm = d.abs().max().ToDouble();
            g = g.clone();
            var (fNew, gNew) = objFunc(x, t, d);
            long evals = 1;
            double gtdNew = gNew.dot(d).ToDouble();

            // bracket an interval containing a point that meets the conditions
            double tPrev = 0, fPrev = f, gtdPrev = gtd;
            Tensor gPrev = g;
            bool done = false;
            int lsIter = 0;
            double[] bracket = [], bracketF = [], bracketGtd = [];
            Tensor[] bracketG = [];
            while (lsIter < MaxLineSearch)
            {
                if (fNew > f + C1 * t * gtd || (lsIter > 1 && fNew >= fPrev))
                {
                    (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew.clone()], [gtdPrev, gtdNew]);
                    break;
                }
                if (Math.Abs(gtdNew) <= -C2 * gtd)
                {
                    (bracket, bracketF, bracketG) = ([t], [fNew], [gNew]);
                    done = true;
                    break;
                }
                if (gtdNew >= 0)
                {
                    (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew.clone()], [gtdPrev, gtdNew]);
                    break;
                }
                // extrapolate: the cubic's minimiser within [t + 0.01 (t - t_prev), 10 t]
                double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10, tmp = t;
                t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, (minStep, maxStep));
                (tPrev, fPrev, gPrev, gtdPrev) = (tmp, fNew, gNew.clone(), gtdNew);
                (fNew, gNew) = objFunc(x, t, d);
                evals++;
                gtdNew = gNew.dot(d).ToDouble();
                lsIter++;
            }
            if (lsIter == MaxLineSearch) (bracket, bracketF, bracketG) = ([0, t], [f, fNew], [g, gNew]);

            // zoom: shrink the bracket until a point meets the conditions
            bool insufficientProgress = false;
            int low = 0, high = 1;
            if (bracketF.Length == 2) (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
            while (!done && lsIter < MaxLineSearch)
            {
                if (Math.Abs(bracket[1] - bracket[0]) * dNorm < LineSearchToleranceChange) break; // bracket too small
                t = CubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);

                // a trial within a tenth of the bracket's length from an end makes little progress: after two such
                // trials in a row, or one at or past an end, move it a tenth of the length inside
                double bMax = Math.Max(bracket[0], bracket[1]), bMin = Math.Min(bracket[0], bracket[1]), eps = 0.1 * (bMax - bMin);
                if (Math.Min(bMax - t, t - bMin) < eps)
                {
                    if (insufficientProgress || t >= bMax || t <= bMin)
                    {
                        t = Math.Abs(t - bMax) < Math.Abs(t - bMin) ? bMax - eps : bMin + eps;
                        insufficientProgress = false;
                    }
                    else insufficientProgress = true;
                }
                else insufficientProgress = false;

                (fNew, gNew) = objFunc(x, t, d);
                evals++;
                gtdNew = gNew.dot(d).ToDouble();
                lsIter++;

                if (fNew > f + C1 * t * gtd || fNew >= bracketF[low])
                {
                    // sufficient decrease fails, or no lower than the low end: the trial becomes the high end
                    (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (t, fNew, gNew.clone(), gtdNew);
                    (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
                }
                else
                {
                    if (Math.Abs(gtdNew) <= -C2 * gtd) done = true;
                    else if (gtdNew * (bracket[high] - bracket[low]) >= 0)
                        (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) =
                            (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]);
                    (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]) = (t, fNew, gNew.clone(), gtdNew);
                }
            }
            return (bracketF[low], bracketG[low], bracket[low], evals);
        }
    }
}
