namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where target is -1
                /// (cosine along dim 1 of [N, D] inputs with target [N], or of [D] inputs with a 0-d target).</summary>
                /// <exception cref="ArgumentException">The dims don't fit (PyTorch's messages).</exception>
                public static Tensor cosine_embedding_loss(Tensor input1, Tensor input2, Tensor target, double margin = 0.0,
                                                           Reduction reduction = Reduction.Mean) =>
                    Ops.Losses.CosineEmbedding(input1, input2, target, margin, reduction);

                /// <summary>max(0, -target (input1 - input2) + margin), the three broadcasting together.</summary>
                /// <exception cref="ArgumentException">The inputs' dims differ (PyTorch's message).</exception>
                public static Tensor margin_ranking_loss(Tensor input1, Tensor input2, Tensor target, double margin = 0.0,
                                                         Reduction reduction = Reduction.Mean) =>
                    Ops.Losses.MarginRanking(input1, input2, target, margin, reduction);

                /// <summary>max(0, margin + d(anchor, positive) - d(anchor, negative)) with d the
                /// <see cref="pairwise_distance"/> of order <paramref name="p"/>; with <paramref name="swap"/>
                /// the negative distance is min(d(a, n), d(p, n)).</summary>
                /// <exception cref="ArgumentException">The dims differ (PyTorch's message).</exception>
                public static Tensor triplet_margin_loss(Tensor anchor, Tensor positive, Tensor negative, double margin = 1.0,
                                                         long p = 2, double eps = 1e-06, bool swap = false,
                                                         Reduction reduction = Reduction.Mean) =>
                    Ops.Losses.TripletMargin(anchor, positive, negative, margin, p, eps, swap, reduction);
            }
        }
    }
}

namespace Autograd.Ops
{
    using LossReduction = torch.nn.Reduction;

    internal static partial class Losses
    {
        internal static Tensor CosineEmbedding(Tensor x1, Tensor x2, Tensor target, double margin, LossReduction reduction)
        {
            int targetDim = target._shape.Length;
            if (targetDim > 1) throw new ArgumentException($"0D or 1D target tensor expected, multi-target not supported");
            if (targetDim == 1 && (x1._shape.Length != 2 || x2._shape.Length != 2))
                throw new ArgumentException(
                    $"1D target tensor expects 2D input tensors, but found inputs with sizes {Shape.Format(x1._shape)} and " +
                    $"{Shape.Format(x2._shape)}.");
            if (targetDim == 0 && (x1._shape.Length != 1 || x2._shape.Length != 1))
                throw new ArgumentException(
                    $"0D target tensor expects 1D input tensors, but found inputs with sizes {Shape.Format(x1._shape)} and " +
                    $"{Shape.Format(x2._shape)}.");
            CheckReduction(reduction);
            // LibTorch's formula: the squared magnitudes carry an epsilon of 1e-12 each
            int dim = targetDim;
            Tensor prod = x1.mul(x2).sum(dim);
            Tensor mag1 = x1.mul(x1).sum(dim).add(1e-12), mag2 = x2.mul(x2).sum(dim).add(1e-12);
            Tensor cos = prod.div(mag1.mul(mag2).sqrt());
            Tensor zeros = torch.zeros_like(cos);
            Tensor pos = torch.where(target.eq(1), Reverse.Sub(1, cos), zeros);
            Tensor neg = torch.where(target.eq(-1), cos.sub(margin).clamp_min(0), zeros);
            return Reduce(pos.add(neg), reduction);
        }

        internal static Tensor MarginRanking(Tensor x1, Tensor x2, Tensor target, double margin, LossReduction reduction)
        {
            if (x1._shape.Length != x2._shape.Length || x1._shape.Length != target._shape.Length)
                throw new ArgumentException(
                    $"margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: {TorchSize(x1)}, " +
                    $"input2: {TorchSize(x2)}, target: {TorchSize(target)} ");
            CheckReduction(reduction);
            return Reduce(target.neg().mul(x1.sub(x2)).add(margin).clamp_min(0), reduction);
        }

        internal static Tensor TripletMargin(Tensor anchor, Tensor positive, Tensor negative, double margin, long p, double eps,
                                             bool swap, LossReduction reduction)
        {
            int a = anchor._shape.Length, pd = positive._shape.Length, n = negative._shape.Length;
            if (a != pd || a != n)
                throw new ArgumentException(
                    $"The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: " +
                    $"anchor {a}D, positive {pd}D, and negative {n}D inputs");
            CheckReduction(reduction);
            Tensor dPos = Distances.PairwiseDistance(anchor, positive, p, eps, false);
            Tensor dNeg = Distances.PairwiseDistance(anchor, negative, p, eps, false);
            if (swap) dNeg = dNeg.minimum(Distances.PairwiseDistance(positive, negative, p, eps, false));
            return Reduce(dPos.sub(dNeg).add(margin).clamp_min(0), reduction);
        }

        private static string TorchSize(Tensor t) => $"torch.Size({Shape.Format(t._shape)})";
    }
}
