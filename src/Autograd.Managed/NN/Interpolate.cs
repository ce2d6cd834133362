namespace Autograd
{
    public static partial class torch
    {
        /// <summary>The resampling of <c>nn.Upsample</c> (TorchSharp's values).</summary>
        public enum UpsampleMode
        {
            /// <summary>The nearest input element.</summary>
            Nearest = 0,
            /// <summary>Linear interpolation (3-d input).</summary>
            Linear = 1,
            /// <summary>Bilinear interpolation (4-d input).</summary>
            Bilinear = 2,
            /// <summary>Bicubic interpolation (not supported here).</summary>
            Bicubic = 3,
            /// <summary>Trilinear interpolation (5-d input).</summary>
            Trilinear = 4,
        }

        /// <summary>The resampling of <c>nn.functional.interpolate</c> (TorchSharp's values).</summary>
        public enum InterpolationMode
        {
            /// <summary>The nearest input element, index floor(out_index · scale).</summary>
            Nearest = 0,
            /// <summary>Linear interpolation (3-d input).</summary>
            Linear = 1,
            /// <summary>Bilinear interpolation (4-d input).</summary>
            Bilinear = 2,
            /// <summary>Bicubic interpolation (not supported here).</summary>
            Bicubic = 3,
            /// <summary>Trilinear interpolation (5-d input).</summary>
            Trilinear = 4,
            /// <summary>Adaptive average pooling to the output size (3-d or 4-d input).</summary>
            Area = 5,
            /// <summary>The nearest input element, index floor((out_index + 0.5) · scale).</summary>
            NearestExact = 6,
        }

        public static partial class nn
        {
            public static partial class functional
            {
                /// <summary>Resamples the spatial dims of x [N, C, *spatial] (1 to 3 of them) to <paramref name="size"/>,
                /// or to floor(in · <paramref name="scale_factor"/>) per dim. Linear modes read the input at
                /// scale · (out + 0.5) - 0.5 (edges clamped), or at out · (in - 1) / (out - 1) when
                /// <paramref name="align_corners"/>; a given scale factor is used as the step unless
                /// <paramref name="recompute_scale_factor"/>, which takes in / out instead (as for an explicit size).
                /// Nearest modes take the element below that position. Differentiable to any order.</summary>
                /// <exception cref="ArgumentException">Neither or both of size and scale_factor, their lengths not the number
                /// of spatial dims, a mode that does not fit the rank, align_corners with a nearest mode, empty sizes
                /// (PyTorch's messages).</exception>
                /// <exception cref="NotImplementedException">Bicubic, antialias, or area on 5-d input.</exception>
                public static Tensor interpolate(Tensor x, long[]? size = null, double[]? scale_factor = null,
                                                 InterpolationMode mode = InterpolationMode.Nearest, bool? align_corners = null,
                                                 bool recompute_scale_factor = false, bool antialias = false) =>
                    Ops.Interpolation.Interpolate(x, size, scale_factor, mode, align_corners, recompute_scale_factor, antialias);

                /// <summary><see cref="interpolate"/> with an <see cref="UpsampleMode"/> (TorchSharp's form).</summary>
                public static Tensor upsample(Tensor input, long[]? size = null, double[]? scale_factor = null,
                                              UpsampleMode mode = UpsampleMode.Nearest, bool align_corners = false) =>
                    Ops.Interpolation.Interpolate(input, size, scale_factor, (InterpolationMode)mode,
                                                  mode == UpsampleMode.Nearest ? null : align_corners, false, false);
            }
        }
    }
}

namespace Autograd.Ops
{
    using InterpolationMode = torch.InterpolationMode;

