using Autograd.Native;

namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>A copy with src's elements written at <paramref name="index"/> along <paramref name="dim"/>
            /// (out[i][index[i][j]] = src[i][j] for dim 1); a later duplicate index wins. Differentiable in both.</summary>
            /// <exception cref="ArgumentException">Mismatched dtypes or ranks, an index larger than self or src
            /// (LibTorch's messages).</exception>
            /// <exception cref="IndexOutOfRangeException">An index outside the dim.</exception>
            public Tensor scatter(long dim, Tensor index, Tensor src) => Ops.Scatters.Scatter(this, dim, index, src, null, "scatter");
            /// <summary>A copy with <paramref name="value"/> written at <paramref name="index"/> along dim.</summary>
            public Tensor scatter(long dim, Tensor index, Scalar value) =>
                Ops.Scatters.Scatter(this, dim, index, Ops.Scatters.Filled(value, this, index), null, "scatter");
            /// <summary>scatter combining with the present value: <paramref name="reduce"/> is "add" or "multiply".</summary>
            public Tensor scatter(long dim, Tensor index, Tensor src, string reduce) =>
                Ops.Scatters.Scatter(this, dim, index, src, reduce, "scatter");
            /// <summary>In place: <see cref="scatter(long, Tensor, Tensor)"/>.</summary>
            public Tensor scatter_(long dim, Tensor index, Tensor src) => copy_(scatter(dim, index, src));
            /// <summary>In place: <see cref="scatter(long, Tensor, Scalar)"/>.</summary>
            public Tensor scatter_(long dim, Tensor index, Scalar value) => copy_(scatter(dim, index, value));
            /// <summary>In place: <see cref="scatter(long, Tensor, Tensor, string)"/>.</summary>
            public Tensor scatter_(long dim, Tensor index, Tensor src, string reduce) => copy_(scatter(dim, index, src, reduce));
            /// <summary>A copy where every position hit by <paramref name="index"/> along dim becomes the reduction
            /// ("sum", "prod", "mean", "amax", "amin") of the src elements sent there, and of its own value when
            /// <paramref name="include_self"/>. Integer means round down. Differentiable in both (amax / amin share
            /// the gradient evenly among ties).</summary>
            /// <exception cref="ArgumentException">An unknown reduce or mismatched arguments (LibTorch's messages).</exception>
            public Tensor scatter_reduce(long dim, Tensor index, Tensor src, string reduce, bool include_self = true) =>
                Ops.Scatters.ScatterReduce(this, dim, index, src, reduce, include_self);
            /// <summary>In place: <see cref="scatter_reduce"/>.</summary>
            public Tensor scatter_reduce_(long dim, Tensor index, Tensor src, string reduce, bool include_self = true) =>
                copy_(scatter_reduce(dim, index, src, reduce, include_self));
        }
    }

    public static partial class torch
    {
        /// <summary>input.scatter(dim, index, src).</summary>
        public static Tensor scatter(Tensor input, long dim, Tensor index, Tensor src) => input.scatter(dim, index, src);
        /// <summary>input.scatter_(dim, index, src).</summary>
        public static Tensor scatter_(Tensor input, long dim, Tensor index, Tensor src) => input.scatter_(dim, index, src);
        /// <summary>input.scatter_reduce(dim, index, src, reduce, include_self).</summary>
        public static Tensor scatter_reduce(Tensor input, long dim, Tensor index, Tensor src, string reduce, bool include_self = true) =>
            input.scatter_reduce(dim, index, src, reduce, include_self);
    }
}

namespace Autograd.Ops
{
    /// <summary>scatter and scatter_reduce (native agn_scatter_reduce on a copy) and their derivatives.</summary>
    internal static class Scatters
    {
        internal static Tensor Filled(Scalar value, Tensor self, Tensor index) => torch.full(index._shape, value, self._dtype);

        /// <summary>x.scatter(dim, index, src) (assignment), differentiable in both.</summary>
        internal static Tensor ScatterOf(Tensor x, int dim, Tensor index, Tensor src) => Scatter(x, dim, index, src, null, "scatter");

