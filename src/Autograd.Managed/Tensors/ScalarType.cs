using Autograd.Native;

namespace Autograd;

/// <summary>
/// Element types, numbered as in PyTorch and TorchSharp so code and serialized values carry over.
/// Autograd.Native stores and computes with every member but the complex ones, which exist for source
/// compatibility and are rejected with a <see cref="NotSupportedException"/> wherever a tensor would be
/// created with them.
/// </summary>
public enum ScalarType : sbyte
{
    /// <summary>uint8 (C# <c>byte</c>).</summary>
    Byte = 0,
    /// <summary>int8 (C# <c>sbyte</c>).</summary>
    Int8 = 1,
    /// <summary>int16 (C# <c>short</c>).</summary>
    Int16 = 2,
    /// <summary>int32 (C# <c>int</c>).</summary>
    Int32 = 3,
    /// <summary>int64, PyTorch's default integer type (C# <c>long</c>).</summary>
    Int64 = 4,
    /// <summary>float16 (C# <c>Half</c>): computed in float32, rounded to nearest even on store.</summary>
    Float16 = 5,
    /// <summary>float32, PyTorch's default floating type.</summary>
    Float32 = 6,
    /// <summary>float64.</summary>
    Float64 = 7,
    /// <summary>complex64 (not supported).</summary>
    ComplexFloat32 = 9,
    /// <summary>complex128 (not supported).</summary>
    ComplexFloat64 = 10,
    /// <summary>bool, one byte per element.</summary>
    Bool = 11,
    /// <summary>bfloat16 (the upper half of a float32): computed in float32, rounded to nearest even on store.</summary>
    BFloat16 = 15,
}

/// <summary>
/// Per-dtype facts used across the library: one row per dtype in <see cref="Table"/> (Note [Storage
/// dtypes]: float16/bfloat16 compute in float32 and the small integers in int64, see <see cref="Compute"/>).
/// </summary>
internal static class DType
{
    /// <summary>One dtype's facts: element size, native enum, PyTorch's names (printed, legacy tensor type,
    /// short ScalarType name, C++ TypeMeta name, the C++ type in Scalar conversion errors), promotion
    /// category (0 bool, 1 integer, 2 floating) and the dtype its arithmetic runs in.</summary>
    private sealed record Info(int Size, AgnDtype Native, string Name, string Legacy, string Short, string Meta, string CppType,
                               int Category, ScalarType Compute);

    private static readonly Info?[] Table = BuildTable();

    private static Info?[] BuildTable()
    {
        var t = new Info?[16];
        t[(int)ScalarType.Byte] =
            new(1, AgnDtype.UInt8, "torch.uint8", "torch.ByteTensor", "Byte", "unsigned char", "uint8_t", 1, ScalarType.Int64);
        t[(int)ScalarType.Int8] =
            new(1, AgnDtype.Int8, "torch.int8", "torch.CharTensor", "Char", "signed char", "int8_t", 1, ScalarType.Int64);
        t[(int)ScalarType.Int16] =
            new(2, AgnDtype.Int16, "torch.int16", "torch.ShortTensor", "Short", "short int", "int16_t", 1, ScalarType.Int64);
        t[(int)ScalarType.Int32] = new(4, AgnDtype.Int32, "torch.int32", "torch.IntTensor", "Int", "int", "int", 1, ScalarType.Int64);
        t[(int)ScalarType.Int64] =
            new(8, AgnDtype.Int64, "torch.int64", "torch.LongTensor", "Long", "long int", "int64_t", 1, ScalarType.Int64);
        t[(int)ScalarType.Float16] =
            new(2, AgnDtype.Float16, "torch.float16", "torch.HalfTensor", "Half", "c10::Half", "at::Half", 2, ScalarType.Float32);
        t[(int)ScalarType.Float32] =
            new(4, AgnDtype.Float32, "torch.float32", "torch.FloatTensor", "Float", "float", "float", 2, ScalarType.Float32);
        t[(int)ScalarType.Float64] =
            new(8, AgnDtype.Float64, "torch.float64", "torch.DoubleTensor", "Double", "double", "double", 2, ScalarType.Float64);
        t[(int)ScalarType.Bool] = new(1, AgnDtype.Bool, "torch.bool", "torch.BoolTensor", "Bool", "bool", "bool", 0, ScalarType.Bool);
        t[(int)ScalarType.BFloat16] =
            new(2, AgnDtype.BFloat16, "torch.bfloat16", "torch.BFloat16Tensor", "BFloat16", "c10::BFloat16", "at::BFloat16", 2,
                ScalarType.Float32);
        return t;
    }

