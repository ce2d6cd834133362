using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Limits every element to [min, max] (min(max(x, min), max): when min &gt; max every element
            /// becomes max). A null bound is no bound; at least one is required. NaN elements stay NaN. The
            /// result type follows PyTorch's promotion with the bounds (an int tensor clamped by 0.5 is float32).</summary>
            /// <exception cref="ArgumentException">Both bounds are null.</exception>
            public Tensor clamp(Scalar? min = null, Scalar? max = null) => Ops.ClampOps.ClampScalar(this, min, max);
            /// <summary>Limits every element to [min, max] with broadcast tensor bounds; differentiable in the
            /// bounds too. A null bound is no bound; at least one is required.</summary>
            /// <exception cref="ArgumentException">Both bounds are null, or the shapes don't broadcast.</exception>
            public Tensor clamp(Tensor? min = null, Tensor? max = null) => Ops.ClampOps.ClampTensor(this, min, max);
            /// <summary>Alias of <see cref="clamp(Scalar?, Scalar?)"/>.</summary>
            public Tensor clip(Scalar? min = null, Scalar? max = null) => clamp(min, max);
            /// <summary>max(this, min).</summary>
            public Tensor clamp_min(Scalar min) => Ops.ClampOps.ClampScalar(this, min, null, "ClampMinBackward0");
            /// <summary>min(this, max).</summary>
            public Tensor clamp_max(Scalar max) => Ops.ClampOps.ClampScalar(this, null, max, "ClampMaxBackward0");
            /// <summary>In place <see cref="clamp(Scalar?, Scalar?)"/>.</summary>
            public Tensor clamp_(Scalar? min = null, Scalar? max = null) => Ops.ClampOps.InPlace(this, min, max, s => s.clamp(min, max));
            /// <summary>In place <see cref="clamp(Tensor?, Tensor?)"/>.</summary>
            public Tensor clamp_(Tensor? min = null, Tensor? max = null) => Ops.ClampOps.InPlaceTensor(this, min, max);
            /// <summary>In place <see cref="clamp_min(Scalar)"/>.</summary>
            public Tensor clamp_min_(Scalar min) => Ops.ClampOps.InPlace(this, min, null, s => s.clamp_min(min));
            /// <summary>In place <see cref="clamp_max(Scalar)"/>.</summary>
            public Tensor clamp_max_(Scalar max) => Ops.ClampOps.InPlace(this, null, max, s => s.clamp_max(max));
        }
    }

    public static partial class torch
    {
        /// <summary>Limits input to [min, max]; see <see cref="Tensor.clamp(Scalar?, Scalar?)"/>.</summary>
        public static Tensor clamp(Tensor input, Scalar? min = null, Scalar? max = null) => input.clamp(min, max);
        /// <summary>Limits input to tensor bounds; see <see cref="Tensor.clamp(Tensor?, Tensor?)"/>.</summary>
        public static Tensor clamp(Tensor input, Tensor? min = null, Tensor? max = null) => input.clamp(min, max);
        /// <summary>In place clamp.</summary>
        public static Tensor clamp_(Tensor input, Scalar? min = null, Scalar? max = null) => input.clamp_(min, max);
        /// <summary>In place clamp with tensor bounds.</summary>
        public static Tensor clamp_(Tensor input, Tensor? min = null, Tensor? max = null) => input.clamp_(min, max);
        /// <summary>Alias of clamp.</summary>
        public static Tensor clip(Tensor input, Scalar? min = null, Scalar? max = null) => input.clamp(min, max);
        /// <summary>max(input, min).</summary>
        public static Tensor clamp_min(Tensor input, Scalar min) => input.clamp_min(min);
        /// <summary>In place clamp_min.</summary>
        public static Tensor clamp_min_(Tensor input, Scalar min) => input.clamp_min_(min);
        /// <summary>min(input, max).</summary>
        public static Tensor clamp_max(Tensor input, Scalar max) => input.clamp_max(max);
        /// <summary>In place clamp_max.</summary>
        public static Tensor clamp_max_(Tensor input, Scalar max) => input.clamp_max_(max);
    }
}

namespace Autograd.Ops
{
    /// <summary>clamp with scalar or tensor bounds, clamp_min / clamp_max and their in-place forms.</summary>
    internal static class ClampOps
    {
        private const string NoBounds = "torch.clamp: At least one of 'min' or 'max' must not be None";

