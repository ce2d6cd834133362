using Autograd;

namespace Autograd.Tests;

/// <summary>
/// Bad input never crashes the process: every op of the table is called with inputs of the wrong
/// shape, the wrong dtype, empty, 0-d, non-contiguous and NaN/Inf-filled. Each call either succeeds or
/// throws one of the documented .NET exception types, and the inputs' values are unchanged afterwards.
/// A NullReferenceException, InvalidCastException, OverflowException or a native fault here is a bug.
/// </summary>
public class BadInputTests
{
    private static readonly Type[] Allowed =
    [
        typeof(ArgumentException), typeof(ArgumentOutOfRangeException), typeof(InvalidOperationException),
        typeof(IndexOutOfRangeException), typeof(NotSupportedException), typeof(DivideByZeroException),
    ];

    private static readonly long[][] Shapes = [[], [0], [1], [3], [2, 3], [3, 2], [4, 1, 2], [2, 0, 3]];
    private static readonly ScalarType[] Types = [ScalarType.Float32, ScalarType.Float64, ScalarType.Int64, ScalarType.Bool];

    public static IEnumerable<object[]> Ops() => OpTable.All.Select(c => c.Op).Distinct().Select(op => new object[] { op });

    [Theory]
    [MemberData(nameof(Ops))]
    public void Mismatched_inputs_throw_documented_exceptions_and_mutate_nothing(string op)
    {
        OpCase c = OpTable.All.First(x => x.Op == op);
        var rng = new Random(Oracle.Seed(op));
        for (int trial = 0; trial < 24; trial++)
        {
            Tensor[] inputs = c.Inputs.Select(spec => RandomInput(spec, rng)).ToArray();
            double[][] before = inputs.Select(Snapshot).ToArray();
            try
            {
                Tensor y = c.Ours(inputs);
                if (y.requires_grad && y.numel() > 0 && DType.IsFloating(y.dtype))
                    y.backward(torch.ones_like(y));
            }
            catch (Exception ex) when (Allowed.Contains(ex.GetType()))
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                // a native status reaching the user means a managed (PyTorch-worded) check is missing
                Assert.False(ex.Message.StartsWith("agn_", StringComparison.Ordinal), $"{op}: unvalidated input reached native code: {ex.Message}");
            }
            for (int k = 0; k < inputs.Length; k++)
                Assert.Equal(before[k], Snapshot(inputs[k]));
        }
    }

    private static Tensor RandomInput(In spec, Random rng)
    {
        long[] shape = rng.Next(3) == 0 ? spec.Shape : Shapes[rng.Next(Shapes.Length)];
        ScalarType dtype = rng.Next(3) == 0 ? Types[rng.Next(Types.Length)]
            : spec.Domain switch { Domain.Index => ScalarType.Int64, Domain.Mask => ScalarType.Bool, _ => ScalarType.Float32 };
        long n = shape.Aggregate(1L, (a, b) => a * b);
        double[] values = new double[n];
        for (int i = 0; i < n; i++)
            values[i] = rng.Next(8) switch
            {
                0 => double.NaN,
                1 => double.PositiveInfinity,
                2 => -1,
                _ => rng.Next(-3, 4),
            };
        if (dtype is ScalarType.Int64 or ScalarType.Bool)
            for (int i = 0; i < n; i++) if (!double.IsFinite(values[i])) values[i] = 0;
        Tensor t = torch.tensor(values, shape).to(dtype);
        if (shape.Length >= 2 && rng.Next(2) == 0) t = t.transpose(-1, -2);
        if (DType.IsFloating(dtype) && rng.Next(2) == 0) t.requires_grad_(true);
        return t;
    }

    private static double[] Snapshot(Tensor t) => t.detach().to(ScalarType.Float64).ToArray<double>();
}
