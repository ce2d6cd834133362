using Autograd.Native;
using static Autograd.Ops.Elementwise;

namespace Autograd
{
    public sealed partial class Tensor
    {
        /// <summary>this == other (bool, never requires grad).</summary>
        public Tensor eq(Tensor other) => Ops.Comparison.Compare(AgnBinaryOp.Eq, this, other);
        /// <summary>this == scalar.</summary>
        public Tensor eq(Scalar other) => Ops.Comparison.Compare(AgnBinaryOp.Eq, this, other);
        /// <summary>this != other.</summary>
        public Tensor ne(Tensor other) => Ops.Comparison.Compare(AgnBinaryOp.Ne, this, other);
        /// <summary>this != scalar.</summary>
        public Tensor ne(Scalar other) => Ops.Comparison.Compare(AgnBinaryOp.Ne, this, other);
        /// <summary>this &lt; other.</summary>
        public Tensor lt(Tensor other) => Ops.Comparison.Compare(AgnBinaryOp.Lt, this, other);
        /// <summary>this &lt; scalar.</summary>
        public Tensor lt(Scalar other) => Ops.Comparison.Compare(AgnBinaryOp.Lt, this, other);
        /// <summary>this &lt;= other.</summary>
        public Tensor le(Tensor other) => Ops.Comparison.Compare(AgnBinaryOp.Le, this, other);
        /// <summary>this &lt;= scalar.</summary>
        public Tensor le(Scalar other) => Ops.Comparison.Compare(AgnBinaryOp.Le, this, other);
        /// <summary>this &gt; other.</summary>
        public Tensor gt(Tensor other) => Ops.Comparison.Compare(AgnBinaryOp.Gt, this, other);
        /// <summary>this &gt; scalar.</summary>
        public Tensor gt(Scalar other) => Ops.Comparison.Compare(AgnBinaryOp.Gt, this, other);
        /// <summary>this &gt;= other.</summary>
        public Tensor ge(Tensor other) => Ops.Comparison.Compare(AgnBinaryOp.Ge, this, other);
        /// <summary>this &gt;= scalar.</summary>
        public Tensor ge(Scalar other) => Ops.Comparison.Compare(AgnBinaryOp.Ge, this, other);
        /// <summary>Elementwise logical and (bool result).</summary>
        public Tensor logical_and(Tensor other) => Ops.Comparison.Compare(AgnBinaryOp.LogicalAnd, this, other);
        /// <summary>Elementwise logical or (bool result).</summary>
        public Tensor logical_or(Tensor other) => Ops.Comparison.Compare(AgnBinaryOp.LogicalOr, this, other);
        /// <summary>Elementwise logical not (bool result).</summary>
        public Tensor logical_not() => Ops.Comparison.LogicalNot(this);
        /// <summary>Whether every element is nonzero (a 0-d bool tensor).</summary>
        public Tensor all() => torch.tensor(Ops.Comparison.CountNonzero(this) == _numel);
        /// <summary>Whether any element is nonzero (a 0-d bool tensor).</summary>
        public Tensor any() => torch.tensor(Ops.Comparison.CountNonzero(this) > 0);
        /// <summary>Whether both tensors have the same shape and elements.</summary>
        public bool equal(Tensor other) => Shape.SameShape(_shape, other._shape) && eq(other).all().item<bool>();
    }

    public static partial class torch
    {
        /// <summary>Elementwise condition ? x : y, broadcast; differentiable in x and y.</summary>
        public static Tensor where(Tensor condition, Tensor x, Tensor y) => Ops.Comparison.Where(condition, x, y);
        /// <summary>condition ? x : scalar.</summary>
        public static Tensor where(Tensor condition, Tensor x, Scalar y) => Ops.Comparison.Where(condition, x, ScalarTensor(y, ResultType(x, y)));
        /// <summary>condition ? scalar : y.</summary>
        public static Tensor where(Tensor condition, Scalar x, Tensor y) => Ops.Comparison.Where(condition, ScalarTensor(x, ResultType(y, x)), y);
        /// <summary>input == other.</summary>
        public static Tensor eq(Tensor input, Tensor other) => input.eq(other);
        /// <summary>input != other.</summary>
        public static Tensor ne(Tensor input, Tensor other) => input.ne(other);
        /// <summary>input &lt; other.</summary>
        public static Tensor lt(Tensor input, Tensor other) => input.lt(other);
        /// <summary>input &lt;= other.</summary>
        public static Tensor le(Tensor input, Tensor other) => input.le(other);
        /// <summary>input &gt; other.</summary>
        public static Tensor gt(Tensor input, Tensor other) => input.gt(other);
        /// <summary>input &gt;= other.</summary>
        public static Tensor ge(Tensor input, Tensor other) => input.ge(other);
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

        internal static long CountNonzero(Tensor a)
        {
            Tensor b = As(a, ScalarType.Bool).to(ScalarType.Int64);
            return b.sum().item<long>();
        }

        internal static Tensor Where(Tensor cond, Tensor x, Tensor y)
        {
            if (cond._dtype != ScalarType.Bool)
                throw new ArgumentException($"where expected condition to be a boolean tensor, but got a tensor with dtype {DType.ShortName(cond._dtype)}");
            ScalarType t = ResultType(x, y);
            long[] shape = Shape.Broadcast(Shape.Broadcast(cond._shape, x._shape), y._shape);
            Tensor cx = As(x, t), cy = As(y, t);
            Tensor result = Tensor.Empty(shape, t);
            Kernels.Where(cond, Shape.ExpandStrides(cond._shape, cond._strides, shape), cx, Shape.ExpandStrides(cx._shape, cx._strides, shape),
                          cy, Shape.ExpandStrides(cy._shape, cy._strides, shape), result);
            if (Graph.Needs(x, y)) Graph.Connect(new WhereBackward0 { Condition = cond }, result, cond, x, y);
            return result;
        }
    }

    // d(where(c, x, y))/dx = where(c, grad, 0); d/dy = where(c, 0, grad); the condition gets none
    internal sealed class WhereBackward0 : Node
    {
        internal Tensor? Condition;
        public override string name() => "WhereBackward0";
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            ThrowIfReleased();
            Tensor c = Condition!, grad = g[0]!, zero = torch.zeros_like(grad);
            return [null, NeedsInputGrad(1) ? torch.where(c, grad, zero) : null, NeedsInputGrad(2) ? torch.where(c, zero, grad) : null];
        }
        internal override void ReleaseVariables() => Condition = null;
    }
}