        /// <summary>PyTorch's result type of clamp with scalar bounds: a bound of a higher category
        /// (a float bound on an int tensor) promotes to that category's default type.</summary>
        private static ScalarType ResultTypeOf(Tensor x, Scalar? min, Scalar? max)
        {
            ScalarType t = x._dtype;
            foreach (Scalar? bound in (ReadOnlySpan<Scalar?>)[min, max])
                if (bound is Scalar s && DType.Category(s.Kind) > DType.Category(t))
                    t = DType.Category(s.Kind) == 2 ? DType.DefaultFloat : ScalarType.Int64;
            return t;
        }

        /// <summary>A bound as LibTorch's kernel holds it, converted to the dtype (Scalar::to&lt;scalar_t&gt;): -1
        /// clamps a uint8 tensor at 255, 0.1 a bfloat16 one at 0.10009765625.</summary>
        private static double InDtype(Scalar s, ScalarType t) =>
            DType.IsStorageOnly(t) && !double.IsNaN(s.Value)
                ? Kernels.ConvertContiguous(ScalarTensor(s, t), ScalarType.Float64).item<double>() : s.Value;

        /// <summary>A given NaN bound makes every element NaN (LibTorch); the kernel reads NaN as "no bound".</summary>
        private static bool NaNBound(Scalar? min, Scalar? max) =>
            min is Scalar lo && double.IsNaN(lo.Value) || max is Scalar hi && double.IsNaN(hi.Value);

        internal static Tensor ClampScalar(Tensor x, Scalar? min, Scalar? max, string nodeName = "ClampBackward1")
        {
            if (min is null && max is null) throw new ArgumentException(NoBounds);
            ScalarType t = ResultTypeOf(x, min, max);
            if (t == ScalarType.Bool) throw new NotSupportedException("\"clamp_scalar_cpu\" not implemented for 'Bool'");
            double lo = min is Scalar l ? InDtype(l, t) : double.NaN, hi = max is Scalar h ? InDtype(h, t) : double.NaN;
            Tensor result = Unary(AgnUnaryOp.Clamp, As(x, t), lo, hi);
            if (NaNBound(min, max)) Kernels.Fill(result, double.NaN);
            if (Graph.Needs(x)) Graph.Connect(new ClampScalarBackward(nodeName, min, max) { Self = new SavedTensor(x) }, result, x);
            return result;
        }

        internal static Tensor ClampTensor(Tensor x, Tensor? min, Tensor? max)
        {
            if (min is null && max is null) throw new ArgumentException(NoBounds);
            ScalarType t = x._dtype;
            long[] shape = x._shape;
            if (min is not null) { t = DType.Promote(t, min._dtype); shape = Shape.Broadcast(shape, min._shape); }
            if (max is not null) { t = DType.Promote(t, max._dtype); shape = Shape.Broadcast(shape, max._shape); }
            Tensor result = As(x, t);
            using (torch.no_grad())
            {
                if (min is not null) result = Binary(AgnBinaryOp.Maximum, result, min, t, t);
                if (max is not null) result = Binary(AgnBinaryOp.Minimum, result, max, t, t);
                if (!Shape.SameShape(result._shape, shape)) result = result.expand(shape).contiguous();
                // NaN in x stays NaN (PyTorch); MAXIMUM/MINIMUM already propagate it
            }
            Tensor lower = min ?? x, upper = max ?? x;
            if (Graph.Needs(x, lower, upper))
            {
                var node = new ClampBackward0(min is not null, max is not null)
                {
                    Self = new SavedTensor(x),
                    Min = min is null ? default : new SavedTensor(min),
                    Max = max is null ? default : new SavedTensor(max),
                };
                // absent bounds become edges to x that never receive a gradient (the node returns null for them)
                Graph.Connect(node, [result], [x, min ?? x.detach(), max ?? x.detach()]);
            }
            return result;
        }

