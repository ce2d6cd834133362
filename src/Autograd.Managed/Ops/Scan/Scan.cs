using Autograd.Native;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Cumulative sum along <paramref name="dim"/>: element k is the sum of elements 0..k. The
            /// input is first converted to <paramref name="type"/> when given; integer and bool inputs sum as int64.
            /// float32 accumulates in double, as LibTorch's CPU kernel does.</summary>
            /// <exception cref="IndexOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
            public Tensor cumsum(long dim, ScalarType? type = null) => Ops.Scans.CumsumOrProd(this, dim, type, AgnScanOp.Cumsum);
            /// <summary>Cumulative product along <paramref name="dim"/> (dtype rules as <see cref="cumsum"/>). The
            /// gradient is exact where elements are zero.</summary>
            /// <exception cref="IndexOutOfRangeException"><paramref name="dim"/> is out of range.</exception>
            public Tensor cumprod(long dim, ScalarType? type = null) => Ops.Scans.CumsumOrProd(this, dim, type, AgnScanOp.Cumprod);
            /// <summary>Running maximum along <paramref name="dim"/> and the position it was taken from: an element
            /// equal to the running maximum takes over (the later index wins a tie), and a NaN is the maximum from
            /// where it appears. The gradient flows to those positions.</summary>
            public (Tensor values, Tensor indexes) cummax(long dim) => Ops.Scans.CumMaxMin(this, dim, AgnScanOp.Cummax);
            /// <summary>Running minimum along <paramref name="dim"/> and its position (ties and NaN as <see cref="cummax"/>).</summary>
            public (Tensor values, Tensor indexes) cummin(long dim) => Ops.Scans.CumMaxMin(this, dim, AgnScanOp.Cummin);
            /// <summary>log(cumsum(exp(x))) along <paramref name="dim"/>, computed stably; floating dtypes only.</summary>
            public Tensor logcumsumexp(long dim) => Ops.Scans.LogCumSumExp(this, dim);
        }
    }

    public static partial class torch
    {
        /// <summary>input.cumsum(dim, type).</summary>
        public static Tensor cumsum(Tensor input, long dim, ScalarType? type = null) => input.cumsum(dim, type);
        /// <summary>input.cumprod(dim, dtype).</summary>
        public static Tensor cumprod(Tensor input, long dim, ScalarType? dtype = null) => input.cumprod(dim, dtype);
        /// <summary>input.cummax(dim).</summary>
        public static (Tensor values, Tensor indices) cummax(Tensor input, long dim) => input.cummax(dim);
        /// <summary>input.cummin(dim).</summary>
        public static (Tensor values, Tensor indices) cummin(Tensor input, long dim) => input.cummin(dim);
        /// <summary>input.logcumsumexp(dim).</summary>
        public static Tensor logcumsumexp(Tensor input, long dim) => input.logcumsumexp(dim);
    }
}

namespace Autograd.Ops
{
    /// <summary>The scans along one dim (native agn_scan) and their derivatives.</summary>
    internal static class Scans
    {
        /// <summary>The dtype the native kernel computes in for <paramref name="t"/>.</summary>
        private static ScalarType KernelType(ScalarType t) =>
            t is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Int64 ? t : DType.IsFloating(t) ? ScalarType.Float32
                : ScalarType.Int64;

        /// <summary>Runs the scan of x (already of the result's dtype) into a new contiguous tensor.</summary>
        private static Tensor Run(AgnScanOp op, Tensor x, int dim, ScalarType resultType, Tensor? indices = null)
        {
            ScalarType kt = KernelType(resultType);
            Tensor src = x._dtype == kt ? x : Kernels.ConvertContiguous(x, kt);
            Tensor result = Tensor.Empty(x._shape, kt);
            Kernels.Scan(op, src, dim, result, indices);
            return kt == resultType ? result : Kernels.ConvertContiguous(result, resultType);
        }

        internal static Tensor CumsumOrProd(Tensor x, long dim, ScalarType? type, AgnScanOp op)
        {
            int d = Shape.WrapDim(dim, x._shape.Length);
            ScalarType outType = type ?? (DType.IsFloating(x._dtype) ? x._dtype : ScalarType.Int64);
            DType.Check(outType);
            if (outType == ScalarType.Bool)
                throw new NotSupportedException(
                    $"\"{(op == AgnScanOp.Cumsum ? "cumsum" : "cumprod")}_out_cpu\" not implemented for 'Bool'");
            Tensor result = Run(op, x, d, outType);
            if (Graph.Needs(x) && DType.IsFloating(outType))
            {
                var node = Graph.Connect(
                    new CumBackward(op == AgnScanOp.Cumsum ? "CumsumBackward0" : "CumprodBackward0", d, x._dtype), result, x);
                if (op == AgnScanOp.Cumprod)
                {
                    node.IsProd = true;
                    node.Self = new SavedTensor(x);
                    node.Result = new SavedTensor(result);
                }
            }
            return result;
        }

