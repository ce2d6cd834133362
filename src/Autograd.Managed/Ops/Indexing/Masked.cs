using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>A copy with <paramref name="value"/> where the bool <paramref name="mask"/> (broadcast) is
            /// true; no gradient flows to the filled elements.</summary>
            /// <exception cref="ArgumentException">mask is not bool (PyTorch's message).</exception>
            public Tensor masked_fill(Tensor mask, Scalar value) => Ops.Masked.Fill(this, mask, value);
            /// <summary>In place: <paramref name="value"/> where <paramref name="mask"/> is true.</summary>
            public Tensor masked_fill_(Tensor mask, Scalar value) => Ops.Masked.FillInPlace(this, mask, value);
            /// <summary>The elements where the bool <paramref name="mask"/> (broadcast with this) is true, as a 1-d copy.</summary>
            public Tensor masked_select(Tensor mask) => Ops.Masked.Select(this, mask);
        }
    }

    public static partial class torch
    {
        /// <summary>input.masked_fill(mask, value).</summary>
        public static Tensor masked_fill(Tensor input, Tensor mask, Scalar value) => input.masked_fill(mask, value);
        /// <summary>input.masked_select(mask).</summary>
        public static Tensor masked_select(Tensor input, Tensor mask) => input.masked_select(mask);
    }
}

namespace Autograd.Ops
{
    /// <summary>masked_fill and masked_select.</summary>
    internal static class Masked
    {
        private static void CheckMask(Tensor mask, string name)
        {
            if (mask._dtype != ScalarType.Bool)
                throw new ArgumentException($"{name} only supports boolean masks, but got mask with dtype {DType.ShortName(mask._dtype)}");
        }

        internal static Tensor Fill(Tensor x, Tensor mask, Scalar value)
        {
            CheckMask(mask, "masked_fill_");
            Tensor result;
            using (torch.no_grad()) result = torch.where(mask, ScalarTensor(value, x._dtype), x);
            if (Graph.Needs(x)) Graph.Connect(new MaskedFillBackward0 { Mask = mask }, result, x);
            return result;
        }

        internal static Tensor FillInPlace(Tensor x, Tensor mask, Scalar value)
        {
            CheckMask(mask, "masked_fill_");
            CheckInPlace(x, x._dtype, mask._shape, false);
            if (Records(x, false)) return Commit(x, Fill(x.clone(), mask, value));
            Tensor filled;
            using (torch.no_grad()) filled = torch.where(mask, ScalarTensor(value, x._dtype), x);
            Kernels.Copy(filled, filled._strides, x);
            x._storage.Version++;
            return x;
        }

        internal static Tensor Select(Tensor x, Tensor mask)
        {
            CheckMask(mask, "masked_select:");
            long[] shape = Shape.Broadcast(x._shape, mask._shape);
            bool[] m = mask.expand(shape).ToArray<bool>();
            var at = new List<long>();
            for (int i = 0; i < m.Length; i++) if (m[i]) at.Add(i);
            // a gather of the flat positions: its gradient is an index_add into zeros, summed back by expand
            return x.expand(shape).reshape(-1).index_select(0, torch.tensor(at.ToArray()));
        }
    }

    // d(masked_fill(x, m, v))/dx = grad where m is false, 0 where it is true
    internal sealed class MaskedFillBackward0 : Node
    {
        internal Tensor? Mask;
        public override string name() => "MaskedFillBackward0";
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [t[0] is { } v ? torch.where(Mask!, torch.zeros_like(y[0]), v) : null];
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            ThrowIfReleased();
            return [torch.where(Mask!, torch.zeros_like(g[0]!), g[0]!)];
        }
        internal override void ReleaseVariables() => Mask = null;
    }
}
