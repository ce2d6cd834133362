using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>this == other (bool, never requires grad).</summary>
            public Tensor eq(Tensor target) => Ops.Comparison.Compare(AgnBinaryOp.Eq, this, target);
            /// <summary>this == scalar.</summary>
            public Tensor eq(Scalar target) => Ops.Comparison.Compare(AgnBinaryOp.Eq, this, target);
            /// <summary>this != other.</summary>
            public Tensor ne(Tensor target) => Ops.Comparison.Compare(AgnBinaryOp.Ne, this, target);
            /// <summary>this != scalar.</summary>
            public Tensor ne(Scalar target) => Ops.Comparison.Compare(AgnBinaryOp.Ne, this, target);
            /// <summary>this &lt; other.</summary>
            public Tensor lt(Tensor target) => Ops.Comparison.Compare(AgnBinaryOp.Lt, this, target);
            /// <summary>this &lt; scalar.</summary>
            public Tensor lt(Scalar target) => Ops.Comparison.Compare(AgnBinaryOp.Lt, this, target);
            /// <summary>this &lt;= other.</summary>
            public Tensor le(Tensor target) => Ops.Comparison.Compare(AgnBinaryOp.Le, this, target);
            /// <summary>this &lt;= scalar.</summary>
            public Tensor le(Scalar target) => Ops.Comparison.Compare(AgnBinaryOp.Le, this, target);
            /// <summary>this &gt; other.</summary>
            public Tensor gt(Tensor target) => Ops.Comparison.Compare(AgnBinaryOp.Gt, this, target);
            /// <summary>this &gt; scalar.</summary>
            public Tensor gt(Scalar target) => Ops.Comparison.Compare(AgnBinaryOp.Gt, this, target);
            /// <summary>this &gt;= other.</summary>
            public Tensor ge(Tensor target) => Ops.Comparison.Compare(AgnBinaryOp.Ge, this, target);
            /// <summary>this &gt;= scalar.</summary>
            public Tensor ge(Scalar target) => Ops.Comparison.Compare(AgnBinaryOp.Ge, this, target);
            /// <summary>condition ? this : y, broadcast (TorchSharp's method form of torch.where).</summary>
            public Tensor where(Tensor condition, Tensor y) => Ops.Comparison.Where(condition, this, y);
            /// <summary>Elementwise logical and (bool result).</summary>
            public Tensor logical_and(Tensor other) => Ops.Comparison.Compare(AgnBinaryOp.LogicalAnd, this, other);
            /// <summary>Elementwise logical or (bool result).</summary>
            public Tensor logical_or(Tensor other) => Ops.Comparison.Compare(AgnBinaryOp.LogicalOr, this, other);
            /// <summary>Elementwise logical not (bool result).</summary>
            public Tensor logical_not() => Ops.Comparison.LogicalNot(this);
            /// <summary>Whether every element is nonzero (NaN is): a 0-d bool tensor, uint8 for a uint8 input as in PyTorch.</summary>
            public Tensor all() => Ops.Comparison.AllAny(this, null, false, all: true);
            /// <summary>Whether every element along <paramref name="dim"/> is nonzero (true over an empty dim).</summary>
            public Tensor all(long dim, bool keepdim = false) => Ops.Comparison.AllAny(this, dim, keepdim, all: true);
            /// <summary>Whether any element is nonzero (NaN is): a 0-d bool tensor, uint8 for a uint8 input as in PyTorch.</summary>
            public Tensor any() => Ops.Comparison.AllAny(this, null, false, all: false);
            /// <summary>Whether any element along <paramref name="dim"/> is nonzero (false over an empty dim).</summary>
            public Tensor any(long dim, bool keepdim = false) => Ops.Comparison.AllAny(this, dim, keepdim, all: false);
            /// <summary>Whether both tensors have the same shape and elements.</summary>
            public bool equal(Tensor other) => Shape.SameShape(_shape, other._shape) && eq(other).all().item<bool>();
        }
    }

    public static partial class torch
    {
        /// <summary>input.all().</summary>
        public static Tensor all(Tensor input) => input.all();
        /// <summary>input.all(dim, keepdim).</summary>
        public static Tensor all(Tensor input, long dim, bool keepdim = false) => input.all(dim, keepdim);
        /// <summary>input.any().</summary>
        public static Tensor any(Tensor input) => input.any();
        /// <summary>input.any(dim, keepdim).</summary>
        public static Tensor any(Tensor input, long dim, bool keepdim = false) => input.any(dim, keepdim);
        /// <summary>Elementwise condition ? x : y, broadcast; differentiable in x and y.</summary>
        public static Tensor where(Tensor condition, Tensor x, Tensor y) => Ops.Comparison.Where(condition, x, y);
        /// <summary>condition ? x : scalar.</summary>
        public static Tensor where(Tensor condition, Tensor x, Scalar y) =>
            Ops.Comparison.Where(condition, x, ScalarTensor(y, ResultType(x, y)));
        /// <summary>condition ? scalar : y.</summary>
        public static Tensor where(Tensor condition, Scalar x, Tensor y) =>
            Ops.Comparison.Where(condition, ScalarTensor(x, ResultType(y, x)), y);
        /// <summary>The indices of the nonzero elements of <paramref name="condition"/>, one int64 tensor per dim
        /// (PyTorch's <c>torch.where(condition)</c>, i.e. <c>nonzero(as_tuple=True)</c>).</summary>
        public static Tensor[] where(Tensor condition) => Ops.Comparison.NonzeroTuple(condition);
        /// <summary>input == other.</summary>
        public static Tensor eq(Tensor left, Tensor right) => left.eq(right);
        /// <summary>input != other.</summary>
        public static Tensor ne(Tensor left, Tensor right) => left.ne(right);
        /// <summary>input &lt; other.</summary>
        public static Tensor lt(Tensor left, Tensor right) => left.lt(right);
        /// <summary>input &lt;= other.</summary>
        public static Tensor le(Tensor left, Tensor right) => left.le(right);
        /// <summary>input &gt; other.</summary>
        public static Tensor gt(Tensor left, Tensor right) => left.gt(right);
        /// <summary>input &gt;= other.</summary>
        public static Tensor ge(Tensor left, Tensor right) => left.ge(right);
    }
}

