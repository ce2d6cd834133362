namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>input / max(‖input‖_p over <paramref name="dim"/>, eps): unit vectors along dim.</summary>
                public static Tensor normalize(Tensor input, double p = 2.0, long dim = 1, double eps = 1e-12) =>
                    input.div(input.norm((int)dim, keepdim: true, p: (float)p).clamp_min(eps));

                /// <summary>Cosine of the angle between x1 and x2 along <paramref name="dim"/> (they broadcast):
                /// sum((x1 / max(‖x1‖, eps)) * (x2 / max(‖x2‖, eps))) over dim.</summary>
                /// <exception cref="ArgumentException">x1 and x2 don't broadcast.</exception>
                public static Tensor cosine_similarity(Tensor x1, Tensor x2, long dim = 1, double eps = 1e-8) =>
                    Ops.Distances.CosineSimilarity(x1, x2, dim, eps);

                /// <summary>‖x1 - x2 + eps‖_p over the last dim (x1 and x2 broadcast); keeps that dim when
                /// <paramref name="keepdim"/>.</summary>
                public static Tensor pairwise_distance(Tensor input1, Tensor input2, double p = 2.0, double eps = 1e-6,
                                                       bool keepdim = false) =>
                    Ops.Distances.PairwiseDistance(input1, input2, p, eps, keepdim);

                /// <summary>int64 one-hot encoding: x of class indices (int64, any shape) becomes
                /// [*x.shape, num_classes] with a 1 at each index. num_classes -1 means max(x) + 1.
                /// Not differentiable.</summary>
                /// <exception cref="ArgumentException">x is not int64, has negative values or values ≥ num_classes,
                /// or is empty with num_classes -1 (PyTorch's messages).</exception>
                public static Tensor one_hot(Tensor x, long num_classes = -1) => Ops.Distances.OneHot(x, num_classes);
            }
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>Vector similarities and distances as compositions of differentiable ops, and one_hot.</summary>
    internal static class Distances
    {
        internal static Tensor CosineSimilarity(Tensor x1, Tensor x2, long dim, double eps)
        {
            long[] shape = Shape.Broadcast(x1._shape, x2._shape);
            int d = Shape.WrapDim(dim, shape.Length);
            Tensor a = x1.expand(shape), b = x2.expand(shape);
            // each vector divided by its clamped norm first, as LibTorch does (keeps large values finite)
            Tensor na = a.norm(d, keepdim: true).clamp_min(eps), nb = b.norm(d, keepdim: true).clamp_min(eps);
            return a.div(na).mul(b.div(nb)).sum(d);
        }

        internal static Tensor PairwiseDistance(Tensor x1, Tensor x2, double p, double eps, bool keepdim)
        {
            int rank = Math.Max(x1._shape.Length, x2._shape.Length);
            Tensor diff = x1.sub(x2).add(eps);
            if (rank == 0) return diff.abs();
            return diff.norm(rank - 1, keepdim, (float)p);
        }

        internal static Tensor OneHot(Tensor x, long classes)
        {
            if (x._dtype != ScalarType.Int64) throw new ArgumentException("one_hot is only applicable to index tensor of type LongTensor.");
            long[] values = x.contiguous().ToArray<long>();
            if (values.Length == 0)
            {
                if (classes <= 0) throw new ArgumentException("Can not infer total number of classes from empty tensor.");
                return Tensor.Empty([.. x._shape, classes], ScalarType.Int64);
            }
            if (values.Any(v => v < 0)) throw new ArgumentException("Class values must be non-negative.");
            if (classes == -1) classes = values.Max() + 1;
            else if (values.Any(v => v >= classes)) throw new ArgumentException("Class values must be smaller than num_classes.");
            // the checked allocation gives LibTorch's size and allocator messages; row i's one sits at i·classes + value
            Tensor result = Tensor.Zeros([.. x._shape, classes], ScalarType.Int64);
            for (long i = 0; i < values.Length; i++) result._storage.Element<long>(i * classes + values[i]) = 1;
            return result;
        }
    }
}
