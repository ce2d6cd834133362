namespace Autograd.Ops
{
    using LossReduction = torch.nn.Reduction;

    /// <summary>
    /// nll_loss on the native gather kernel. Inputs are handled in one normalised layout: class dim 1,
    /// so [C] is treated as [1, C] with target [1]. Every check runs before any kernel (the target values
    /// are read once, on the managed side, to validate them and to build the per-element weights).
    /// </summary>
    internal static partial class Losses
    {
        /// <summary>PyTorch's checks of nll_loss / cross_entropy arguments; returns the target values.</summary>
        internal static long[] CheckNll(Tensor input, Tensor target, Tensor? weight, long ignoreIndex)
        {
            int rank = input._shape.Length;
            if (rank < 1) throw new ArgumentException($"Expected 1 or more dimensions (got {rank})");
            if (target._dtype != ScalarType.Int64)
                throw new ArgumentException($"expected scalar type Long but found {DType.ShortName(target._dtype)}");
            if (rank == 1 && target._shape.Length != 0)
                throw new ArgumentException("0D or 1D target tensor expected, multi-target not supported");
            if (rank >= 2)
            {
                if (target._shape.Length == 0 || target._shape[0] != input._shape[0])
                    throw new ArgumentException(
                        $"Expected input batch_size ({input._shape[0]}) to match target batch_size " +
                        $"({(target._shape.Length == 0 ? 1 : target._shape[0])}).");
                var expected = new long[rank - 1];
                expected[0] = input._shape[0];
                for (int d = 2; d < rank; d++) expected[d - 1] = input._shape[d];
                if (!Shape.SameShape(expected, target._shape))
                    throw new ArgumentException(rank == 2
                        ? "1D target tensor expected, multi-target not supported"
                        : $"Expected target size {Shape.Format(expected)}, got {Shape.Format(target._shape)}");
            }
            long classes = input._shape[rank == 1 ? 0 : 1];
            if (weight is not null && (weight._shape.Length != 1 || weight._numel != classes))
                throw new ArgumentException(
                    $"weight tensor should be defined either for all {classes} classes or no classes but got weight tensor of " +
                    $"shape: {Shape.Format(weight._shape)}");
            long[] t = target.contiguous().ToArray<long>();
            foreach (long v in t)
                if (v != ignoreIndex && (v < 0 || v >= classes))
                    throw new IndexOutOfRangeException($"Target {v} is out of bounds.");
            return t;
        }

        /// <summary>The sum of weight[target] over non-ignored targets (the mean's denominator).</summary>
        internal static double TotalWeight(Tensor target, Tensor? weight, long ignoreIndex)
        {
            double[]? w = weight?.to(ScalarType.Float64).contiguous().ToArray<double>();
            double total = 0;
            foreach (long v in target.contiguous().ToArray<long>())
                if (v != ignoreIndex) total += w is null ? 1 : w[v];
            return total;
        }

        internal static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight, LossReduction reduction, long ignoreIndex)
        {
            long[] t = CheckNll(input, target, weight, ignoreIndex);
            if (!DType.IsFloating(input._dtype))
                throw new NotSupportedException($"\"nll_loss_out_frame\" not implemented for '{DType.ShortName(input._dtype)}'");
            if (weight is not null && GradMode.IsEnabled && weight.requires_grad)
                throw new NotSupportedException("the derivative for 'weight' is not implemented.");
            if (reduction is not (LossReduction.None or LossReduction.Mean or LossReduction.Sum))
                throw new ArgumentException($"{reduction} is not a valid value for reduction");

            // normalised layout: x [N, C, rest...], index/weights [N, 1, rest...]
            Tensor x = input._shape.Length == 1 ? input.detach().reshape(1, input._shape[0]) : input.detach();
            long[] pickShape = (long[])x._shape.Clone();
            pickShape[1] = 1;
            double[]? w = weight?.to(ScalarType.Float64).contiguous().ToArray<double>();
            var idx = new long[t.Length];
            var wv = new double[t.Length];
            double total = 0;
            for (int i = 0; i < t.Length; i++)
            {
                bool ignored = t[i] == ignoreIndex;
                idx[i] = ignored ? 0 : t[i];
                wv[i] = ignored ? 0 : w is null ? 1 : w[t[i]];
                total += wv[i];
            }
            Tensor index = torch.tensor(idx, pickShape);
            Tensor weights = torch.tensor(wv, pickShape).to(input._dtype);

            Tensor result;
            using (torch.no_grad())
            {
                Tensor picked = Tensor.Empty(pickShape, x._dtype);
                if (picked._numel > 0) Kernels.Index(IndexKernel.Gather, x, 1, index, picked);
                Tensor losses = picked.mul(weights).neg().reshape(target._shape);
                result = reduction switch
                {
                    LossReduction.None => losses,
                    LossReduction.Sum => losses.sum(),
                    _ => losses.sum().div(total), // 0 / 0 = NaN when every target is ignored, as in PyTorch
                };
            }
            if (Graph.Needs(input))
                Graph.Connect(new NllLossBackward0(reduction, index, weights, total, x._shape, pickShape), result, input);
            return result;
        }
    }

    // d(nll)/dx[n, c] = -weight[c] * grad[n] where c == target[n], else 0 (/ total weight for mean).
    // Written as a constant weighted one-hot times the gradient, so it is differentiable in grad.
    internal sealed class NllLossBackward0(LossReduction reduction, Tensor index, Tensor weights, double total, long[] normShape,
                                           long[] pickShape) : Node
    {
        public override string name() => "NllLossBackward0";
        // linear in the input: the JVP is nll_loss of the tangent (PyTorch's formula)
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y)
        {
            if (t[0] is not { } v) return [null];
            Tensor losses = v.reshape(normShape).gather(1, index).mul(weights).neg();
            return [reduction switch
            {
                LossReduction.None => losses.reshape(y[0]._shape),
                LossReduction.Sum => losses.sum(),
                _ => losses.sum().div(total),
            }];
        }
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            ThrowIfReleased();
            Tensor grad = g[0]!;
            Tensor oneHot = Tensor.Zeros(normShape, weights._dtype);
            if (index._numel > 0) Kernels.Index(IndexKernel.ScatterAdd, oneHot, 1, index, weights);
            Tensor coef = reduction switch
            {
                LossReduction.None => grad.reshape(pickShape),
                LossReduction.Sum => grad,
                _ => grad.div(total),
            };
            return [oneHot.mul(coef).neg().reshape(_inputs[0].Shape)];
        }
    }
}
