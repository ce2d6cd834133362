namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>softmax(query @ keyᵀ * scale + mask) @ value for query [*, L, E], key [*, S, E],
                /// value [*, S, Ev] (batch dims broadcast); the result is [*, L, Ev]. A bool
                /// <paramref name="attn_mask"/> (broadcastable to [*, L, S]) keeps positions where it is true; a
                /// floating one is added to the scores. Causal (<paramref name="is_causal"/>, or TorchSharp's
                /// spelling <paramref name="is_casual"/>) masks every key after the query's position.
                /// <paramref name="scale"/> defaults to 1 / sqrt(E). A row with every key masked gives NaN.</summary>
                /// <exception cref="ArgumentException">The shapes don't fit, or a mask is given with causal.</exception>
                /// <exception cref="NotSupportedException">p (the dropout probability) is not 0.</exception>
                public static Tensor scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor? attn_mask = null,
                                                                  double p = 0.0, bool is_casual = false, double? scale = null,
                                                                  bool is_causal = false) =>
                    Ops.Attention.ScaledDotProduct(query, key, value, attn_mask, p, is_casual || is_causal, scale);
            }
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>Scaled dot-product attention as matmul, softmax and masking (PyTorch's math reference path).</summary>
    internal static class Attention
    {
        internal static Tensor ScaledDotProduct(Tensor q, Tensor k, Tensor v, Tensor? mask, double p, bool causal, double? scale)
        {
            if (q._shape.Length < 2 || k._shape.Length < 2 || v._shape.Length < 2)
                throw new ArgumentException("scaled_dot_product_attention: query, key and value must have at least 2 dimensions");
            if (q._shape[^1] != k._shape[^1])
                throw new ArgumentException(
                    $"Expected query and key to have the same embedding dimension, but got query {Shape.Format(q._shape)} and " +
                    $"key {Shape.Format(k._shape)}");
            if (k._shape[^2] != v._shape[^2])
                throw new ArgumentException(
                    $"Expected key and value to have the same sequence length, but got key {Shape.Format(k._shape)} and value " +
                    $"{Shape.Format(v._shape)}");
            if (causal && mask is not null)
                throw new ArgumentException("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True");
            if (p < 0 || p > 1) throw new ArgumentException($"dropout probability has to be between 0 and 1, but got {p}");
            if (p != 0) throw new NotSupportedException("scaled_dot_product_attention: dropout (p > 0) is not supported");
            long l = q._shape[^2], s = k._shape[^2];
            if (mask is not null) Shape.Broadcast(mask._shape, [l, s]); // throws PyTorch's broadcast message

            double factor = scale ?? 1.0 / Math.Sqrt(q._shape[^1]);
            Tensor scores = q.matmul(k.transpose(-2, -1)).mul(factor);
            if (causal) mask = CausalMask(l, s);
            if (mask is not null)
                scores = mask._dtype == ScalarType.Bool
                    ? scores.masked_fill(mask.logical_not(), double.NegativeInfinity)
                    : scores.add(mask);
            return scores.softmax(-1).matmul(v);
        }

        /// <summary>[L, S] bool, true on and below the diagonal (the keys a query may see).</summary>
        private static Tensor CausalMask(long l, long s)
        {
            var keep = new bool[l * s];
            for (long i = 0; i < l; i++)
                for (long j = 0; j <= Math.Min(i, s - 1); j++) keep[i * s + j] = true;
            return torch.tensor(keep, [l, s]);
        }
    }
}