    /// <summary>Every dtype this library stores, in ScalarType order.</summary>
    internal static readonly ScalarType[] All =
    [
        ScalarType.Byte, ScalarType.Int8, ScalarType.Int16, ScalarType.Int32, ScalarType.Int64,
        ScalarType.Float16, ScalarType.Float32, ScalarType.Float64, ScalarType.Bool, ScalarType.BFloat16,
    ];

    private static Info Of(ScalarType t) => (uint)t < 16 && Table[(int)t] is { } info ? info : throw Unsupported(t);

    // Called several times per op: inlined, with the throw out of line.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static int ElementSize(ScalarType t) => t switch
    {
        ScalarType.Float32 => 4,
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Bool => 1,
        _ => Of(t).Size,
    };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static AgnDtype ToNative(ScalarType t) => t switch
    {
        ScalarType.Float32 => AgnDtype.Float32,
        ScalarType.Float64 => AgnDtype.Float64,
        ScalarType.Int64 => AgnDtype.Int64,
        ScalarType.Bool => AgnDtype.Bool,
        _ => Of(t).Native,
    };

    /// <summary>The dtype t's arithmetic runs in: float32 for float16/bfloat16, int64 for the smaller
    /// integers, t itself otherwise. Kernels (Ops/Kernels.cs) widen into it and round back on store.</summary>
    internal static ScalarType Compute(ScalarType t) => Of(t).Compute;

    /// <summary>Whether t is stored only: its kernels run in <see cref="Compute"/>.</summary>
    internal static bool IsStorageOnly(ScalarType t) =>
        t is not (ScalarType.Float32 or ScalarType.Float64 or ScalarType.Int64 or ScalarType.Bool);

    internal static bool IsFloating(ScalarType t) =>
        t is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16;

    /// <summary>Whether t is float16 or bfloat16.</summary>
    internal static bool IsReducedFloating(ScalarType t) => t is ScalarType.Float16 or ScalarType.BFloat16;

    /// <summary>Whether t is an integer type (bool excluded).</summary>
    internal static bool IsIntegral(ScalarType t) =>
        t is ScalarType.Byte or ScalarType.Int8 or ScalarType.Int16 or ScalarType.Int32 or ScalarType.Int64;

    /// <summary>PyTorch's check when a scalar is written into a tensor of <paramref name="t"/> (fill_, full):
    /// the value must be representable, infinities and NaN aside for floating types; uint8 also takes
    /// negative integers down to -255 (they wrap, as in PyTorch). LibTorch's message names float16/bfloat16
    /// at::Half / at::BFloat16 from fill and full, but c10::Half / c10::BFloat16 from a kernel's
    /// alpha.to&lt;scalar_t&gt;() (<paramref name="c10Names"/>).</summary>
    internal static void CheckScalarFits(Scalar value, ScalarType t, bool c10Names = false)
    {
        if (t == ScalarType.Bool) return;
        double v = value.Value;
        bool fits;
        if (IsIntegral(t))
        {
            (double lo, double hi) = t switch
            {
                ScalarType.Byte => (-255.0, 255.0),
                ScalarType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
                ScalarType.Int16 => (short.MinValue, short.MaxValue),
                ScalarType.Int32 => (int.MinValue, int.MaxValue),
                _ => (-9.2233720368547758E18, 9.2233720368547758E18),
            };
            fits = t == ScalarType.Int64
                ? !value.IsFloating || (v >= lo && v < hi) // NaN fails too
                : value.IsFloating ? v >= lo && v <= hi : value.IntValue >= (long)lo && value.IntValue <= (long)hi;
        }
        else
        {
            double max = t switch
            {
                ScalarType.Float16 => 65504,
                ScalarType.BFloat16 => 3.3895313892515355E38,
                ScalarType.Float32 => float.MaxValue,
                _ => double.MaxValue,
            };
            fits = !double.IsFinite(v) || Math.Abs(v) <= max;
        }
        if (!fits)
            throw new ArgumentException(
                $"value cannot be converted to type {(c10Names && IsReducedFloating(t) ? Of(t).Meta : Of(t).CppType)} without overflow");
    }

