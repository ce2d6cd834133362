namespace Autograd
{
    /// <summary>How <see cref="torch.nn.functional.embedding_bag"/> reduces the rows of one bag (TorchSharp's enum).</summary>
    public enum EmbeddingBagMode
    {
        /// <summary>The (per-sample weighted) sum of the bag's rows.</summary>
        Sum = 0,
        /// <summary>The mean of the bag's rows.</summary>
        Mean = 1,
        /// <summary>The element-wise maximum of the bag's rows (not supported here).</summary>
        Max = 2,
    }

    public static partial class torch
    {
        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>Rows of <paramref name="weight"/> [num_embeddings, D] at the int64/int32 indices of
                /// <paramref name="input"/> (any shape); the result is [*input.shape, D]. Rows at
                /// <paramref name="padding_idx"/> get no gradient. With <paramref name="max_norm"/>, every row
                /// the input refers to whose <paramref name="norm_type"/>-norm exceeds it is rescaled in place
                /// to max_norm / (norm + 1e-7) of itself, before the lookup (as PyTorch does).
                /// <paramref name="scale_grad_by_freq"/> divides each row's gradient by its count in the input.
                /// The gradient is always dense (<paramref name="sparse"/> is accepted for source compatibility).</summary>
                /// <exception cref="ArgumentException">weight is not 2-d, indices are not integers, or padding_idx
                /// is outside the table.</exception>
                /// <exception cref="IndexOutOfRangeException">An index is outside [0, num_embeddings):
                /// "index out of range in self". Nothing is renormalised when it throws.</exception>
                public static Tensor embedding(Tensor input, Tensor weight, long? padding_idx = null, double? max_norm = null,
                                               double norm_type = 2, bool scale_grad_by_freq = false, bool sparse = false) =>
                    Ops.Embeddings.Lookup(input, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq);

                /// <summary>Sums or averages bags of embedding rows without building the per-index rows'
                /// result. <paramref name="input"/> is either 2-d [B, L] (each row one bag, offsets null) or 1-d
                /// with <paramref name="offsets"/> [B] giving each bag's start (with
                /// <paramref name="include_last_offset"/>, offsets has B + 1 entries, the last one the end).
                /// Indices equal to <paramref name="padding_idx"/> are left out of their bag (and of the mean's
                /// count); an empty bag gives zeros. <paramref name="per_sample_weights"/> (input's shape, sum mode
                /// only) scales each row. Result [B, D].</summary>
                /// <exception cref="ArgumentException">Shapes or offsets are invalid (PyTorch's messages).</exception>
                /// <exception cref="NotSupportedException">mode is Max.</exception>
                /// <exception cref="IndexOutOfRangeException">An index is outside the table.</exception>
                public static Tensor embedding_bag(Tensor input, Tensor weight, Tensor? offsets = null, double? max_norm = null,
                                                   double norm_type = 2,
                                                   bool scale_grad_by_freq = false, EmbeddingBagMode mode = EmbeddingBagMode.Mean,
                                                       bool sparse = false,
                                                   Tensor? per_sample_weights = null, bool include_last_offset = false,
                                                       long? padding_idx = null) =>
                    Ops.Embeddings.Bag(input, weight, offsets, max_norm, norm_type, scale_grad_by_freq, mode, per_sample_weights,
                                       include_last_offset, padding_idx);
            }
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>embedding and embedding_bag on the index_select kernel; the weight's gradient is an
    /// index_add of the upstream rows (so it is differentiable again in the upstream gradient).</summary>
    internal static class Embeddings
    {
        internal static Tensor Lookup(Tensor input, Tensor weight, long? paddingIdx, double? maxNorm, double normType, bool scaleGradByFreq)
        {
            long[] flat = Check(input, weight, ref paddingIdx);
            if (maxNorm is double m) Renorm(weight, flat, m, normType);
            Tensor idx = torch.tensor(flat, ScalarType.Int64);
            Tensor rows;
            using (torch.no_grad()) rows = weight.index_select(0, idx);
            Tensor result = rows.reshape([.. input._shape, weight._shape[1]]);
            if (Graph.Needs(weight))
                Graph.Connect(new EmbeddingBackward0(idx, RowScale(flat, paddingIdx, scaleGradByFreq, weight._dtype)), result, weight);
            return result;
        }

        /// <summary>PyTorch's checks; returns the indices as int64 values and wraps a negative padding_idx.</summary>
        private static long[] Check(Tensor input, Tensor weight, ref long? paddingIdx)
        {
            if (weight._shape.Length != 2) throw new ArgumentException("'weight' must be 2-D");
            if (input._dtype is not (ScalarType.Int64 or ScalarType.Int32))
                throw new ArgumentException(
                    $"Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got " +
                    $"{DType.LegacyName(input._dtype)} instead (while checking arguments for embedding)");
            long rowsCount = weight._shape[0];
            if (paddingIdx is long p)
            {
                if (p >= rowsCount || p < -rowsCount) throw new ArgumentException("Padding_idx must be within num_embeddings");
                if (p < 0) paddingIdx = p + rowsCount;
            }
            long[] flat = input.to(ScalarType.Int64).contiguous().ToArray<long>();
            foreach (long v in flat)
                if (v < 0 || v >= rowsCount) throw new IndexOutOfRangeException("index out of range in self");
            return flat;
        }

        /// <summary>Per-row gradient scale [n, 1]: 0 at padding_idx, 1/count with scale_grad_by_freq; null when all ones.</summary>
        private static Tensor? RowScale(long[] flat, long? paddingIdx, bool byFreq, ScalarType dtype)
        {
            if (paddingIdx is null && !byFreq) return null;
            var counts = new Dictionary<long, int>();
            if (byFreq) foreach (long v in flat) counts[v] = counts.GetValueOrDefault(v) + 1;
            var scale = new double[flat.Length];
            for (int i = 0; i < flat.Length; i++)
                scale[i] = flat[i] == paddingIdx ? 0 : byFreq ? 1.0 / counts[flat[i]] : 1;
            return torch.tensor(scale, [flat.Length, 1]).to(dtype);
        }

        /// <summary>embedding_renorm_: rows referred to by the input whose norm exceeds maxNorm are scaled in place
        /// by maxNorm / (norm + 1e-7), outside the graph.</summary>
        private static void Renorm(Tensor weight, long[] flat, double maxNorm, double normType)
        {
            long[] unique = flat.Distinct().ToArray();
            if (unique.Length == 0) return;
            using (torch.no_grad())
            {
                Tensor idx = torch.tensor(unique, ScalarType.Int64);
                Tensor rows = weight.index_select(0, idx);
                Tensor norms = rows.norm(1, keepdim: true, p: (float)normType);
                Tensor scale = torch.where(norms.gt(maxNorm), Reverse.Div(maxNorm, norms.add(1e-7)), torch.ones_like(norms));
                weight.index_put_(rows.mul(scale), torch.TensorIndex.Tensor(idx));
            }
        }

        internal static Tensor Bag(Tensor input, Tensor weight, Tensor? offsets, double? maxNorm, double normType, bool scaleGradByFreq,
                                   EmbeddingBagMode mode, Tensor? perSampleWeights, bool includeLastOffset, long? paddingIdx)
        {
            if (mode == EmbeddingBagMode.Max) throw new NotSupportedException("embedding_bag: mode 'max' is not supported");
            if (perSampleWeights is not null && mode != EmbeddingBagMode.Sum)
                throw new ArgumentException(
                    $"embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got " +
                    $"mode='mean'). Please open a feature request on the Pytorch GitHub.");
            if (perSampleWeights is not null && !Shape.SameShape(perSampleWeights._shape, input._shape))
                throw new ArgumentException(
                    $"embedding_bag: If per_sample_weights ({Shape.Format(perSampleWeights._shape)}) is not None, then it must " +
                    $"have the same shape as the input ({Shape.Format(input._shape)})");
            if (weight._shape.Length != 2)
                throw new ArgumentException($"weight has to be a 2D Tensor, but got Tensor of dimension {weight._shape.Length}");
            if (input._dtype is not (ScalarType.Int64 or ScalarType.Int32))
                throw new ArgumentException(
                    $"Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got " +
                    $"{DType.LegacyName(input._dtype)} instead (while checking arguments for embedding_bag)");
            if (offsets is not null && offsets._dtype != input._dtype)
                throw new ArgumentException(
                    $"Expected tensor for argument #1 'indices' to have the same type as tensor for argument #1 'offsets'; but " +
                    $"type {DType.LegacyName(input._dtype)} does not equal {DType.LegacyName(offsets._dtype)} (while checking " +
                    $"arguments for embedding_bag)");
            if (!DType.IsFloating(weight._dtype))
                throw new ArgumentException(
                    $"Expected tensor for argument #1 'weight' to have one of the following scalar types: Half, BFloat16, Float, " +
                    $"Double; but got {DType.LegacyName(weight._dtype)} instead (while checking arguments for embedding_bag)");
            long[] starts = BagStarts(input, offsets, includeLastOffset, out long bags);
            long n = input._numel;
            if (bags == 0) return Tensor.Zeros([0, weight._shape[1]], weight._dtype);

            // bag id of every position; padding positions drop out of the sum and of the mean's count
            var bagOf = new long[n];
            var keep = new double[n];
            var counts = new double[bags];
            long[] values = input.to(ScalarType.Int64).contiguous().ToArray<long>();
            long? wrappedPad = paddingIdx is long p && p < 0 ? p + weight._shape[0] : paddingIdx;
            for (long b = 0; b < bags; b++)
            {
                // the last bag runs to the end of the input (with include_last_offset too, as LibTorch does)
                long end = b + 1 < bags ? starts[b + 1] : n;
                for (long i = starts[b]; i < end; i++)
                {
                    bagOf[i] = b;
                    keep[i] = values[i] == wrappedPad ? 0 : 1;
                    counts[b] += keep[i];
                }
            }

            Tensor rows = Lookup(input.reshape(-1), weight, paddingIdx, maxNorm, normType, scaleGradByFreq); // [n, D]
            Tensor weights = torch.tensor(keep, [n, 1]).to(weight._dtype);
            if (perSampleWeights is not null) weights = weights.mul(perSampleWeights.reshape(n, 1));
            Tensor summed = Indexing.IndexAddZeros(rows.mul(weights), [bags, weight._shape[1]], 0, torch.tensor(bagOf, ScalarType.Int64));
            if (mode == EmbeddingBagMode.Sum) return summed;
            Tensor count = torch.tensor(counts.Select(c => Math.Max(c, 1)).ToArray(), [bags, 1]).to(weight._dtype);
            return summed.div(count);
        }

        /// <summary>Each bag's first position, validated as PyTorch does; <paramref name="bags"/> is B.</summary>
        private static long[] BagStarts(Tensor input, Tensor? offsets, bool includeLastOffset, out long bags)
        {
            if (input._shape.Length == 2)
            {
                if (offsets is not null)
                    throw new ArgumentException(
                        "if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length " +
                        "sequences. However, found offsets of type Tensor");
                bags = input._shape[0];
                long length = input._shape[1];
                return Enumerable.Range(0, (int)bags).Select(b => b * length).ToArray();
            }
            if (input._shape.Length != 1)
                throw new ArgumentException($"input has to be 1D or 2D Tensor, but got Tensor of dimension {input._shape.Length}");
            if (offsets is null) throw new ArgumentException("offsets has to be a 1D Tensor but got None");
            if (offsets._shape.Length != 1) throw new ArgumentException("offsets has to be a 1D Tensor");
            long[] starts = offsets.to(ScalarType.Int64).contiguous().ToArray<long>();
            if (starts.Length > 0 && starts[0] != 0)
                throw new ArgumentException(
                    $"offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, " +
                    $"got {starts[0]}");
            if (starts.Length > 0 && starts[^1] > input._numel)
                throw new ArgumentException($"offsets[-1] can not be greater than input's length {input._numel}, but got {starts[^1]}");
            for (int i = 1; i < starts.Length; i++)
                if (starts[i] < starts[i - 1]) throw new ArgumentException("offsets must be non-decreasing");
            bags = includeLastOffset ? Math.Max(starts.Length - 1, 0) : starts.Length;
            return starts;
        }
    }

    // d(weight[idx])/dweight = zeros.index_add(0, idx, grad * scale), scale = 0 at padding_idx, 1/count by frequency
    internal sealed class EmbeddingBackward0(Tensor index, Tensor? rowScale) : Node
    {
        public override string name() => "EmbeddingBackward0";
        // linear in the weight: the JVP looks the tangent's rows up. padding_idx and scale_grad_by_freq change only
        // the backward (PyTorch's embedding(weight_t, indices, ...)): a padding row's tangent reaches the output
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [t[0] is { } v ? Indexing.IndexSelect(v, 0, index, wrap: false).reshape(y[0]._shape) : null];
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            long[] shape = _inputs[0].Shape;
            Tensor rows = g[0]!.reshape(-1, shape[1]);
            if (rowScale is not null) rows = rows.mul(rowScale);
            return [Indexing.IndexAddZeros(rows, shape, 0, index)];
        }
    }
}