        internal static (Tensor, Tensor) CumMaxMin(Tensor x, long dim, AgnScanOp op)
        {
            int d = Shape.WrapDim(dim, x._shape.Length);
            Tensor indices = Tensor.Empty(x._shape, ScalarType.Int64);
            Tensor values = Run(op, x, d, x._dtype, indices);
            if (Graph.Needs(x))
            {
                var node = Graph.Connect(new CumMaxMinBackward(op == AgnScanOp.Cummax ? "CummaxBackward0" : "CumminBackward0", d),
                                         values, x);
                node.Indices = new SavedTensor(indices);
            }
            return (values, indices);
        }

        internal static Tensor LogCumSumExp(Tensor x, long dim)
        {
            int d = Shape.WrapDim(dim, x._shape.Length);
            if (!DType.IsFloating(x._dtype))
                throw new NotSupportedException($"\"logcumsumexp_out_cpu\" not implemented for '{DType.ShortName(x._dtype)}'");
            Tensor result = Run(AgnScanOp.Logcumsumexp, x, d, x._dtype);
            if (Graph.Needs(x))
            {
                var node = Graph.Connect(new LogCumSumExpBackward(d), result, x);
                node.Self = new SavedTensor(x);
                node.Result = new SavedTensor(result);
            }
            return result;
        }

        /// <summary>sum over j &gt;= k of g[j], along dim: cumsum of the reversed gradient, reversed back.</summary>
        internal static Tensor ReverseCumsum(Tensor g, int dim) => g.flip(dim).cumsum(dim).flip(dim);

        /// <summary>Note [cumprod backward]: dF/dx_k = sum_{j &gt;= k} g_j * prod_{i &lt;= j, i != k} x_i.
        /// Without zeros that is reverse_cumsum(g * y) / x. With zeros, let z1 be a line's first zero: positions
        /// after it get 0; positions before it get reverse_cumsum(g * y) / x (g * y vanishes from z1 on); z1 itself
        /// gets prod(x[..z1]) * sum_{z1 &lt;= j &lt; z2} g_j * prod(x[z1+1..j]) (z2 the second zero). That O(n)
        /// form is first order only; under create_graph the exclusive products are built explicitly (O(n^2)).</summary>
        internal static Tensor CumprodBackward(Tensor grad, Tensor x, Tensor y, int dim)
        {
            if (x._shape.Length == 0 || x._numel == 0) return grad;
            Tensor zero = x.eq(0);
            if (!zero.any().item<bool>()) return ReverseCumsum(grad.mul(y), dim).div(x);
            if (GradMode.IsEnabled) return ExclusiveCumprodGrad(grad, x, dim);
            Tensor count = zero.cumsum(dim);
            Tensor before = count.eq(0), between = count.eq(1);
            Tensor first = zero.logical_and(between);
            Tensor partBefore =
                torch.where(before, ReverseCumsum(grad.mul(y), dim).div(torch.where(before, x, torch.ones_like(x))), torch.zeros_like(x));
            // prod(x[..z1]): y shifted one step along dim (1 at the start)
            long n = x._shape[dim];
            Tensor shifted = torch.cat([torch.ones_like(y.narrow(dim, 0, 1)), y.narrow(dim, 0, n - 1)], dim);
            Tensor after = torch.where(between.logical_and(first.logical_not()), x, torch.ones_like(x)).cumprod(dim);
            Tensor tail = torch.where(between, grad.mul(after), torch.zeros_like(x)).sum(dim, keepdim: true);
            Tensor partFirst = torch.where(first, shifted.mul(tail), torch.zeros_like(x));
            return partBefore.add(partFirst);
        }

        /// <summary>The gradient sum_{j &gt;= k} g_j P[k, j] of <see cref="ExclusiveCumprods"/>, from differentiable ops
        /// (double backward).</summary>
        private static Tensor ExclusiveCumprodGrad(Tensor grad, Tensor x, int dim)
        {
            (Tensor p, Tensor keep) = ExclusiveCumprods(x, dim);
            Tensor g = grad.unsqueeze(dim).expand(p._shape);
            return torch.where(keep, g.mul(p), torch.zeros_like(p)).sum(dim + 1);
        }

        /// <summary>d cumprod(x)_j = sum_{k &lt;= j} t_k prod_{i &lt;= j, i != k} x_i: (t / x).cumsum * y without zeros
        /// (PyTorch's cumprod_jvp), the exclusive products of <see cref="ExclusiveCumprods"/> with zeros.</summary>
        internal static Tensor CumprodJvp(Tensor t, Tensor x, Tensor y, int dim)
        {
            if (x._shape.Length == 0 || x._numel == 0) return t;
            if (!x.eq(0).any().item<bool>()) return t.div(x).cumsum(dim).mul(y);
            (Tensor p, Tensor keep) = ExclusiveCumprods(x, dim);
            return torch.where(keep, t.unsqueeze(dim + 1).mul(p), torch.zeros_like(p)).sum(dim);
        }

