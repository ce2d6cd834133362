using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

public static partial class OpTable
{
    /// <summary>quantile / nanquantile: q as a double, a 0-d and a 1-d tensor (q differentiable too), along a dim
    /// or of all elements, keepdim, non-contiguous, NaN lines, and every interpolation mode.</summary>
    [OpCases]
    private static IEnumerable<OpCase> QuantileOps()
    {
        static OpCase C(string op, string variant, In[] inputs, Func<Tensor[], Tensor> ours, Func<ts.Tensor[], ts.Tensor> theirs,
                        bool diff = true) =>
            new() { Op = op, Variant = variant, Inputs = inputs, Ours = ours, Theirs = theirs, Differentiable = diff };
        // q drawn in [-0.9, 0.9] and mapped into [0.05, 0.95]: inside [0, 1] with a smooth map, so q's gradient is checked too
        static Tensor Q(Tensor u) => u.add(1).div(2);
        static ts.Tensor TsQ(ts.Tensor u) => u.add(1).div(2);
        static ts.Tensor TsScalar(double q, ts.Tensor like) => ts.tensor(q).to(like.dtype);
        In v7 = new([7]), m34 = new([3, 4]), t34 = new([3, 4], Transposed: true), c234 = new([2, 3, 4]), s = new([]);
        In q5 = new([5], Domain.Unit), q0 = new([], Domain.Unit);

        // TorchSharp 0.107 binds quantile(q, dim = -1, keepdim) with dim -1 meaning "all elements" (its native entry passes
        // nullopt for -1): the cases below reduce all elements with dim null here and -1 there, a dim with its positive index
        yield return C("quantile", "all_double_q", [v7], x => x[0].quantile(0.3), x => x[0].quantile(TsScalar(0.3, x[0])));
        yield return C("quantile", "all_q_vector_keepdim", [m34, q5], x => torch.quantile(x[0], Q(x[1]), keepdim: true),
            x => ts.quantile(x[0], TsQ(x[1]), keepdim: true));
        yield return C("quantile", "dim1_q_vector", [m34, q5], x => x[0].quantile(Q(x[1]), 1), x => x[0].quantile(TsQ(x[1]), 1));
        yield return C("quantile", "dim0_keepdim_transposed", [t34, q5], x => x[0].quantile(Q(x[1]), 0, keepdim: true),
            x => x[0].quantile(TsQ(x[1]), 0, keepdim: true));
        yield return C("quantile", "last_dim_negative_q_0d", [c234, q0], x => x[0].quantile(Q(x[1]), -1),
            x => x[0].quantile(TsQ(x[1]), 2));
        yield return C("quantile", "middle_dim_double_q", [c234], x => x[0].quantile(0.75, 1),
            x => x[0].quantile(TsScalar(0.75, x[0]), 1));
        yield return C("quantile", "more_q_than_elements", [new([2, 3]), q5], x => x[0].quantile(Q(x[1]), 1),
            x => x[0].quantile(TsQ(x[1]), 1));
        yield return C("quantile", "scalar_input", [s, q5], x => x[0].quantile(Q(x[1]), 0), x => x[0].quantile(TsQ(x[1]), 0));
        yield return C("quantile", "ends", [m34], x => x[0].quantile(torch.tensor(new[] { 0.0, 1.0 }).to(x[0].dtype), 1),
            x => x[0].quantile(ts.tensor(new[] { 0.0, 1.0 }).to(x[0].dtype), 1));
        yield return C("quantile", "nan_lines", [new([4, 5])], x => x[0].masked_fill(x[0].gt(1), double.NaN).quantile(0.4, 1),
            x => x[0].masked_fill(x[0].gt(1), double.NaN).quantile(TsScalar(0.4, x[0]), 1), diff: false);

        // lower / higher / nearest pick the sorted element at floor, ceil or round-half-to-even of r = q (n - 1), midpoint
        // lerps the two halfway, as LibTorch's quantile does; TorchSharp binds linear only, so the oracle is LibTorch's
        // kthvalue at those ranks (and its lerp). For n = 7, q = 0.25 and 0.75 give r = 1.5 and 4.5 (ties: 2 and 4).
        double[] qs = [0, 0.25, 0.3, 0.5, 0.75, 1];
        static long Rank(double q, long n, string mode) => mode switch
        {
            "lower" => (long)Math.Floor(q * (n - 1)),
            "higher" => (long)Math.Ceiling(q * (n - 1)),
            _ => (long)Math.Round(q * (n - 1), MidpointRounding.ToEven),
        };
        ts.Tensor TsPicked(ts.Tensor x, long dim, string mode)
        {
            long n = x.shape[dim];
            ts.Tensor Kth(long r) => x.kthvalue(r + 1, dim).values;
            return ts.stack(qs.Select(q => mode == "midpoint"
                ? Kth(Rank(q, n, "lower")).lerp(Kth(Rank(q, n, "higher")), ts.full_like(Kth(0), 0.5))
                : Kth(Rank(q, n, mode))).ToArray());
        }
        foreach (string mode in new[] { "lower", "higher", "nearest", "midpoint" })
            yield return C("quantile", $"{mode}_dim1", [new([3, 7])],
                x => x[0].quantile(torch.tensor(qs).to(x[0].dtype), 1, interpolation: mode), x => TsPicked(x[0], 1, mode));
        // all 12 elements: r = 11 q, so q = 0.5 gives 5.5 (a tie, to 6)
        yield return C("quantile", "nearest_all_transposed", [t34],
            x => x[0].quantile(torch.tensor(qs).to(x[0].dtype), interpolation: "nearest"), x => TsPicked(x[0].reshape(-1), 0, "nearest"));
        yield return C("quantile", "lower_double_q_keepdim", [new([5, 3], Transposed: true)], x => x[0].quantile(0.3, 0, true, "lower"),
            x => x[0].kthvalue(Rank(0.3, 5, "lower") + 1, 0, keepdim: true).values);

        // nanquantile: NaNs at fixed positions, 0 to 4 of a line's 5 (the others are drawn), so every line keeps a value
        static bool[,] HolePositions() => new[,]
        {
            { false, false, false, false, false }, { true, false, false, false, false },
            { false, true, false, true, false }, { true, true, false, true, true },
        };
        static Tensor Holes(Tensor x) => x.masked_fill(torch.tensor(HolePositions()), double.NaN);
        static ts.Tensor TsHoles(ts.Tensor x) => x.masked_fill(ts.tensor(HolePositions()), double.NaN);
        In m45 = new([4, 5]);
        yield return C("nanquantile", "dim1_q_vector", [m45, q5], x => Holes(x[0]).nanquantile(Q(x[1]), 1),
            x => TsHoles(x[0]).nanquantile(TsQ(x[1]), 1));
        yield return C("nanquantile", "all_double_q", [m45], x => torch.nanquantile(Holes(x[0]), 0.6),
            x => ts.nanquantile(TsHoles(x[0]), TsScalar(0.6, x[0])));
        yield return C("nanquantile", "dim0_keepdim", [m45], x => Holes(x[0]).nanquantile(0.5, 0, keepdim: true),
            x => TsHoles(x[0]).nanquantile(TsScalar(0.5, x[0]), 0, keepdim: true));
        yield return C("nanquantile", "no_nan_transposed", [t34, q0], x => x[0].nanquantile(Q(x[1]), 1),
            x => x[0].nanquantile(TsQ(x[1]), 1));
        // the last line all NaN: NaN, with the others as before
        yield return C("nanquantile", "nan_only_line", [m45],
            x => Holes(x[0]).index_fill(0, torch.tensor(new long[] { 3 }), double.NaN).nanquantile(0.5, 1),
            x => TsHoles(x[0]).index_fill(0, ts.tensor(new long[] { 3 }), double.NaN).nanquantile(TsScalar(0.5, x[0]), 1), diff: false);
    }
}
