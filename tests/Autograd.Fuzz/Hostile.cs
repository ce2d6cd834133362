using System.Reflection;

namespace Autograd.Fuzz;

/// <summary>
/// Hostile arguments, drawn from one seeded <see cref="Random"/>: sizes and indices at the edges of
/// int64 (negative, 2^31, 2^32, 2^62, values whose product wraps), NaN/Inf, every dtype (also the ones
/// the library does not support), and tensors that are empty, 0-d, non-contiguous, broadcast (stride
/// 0), offset views or leaves that require grad. Small values come half the time, so calls also get
/// past argument checks into the kernels; sizes are either small (each at most 100) or
/// impossibly large, never a legitimately huge allocation.
/// </summary>
internal sealed class Hostile(Random rng)
{
    private static readonly long[] SmallInts = [0, 1, 2, 3, -1, -2, 5, -5];

    /// <summary>Positive edges are at least 2^40, so a size made of them asks for more memory than any
    /// machine has (the allocator refuses at once) rather than for gigabytes it might grant; 2^40 and
    /// 2^40 + 1 still catch a truncation to int (they become 0 and 1).</summary>
    private static readonly long[] EdgeInts =
    [
        int.MinValue, -(1L << 31) - 1, -(1L << 32), 1L << 40, (1L << 40) + 1, 1L << 62, long.MaxValue, long.MinValue,
        long.MinValue + 1, long.MaxValue - 1, 6148914691236517206, 3074457345618258603, -(1L << 62), 100,
    ];

    private static readonly double[] Doubles =
    [
        0, 1, -1, 0.5, 2, 3, -2.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e308, -1e308,
        4.9e-324, -0.0, 1e-7, 3e38, 100,
    ];

    private static readonly long[][] Shapes =
        [[], [0], [1], [3], [2, 3], [3, 1], [1, 3], [2, 0, 3], [2, 1, 3], [4, 3, 2], [1, 1, 1, 1, 1]];

    internal Random Rng => rng;

    internal bool Chance(double p) => rng.NextDouble() < p;

    internal T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    internal long Int() => Chance(0.6) ? Pick(SmallInts) : Pick(EdgeInts);

    internal double Double() => Pick(Doubles);

    /// <summary>An int: the value if it fits, else int.MinValue (a positive int edge would be a size of
    /// gigabytes the allocator may grant).</summary>
    private static int ToInt(long v) => v is >= int.MinValue and <= 100 ? (int)v : int.MinValue;

    internal long[] Sizes()
    {
        var sizes = new long[rng.Next(6)];
        bool edge = Chance(0.4);
        for (int i = 0; i < sizes.Length; i++) sizes[i] = edge && Chance(0.5) ? Pick(EdgeInts) : Pick(SmallInts);
        return sizes;
    }

    internal ScalarType DType()
    {
        double u = rng.NextDouble();
        if (u < 0.45) return ScalarType.Float32;
        if (u < 0.65) return ScalarType.Float64;
        if (u < 0.82) return ScalarType.Int64;
        if (u < 0.95) return ScalarType.Bool;
        var all = Enum.GetValues<ScalarType>();
        return all[rng.Next(all.Length)]; // often a dtype the library does not support
    }

    internal Scalar Scalar() => rng.Next(4) switch
    {
        0 => Int(),
        1 => Chance(0.5),
        _ => Double(),
    };

    /// <summary>A fresh tensor (fresh every call: in-place ops write their operands).</summary>
    internal torch.Tensor Tensor(ScalarType? dtype = null)
    {
        ScalarType t = dtype ?? DType();
        if (t is not (ScalarType.Float32 or ScalarType.Float64 or ScalarType.Int64 or ScalarType.Bool)) t = ScalarType.Float32;
        long[] shape = Pick(Shapes);
        int layout = rng.Next(10);
        torch.Tensor x = layout switch
        {
            0 when shape.Length >= 2 => Dense(t, [shape[1], shape[0], .. shape[2..]]).transpose(0, 1), // non-contiguous
            1 when shape.Length >= 1 => Dense(t, [.. shape[..^1], 1]).expand(shape), // stride 0
            2 when shape.Length >= 1 => Dense(t, [.. shape[..^1], shape[^1] + 2]).narrow(-1, 1, shape[^1]), // offset, gaps
            _ => Dense(t, shape),
        };
        if (DType_IsFloating(t) && Chance(0.25)) x = x.detach().requires_grad_(true);
        return x;
    }

    private static bool DType_IsFloating(ScalarType t) => t is ScalarType.Float32 or ScalarType.Float64;

