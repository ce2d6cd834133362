using System.Runtime.InteropServices;

namespace Autograd.Native;

/// <summary>Mirror of <c>agn_status</c>.</summary>
internal enum AgnStatus
{
    Ok = 0,
    NullArgument = 1,
    InvalidArgument = 2,
    Dtype = 3,
    Shape = 4,
    OutOfMemory = 5,
    Index = 6,
    Overflow = 7,
}

/// <summary>Mirror of <c>agn_dtype</c>.</summary>
internal enum AgnDtype
{
    Float32 = 0,
    Float64 = 1,
    Int64 = 2,
    Bool = 3,
    UInt8 = 4,
    Int8 = 5,
    Int16 = 6,
    Int32 = 7,
    Float16 = 8,
    BFloat16 = 9,
}

/// <summary>Mirror of <c>agn_binary_op</c>.</summary>
internal enum AgnBinaryOp
{
    Add = 0, Sub = 1, Mul = 2, Div = 3, Pow = 4, Maximum = 5, Minimum = 6,
    Eq = 7, Ne = 8, Lt = 9, Le = 10, Gt = 11, Ge = 12, LogicalAnd = 13, LogicalOr = 14, ReluBackward = 15,
    Fmod = 16, Remainder = 17, Copysign = 18, Atan2 = 19, Hypot = 20, LogAddExp = 21, Xlogy = 22,
    BitwiseAnd = 23, BitwiseOr = 24, BitwiseXor = 25, LeftShift = 26, RightShift = 27, LogicalXor = 28,
    /// <summary>Not an <c>agn_binary</c> code: a + alpha * b through <c>agn_add_scaled</c>.</summary>
    AddScaled = -1,
}

/// <summary>Mirror of <c>agn_unary_op</c>.</summary>
internal enum AgnUnaryOp
{
    Neg = 0, Exp = 1, Log = 2, Log1p = 3, Sqrt = 4, Rsqrt = 5, Abs = 6, Sign = 7, Sin = 8, Cos = 9,
    Tanh = 10, Sigmoid = 11, Relu = 12, Clamp = 13, PowScalar = 14, Fill = 15, Affine = 16, LogicalNot = 17, Floor = 18, Trunc = 19,
    Ceil = 20, Round = 21, Frac = 22, Tan = 23, Asin = 24, Acos = 25, Atan = 26, Sinh = 27, Cosh = 28, Asinh = 29,
    Acosh = 30, Atanh = 31, Exp2 = 32, Expm1 = 33, Log2 = 34, Log10 = 35, Erf = 36, Erfc = 37, Erfinv = 38, Lgamma = 39,
    Polygamma = 40, Reciprocal = 41, Sinc = 42,
}

/// <summary>Mirror of <c>agn_reduce_op</c>.</summary>
internal enum AgnReduceOp
{
    Sum = 0, Prod = 1, Max = 2, Min = 3,
}

/// <summary>Mirror of <c>agn_scan_op</c>.</summary>
internal enum AgnScanOp
{
    Cumsum = 0, Cumprod = 1, Cummax = 2, Cummin = 3, Logcumsumexp = 4,
}

/// <summary>Mirror of <c>agn_scatter_op</c>.</summary>
internal enum AgnScatterOp
{
    Assign = 0, Sum = 1, Prod = 2, Amax = 3, Amin = 4,
}

/// <summary>Mirror of <c>agn_tensor</c>: element pointer, shape, element strides, rank, dtype.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AgnTensor
{
    public void* Data;
    public long* Shape;
    public long* Strides;
    public int Ndim;
    public int Dtype;

    public AgnTensor(void* data, long* shape, long* strides, int ndim, AgnDtype dtype)
    {
        Data = data;
        Shape = shape;
        Strides = strides;
        Ndim = ndim;
        Dtype = (int)dtype;
    }
}

/// <summary>Mirror of <c>agn_adam_hyper</c>: one Adam / AdamW step's hyper-parameters.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct AgnAdamHyper
{
    public double Lr, Beta1, Beta2, Eps, WeightDecay;
    public double Step;
    public int Decoupled, Amsgrad, Maximize, Reserved;
}

/// <summary>Mirror of <c>agn_conv2d_params</c>: the geometry of a 2-d convolution (pads before the input only;
/// the output's size implies the rest).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct AgnConv2dParams
{
    public long StrideH, StrideW, PadH, PadW, DilationH, DilationW, Groups;
}

/// <summary>Mirror of <c>agn_pool2d_params</c>: fixed windows (kernel, stride, pad, dilation) or adaptive ones,
/// and the average's divisor rule.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct AgnPool2dParams
{
    public long KernelH, KernelW, StrideH, StrideW, PadH, PadW, DilationH, DilationW;
    public int Adaptive, CountIncludePad;
    public long DivisorOverride;
}
