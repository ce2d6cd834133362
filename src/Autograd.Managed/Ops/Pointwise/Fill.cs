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
            if (RecordsGrad(self)) EndHistory(self, "FillBackward0");
            if (dual) ForwardAD.SetInPlaceTangent(self, null); // d(fill)/dself = 0
            return self;
        }

        /// <summary>Self's history after an in-place op (<paramref name="nodeName"/>) overwrote all of it with values
        /// that depend on nothing requiring grad: no gradient reaches its old values.</summary>
        internal static void EndHistory(Tensor self, string nodeName) =>
            ViewHistory.SetInPlaceHistory(self, Graph.Wire(new OverwriteBackward(nodeName), [self.detach()]), 0);

        internal static Tensor CopyInPlace(Tensor self, Tensor src)
        {
            CheckInPlace(self, self._dtype, src._shape, src.requires_grad);
            if (Records(self, src))
            {
                Commit(self, src.to(self._dtype).expand(self._shape).clone());
                // the old values are gone: a source without history leaves self none either (PyTorch's CopyBackwards
                // gives the old values a zero gradient)
                if (RecordsGrad(self) && !src.requires_grad) EndHistory(self, "CopyBackwards");
                return self;
            }
            Tensor s = src;
            if (s._storage == self._storage) s = s.clone(); // overlapping copy: go through a temporary
            Kernels.Copy(s, Shape.ExpandStrides(s._shape, s._strides, self._shape), self);
            self._storage.Version++;
            return self;
        }
    }

    // an op that overwrote every element of self with values that depend on nothing requiring grad
    internal sealed class OverwriteBackward(string nodeName) : Node
    {
        public override string name() => nodeName;
        internal override Tensor?[] Apply(Tensor?[] g) => [null];
    }
}
