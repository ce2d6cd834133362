namespace Autograd.Ops
{
    /// <summary>
    /// Note [Fused layer norm]: F.layer_norm runs native row kernels (<c>agn_layer_norm</c>: mean and rstd, then y)
    /// and keeps mean and rstd for its backward, which is one native call for dx, dweight and dbias. Under
    /// create_graph the backward is instead written with differentiable ops (the same formula, mean and rstd
    /// recomputed from x), so double backward works as for the composite normalisations. rms_norm runs the same
    /// kernels with the mean taken as 0 (<c>agn_rms_norm</c>), keeping rstd alone.
    /// </summary>
    internal static class FusedLayerNorm
    {
        /// <summary>Whether the fused kernel takes these operands (float32 or float64, weight and bias of the input's
        /// dtype); float16 and bfloat16 take the composite form.</summary>
        internal static bool Applies(Tensor input, Tensor? weight, Tensor? bias) =>
            input._dtype is ScalarType.Float32 or ScalarType.Float64 && (weight is null || weight._dtype == input._dtype)
                && (bias is null || bias._dtype == input._dtype);

        /// <summary>layer_norm, or (<paramref name="rms"/>, <paramref name="bias"/> null) rms_norm, over dims from
        /// <paramref name="axis"/> on.</summary>
        internal static Tensor Forward(Tensor input, int axis, Tensor? weight, Tensor? bias, double eps, bool rms = false)
        {
            long n = 1;
            for (int d = axis; d < input._shape.Length; d++) n *= input._shape[d];
            Tensor x = Kernels.ConvertContiguous(input, input._dtype);
            Tensor? w = weight is null ? null : Kernels.ConvertContiguous(weight, weight._dtype);
            Tensor? b = bias is null ? null : Kernels.ConvertContiguous(bias, bias._dtype);
            long rows = n == 0 ? 0 : input._numel / n;
            Tensor y = Tensor.Empty(input._shape, input._dtype);
            // float64 statistics: a float32 row's mean rounded to float32 would lose the low bits of the centred values
            Tensor? mean = rms ? null : Tensor.Empty([rows], ScalarType.Float64);
            Tensor rstd = Tensor.Empty([rows], ScalarType.Float64);
            if (y._numel > 0) Kernels.LayerNorm(x, w, b, y, mean, rstd, n, eps);
            Tensor[] inputs = weight is null ? (bias is null ? [input] : [input, bias]) : bias is null ? [input, weight]
                : [input, weight, bias];
            if (Graph.Needs(inputs))
            {
                var node = new NativeLayerNormBackward0(axis, eps, weight is not null, bias is not null, n, rms)
                {
                    X = new SavedTensor(input), W = weight is null ? default : new SavedTensor(weight), Mean = mean, Rstd = rstd,
                };
                Graph.Connect(node, [y], inputs);
            }
            return y;
        }
    }

    // xhat = (x - mean) rstd, g = grad * w:  dx = rstd (g - mean(g) - xhat mean(g xhat));  dw = Σ grad xhat;  db = Σ grad
    // rms_norm: mean = 0, so dx = rstd (g - xhat mean(g xhat)) (no mean(g) term, which came from the mean's gradient).
    // JVP: d xhat = rstd (dx - mean(dx) - xhat mean(xhat dx)) (rms_norm without mean(dx)); dy = d xhat w + xhat dw + db
    internal sealed class NativeLayerNormBackward0(int axis, double eps, bool hasWeight, bool hasBias, long n, bool rms) : Node
    {
        internal SavedTensor X, W;
        internal Tensor? Mean;
        internal Tensor Rstd = null!;
        public override string name() => rms ? "FusedRmsNormBackward0" : "NativeLayerNormBackward0";

        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y)
        {
            Tensor? w = hasWeight ? x[1] : null, tw = hasWeight ? t[1] : null, tb = hasBias ? t[hasWeight ? 2 : 1] : null;
            (Tensor xhat, Tensor rstd, long[] norm) = Normalized(x[0]);
            Tensor? sum = null;
            if (t[0] is { } tx)
            {
                Tensor inner = (rms ? tx : tx.sub(tx.mean(norm, keepdim: true))).sub(xhat.mul(xhat.mul(tx).mean(norm, keepdim: true)));
                sum = w is null ? rstd.mul(inner) : rstd.mul(inner).mul(w);
            }
            return [ForwardAD.Sum(ForwardAD.Sum(sum, tw is null ? null : xhat.mul(tw)), tb)];
        }

        // xhat and rstd recomputed from x with differentiable ops, and the normalised dims
        private (Tensor Xhat, Tensor Rstd, long[] Norm) Normalized(Tensor x)
        {
            long[] norm = Enumerable.Range(axis, x._shape.Length - axis).Select(d => (long)d).ToArray();
            Tensor centred = rms ? x : x.sub(x.mean(norm, keepdim: true));
            Tensor rstd = centred.square().mean(norm, keepdim: true).add(eps).rsqrt();
            return (centred.mul(rstd), rstd, norm);
        }

        internal override Tensor?[] Apply(Tensor?[] grads)
        {
            Tensor dy = grads[0]!, x = X.Unpack(this);
            Tensor? w = hasWeight ? W.Unpack(this) : null;
            bool needX = NeedsInputGrad(0), needW = hasWeight && NeedsInputGrad(1), needB = hasBias && NeedsInputGrad(hasWeight ? 2 : 1);
            Tensor? dx, dw, db;
            if (GradMode.IsEnabled) (dx, dw, db) = Differentiable(dy, x, w, needX, needW, needB);
            else
            {
                dx = needX ? Tensor.Empty(x._shape, x._dtype) : null;
                dw = needW ? Tensor.Empty([n], x._dtype) : null;
                db = needB ? Tensor.Empty([n], x._dtype) : null;
                if (x._numel > 0)
                    Kernels.LayerNormBackward(Broadcast(dy) ? dy : Kernels.ConvertContiguous(dy, dy._dtype),
                                              Kernels.ConvertContiguous(x, x._dtype), Mean, Rstd, w is null ? null
                        : Kernels.ConvertContiguous(w, w._dtype), dx, dw, db, n);
                else
                {
                    dw?.zero_();
                    db?.zero_();
                }
                long[] paramShape = x._shape[axis..];
                dw = dw?.reshape(paramShape);
                db = db?.reshape(paramShape);
            }
            List<Tensor?> result = [dx];
            if (hasWeight) result.Add(dw);
            if (hasBias) result.Add(db);
            return [.. result];
        }

        /// <summary>One value broadcast (every stride 0, as a sum's gradient arrives): the kernel reads it in place.</summary>
        private static bool Broadcast(Tensor t) => Array.TrueForAll(t._strides, s => s == 0);

        private (Tensor?, Tensor?, Tensor?) Differentiable(Tensor dy, Tensor x, Tensor? w, bool needX, bool needW, bool needB)
        {
            long[] lead = Enumerable.Range(0, axis).Select(d => (long)d).ToArray();
            (Tensor xhat, Tensor rstd, long[] norm) = Normalized(x);
            Tensor g = w is null ? dy : dy.mul(w);
            Tensor? dx = null, dw = null, db = null;
            if (needX)
            {
                Tensor inner = (rms ? g : g.sub(g.mean(norm, keepdim: true))).sub(xhat.mul(g.mul(xhat).mean(norm, keepdim: true)));
                dx = rstd.mul(inner);
            }
            if (needW) dw = lead.Length == 0 ? dy.mul(xhat) : dy.mul(xhat).sum(lead, keepdim: false);
            if (needB) db = lead.Length == 0 ? dy.clone() : dy.sum(lead, keepdim: false);
            return (dx, dw, db);
        }

        internal override void ReleaseVariables()
        {
            X.Release();
            if (hasWeight) W.Release();
        }
    }
}