        /// <summary>LibTorch's checks of scatter-like ops in its order (scatter_gather_dtype_check,
        /// scatter_shape_check, then the kernel's rank and bound checks), all before anything is written;
        /// returns the wrapped dim. A 0-d src that passes is one element (callers view it as [1]).</summary>
        internal static int Check(string name, Tensor x, long dim, Tensor index, Tensor src)
        {
            if (index._dtype != ScalarType.Int64) throw new ArgumentException($"{name}(): Expected dtype int64 for index");
            if (src._dtype != x._dtype) throw new ArgumentException($"{name}(): Expected self.dtype to be equal to src.dtype");
            int rank = Math.Max(x._shape.Length, 1);
            if (Math.Max(index._shape.Length, 1) != rank)
                throw new ArgumentException("Index tensor must have the same number of dimensions as self tensor");
            int d = Shape.WrapDim(dim, x._shape.Length);
            if (index._numel == 0) return d;
            bool wrong = false;
            for (int i = 0; i < rank && !wrong; i++) wrong = i != d && NonemptySize(index, i) > NonemptySize(x, i);
            // LibTorch 2.10 reports a 0-d src against a multi-dim index by rank, before comparing sizes
            if (!wrong && src._shape.Length == 0 && rank > 1)
                throw new ArgumentException("Index tensor must have the same number of dimensions as src tensor");
            // src's rank may differ: size(i) wraps
            for (int i = 0; i < rank && !wrong; i++) wrong = NonemptySize(index, i) > NonemptySize(src, i);
            if (wrong)
                throw new ArgumentException(
                    $"Expected index {Shape.Format(index._shape)} to be no larger than self {Shape.Format(x._shape)} apart from " +
                    $"dimension {d} and to be no larger size than src {Shape.Format(src._shape)}");
            if (Math.Max(src._shape.Length, 1) != rank)
                throw new ArgumentException("Index tensor must have the same number of dimensions as src tensor");
            Indexing.CheckIndex(index, NonemptySize(x, d), d, wrap: false, selectMessage: false);
            return d;
        }

        /// <summary>LibTorch's ensure_nonempty_size: a 0-d tensor has size 1 along dim 0, else t.size(i)
        /// (which throws LibTorch's dimension message past t's rank).</summary>
        private static long NonemptySize(Tensor t, int i) => t._shape.Length == 0 ? 1 : t._shape[Shape.WrapDim(i, t._shape.Length)];

        /// <summary>out = x.clone(); out[index] (op)= src, natively (src already narrowed to index's shape).</summary>
        internal static Tensor Run(Tensor x, int dim, Tensor index, Tensor src, AgnScatterOp op)
        {
            Tensor result = x.detach().clone();
            if (index._numel == 0) return result;
            if (x._shape.Length == 0)
            {
                Tensor r1 = Run(x.reshape(1), 0, index.reshape(1), src.reshape(1), op);
                return r1.reshape([]);
            }
            Tensor s = src.detach().contiguous();
            Kernels.ScatterReduce(result, dim, index, s, op);
            return result;
        }

        /// <summary>The JVP of a scatter node (self, src): its backward scales the gradient element-wise for self and
        /// gathers it, scaled, for src, so with those factors A = Apply(ones), J t = A_self t_self + scatter_add(A_src t_src).
        /// Exact for every reduction (PyTorch's scatter and scatter_reduce formulas are this product written out).</summary>
        internal static Tensor? Jvp(Node node, Tensor?[] t, Tensor y, int dim, Tensor index)
        {
            Tensor?[] a = node.Apply([torch.ones_like(y)]);
            Tensor? result = t[0] is { } ts ? a[0]!.mul(ts) : null;
            if (t[1] is { } tsrc && index._numel > 0)
            {
                Tensor c = a[1]!.mul(tsrc);
                result = ForwardAD.Sum(result, y._shape.Length == 0 ? c.sum().reshape([]) : torch.zeros_like(y).scatter_add(dim, index, c));
            }
            return result;
        }

        private static Tensor Narrow(Tensor src, Tensor index)
        {
            if (index._numel == 0) return src; // nothing is read; src's shape was not checked (PyTorch skips it too)
            for (int i = 0; i < index._shape.Length; i++)
                if (src._shape[i] != index._shape[i]) src = src.narrow(i, 0, index._shape[i]);
            return src;
        }