    /// <summary>Throws unless the dtype is one this library stores.</summary>
    internal static ScalarType Check(ScalarType t)
    {
        _ = Of(t);
        return t;
    }

    internal static NotSupportedException Unsupported(ScalarType t) =>
        new($"dtype {Name(t)} is not supported by Autograd.Native (complex dtypes are not implemented).");

    /// <summary>LibTorch's refusal of a kernel for a dtype: <c>"bitwise_and_cpu" not implemented for 'Float'</c>.</summary>
    internal static NotSupportedException NotImplemented(string kernel, ScalarType t) =>
        new($"\"{kernel}\" not implemented for '{ShortName(t)}'");

    /// <summary>PyTorch's printed name, e.g. <c>torch.float32</c>.</summary>
    internal static string Name(ScalarType t) => t switch
    {
        ScalarType.ComplexFloat32 => "torch.complex64",
        ScalarType.ComplexFloat64 => "torch.complex128",
        _ => (uint)t < 16 && Table[(int)t] is { } info ? info.Name : t.ToString(),
    };

    /// <summary>The legacy tensor type name used in autograd messages, e.g. <c>torch.FloatTensor</c>.</summary>
    internal static string LegacyName(ScalarType t) => (uint)t < 16 && Table[(int)t] is { } info ? info.Legacy : Name(t);

    /// <summary>PyTorch's short name used in casting errors, e.g. <c>Float</c>, <c>Long</c>.</summary>
    internal static string ShortName(ScalarType t) => (uint)t < 16 && Table[(int)t] is { } info ? info.Short : t.ToString();

    /// <summary>The element type's C++ name, which messages print where ATen formats a
    /// <c>caffe2::TypeMeta</c> (<c>tensor.dtype()</c>) rather than a ScalarType: <c>float</c>, <c>long int</c>.</summary>
    internal static string MetaName(ScalarType t) => (uint)t < 16 && Table[(int)t] is { } info ? info.Meta : t.ToString();

    /// <summary>0 bool, 1 integer, 2 floating: the categories of PyTorch's type promotion.</summary>
    internal static int Category(ScalarType t) => t == ScalarType.Bool ? 0 : IsFloating(t) ? 2 : 1;

    /// <summary>PyTorch's promote_types: the smallest dtype holding both. Across categories the higher
    /// one wins (int32 with float16 is float16); uint8 with int8 is int16; float16 with bfloat16 is
    /// float32; otherwise the larger of the two.</summary>
    internal static ScalarType Promote(ScalarType a, ScalarType b)
    {
        if (a == b) return a;
        int ca = Category(a), cb = Category(b);
        if (ca != cb) return ca > cb ? a : b;
        if (ca == 2)
        {
            if (IsReducedFloating(a) && IsReducedFloating(b)) return ScalarType.Float32;
            return ElementSize(a) >= ElementSize(b) ? a : b;
        }
        if (a == ScalarType.Byte || b == ScalarType.Byte)
        {
            ScalarType signedOne = a == ScalarType.Byte ? b : a;
            return signedOne == ScalarType.Int8 ? ScalarType.Int16 : signedOne;
        }
        return ElementSize(a) >= ElementSize(b) ? a : b;
    }

    /// <summary>PyTorch's can_cast: no float -> integral, no non-bool -> bool.</summary>
    internal static bool CanCast(ScalarType from, ScalarType to) => Category(from) <= Category(to);

    /// <summary>PyTorch's default floating dtype (<c>torch.set_default_dtype</c>): process-wide, float32 at start.</summary>
    internal static ScalarType DefaultFloat = ScalarType.Float32;
}