namespace Autograd.Ops
{
    /// <summary>Comparisons, logical ops (bool results, no gradient) and where.</summary>
    internal static class Comparison
    {
        internal static Tensor Compare(AgnBinaryOp op, Tensor a, Tensor b) => Binary(op, a, b, ResultType(a, b), ScalarType.Bool);

        internal static Tensor Compare(AgnBinaryOp op, Tensor a, Scalar b)
        {
            ScalarType t = ResultType(a, b);
            return Binary(op, a, ScalarTensor(b, t), t, ScalarType.Bool);
        }

        internal static Tensor LogicalNot(Tensor a)
        {
            Tensor b = As(a, ScalarType.Bool);
            Tensor result = Tensor.Empty(a._shape, ScalarType.Bool);
            Kernels.Unary(AgnUnaryOp.LogicalNot, b, b._strides, result);
            return result;
        }

        internal static Tensor AllAny(Tensor a, long? dim, bool keepdim, bool all)
        {
            Tensor result;
            if (dim is not long requested) result = torch.tensor(all ? CountNonzero(a) == a._numel : CountNonzero(a) > 0);
            else
            {
                int d = Shape.WrapDim(requested, a._shape.Length);
                Tensor nonzero = As(a, ScalarType.Bool);
                if (a._shape.Length == 0) result = nonzero.clone();
                else if (a._shape[d] == 0)
                    result = torch.full(keepdim ? [.. a._shape[..d], 1, .. a._shape[(d + 1)..]]
                                        : [.. a._shape[..d], .. a._shape[(d + 1)..]], all, ScalarType.Bool);
                else result = all ? nonzero.amin([d], keepdim) : nonzero.amax([d], keepdim);
            }
            return a._dtype == ScalarType.Byte ? result.to(ScalarType.Byte) : result;
        }

        internal static long CountNonzero(Tensor a)
        {
            Tensor b = As(a, ScalarType.Bool).to(ScalarType.Int64);
            return b.sum().item<long>();
        }

        internal static Tensor[] NonzeroTuple(Tensor condition)
        {
            bool[] mask = Elementwise.As(condition, ScalarType.Bool).ToArray<bool>();
            int rank = Math.Max(condition._shape.Length, 1);
            var coords = new List<long>[rank];
            for (int d = 0; d < rank; d++) coords[d] = new List<long>();
            long[] shape = condition._shape.Length == 0 ? [1] : condition._shape;
            for (long i = 0; i < mask.Length; i++)
            {
                if (!mask[i]) continue;
                long rem = i;
                for (int d = rank - 1; d >= 0; d--) { coords[d].Add(rem % shape[d]); rem /= shape[d]; }
            }
            return Array.ConvertAll(coords, c => torch.tensor(c.ToArray()));
        }

        internal static Tensor Where(Tensor cond, Tensor x, Tensor y)
        {
            if (cond._dtype != ScalarType.Bool)
                throw new ArgumentException(
                    $"where expected condition to be a boolean tensor, but got a tensor with dtype {DType.ShortName(cond._dtype)}");
            ScalarType t = ResultType(x, y);
            long[] shape = Shape.Broadcast(Shape.Broadcast(cond._shape, x._shape), y._shape);
            Tensor cx = As(x, t), cy = As(y, t);
            Tensor result = Tensor.Empty(shape, t);
            Kernels.Where(cond, Shape.ExpandStrides(cond._shape, cond._strides, shape), cx,
                          Shape.ExpandStrides(cx._shape, cx._strides, shape), cy, Shape.ExpandStrides(cy._shape, cy._strides, shape),
                          result);
            if (Graph.Needs(x, y)) Graph.Connect(new WhereBackward0 { Condition = cond }, result, cond, x, y);
            return result;
        }
    }

    // d(where(c, x, y))/dx = where(c, grad, 0); d/dy = where(c, 0, grad); the condition gets none
    internal sealed class WhereBackward0 : Node
    {
        internal Tensor? Condition;
        public override string name() => "WhereBackward0";
        internal override Tensor?[] ApplyBatched(Tensor?[] g, long batch) => Apply(g); // broadcasts (Note [Batched backward])
        internal override Tensor?[] Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) =>
            [torch.where(x[0], t[1] ?? torch.zeros_like(y[0]), t[2] ?? torch.zeros_like(y[0]))];
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            ThrowIfReleased();
            Tensor c = Condition!, grad = g[0]!, zero = torch.zeros_like(grad);
            return [null, NeedsInputGrad(1) ? torch.where(c, grad, zero) : null, NeedsInputGrad(2) ? torch.where(c, zero, grad) : null];
        }
        internal override void ReleaseVariables() => Condition = null;
    }
}
