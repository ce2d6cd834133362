namespace Autograd;

/// <summary>
/// A number passed where PyTorch takes a Python scalar (<c>x + 2</c>, <c>full(…, 0.5)</c>). It keeps
/// whether it was written as a bool, an integer or a floating value, because PyTorch's promotion treats
/// them differently: a C# <c>double</c> does not upcast a float32 tensor, but makes an int64 tensor float32.
/// </summary>
public readonly struct Scalar
{
    internal readonly double Value;
    internal readonly long IntValue;
    internal readonly ScalarType Kind; // Float64 for floating, Int64 for integers, Bool for bools

    private Scalar(double value, long intValue, ScalarType kind)
    {
        Value = value;
        IntValue = intValue;
        Kind = kind;
    }

    /// <summary>A floating scalar.</summary>
    public static implicit operator Scalar(double value) =>
        new(value, (long)Math.Clamp(value, long.MinValue, long.MaxValue), ScalarType.Float64);
    /// <summary>A floating scalar.</summary>
    public static implicit operator Scalar(float value) =>
        new(value, (long)Math.Clamp(value, long.MinValue, long.MaxValue), ScalarType.Float64);
    /// <summary>An integer scalar.</summary>
    public static implicit operator Scalar(long value) => new(value, value, ScalarType.Int64);
    /// <summary>An integer scalar.</summary>
    public static implicit operator Scalar(int value) => new(value, value, ScalarType.Int64);
    /// <summary>A boolean scalar.</summary>
    public static implicit operator Scalar(bool value) => new(value ? 1 : 0, value ? 1 : 0, ScalarType.Bool);

    /// <summary>The value as a double.</summary>
    public double ToDouble() => Value;

    /// <summary>The value as an integer (floating values truncate toward zero).</summary>
    public long ToInt64() => IntValue;

    internal bool IsFloating => Kind == ScalarType.Float64;

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        ScalarType.Bool => IntValue != 0 ? "True" : "False",
        ScalarType.Int64 => IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    };
}
