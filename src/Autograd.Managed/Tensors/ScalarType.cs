using Autograd.Native;

namespace Autograd;

/// <summary>
/// Element types, numbered as in PyTorch and TorchSharp so code and serialized values carry over.
/// Autograd.Native supports <see cref="Float32"/>, <see cref="Float64"/>, <see cref="Int64"/> and
/// <see cref="Bool"/>; the other members exist for source compatibility and are rejected with a
/// <see cref="NotSupportedException"/> wherever a tensor would be created with them.
/// </summary>
public enum ScalarType : sbyte
{
    /// <summary>uint8 (not supported).</summary>
    Byte = 0,
    /// <summary>int8 (not supported).</summary>
    Int8 = 1,
    /// <summary>int16 (not supported).</summary>
    Int16 = 2,
    /// <summary>int32 (not supported).</summary>
    Int32 = 3,
    /// <summary>int64, PyTorch's default integer type.</summary>
    Int64 = 4,
    /// <summary>float16 (not supported).</summary>
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
    /// <summary>bfloat16 (not supported).</summary>
    BFloat16 = 15,
}

/// <summary>Per-dtype facts used across the library.</summary>
internal static class DType
{
    // Called several times per op: inlined, with the throw out of line (a throw kept these from inlining).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static int ElementSize(ScalarType t) => t switch
    {
        ScalarType.Float32 => 4,
        ScalarType.Float64 => 8,
        ScalarType.Int64 => 8,
        ScalarType.Bool => 1,
        _ => ThrowUnsupported<int>(t),
    };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static AgnDtype ToNative(ScalarType t) => t switch
    {
        ScalarType.Float32 => AgnDtype.Float32,
        ScalarType.Float64 => AgnDtype.Float64,
        ScalarType.Int64 => AgnDtype.Int64,
        ScalarType.Bool => AgnDtype.Bool,
        _ => ThrowUnsupported<AgnDtype>(t),
    };

    private static T ThrowUnsupported<T>(ScalarType t) => throw Unsupported(t);

    internal static bool IsFloating(ScalarType t) => t is ScalarType.Float32 or ScalarType.Float64;

    /// <summary>PyTorch's check when a scalar is written into a tensor of <paramref name="t"/> (fill_, full):
    /// the value must be representable, infinities and NaN aside for floating types.</summary>
    internal static void CheckScalarFits(Scalar value, ScalarType t)
    {
        if (!value.IsFloating) return;
        double v = value.Value;
        bool fits = t switch
        {
            ScalarType.Int64 => v >= -9.2233720368547758E18 && v < 9.2233720368547758E18, // NaN fails too
            ScalarType.Float32 => !double.IsFinite(v) || Math.Abs(v) <= float.MaxValue,
            _ => true,
        };
        if (!fits)
            throw new ArgumentException($"value cannot be converted to type {(t == ScalarType.Int64 ? "int64_t" : "float")} without overflow");
    }

    /// <summary>Throws unless the dtype is one this library stores.</summary>
    internal static ScalarType Check(ScalarType t)
    {
        _ = ElementSize(t);
        return t;
    }

    internal static NotSupportedException Unsupported(ScalarType t) =>
        new($"dtype {Name(t)} is not supported by Autograd.Native (supported: torch.float32, torch.float64, torch.int64, torch.bool).");

    /// <summary>PyTorch's printed name, e.g. <c>torch.float32</c>.</summary>
    internal static string Name(ScalarType t) => t switch
    {
        ScalarType.Byte => "torch.uint8",
        ScalarType.Int8 => "torch.int8",
        ScalarType.Int16 => "torch.int16",
        ScalarType.Int32 => "torch.int32",
        ScalarType.Int64 => "torch.int64",
        ScalarType.Float16 => "torch.float16",
        ScalarType.Float32 => "torch.float32",
        ScalarType.Float64 => "torch.float64",
        ScalarType.ComplexFloat32 => "torch.complex64",
        ScalarType.ComplexFloat64 => "torch.complex128",
        ScalarType.Bool => "torch.bool",
        ScalarType.BFloat16 => "torch.bfloat16",
        _ => t.ToString(),
    };

    /// <summary>The legacy tensor type name used in autograd messages, e.g. <c>torch.FloatTensor</c>.</summary>
    internal static string LegacyName(ScalarType t) => t switch
    {
        ScalarType.Float32 => "torch.FloatTensor",
        ScalarType.Float64 => "torch.DoubleTensor",
        ScalarType.Int64 => "torch.LongTensor",
        ScalarType.Bool => "torch.BoolTensor",
        _ => Name(t),
    };

    /// <summary>PyTorch's short name used in casting errors, e.g. <c>Float</c>, <c>Long</c>.</summary>
    internal static string ShortName(ScalarType t) => t switch
    {
        ScalarType.Float32 => "Float",
        ScalarType.Float64 => "Double",
        ScalarType.Int64 => "Long",
        ScalarType.Bool => "Bool",
        _ => t.ToString(),
    };

    /// <summary>The element type's C++ name, which messages print where ATen formats a
    /// <c>caffe2::TypeMeta</c> (<c>tensor.dtype()</c>) rather than a ScalarType: <c>float</c>, <c>long int</c>.</summary>
    internal static string MetaName(ScalarType t) => t switch
    {
        ScalarType.Float32 => "float",
        ScalarType.Float64 => "double",
        ScalarType.Int64 => "long int",
        ScalarType.Bool => "bool",
        _ => t.ToString(),
    };

    /// <summary>0 bool, 1 integer, 2 floating: the categories of PyTorch's type promotion.</summary>
    internal static int Category(ScalarType t) => t == ScalarType.Bool ? 0 : IsFloating(t) ? 2 : 1;

    /// <summary>The smallest supported type holding both (PyTorch's promote_types).</summary>
    internal static ScalarType Promote(ScalarType a, ScalarType b)
    {
        if (a == b) return a;
        int ca = Category(a), cb = Category(b);
        if (ca != cb) return ca > cb ? a : b;
        // same category, different types: only float32/float64 differ within one category here
        return ScalarType.Float64;
    }

    /// <summary>PyTorch's can_cast: no float -> integral, no non-bool -> bool.</summary>
    internal static bool CanCast(ScalarType from, ScalarType to) => Category(from) <= Category(to);
}
