namespace Autograd;

public static partial class torch
{
    private static Tensor Finish(Tensor t, bool requires_grad)
    {
        if (requires_grad) t.requires_grad_(true);
        return t;
    }

    private static ScalarType Floating(ScalarType? dtype) => DType.Check(dtype ?? DType.DefaultFloat);

    /// <summary>Sets PyTorch's default floating dtype (process-wide, float32 at start): the dtype of factories
    /// given no dtype (zeros, ones, empty, rand, randn, full and arange of floating values) and of integer
    /// tensors combined with a floating scalar or sent through a floating op.</summary>
    /// <exception cref="ArgumentException">Not a floating dtype (PyTorch's message).</exception>
    public static void set_default_dtype(ScalarType dtype)
    {
        if (!DType.IsFloating(DType.Check(dtype)))
            throw new ArgumentException("only floating-point types are supported as the default type");
        DType.DefaultFloat = dtype;
    }

    /// <summary>The default floating dtype (see <see cref="set_default_dtype"/>).</summary>
    public static ScalarType get_default_dtype() => DType.DefaultFloat;

    /// <summary>Named tensors are not supported; the parameter exists for TorchSharp source compatibility.</summary>
    private static void NoNames(string[]? names)
    {
        if (names is { Length: > 0 }) throw new NotSupportedException("named tensors are not supported by Autograd.Native");
    }

