namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>The <paramref name="q"/>-th quantiles of the elements along <paramref name="dim"/> (null: of all
            /// elements), as PyTorch computes them: the line sorted, rank r = q · (n - 1), and by
            /// <paramref name="interpolation"/> the sorted value at floor(r) ("lower"), ceil(r) ("higher"), r rounded half
            /// to even ("nearest"), or interpolated between the two ("linear": by r - floor(r); "midpoint": halfway).
            /// A line holding NaN gives NaN. With a 1-d q the result has q's length as a new first dim; the reduced dim
            /// is dropped, or kept with size 1 by <paramref name="keepdim"/> (with dim null, every dim is). The gradient
            /// flows to the sorted elements chosen (weighted as interpolated) and, for "linear", to q.
            /// Unlike TorchSharp, whose dim = -1 means "all elements", -1 here is the last dim, as in PyTorch.</summary>
            /// <exception cref="ArgumentException">An empty input, q not 0-d or 1-d, q outside [0, 1], an input neither
            /// float32 nor float64, q of another dtype, or an unknown interpolation (LibTorch's messages).</exception>
            /// <exception cref="IndexOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
            public Tensor quantile(Tensor q, long? dim = null, bool keepdim = false, string interpolation = "linear") =>
                Ops.Quantiles.Quantile(this, q, dim, keepdim, interpolation, ignoreNan: false);
            /// <summary><see cref="quantile(Tensor, long?, bool, string)"/> at one q (the result has no q dim).</summary>
            public Tensor quantile(double q, long? dim = null, bool keepdim = false, string interpolation = "linear") =>
                Ops.Quantiles.Quantile(this, q, dim, keepdim, interpolation, ignoreNan: false);
            /// <summary><see cref="quantile(Tensor, long?, bool, string)"/> of the elements that are not NaN; a line
            /// of NaN only gives NaN.</summary>
            public Tensor nanquantile(Tensor q, long? dim = null, bool keepdim = false, string interpolation = "linear") =>
                Ops.Quantiles.Quantile(this, q, dim, keepdim, interpolation, ignoreNan: true);
            /// <summary><see cref="nanquantile(Tensor, long?, bool, string)"/> at one q.</summary>
            public Tensor nanquantile(double q, long? dim = null, bool keepdim = false, string interpolation = "linear") =>
                Ops.Quantiles.Quantile(this, q, dim, keepdim, interpolation, ignoreNan: true);
        }

        /// <summary>input.quantile(q, dim, keepdim, interpolation).</summary>
        public static Tensor quantile(Tensor input, Tensor q, long? dim = null, bool keepdim = false, string interpolation = "linear") =>
            input.quantile(q, dim, keepdim, interpolation);
        /// <summary>input.quantile(q, dim, keepdim, interpolation).</summary>
        public static Tensor quantile(Tensor input, double q, long? dim = null, bool keepdim = false, string interpolation = "linear") =>
            input.quantile(q, dim, keepdim, interpolation);
        /// <summary>input.nanquantile(q, dim, keepdim, interpolation).</summary>
        public static Tensor nanquantile(Tensor input, Tensor q, long? dim = null, bool keepdim = false, string interpolation = "linear") =>
            input.nanquantile(q, dim, keepdim, interpolation);
        /// <summary>input.nanquantile(q, dim, keepdim, interpolation).</summary>
        public static Tensor nanquantile(Tensor input, double q, long? dim = null, bool keepdim = false, string interpolation = "linear") =>
            input.nanquantile(q, dim, keepdim, interpolation);
    }
}

namespace Autograd.Ops
{
    /// <summary>quantile and nanquantile: LibTorch's composite (sort, ranks, gather, lerp) built from our
    /// differentiable ops, so the gradient, double backward and forward mode come from theirs.</summary>
    internal static class Quantiles
    {
        private enum Interpolation { Linear, Lower, Higher, Midpoint, Nearest }

        internal static Tensor Quantile(Tensor x, double q, long? dim, bool keepdim, string interpolation, bool ignoreNan)
        {
            if (!(q >= 0 && q <= 1)) throw new ArgumentException($"quantile() q must be in the range [0, 1] but got {RandomFill.Num(q)}");
            Interpolation mode = Parse(interpolation);
            Check(x, 0, x._dtype);
            return Compute(x, torch.full(Array.Empty<long>(), q, x._dtype), dim, keepdim, mode, ignoreNan);
        }