    /// <summary>
    /// F.interpolate as separable resampling, one spatial dim at a time from the last: nearest modes are an
    /// <c>index_select</c> of the source positions; linear modes blend two index_selects with per-position weights
    /// (x0 · λ0 + x1 · λ1, LibTorch's order). Index and weight arithmetic follow LibTorch's CPU kernels (in float
    /// for float32), so the same source positions are chosen; gradients are index_adds, to any order.
    /// </summary>
    internal static class Interpolation
    {
        private static string ModeName(InterpolationMode m) => m switch
        {
            InterpolationMode.Nearest => "nearest",
            InterpolationMode.Linear => "linear",
            InterpolationMode.Bilinear => "bilinear",
            InterpolationMode.Bicubic => "bicubic",
            InterpolationMode.Trilinear => "trilinear",
            InterpolationMode.Area => "area",
            InterpolationMode.NearestExact => "nearest-exact",
            _ => throw new ArgumentException($"Unknown interpolation mode {(int)m}"),
        };

        internal static Tensor Interpolate(Tensor x, long[]? size, double[]? scale, InterpolationMode mode, bool? alignCorners,
                                           bool recompute, bool antialias)
        {
            ArgumentNullException.ThrowIfNull(x);
            string name = ModeName(mode);
            bool nearestLike = mode is InterpolationMode.Nearest or InterpolationMode.Area or InterpolationMode.NearestExact;
            if (nearestLike && alignCorners is not null)
                throw new ArgumentException(
                    "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
            int rank = x._shape.Length;
            if (rank is < 3 or > 5)
                throw new ArgumentException(
                    $"Input Error: Only 3D, 4D and 5D input Tensors supported (got {rank}D) for the modes: nearest | linear | " +
                    $"bilinear | bicubic | trilinear (got k{mode})");
            int dims = rank - 2;
            if (size is null && scale is null) throw new ArgumentException("either size or scale_factor should be defined");
            if (size is not null && scale is not null) throw new ArgumentException("only one of size or scale_factor should be defined");
            if (size is not null && size.Length != dims)
                throw new ArgumentException($"It is expected output_size equals to {dims}, but got size {size.Length}");
            if (scale is not null && scale.Length != dims)
                throw new ArgumentException(
                    $"scale_factor shape must match input shape. Input is {dims}D, scale_factor size is " +
                    $"[{string.Join(", ", scale.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}]");
            long[] outSize = size ?? Enumerable.Range(0, dims).Select(i => (long)Math.Floor(x._shape[i + 2] * scale![i])).ToArray();
            double[]? scales = scale is not null && !recompute && mode != InterpolationMode.Area ? scale : null;

            int need = mode switch
            {
                InterpolationMode.Linear => 3,
                InterpolationMode.Bilinear => 4,
                InterpolationMode.Trilinear => 5,
                _ => rank,
            };
            if (need != rank)
                throw new ArgumentException($"Got {rank}D input, but {name} mode needs {need}D input");
            if (mode == InterpolationMode.Bicubic) throw new NotImplementedException("interpolate: mode 'bicubic' is not implemented");
            if (antialias) throw new NotImplementedException("interpolate: antialias is not implemented");
            CheckSizes(x, outSize);
            Shape.StorageBytes([x._shape[0], x._shape[1], .. outSize], x._dtype); // LibTorch's overflow message first
            if (mode == InterpolationMode.Area)
            {
                if (rank == 3) return torch.nn.functional.adaptive_avg_pool1d(x, outSize[0]);
                if (rank == 4) return torch.nn.functional.adaptive_avg_pool2d(x, outSize);
                throw new NotImplementedException("interpolate: mode 'area' on 5-d input is not implemented");
            }
            if (!DType.IsFloating(x._dtype))
                throw new NotSupportedException(
                    $"\"compute_indices_weights_{(nearestLike ? "nearest" : "linear")}\" not implemented for " +
                    $"'{DType.ShortName(x._dtype)}'");

            Tensor y = x;
            for (int i = dims - 1; i >= 0; i--)
            {
                int d = i + 2;
                long inLen = x._shape[d], outLen = outSize[i];
                double? s = scales?[i];
                y = nearestLike
                    ? y.index_select(d, NearestIndex(inLen, outLen, s, mode == InterpolationMode.NearestExact))
                    : Linear(y, d, inLen, outLen, s, alignCorners ?? false);
            }
            return ReferenceEquals(y, x) ? x.clone() : y;
        }

        private static void CheckSizes(Tensor x, long[] outSize)
        {
            int dims = outSize.Length;
            string[] names = dims switch { 1 => ["W"], 2 => ["H", "W"], _ => ["D", "H", "W"] };
            bool bad = false;
            for (int i = 0; i < dims; i++) bad |= x._shape[i + 2] <= 0 || outSize[i] <= 0;
            if (bad)
            {
                string Fmt(Func<int, long> v) => string.Join(", ", Enumerable.Range(0, dims).Select(i => $"{names[i]}: {v(i)}"));
                throw new ArgumentException(
                    $"Input and output sizes should be greater than 0, but got input ({Fmt(i => x._shape[i + 2])}) and output " +
                    $"({Fmt(i => outSize[i])})");
            }
            if (x._shape[1] == 0)
                throw new ArgumentException(
                    $"Non-empty {x._shape.Length}D data tensor expected but got a tensor with sizes {Shape.Format(x._shape)}");
        }

        /// <summary>LibTorch's nearest_idx / nearest_exact_idx: the scale in float, the index floored and clamped.</summary>
        private static Tensor NearestIndex(long inLen, long outLen, double? scale, bool exact)
        {
            float s = scale is > 0 ? (float)(1.0 / scale.Value) : (float)inLen / outLen;
            Tensor idx = Tensor.Empty([outLen], ScalarType.Int64); // sized and checked as any tensor
            Storage st = idx._storage;
            for (long o = 0; o < outLen; o++)
            {
                if (!exact && outLen == inLen) st.Element<long>(o) = o;
                else if (!exact && outLen == 2 * inLen) st.Element<long>(o) = o >> 1;
                else
                {
                    float pos = exact ? (float)((o + 0.5) * s) : o * s;
                    st.Element<long>(o) = Math.Min((long)MathF.Floor(pos), inLen - 1);
                }
            }
            return idx;
        }

        /// <summary>Linear resampling along dim d: x[i0] · λ0 + x[i1] · λ1 with LibTorch's source positions
        /// (area_pixel_compute_source_index, then the index floored and the weight clamped to [0, 1]).</summary>
        private static Tensor Linear(Tensor x, int d, long inLen, long outLen, double? scale, bool alignCorners)
        {
            bool f32 = x._dtype == ScalarType.Float32;
            double R(double v) => f32 ? (float)v : v;
            double step = alignCorners
                ? (outLen > 1 ? R(R(inLen - 1) / (outLen - 1)) : 0)
                : scale is > 0 ? R(1.0 / scale.Value) : R(R(inLen) / outLen);
            // indices and weights sized and checked as any tensor
            Tensor i0 = Tensor.Empty([outLen], ScalarType.Int64), i1 = Tensor.Empty([outLen], ScalarType.Int64);
            Tensor l0 = Tensor.Empty([outLen], ScalarType.Float64), l1 = Tensor.Empty([outLen], ScalarType.Float64);
            for (long o = 0; o < outLen; o++)
            {
                double src = alignCorners ? R(step * o) : Math.Max(R(R(step * R(o + 0.5)) - 0.5), 0);
                long lo = Math.Min((long)Math.Floor(src), inLen - 1);
                double lambda = Math.Clamp(R(src - lo), 0, 1);
                i0._storage.Element<long>(o) = lo;
                i1._storage.Element<long>(o) = lo + (lo < inLen - 1 ? 1 : 0);
                l1._storage.Element<double>(o) = lambda;
                l0._storage.Element<double>(o) = R(1 - lambda);
            }
            long[] wShape = new long[x._shape.Length - d];
            Array.Fill(wShape, 1L);
            wShape[0] = outLen;
            Tensor w0 = l0.to(x._dtype).reshape(wShape), w1 = l1.to(x._dtype).reshape(wShape);
            return x.index_select(d, i0).mul(w0).add(x.index_select(d, i1).mul(w1));
        }
    }
}