    private torch.Tensor Dense(ScalarType t, long[] shape)
    {
        long n = 1;
        foreach (long s in shape) n *= s;
        if (t == ScalarType.Int64 || t == ScalarType.Bool)
        {
            var values = new long[n];
            for (int i = 0; i < n; i++) values[i] = Chance(0.8) ? rng.Next(-3, 6) : Pick(EdgeInts);
            torch.Tensor x = torch.tensor(values, shape);
            return t == ScalarType.Bool ? x.ne(0) : x;
        }
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = Chance(0.7) ? Math.Round(rng.NextDouble() * 6 - 3, 3) : Double();
        return torch.tensor(d, shape).to(t);
    }

    internal torch.TensorIndex Index() => rng.Next(6) switch
    {
        0 => torch.TensorIndex.Single(Int()),
        1 => torch.TensorIndex.Slice(Chance(0.3) ? null : Int(), Chance(0.3) ? null : Int(), Chance(0.5) ? null : Int()),
        2 => torch.TensorIndex.Ellipsis,
        3 => torch.TensorIndex.None,
        4 => torch.TensorIndex.Bool(Chance(0.5)),
        _ => torch.TensorIndex.Tensor(Tensor(Chance(0.5) ? ScalarType.Int64 : ScalarType.Bool)),
    };

    /// <summary>A value for a parameter of <paramref name="type"/>, or false when the fuzzer has no
    /// generator for it (the method is then left out).</summary>
    internal bool TryValue(Type type, bool nullable, out object? value)
    {
        value = null;
        Type? under = Nullable.GetUnderlyingType(type);
        if (under is not null) { if (Chance(0.3)) return true; type = under; }
        else if (nullable && !type.IsValueType && Chance(0.15)) return true;

        if (type == typeof(torch.Tensor)) value = Tensor();
        else if (type == typeof(long)) value = Int();
        else if (type == typeof(int)) value = ToInt(Int());
        else if (type == typeof(double)) value = Double();
        else if (type == typeof(float)) value = (float)Double();
        else if (type == typeof(bool)) value = Chance(0.5);
        else if (type == typeof(Scalar)) value = Scalar();
        else if (type == typeof(ScalarType)) value = DType();
        else if (type == typeof(long[])) value = Sizes();
        else if (type == typeof(int[])) value = Array.ConvertAll(Sizes(), ToInt);
        else if (type == typeof(double[])) value = Enumerable.Range(0, rng.Next(4)).Select(_ => Double()).ToArray();
        else if (type == typeof(float[])) value = Enumerable.Range(0, rng.Next(4)).Select(_ => (float)Double()).ToArray();
        else if (type == typeof(bool[])) value = Enumerable.Range(0, rng.Next(4)).Select(_ => Chance(0.5)).ToArray();
        else if (type == typeof(torch.Tensor[]) || type.IsAssignableFrom(typeof(torch.Tensor[])) && type != typeof(object))
            value = Enumerable.Range(0, rng.Next(4)).Select(_ => Tensor()).ToArray();
        else if (type == typeof(torch.TensorIndex)) value = Index();
        else if (type == typeof(torch.TensorIndex[])) value = Enumerable.Range(0, rng.Next(4)).Select(_ => Index()).ToArray();
        else if (type == typeof(string)) value = Pick(["mean", "sum", "none", "", "bogus", "fro", "nuc"]);
        else if (type == typeof(string[])) value = null;
        else if (type == typeof(Device)) value = null;
        else if (type == typeof(torch.Generator)) value = new torch.Generator((ulong)rng.Next());
        else if (type == typeof(Range)) value = new Range((int)Math.Abs(rng.Next(-4, 4)), (int)Math.Abs(rng.Next(-4, 4)));
        else if (type == typeof(Index)) value = new Index(rng.Next(0, 5), Chance(0.5));
        else if (type.IsEnum)
        {
            Array values = Enum.GetValues(type);
            value = Chance(0.9) ? values.GetValue(rng.Next(values.Length)) : Enum.ToObject(type, 99);
        }
        else return false;
        return true;
    }

    private static readonly Type[] Arrays =
    [
        typeof(long[]), typeof(int[]), typeof(double[]), typeof(float[]), typeof(bool[]), typeof(torch.Tensor[]),
        typeof(torch.TensorIndex[]), typeof(string[]),
    ];

    /// <summary>Whether the fuzzer can generate every parameter of <paramref name="m"/>.</summary>
    internal static bool Supports(MethodBase m) => m.GetParameters().All(p =>
        !p.ParameterType.IsByRef && !p.ParameterType.IsByRefLike && !p.IsOut && Generable(p.ParameterType));

    private static bool Generable(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Scalar) || t == typeof(torch.Tensor)
            || t == typeof(torch.TensorIndex) || t == typeof(Device) || t == typeof(torch.Generator) || t == typeof(Range)
            || t == typeof(Index) || Arrays.Contains(t) || t.IsInterface && t.IsAssignableFrom(typeof(torch.Tensor[]));
    }
}