    /// <summary>A tensor of <paramref name="size"/> filled with zeros.</summary>
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               string[]? names = null)
    {
        Device.Check(device);
        NoNames(names);
        return Finish(Tensor.Zeros(Shape.CheckSizes((long[])size.Clone()), Floating(dtype)), requires_grad);
    }


    /// <summary>A tensor of <paramref name="size"/> filled with ones.</summary>
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              string[]? names = null) =>
        full(size, 1, Floating(dtype), device, requires_grad, names);

    /// <summary>A tensor of <paramref name="size"/> filled with <paramref name="value"/>; the dtype defaults
    /// to the value's kind (float32 for floating, int64 for integers, bool for bools), as in PyTorch.</summary>
    public static Tensor full(long[] size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                              string[]? names = null)
    {
        Device.Check(device);
        NoNames(names);
        ScalarType t = DType.Check(dtype ?? (value.Kind == ScalarType.Float64 ? DType.DefaultFloat : value.Kind));
        DType.CheckScalarFits(value, t);
        Tensor result = Tensor.Empty(Shape.CheckSizes((long[])size.Clone()), t);
        Ops.Kernels.Fill(result, value);
        return Finish(result, requires_grad);
    }


    /// <summary>A tensor of <paramref name="size"/> with unspecified contents.</summary>
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                               string[]? names = null)
    {
        Device.Check(device);
        NoNames(names);
        return Finish(Tensor.Empty(Shape.CheckSizes((long[])size.Clone()), Floating(dtype)), requires_grad);
    }


    /// <summary>Zeros shaped like <paramref name="input"/> (same dtype unless given).</summary>
    public static Tensor zeros_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                    string[]? names = null) =>
        zeros(input._shape, dtype ?? input.dtype, device, requires_grad);
    /// <summary>Ones shaped like <paramref name="input"/>.</summary>
    public static Tensor ones_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                   string[]? names = null) =>
        full(input._shape, 1, dtype ?? input.dtype, device, requires_grad);
    /// <summary><paramref name="value"/> shaped like <paramref name="input"/>.</summary>
    public static Tensor full_like(Tensor input, Scalar value, ScalarType? dtype = null, Device? device = null,
                                   bool requires_grad = false, string[]? names = null) =>
        full(input._shape, value, dtype ?? input.dtype, device, requires_grad);
    /// <summary>Uninitialised, shaped like <paramref name="input"/>.</summary>
    public static Tensor empty_like(Tensor input, ScalarType? dtype = null, Device? device = null, bool requires_grad = false,
                                    string[]? names = null) =>
        empty(input._shape, dtype ?? input.dtype, device, requires_grad);

    /// <summary>The n×m identity matrix (<paramref name="columns"/> = -1, the default, means n).</summary>
    /// <exception cref="ArgumentException">A negative size (PyTorch's message), or n·m past int64.</exception>
    /// <exception cref="OutOfMemoryException">The matrix is larger than one storage can hold.</exception>
    public static Tensor eye(long rows, long columns = -1, ScalarType? dtype = null, Device? device = null,
                             bool requires_grad = false, string[]? names = null)
    {
        long n = rows, m = columns == -1 ? rows : columns;
        if (n < 0) throw new ArgumentException($"n must be greater or equal to 0, got {n}");
        if (m < 0) throw new ArgumentException($"m must be greater or equal to 0, got {m}");
        NoNames(names);
        Shape.Numel([n, m]); // LibTorch sizes the result (numel first) before it allocates
        Tensor result = zeros([n, m], dtype, device);
        if (n > 0 && m > 0)
        {
            long diag = Math.Min(n, m);
            Tensor d = new(result._storage, [diag], [m + 1], 0, result.dtype);
            Ops.Kernels.Fill(d, 1);
        }
        return Finish(result, requires_grad);
    }

    /// <summary>Values from <paramref name="start"/> to <paramref name="stop"/> (exclusive) by <paramref name="step"/>.
    /// The dtype is int64 when all three are integers, else float32.</summary>
    public static Tensor arange(Scalar start, Scalar stop, Scalar step, ScalarType? dtype = null, Device? device = null,
                                bool requires_grad = false)
    {
        Device.Check(device);
        if (step.Value == 0) throw new ArgumentException("step must be nonzero");
        bool integral = start.Kind != ScalarType.Float64 && stop.Kind != ScalarType.Float64 && step.Kind != ScalarType.Float64;
        ScalarType t = DType.Check(dtype ?? (integral ? ScalarType.Int64 : DType.DefaultFloat));
        if (double.IsNaN(step.Value)) throw new ArgumentException("step must be nonzero"); // LibTorch's words for a NaN step
        if (!double.IsFinite(start.Value) || !double.IsFinite(stop.Value))
            throw new ArgumentException($"unsupported range: {FormatBound(start.Value)} -> {FormatBound(stop.Value)}");
        double span = stop.Value - start.Value;
        if (span != 0 && Math.Sign(span) != Math.Sign(step.Value))
            throw new ArgumentException("upper bound and lower bound inconsistent with step sign");
        double count = Math.Ceiling(span / step.Value);
        if (!(count < long.MaxValue)) throw new ArgumentException("invalid size, possible overflow?");
        long n = Math.Max((long)count, 0);
        Tensor result = Tensor.Empty([n], t);
        // start + i*step computed in double, then cast, as PyTorch does for arange
        Tensor idx = Iota(n);
        Ops.Kernels.Unary(Native.AgnUnaryOp.Affine, idx, idx._strides, idx, step.Value, start.Value);
        Ops.Kernels.Copy(idx, idx._strides, result);
        return Finish(result, requires_grad);
    }

    /// <summary>A range bound as LibTorch prints it in its error (C's %g spelling of NaN and infinity).</summary>
    private static string FormatBound(double v) =>
        double.IsNaN(v) ? (double.IsNegative(v) ? "-nan" : "nan") : double.IsInfinity(v) ? (v > 0 ? "inf" : "-inf")
            : v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture).Replace('E', 'e');

    /// <summary>0, 1, …, stop-1 (int64 unless <paramref name="stop"/> is floating).</summary>
    public static Tensor arange(Scalar stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        arange(0, stop, 1, dtype, device, requires_grad);
    /// <summary>start, start+1, …, stop-1.</summary>
    public static Tensor arange(Scalar start, Scalar stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        arange(start, stop, 1, dtype, device, requires_grad);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null,
                                  bool requires_grad = false)
    {
        Device.Check(device);
        if (steps < 0) throw new ArgumentException("number of steps must be non-negative");
        Tensor result = Tensor.Empty([steps], Floating(dtype));
        Tensor idx = Iota(steps); // float64 scratch: at least as large as the result, so sized after it
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        if (steps == 1) return Finish(full([1], start, result.dtype), requires_grad); // LibTorch: one step is the start
        // PyTorch fills the second half from the end so the last value is exactly `end`
        long half = steps / 2;
        Tensor lo = new(idx._storage, [half], [1], 0, ScalarType.Float64);
        Tensor hi = new(idx._storage, [steps - half], [1], half, ScalarType.Float64);
        Ops.Kernels.Unary(Native.AgnUnaryOp.Affine, lo, lo._strides, lo, step, start);
        Ops.Kernels.Unary(Native.AgnUnaryOp.Affine, hi, hi._strides, hi, step, end - (steps - 1) * step);
        Ops.Kernels.Copy(idx, idx._strides, result);
        return Finish(result, requires_grad);
    }

    /// <summary>0, 1, …, n-1 as float64 (a scratch helper).</summary>
    private static Tensor Iota(long n)
    {
        Tensor t = Tensor.Empty([n], ScalarType.Float64);
        for (long i = 0; i < n; i++) t._storage.Element<double>(i) = i;
        return t;
    }
}