        /// <summary>The exclusive products P[k, j] = prod_{i &lt;= j, i != k} x_i as an n×n expansion along dim (k at
        /// dim, j at dim + 1), exact with zeros, and the mask j &gt;= k.</summary>
        private static (Tensor P, Tensor Keep) ExclusiveCumprods(Tensor x, int dim)
        {
            long n = x._shape[dim];
            int rank = x._shape.Length;
            long[] expanded = [.. x._shape[..dim], n, .. x._shape[dim..]];
            var eyeShape = new long[rank + 1];
            Array.Fill(eyeShape, 1);
            eyeShape[dim] = n;
            eyeShape[dim + 1] = n;
            var eye = new bool[n * n];
            var upper = new bool[n * n]; // j >= k
            for (long k = 0; k < n; k++)
                for (long j = 0; j < n; j++) { eye[k * n + j] = j == k; upper[k * n + j] = j >= k; }
            Tensor diag = torch.tensor(eye).reshape(eyeShape), keep = torch.tensor(upper).reshape(eyeShape);
            Tensor rows = x.unsqueeze(dim).expand(expanded);                      // rows[k, j] = x_j
            return (torch.where(diag, torch.ones_like(rows), rows).cumprod(dim + 1), keep);
        }
    }

    // d(cumsum x)/dx = reverse_cumsum(grad); d(cumprod x)/dx: Note [cumprod backward]
    internal sealed class CumBackward(string nodeName, int dim, ScalarType inputType) : Node
    {
        internal SavedTensor Self, Result;
        internal bool IsProd;
        public override string name() => nodeName;
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) // d cumsum = cumsum of the tangent
        {
            if (t[0]?.to(y[0]._dtype) is not { } v) return [null];
            if (v._shape.Length == 0) return [v];
            return [nodeName == "CumsumBackward0" ? v.cumsum(dim) : Scans.CumprodJvp(v, x[0].to(y[0]._dtype), y[0], dim)];
        }
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor grad = g[0]!;
            if (grad._dtype != inputType) grad = grad.to(inputType);
            if (!IsProd) return [grad._shape.Length == 0 ? grad : Scans.ReverseCumsum(grad, dim)];
            Tensor x = Self.Unpack(this), y = Result.Unpack(this);
            if (y._dtype != inputType) y = y.to(inputType);
            return [Scans.CumprodBackward(grad, x, y, dim)];
        }
        internal override void ReleaseVariables() { if (IsProd) { Self.Release(); Result.Release(); } }
    }

    // d(cummax x)/dx = zeros.scatter_add(dim, indices, grad)
    internal sealed class CumMaxMinBackward(string nodeName, int dim) : Node
    {
        internal SavedTensor Indices;
        public override string name() => nodeName;
        // d cummax = the tangent at the running maximum's position
        internal override Tensor?[]? SavedJvp(Tensor?[] t, Tensor[] y) =>
            [t[0] is not { } v ? null : v._shape.Length == 0 || v._numel == 0 ? v : v.gather(dim, Indices.Unpack(this))];
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor grad = g[0]!, indices = Indices.Unpack(this);
            if (grad._shape.Length == 0 || grad._numel == 0) return [grad];
            return [torch.zeros_like(grad).scatter_add(dim, indices, grad)];
        }
        internal override void ReleaseVariables() => Indices.Release();
    }

    // d(logcumsumexp x)_k = sum_{j >= k} grad_j * exp(x_k - y_j), summed in log space by sign of grad
    internal sealed class LogCumSumExpBackward(int dim) : Node
    {
        internal SavedTensor Self, Result;
        public override string name() => "LogcumsumexpBackward0";
        // d logcumsumexp(x)_j = sum_{k <= j} t_k exp(x_k - y_j), summed in log space by sign of t as the backward
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y)
        {
            if (t[0] is not { } v || v._shape.Length == 0 || v._numel == 0) return [t[0]];
            Tensor lowest = torch.tensor(v._dtype == ScalarType.Float32 ? (double)float.MinValue : double.MinValue, v._dtype);
            Tensor logAbs = v.abs().log().add(x[0]);
            Tensor Part(Tensor sign) => torch.where(sign, logAbs, lowest).logcumsumexp(dim).sub(y[0]).exp();
            return [Part(v.gt(0)).sub(Part(v.lt(0)))];
        }
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor grad = g[0]!, x = Self.Unpack(this), y = Result.Unpack(this);
            if (grad._shape.Length == 0 || grad._numel == 0) return [grad];
            Tensor lowest = torch.tensor(grad._dtype == ScalarType.Float32 ? (double)float.MinValue : double.MinValue, grad._dtype);
            Tensor logAbs = grad.abs().log();
            Tensor logPos = torch.where(grad.gt(0), logAbs, lowest), logNeg = torch.where(grad.lt(0), logAbs, lowest);
            Tensor Reverse(Tensor t) => t.flip(dim).logcumsumexp(dim).flip(dim);
            return [Reverse(logPos.sub(y)).add(x).exp().sub(Reverse(logNeg.sub(y)).add(x).exp())];
        }
        internal override void ReleaseVariables() { Self.Release(); Result.Release(); }
    }
}
