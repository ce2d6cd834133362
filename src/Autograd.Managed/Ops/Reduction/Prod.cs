using Autograd.Native;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Product of all elements (a 0-d tensor); integer and bool inputs multiply as int64.
            /// The gradient is exact even where elements are zero.</summary>
            public Tensor prod(ScalarType? type = null) => Ops.Reduction.Prod(this, null, false, type);
            /// <summary>Product along <paramref name="dim"/>.</summary>
            public Tensor prod(long dim, bool keepdim = false, ScalarType? type = null) => Ops.Reduction.Prod(this, dim, keepdim, type);
            /// <summary>Product over <paramref name="dim"/> (an int dim: without this overload C# would bind a literal 0 to the
            /// dtype overload).</summary>
            public Tensor prod(int dim, bool keepdim = false, ScalarType? type = null) => Ops.Reduction.Prod(this, dim, keepdim, type);
        }
    }

    public static partial class torch
    {
        /// <summary>input.prod(type).</summary>
        public static Tensor prod(Tensor input, ScalarType? type = null) => input.prod(type);
        /// <summary>input.prod(dim, keepdim, type).</summary>
        public static Tensor prod(Tensor input, long dim, bool keepdim = false, ScalarType? type = null) => input.prod(dim, keepdim, type);
    }
}

namespace Autograd.Ops
{
    /// <summary>prod and PyTorch's prod_backward.</summary>
    internal static partial class Reduction
    {
        internal static Tensor Prod(Tensor x, long? dim, bool keepdim, ScalarType? type)
        {
            ScalarType outType = type ?? (DType.IsFloating(x._dtype) ? x._dtype : ScalarType.Int64);
            DType.Check(outType);
            bool[] mask = ReducedMask(x, dim is long d ? [d] : null);
            Tensor result = Run(AgnReduceOp.Prod, x, mask, keepdim, outType);
            if (Graph.Needs(x))
            {
                int wrapped = dim is long dd && x._shape.Length > 0 ? Shape.WrapDim(dd, x._shape.Length) : -1;
                var node = Graph.Connect(new ProdBackward(dim is null ? "ProdBackward0" : "ProdBackward1", wrapped, mask, keepdim), result,
                                         x);
                node.Self = new SavedTensor(x);
                node.Result = new SavedTensor(result);
            }
            return result;
        }

        /// <summary>prod over <paramref name="dim"/> of x with element i left out, for every i (shape of x).
        /// Built as the product of an n×n expansion with the diagonal replaced by 1, so it stays exact (and
        /// differentiable) with zeros present; used only when x has zeros.</summary>
        internal static Tensor ExclusiveProd(Tensor x, int dim)
        {
            long n = x._shape[dim];
            int rank = x._shape.Length;
            long[] expanded = [.. x._shape[..dim], n, .. x._shape[dim..]];
            Tensor rows = x.unsqueeze(dim).expand(expanded);
            var eyeShape = new long[rank + 1];
            Array.Fill(eyeShape, 1);
            eyeShape[dim] = n;
            eyeShape[dim + 1] = n;
            var eye = new bool[n * n];
            for (long i = 0; i < n; i++) eye[i * n + i] = true;
            Tensor diag = torch.tensor(eye).reshape(eyeShape);
            return torch.where(diag, torch.ones_like(rows), rows).prod(dim + 1);
        }
    }

    // d(prod x)/dx_i = grad * prod_{j != i} x_j: result / x_i without zeros, an exclusive product otherwise.
    // The JVP is that factor times the tangent, summed over the reduced dims (PyTorch's prod formula).
    internal sealed class ProdBackward(string nodeName, int dim, bool[] mask, bool keepdim) : Node
    {
        internal SavedTensor Self, Result;
        public override string name() => nodeName;
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y)
        {
            if (t[0] is not { } v) return [null];
            if (x[0]._shape.Length == 0) return [v];
            return [Reduction.ReduceTangent(Scaled(x[0], y[0], v.to(y[0]._dtype)), mask, keepdim, y[0]._shape)];
        }
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            long[] shape = _inputs[0].Shape;
            if (shape.Length == 0) return [g[0]];
            return [Scaled(Self.Unpack(this), Result.Unpack(this), Reduction.ExpandBack(g[0]!, mask, keepdim, shape))];
        }

        // the derivative times grad, element by element (grad in x's shape)
        private Tensor Scaled(Tensor x, Tensor result, Tensor grad)
        {
            long[] shape = x._shape;
            if (x._numel == 0) return grad;
            if (!x.eq(0).any().item<bool>())
                return grad.mul(Reduction.ExpandBack(result, mask, keepdim, shape)).div(x);
            if (!GradMode.IsEnabled)
            {
                // first order only: a slice with one zero sends the product of the others to that zero's
                // position; more zeros give 0 everywhere (O(n) instead of the n×n exclusive product)
                Tensor zero = x.eq(0);
                Tensor safe = torch.where(zero, torch.ones_like(x), x);
                Tensor nonzeroProd = dim < 0 ? safe.prod() : safe.prod(dim, keepdim: true);
                Tensor zeros = dim < 0 ? zero.sum() : zero.sum(dim, keepdim: true);
                Tensor single = zero.logical_and(zeros.eq(1));
                Tensor atZero = torch.where(single, nonzeroProd.expand(shape), torch.zeros_like(x));
                Tensor noZero = Reduction.ExpandBack(result, mask, keepdim, shape).div(safe);
                return grad.mul(torch.where(zeros.eq(0).expand(shape), noZero, atZero));
            }
            Tensor others = dim < 0 ? Reduction.ExclusiveProd(x.reshape(-1), 0).reshape(shape) : Reduction.ExclusiveProd(x, dim);
            return grad.mul(others);
        }
        internal override void ReleaseVariables() { Self.Release(); Result.Release(); }
    }
}