        internal static Tensor InPlace(Tensor self, Scalar? min, Scalar? max, Func<Tensor, Tensor> outOfPlace)
        {
            if (min is null && max is null) throw new ArgumentException(NoBounds);
            ScalarType rt = ResultTypeOf(self, min, max);
            if (!DType.CanCast(rt, self._dtype)) // clamp_'s own check prints self's TypeMeta name ("bool", "long int")
                throw new ArgumentException(
                    $"result type {DType.ShortName(rt)} can't be cast to the desired output type {DType.MetaName(self._dtype)}");
            CheckInPlace(self, rt, null, false);
            if (Records(self, false)) return Commit(self, outOfPlace(self.clone()));
            if (self._dtype == ScalarType.Bool) throw new NotSupportedException("\"clamp_scalar_cpu\" not implemented for 'Bool'");
            Kernels.Unary(AgnUnaryOp.Clamp, self, self._strides, self, min is Scalar l ? InDtype(l, self._dtype) : double.NaN,
                          max is Scalar h ? InDtype(h, self._dtype) : double.NaN);
            if (NaNBound(min, max)) Kernels.Fill(self, double.NaN);
            self._storage.Version++;
            return self;
        }

        internal static Tensor InPlaceTensor(Tensor self, Tensor? min, Tensor? max)
        {
            if (min is null && max is null) throw new ArgumentException(NoBounds);
            ScalarType t = self._dtype;
            long[] shape = self._shape;
            if (min is not null) { t = DType.Promote(t, min._dtype); shape = Shape.Broadcast(shape, min._shape); }
            if (max is not null) { t = DType.Promote(t, max._dtype); shape = Shape.Broadcast(shape, max._shape); }
            bool otherGrad = (min?.requires_grad ?? false) || (max?.requires_grad ?? false);
            CheckInPlace(self, t, shape, otherGrad);
            Tensor source = Records(self, otherGrad) ? self.clone() : self;
            return Commit(self, ClampTensor(source, min, max));
        }
    }

    // d(clamp(x, min, max))/dx = grad where min <= x <= max, else 0 (the subgradient 1 at the bounds)
    // (a NaN bound passes nothing)
    internal sealed class ClampScalarBackward(string nodeName, Scalar? min, Scalar? max) : Node
    {
        internal SavedTensor Self;
        public override string name() => nodeName;
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => DiagonalJvp(t);
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor x = Self.Unpack(this), grad = g[0]!;
            Tensor? pass = null;
            if (min is Scalar lo) pass = x.ge(lo);
            if (max is Scalar hi) pass = pass is null ? x.le(hi) : pass.logical_and(x.le(hi));
            return [torch.where(pass!, grad, torch.zeros_like(grad))];
        }
        internal override void ReleaseVariables() => Self.Release();
    }

    // d/dx = grad where min <= x <= max; d/dmin = grad where x < min (and min < max);
    // d/dmax = grad where x > max (or max < min: then every element is max). The JVP is the sum of each input's
    // tangent where its mask holds.
    internal sealed class ClampBackward0(bool hasMin, bool hasMax) : Node
    {
        internal SavedTensor Self, Min, Max;
        public override string name() => "ClampBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y)
        {
            Tensor?[] masks =
                Masks(x[0], hasMin ? x[1] : null, hasMax ? x[2] : null, [t[0] is not null, t[1] is not null, t[2] is not null]);
            Tensor? sum = null;
            for (int i = 0; i < 3; i++)
                if (t[i] is { } v) sum = ForwardAD.Sum(sum, torch.where(masks[i]!, v, torch.zeros_like(y[0])));
            return [sum];
        }
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor x = Self.Unpack(this), grad = g[0]!;
            Tensor? lo = hasMin ? Min.Unpack(this) : null, hi = hasMax ? Max.Unpack(this) : null;
            Tensor?[] masks = Masks(x, lo, hi, [NeedsInputGrad(0), hasMin && NeedsInputGrad(1), hasMax && NeedsInputGrad(2)]);
            Tensor zero = torch.zeros_like(grad);
            return Array.ConvertAll(masks, m => m is null ? null : torch.where(m, grad, zero));
        }

        // where each input's derivative is 1 (null where not wanted)
        private static Tensor?[] Masks(Tensor x, Tensor? lo, Tensor? hi, bool[] wanted) =>
        [
            !wanted[0] ? null : lo is not null && hi is not null ? x.ge(lo).logical_and(x.le(hi)) : lo is not null ? x.ge(lo) : x.le(hi!),
            !wanted[1] || lo is null ? null : hi is null ? x.lt(lo) : x.lt(lo).logical_and(lo.lt(hi)),
            !wanted[2] || hi is null ? null : lo is null ? x.gt(hi) : x.gt(hi).logical_or(hi.lt(lo)),
        ];
        internal override void ReleaseVariables() { Self.Release(); Min.Release(); Max.Release(); }
    }
}