        internal static Tensor Quantile(Tensor x, Tensor q, long? dim, bool keepdim, string interpolation, bool ignoreNan)
        {
            Interpolation mode = Parse(interpolation);
            Check(x, q._shape.Length, q._dtype);
            return Compute(x, q, dim, keepdim, mode, ignoreNan);
        }

        private static Interpolation Parse(string interpolation) => interpolation switch
        {
            "linear" => Interpolation.Linear,
            "lower" => Interpolation.Lower,
            "higher" => Interpolation.Higher,
            "midpoint" => Interpolation.Midpoint,
            "nearest" => Interpolation.Nearest,
            _ => throw new ArgumentException(
                $"quantile() interpolation must be one of linear, lower, higher, midpoint or nearest, but got {interpolation}"),
        };

        /// <summary>LibTorch's checks, in its order (before the dim is wrapped).</summary>
        private static void Check(Tensor x, int qRank, ScalarType qType)
        {
            if (x._numel == 0) throw new ArgumentException("quantile() input tensor must be non-empty");
            if (qRank > 1) throw new ArgumentException("quantile() q must be a scalar or 1D tensor");
            if (x._dtype is not (ScalarType.Float32 or ScalarType.Float64))
                throw new ArgumentException("quantile() input tensor must be either float or double dtype");
            if (qType != x._dtype) throw new ArgumentException("quantile() q tensor must be same dtype as the input tensor");
        }

        private static Tensor Compute(Tensor x, Tensor q, long? dim, bool keepdim, Interpolation mode, bool ignoreNan)
        {
            int rank = x._shape.Length;
            int d = dim is long requested ? Shape.WrapDim(requested, rank) : 0;
            bool qNonEmpty = q._numel > 0;
            using (torch.no_grad())
                if (qNonEmpty && !q.ge(0).logical_and(q.le(1)).all().item<bool>())
                    throw new ArgumentException("quantile() q values must be in the range [0, 1]");

            // the lines to reduce, each last; reduced = the result's shape without q's dim
            Tensor lines;
            long[] reduced;
            if (dim is null || rank == 0)
            {
                lines = x.reshape(-1);
                reduced = keepdim ? Enumerable.Repeat(1L, rank).ToArray() : [];
            }
            else
            {
                lines = x.movedim([d], [-1]);
                reduced = keepdim ? [.. x._shape[..d], 1, .. x._shape[(d + 1)..]] : [.. x._shape[..d], .. x._shape[(d + 1)..]];
            }
            long n = lines._shape[^1];
            // ranks are computed in the input's dtype, exact for integers up to 2^24 in float32
            if (n > 1 << 24) throw new ArgumentException("quantile() input tensor is too large");
            Tensor sorted = Sorting.Sort(lines, -1, false).Item1.reshape([.. reduced, n]);

            // ranks [reduced..., Q] in [0, n): for quantile a line with NaN ranks its last element (a NaN, as NaN sorts
            // last); for nanquantile the ranks count the other elements, and a line of NaN only ranks 0 (a NaN)
            Tensor qLine = q.reshape(-1), ranks;
            if (ignoreNan)
            {
                ranks = qLine.mul(sorted.isnan().logical_not().sum(-1, keepdim: true).sub(1));
                ranks = ranks.masked_fill(ranks.lt(0), 0);
            }
            else
            {
                Tensor hasNan = sorted.isnan().sum(-1, keepdim: true).gt(0);
                ranks = qLine.mul(n - 1).expand([.. reduced, qLine._shape[0]]).masked_fill(hasNan, n - 1);
            }
            ranks = mode switch
            {
                Interpolation.Lower => ranks.floor(),
                Interpolation.Higher => ranks.ceil(),
                Interpolation.Nearest => ranks.round(), // half to even, as LibTorch's round
                _ => ranks,
            };
            Tensor below = ranks.to(ScalarType.Int64), values = sorted.gather(-1, below);
            if (mode is Interpolation.Linear or Interpolation.Midpoint)
            {
                // d(quantile)/dq = (above - below) · (n - 1) flows through the linear weight, as in LibTorch
                Tensor weights = mode == Interpolation.Midpoint ? torch.full_like(ranks, 0.5) : ranks.sub(below);
                values = values.lerp(sorted.gather(-1, ranks.ceil().to(ScalarType.Int64)), weights);
            }
            return (q._shape.Length == 0 ? values.squeeze(-1) : values.movedim([-1], [0])).contiguous();
        }
    }
}