        internal static Tensor Scatter(Tensor x, long dim, Tensor index, Tensor src, string? reduce, string name)
        {
            if (reduce is not null && reduce is not ("add" or "multiply"))
                throw new ArgumentException($"reduce argument must be either add or multiply. Got {reduce}");
            int d = Check(name, x, dim, index, src);
            src = Narrow(src._shape.Length == 0 ? src.reshape(1) : src, index);
            if (reduce is not null) return ScatterReduce(x, d, index, src, reduce == "add" ? "sum" : "prod", true);
            Tensor result = Run(x, d, index, src, AgnScatterOp.Assign);
            if (Graph.Needs(x, src))
            {
                var node = Graph.Connect(new ScatterBackward(d), result, x, src);
                node.Index = new SavedTensor(index);
            }
            return result;
        }

        internal static Tensor ScatterReduce(Tensor x, long dim, Tensor index, Tensor src, string reduce, bool includeSelf)
        {
            AgnScatterOp op = reduce switch
            {
                "sum" or "mean" => AgnScatterOp.Sum,
                "prod" => AgnScatterOp.Prod,
                "amax" => AgnScatterOp.Amax,
                "amin" => AgnScatterOp.Amin,
                _ => throw new ArgumentException($"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}"),
            };
            int d = Check("scatter_reduce", x, dim, index, src);
            src = Narrow(src._shape.Length == 0 ? src.reshape(1) : src, index);
            Tensor start = x.detach(), hit = Hits(x, d, index);
            if (!includeSelf)
            {
                // the reduction's identity; integers use src's own extreme (any value past every src element works)
                Tensor identity = op switch
                {
                    AgnScatterOp.Sum => torch.zeros(Array.Empty<long>(), x._dtype),
                    AgnScatterOp.Prod => torch.ones(Array.Empty<long>(), x._dtype),
                    AgnScatterOp.Amax =>
                        DType.IsFloating(x._dtype) ? torch.full(Array.Empty<long>(), double.NegativeInfinity, x._dtype)
                        : src.detach().min(),
                    _ => DType.IsFloating(x._dtype) ? torch.full(Array.Empty<long>(), double.PositiveInfinity, x._dtype)
                        : src.detach().max(),
                };
                if (src._numel > 0) start = torch.where(hit, identity, start);
            }
            Tensor result = Run(start, d, index, src, op);
            Tensor? count = null;
            if (reduce == "mean")
            {
                count = Run(torch.zeros_like(x, ScalarType.Float64).add(includeSelf ? 1 : 0), d, index,
                            torch.ones_like(src, ScalarType.Float64), AgnScatterOp.Sum);
                count = torch.where(count.eq(0), torch.ones_like(count), count).to(x._dtype);
                result = DType.IsFloating(x._dtype) ? result.div(count) : result.div(count, rounding_mode: RoundingMode.floor);
            }
            if (Graph.Needs(x, src))
            {
                var node = Graph.Connect(new ScatterReduceBackward(d, reduce, includeSelf), result, x, src);
                node.Index = new SavedTensor(index);
                if (reduce is "prod" or "amax" or "amin") // sum and mean need no values (put_ saves nothing of its target)
                {
                    node.Self = new SavedTensor(x);
                    node.Src = new SavedTensor(src);
                    node.Result = new SavedTensor(result);
                }
                node.Hit = hit;
                node.Count = count;
            }
            return result;
        }

        /// <summary>Which positions of x some index element points at (bool, x's shape).</summary>
        internal static Tensor Hits(Tensor x, int dim, Tensor index) =>
            Run(torch.zeros_like(x, ScalarType.Float64), dim, index, torch.ones_like(index, ScalarType.Float64), AgnScatterOp.Sum).gt(0);
    }

