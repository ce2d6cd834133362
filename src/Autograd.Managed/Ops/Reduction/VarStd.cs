namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>Variance of all elements; <paramref name="unbiased"/> divides by n - 1 (NaN for one element).</summary>
            /// <exception cref="ArgumentException">An integer or bool tensor (PyTorch's message).</exception>
            public Tensor var(bool unbiased = true) => Ops.Reduction.Var(this, null, unbiased, false, null, std: false);
            /// <summary>Variance over <paramref name="dimensions"/> (all when empty).</summary>
            public Tensor var(long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
                Ops.Reduction.Var(this, dimensions, unbiased, keepdim, type, std: false);
            /// <summary>Variance over <paramref name="dimensions"/> (all when empty).</summary>
            public Tensor var(ReadOnlySpan<long> dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
                Ops.Reduction.Var(this, dimensions.ToArray(), unbiased, keepdim, type, std: false);
            /// <summary>Variance over <paramref name="dim"/>.</summary>
            public Tensor var(long dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
                Ops.Reduction.Var(this, [dim], unbiased, keepdim, type, std: false);
            /// <summary>Variance over two dims.</summary>
            public Tensor var((long, long) dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
                Ops.Reduction.Var(this, [dim.Item1, dim.Item2], unbiased, keepdim, type, std: false);
            /// <summary>Variance over three dims.</summary>
            public Tensor var((long, long, long) dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
                Ops.Reduction.Var(this, [dim.Item1, dim.Item2, dim.Item3], unbiased, keepdim, type, std: false);
            /// <summary>Standard deviation of all elements; <paramref name="unbiased"/> divides by n - 1.</summary>
            /// <exception cref="ArgumentException">An integer or bool tensor (PyTorch's message).</exception>
            public Tensor std(bool unbiased = true) => Ops.Reduction.Var(this, null, unbiased, false, null, std: true);
            /// <summary>Standard deviation over <paramref name="dimensions"/> (all when empty).</summary>
            public Tensor std(long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
                Ops.Reduction.Var(this, dimensions, unbiased, keepdim, type, std: true);
            /// <summary>Standard deviation over <paramref name="dimensions"/> (all when empty).</summary>
            public Tensor std(ReadOnlySpan<long> dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
                Ops.Reduction.Var(this, dimensions.ToArray(), unbiased, keepdim, type, std: true);
            /// <summary>Standard deviation over <paramref name="dim"/>.</summary>
            public Tensor std(long dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
                Ops.Reduction.Var(this, [dim], unbiased, keepdim, type, std: true);
            /// <summary>Standard deviation over two dims.</summary>
            public Tensor std((long, long) dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
                Ops.Reduction.Var(this, [dim.Item1, dim.Item2], unbiased, keepdim, type, std: true);
            /// <summary>Standard deviation over three dims.</summary>
            public Tensor std((long, long, long) dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
                Ops.Reduction.Var(this, [dim.Item1, dim.Item2, dim.Item3], unbiased, keepdim, type, std: true);
            /// <summary>(variance, mean) of all elements.</summary>
            public (Tensor var, Tensor mean) var_mean(bool unbiased = true) => (this.var(unbiased), mean());
            /// <summary>(variance, mean) over <paramref name="dimensions"/>.</summary>
            public (Tensor var, Tensor mean) var_mean(long[] dimensions, bool unbiased = true, bool keepdim = false,
                                                      ScalarType? type = null) =>
                (this.var(dimensions, unbiased, keepdim, type), mean(dimensions, keepdim, type));
            /// <summary>(standard deviation, mean) of all elements.</summary>
            public (Tensor std, Tensor mean) std_mean(bool unbiased = true) => (std(unbiased), mean());
            /// <summary>(standard deviation, mean) over <paramref name="dimensions"/>.</summary>
            public (Tensor std, Tensor mean) std_mean(long[] dimensions, bool unbiased = true, bool keepdim = false,
                                                      ScalarType? type = null) =>
                (std(dimensions, unbiased, keepdim, type), mean(dimensions, keepdim, type));
        }
    }

    public static partial class torch
    {
        /// <summary>input.var(unbiased).</summary>
        public static Tensor var(Tensor input, bool unbiased = true) => input.var(unbiased);
        /// <summary>input.var(dimensions, unbiased, keepdim, type).</summary>
        public static Tensor var(Tensor input, long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
            input.var(dimensions, unbiased, keepdim, type);
        /// <summary>input.var(dim, unbiased, keepdim, type).</summary>
        public static Tensor var(Tensor input, long dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
            input.var(dimensions, unbiased, keepdim, type);
        /// <summary>input.var(dimensions, unbiased, keepdim, type) over two dims.</summary>
        public static Tensor var(Tensor input, (long, long) dimensions, bool unbiased = true, bool keepdim = false,
                                 ScalarType? type = null) => input.var(dimensions, unbiased, keepdim, type);
        /// <summary>input.var(dimensions, unbiased, keepdim, type) over three dims.</summary>
        public static Tensor var(Tensor input, (long, long, long) dimensions, bool unbiased = true, bool keepdim = false,
                                 ScalarType? type = null) => input.var(dimensions, unbiased, keepdim, type);
        /// <summary>input.std(unbiased).</summary>
        public static Tensor std(Tensor input, bool unbiased = true) => input.std(unbiased);
        /// <summary>input.std(dimensions, unbiased, keepdim, type).</summary>
        public static Tensor std(Tensor input, long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
            input.std(dimensions, unbiased, keepdim, type);
        /// <summary>input.std(dim, unbiased, keepdim, type).</summary>
        public static Tensor std(Tensor input, long dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
            input.std(dimensions, unbiased, keepdim, type);
        /// <summary>input.std(dimensions, unbiased, keepdim, type) over two dims.</summary>
        public static Tensor std(Tensor input, (long, long) dimensions, bool unbiased = true, bool keepdim = false,
                                 ScalarType? type = null) => input.std(dimensions, unbiased, keepdim, type);
        /// <summary>input.std(dimensions, unbiased, keepdim, type) over three dims.</summary>
        public static Tensor std(Tensor input, (long, long, long) dimensions, bool unbiased = true, bool keepdim = false,
                                 ScalarType? type = null) => input.std(dimensions, unbiased, keepdim, type);
        /// <summary>input.var_mean(unbiased).</summary>
        public static (Tensor var, Tensor mean) var_mean(Tensor input, bool unbiased = true) => input.var_mean(unbiased);
        /// <summary>input.var_mean(dimensions, unbiased, keepdim, type).</summary>
        public static (Tensor var, Tensor mean) var_mean(Tensor input, long[] dimensions, bool unbiased = true, bool keepdim = false,
                                                         ScalarType? type = null) => input.var_mean(dimensions, unbiased, keepdim, type);
        /// <summary>input.std_mean(unbiased).</summary>
        public static (Tensor std, Tensor mean) std_mean(Tensor input, bool unbiased = true) => input.std_mean(unbiased);
        /// <summary>input.std_mean(dimensions, unbiased, keepdim, type).</summary>
        public static (Tensor std, Tensor mean) std_mean(Tensor input, long[] dimensions, bool unbiased = true, bool keepdim = false,
                                                         ScalarType? type = null) => input.std_mean(dimensions, unbiased, keepdim, type);
    }
}

namespace Autograd.Ops
{
    /// <summary>var and std (two-pass: mean first, then squared deviations) with PyTorch's backward.</summary>
    internal static partial class Reduction
    {
        internal static long[] MaskDims(bool[] mask)
        {
            var dims = new List<long>();
            for (int d = 0; d < mask.Length; d++) if (mask[d]) dims.Add(d);
            return [.. dims];
        }

        internal static Tensor Var(Tensor x, long[]? dims, bool unbiased, bool keepdim, ScalarType? type, bool std)
        {
            Tensor input = type is ScalarType t ? x.to(t) : x;
            if (!DType.IsFloating(input._dtype))
                throw new ArgumentException("std and var only support floating point and complex dtypes");
            bool[] mask = ReducedMask(input, dims);
            long[] reduced = MaskDims(mask);
            long n = 1;
            foreach (long d in reduced) n *= input._shape[d];
            // PyTorch divides by max(0, n - correction): one element unbiased (or none) gives NaN
            long dof = Math.Max(0, n - (unbiased ? 1 : 0));
            Tensor result;
            using (torch.no_grad())
            {
                Tensor diff = input.sub(input.mean(reduced, keepdim: true));
                result = diff.mul(diff).sum(reduced, keepdim).div(dof);
                if (std) result = result.pow(0.5);
            }
            if (Graph.Needs(input))
            {
                var node = Graph.Connect(new VarBackward(std ? "StdBackward0" : "VarBackward0", mask, keepdim, dof, std), result, input);
                node.Self = new SavedTensor(input);
                if (std) node.Result = new SavedTensor(result);
            }
            return result;
        }
    }

    // d(var x)/dx = 2 / dof * grad * (x - mean(x)); d(std x)/dx = the same with grad / (2 std) (0 where std is 0)
    internal sealed class VarBackward(string nodeName, bool[] mask, bool keepdim, long dof, bool std) : Node
    {
        internal SavedTensor Self, Result;
        public override string name() => nodeName;
        internal override Tensor?[]? Jvp(Tensor?[] t, Tensor[] x, Tensor[] y) => [t[0] is { } v ? Tangent(v, x[0], y[0]) : null];

        // d var = 2/dof Σ (x - mean) t; d std = d var / (2 std), 0 where std = 0
        private Tensor Tangent(Tensor v, Tensor input, Tensor result)
        {
            Tensor centered = input.sub(input.mean(Reduction.MaskDims(mask), keepdim: true));
            Tensor dvar = Reduction.ReduceTangent(centered.mul(v), mask, keepdim, result._shape).mul(2.0 / dof);
            return std ? torch.where(result.eq(0), torch.zeros_like(dvar), dvar.div(result.mul(2))) : dvar;
        }
        internal override Tensor?[] Apply(Tensor?[] g)
        {
            Tensor x = Self.Unpack(this), grad = g[0]!;
            if (std)
            {
                Tensor s = Result.Unpack(this);
                grad = torch.where(s.eq(0), torch.zeros_like(grad), grad.div(s.mul(2)));
            }
            long[] shape = _inputs[0].Shape;
            Tensor centered = x.sub(x.mean(Reduction.MaskDims(mask), keepdim: true));
            return [Reduction.ExpandBack(grad, mask, keepdim, shape).mul(centered).mul(2.0 / dof)];
        }
        internal override void ReleaseVariables() { Self.Release(); Result.Release(); }
    }
}
