namespace Autograd
{
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>The sum of all elements, NaNs counted as zero (integers: <see cref="sum(ScalarType?)"/>). No gradient
            /// reaches the NaNs.</summary>
            public Tensor nansum(ScalarType? type = null) => Ops.Reduction.Sum(NanAsZero(this), null, false, type);
            /// <summary>The sum along <paramref name="dim"/>, NaNs counted as zero.</summary>
            public Tensor nansum(long dim, bool keepdim = false, ScalarType? type = null) =>
                Ops.Reduction.Sum(NanAsZero(this), [dim], keepdim, type);
            /// <summary>The mean of the elements that are not NaN (over all of them, or along <paramref name="dim"/>):
            /// <c>nansum / count of non-NaN</c>, NaN where every element is NaN.</summary>
            /// <exception cref="ArgumentException">An integer or bool input (PyTorch's message).</exception>
            public Tensor nanmean(int? dim = null, bool keepdim = false, ScalarType? dtype = null)
            {
                if (!DType.IsFloating(_dtype))
                    throw new ArgumentException("nanmean(): expected input to have floating point or complex dtype but got " +
                                                $"{DType.ShortName(_dtype)}");
                Tensor kept = isnan().logical_not();
                return dim is int d
                    ? nansum(d, keepdim, dtype).div(kept.sum(d, keepdim))
                    : nansum(dtype).div(kept.sum());
            }

            private static Tensor NanAsZero(Tensor x) => DType.IsFloating(x._dtype) ? x.masked_fill(x.isnan(), 0) : x;
        }

        /// <summary>See <see cref="Tensor.nansum(ScalarType?)"/>.</summary>
        public static Tensor nansum(Tensor input) => input.nansum();
        /// <summary>See <see cref="Tensor.nanmean(int?, bool, ScalarType?)"/>.</summary>
        public static Tensor nanmean(Tensor input, int? dim = null, bool keepdim = false, ScalarType? dtype = null) =>
            input.nanmean(dim, keepdim, dtype);
    }
}