    // d(scatter(x, i, src))/dx = grad with the written positions zeroed; /dsrc = grad.gather(dim, i)
    internal sealed class ScatterBackward(int dim) : Node
    {
        internal SavedTensor Index;
        public override string name() => "ScatterBackward0";
        internal override Tensor?[]? SavedJvp(Tensor?[] t, Tensor[] y) => [Scatters.Jvp(this, t, y[0], dim, Index.Unpack(this))];
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor grad = g[0]!, index = Index.Unpack(this);
            Tensor gx = grad.scatter(dim, index, 0.0);
            Tensor gs = grad._shape.Length == 0 ? grad.reshape(index._shape) : grad.gather(dim, index);
            return [gx, gs];
        }
        internal override void ReleaseVariables() => Index.Release();
    }

    // sum: dx = grad (0 at hit positions without include_self), dsrc = grad.gather; mean divides by the count;
    // prod: the product of the other contributors; amax / amin: grad shared evenly among contributors equal to the result
    internal sealed class ScatterReduceBackward(int dim, string reduce, bool includeSelf) : Node
    {
        internal SavedTensor Index, Self, Src, Result;
        internal Tensor Hit = null!;
        internal Tensor? Count;
        public override string name() => "ScatterReduceBackward0";
        internal override Tensor?[]? SavedJvp(Tensor?[] t, Tensor[] y) => [Scatters.Jvp(this, t, y[0], dim, Index.Unpack(this))];
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor grad = g[0]!, index = Index.Unpack(this);
            Tensor Gather(Tensor t) => t._shape.Length == 0 ? t.reshape(index._shape) : t.gather(dim, index);
            Tensor zero = torch.zeros_like(grad);
            Tensor selfMask = includeSelf ? torch.ones_like(Hit) : Hit.logical_not();
            if (reduce == "sum") return [torch.where(selfMask, grad, zero), Gather(grad)];
            if (reduce == "mean")
            {
                Tensor share = grad.div(Count!);
                return [torch.where(selfMask, share, zero), Gather(share)];
            }
            Tensor x = Self.Unpack(this), src = Src.Unpack(this), y = Result.Unpack(this);
            switch (reduce)
            {
                case "prod":
                {
                    if (!x.eq(0).any().item<bool>() && !src.eq(0).any().item<bool>())
                        return [torch.where(selfMask, grad.mul(y).div(x), zero), Gather(grad.mul(y)).div(src)];
                    // others(e) = prod of the target's nonzero contributors / e when none is zero; with one zero, the
                    // product of the nonzero ones at that zero; with more, 0
                    Tensor safeX = torch.where(x.eq(0), torch.ones_like(x), x), safeS = torch.where(src.eq(0), torch.ones_like(src), src);
                    Tensor zx = includeSelf ? x.eq(0).to(x.dtype) : torch.where(Hit, zero, x.eq(0).to(x.dtype));
                    Tensor zeros = Scatters.Run(zx, dim, index, src.eq(0).to(x.dtype), AgnScatterOp.Sum);
                    Tensor startNz = includeSelf ? safeX : torch.where(Hit, torch.ones_like(x), safeX);
                    Tensor nz = Scatters.Run(startNz, dim, index, safeS, AgnScatterOp.Prod);
                    Tensor OthersAt(Tensor e, Tensor safe, Tensor zerosAt, Tensor nzAt) =>
                        torch.where(e.eq(0), torch.where(zerosAt.eq(1), nzAt, torch.zeros_like(e)),
                                    torch.where(zerosAt.eq(0), nzAt.div(safe), torch.zeros_like(e)));
                    Tensor gx = torch.where(selfMask, grad.mul(OthersAt(x, safeX, zeros, nz)), zero);
                    Tensor gs = Gather(grad).mul(OthersAt(src, safeS, Gather(zeros), Gather(nz)));
                    return [gx, gs];
                }
                default:
                {
                    Tensor selfHit = x.eq(y).logical_and(selfMask).to(grad.dtype);
                    Tensor srcHit = src.eq(Gather(y)).to(grad.dtype);
                    Tensor n = Scatters.Run(selfHit, dim, index, srcHit, AgnScatterOp.Sum);
                    Tensor share = grad.div(torch.where(n.eq(0), torch.ones_like(n), n));
                    return [share.mul(selfHit), Gather(share).mul(srcHit)];
                }
            }
        }
        internal override void ReleaseVariables()
        {
            Index.Release();
            if (reduce is "prod" or "amax" or "amin") { Self.Release(); Src.Release(); Result.Release(); }
        }
    }
}
