using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>In place: every element becomes 0.</summary>
            public Tensor zero_() => Ops.Fill.FillInPlace(this, 0);
            /// <summary>In place: every element becomes <paramref name="value"/>.</summary>
            public Tensor fill_(Scalar value) => Ops.Fill.FillInPlace(this, value);
            /// <summary>In place: copies <paramref name="source"/> (broadcast, converted to this dtype) into this tensor.</summary>
            public Tensor copy_(Tensor source, bool nonBlocking = false) => Ops.Fill.CopyInPlace(this, source);
        }
    }
}

namespace Autograd.Ops
{
    /// <summary>zero_, fill_, copy_: in-place writes whose result does not depend on the old values.</summary>
    internal static class Fill
    {
        internal static Tensor FillInPlace(Tensor self, Scalar value)
        {
            CheckInPlace(self, self._dtype, null, false);
            DType.CheckScalarFits(value, self._dtype);
            bool dual = ForwardAD.Active && ForwardAD.InPlaceOnDual(self, null);
            Kernels.Fill(self, value);
            self._storage.Version++;
            if (RecordsGrad(self)) Graph.SetHistory(Graph.Wire(new FillBackward0(), [self.detach()]), [self]);
            if (dual) ForwardAD.SetInPlaceTangent(self, null); // d(fill)/dself = 0
            return self;
        }

        internal static Tensor CopyInPlace(Tensor self, Tensor src)
        {
            CheckInPlace(self, self._dtype, src._shape, src.requires_grad);
            if (Records(self, src))
                return Commit(self, src.to(self._dtype).expand(self._shape).clone());
            Tensor s = src;
            if (s._storage == self._storage) s = s.clone(); // overlapping copy: go through a temporary
            Kernels.Copy(s, Shape.ExpandStrides(s._shape, s._strides, self._shape), self);
            self._storage.Version++;
            return self;
        }
    }

    // fill_ overwrites every element: the old values get a zero gradient
    internal sealed class FillBackward0 : Node
    {
        public override string name() => "FillBackward0";
        internal override Tensor?[] Apply(Tensor?[] g) => [null];
    }
}
