using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>How the values of one input are drawn (kinks and poles are avoided by the domain).</summary>
public enum Domain
{
    /// <summary>Uniform in [-2, 2].</summary>
    Any,
    /// <summary>Uniform in [0.2, 2] (log, sqrt, pow bases).</summary>
    Positive,
    /// <summary>|x| in [0.2, 2] with a random sign (abs, sign, division, relu away from its kink).</summary>
    AwayFromZero,
    /// <summary>Uniform in [-0.9, 0.9].</summary>
    Unit,
    /// <summary>Integer class/index values in [0, IndexBound) as int64; never requires grad.</summary>
    Index,
    /// <summary>Random booleans; never requires grad.</summary>
    Mask,
    /// <summary>In [-2, 2] and at least 0.1 from every multiple of 0.5: clear of the kinks that piecewise
    /// activations put at 0, ±0.5, ±1 and ±1.5 (finite differences across a kink are meaningless).</summary>
    OffHalfGrid,
}

/// <summary>One input of an op-table case.</summary>
/// <param name="Shape">The input's shape (0-d is <c>[]</c>).</param>
/// <param name="Domain">How values are drawn.</param>
/// <param name="Grad">Whether the input requires grad (ignored for Index/Mask).</param>
/// <param name="IndexBound">Upper bound (exclusive) for <see cref="Domain.Index"/>.</param>
/// <param name="Transposed">Build the input as the transpose of a contiguous tensor (non-contiguous; needs ≥ 2 dims).</param>
public sealed record In(long[] Shape, Domain Domain = Domain.Any, bool Grad = true, long IndexBound = 1, bool Transposed = false);

/// <summary>
/// One row of the op table: an op applied to sample inputs, run on our library and on TorchSharp with
/// identical values. The parity test compares forward values and gradients for a random upstream
/// gradient in float32 and float64; the gradcheck compares our float64 gradients with central finite
/// differences.
/// </summary>
public sealed class OpCase
{
    /// <summary>The op's public name (the meta-test checks every op has a case).</summary>
    public required string Op { get; init; }
    /// <summary>What this sample exercises (broadcast, 0-d, empty, non-contiguous, ...).</summary>
    public required string Variant { get; init; }
    public required In[] Inputs { get; init; }
    public required Func<Tensor[], Tensor> Ours { get; init; }
    public required Func<ts.Tensor[], ts.Tensor> Theirs { get; init; }
    /// <summary>Dtypes to run (floating inputs take this dtype).</summary>
    public ScalarType[] Dtypes { get; init; } = [ScalarType.Float32, ScalarType.Float64];
    /// <summary>False for ops whose output is not differentiable (comparisons, argmax): forward only.</summary>
    public bool Differentiable { get; init; } = true;
    /// <summary>Relative tolerance multiplier for ops that accumulate (e.g. long reductions, matmul).</summary>
    public double TolScale { get; init; } = 1;

    public override string ToString() => $"{Op}/{Variant}";
}

/// <summary>Marks a static method of <see cref="OpTable"/> returning <c>IEnumerable&lt;OpCase&gt;</c>; each
/// op family contributes its cases from its own file.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpCasesAttribute : Attribute;

/// <summary>The op table: all cases from every <see cref="OpCasesAttribute"/> method.</summary>
public static partial class OpTable
{
    private static readonly Lazy<OpCase[]> s_all = new(() =>
        typeof(OpTable).GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
            .Where(m => m.GetCustomAttributes(typeof(OpCasesAttribute), false).Length > 0)
            .SelectMany(m => (IEnumerable<OpCase>)m.Invoke(null, null)!)
            .ToArray());

    public static OpCase[] All => s_all.Value;

    /// <summary>xunit data: (case id, dtype) pairs.</summary>
    public static IEnumerable<object[]> Parity() =>
        All.SelectMany(c => c.Dtypes.Select(d => new object[] { c.ToString(), d }));

    /// <summary>xunit data: differentiable cases with at least one grad input (gradcheck runs in float64).</summary>
    public static IEnumerable<object[]> Gradcheck() =>
        All.Where(c => c.Differentiable && c.Inputs.Any(i => i.Grad && i.Domain is not (Domain.Index or Domain.Mask)))
           .Select(c => new object[] { c.ToString() });

    public static OpCase Find(string id) => All.Single(c => c.ToString() == id);

    // ---- helpers for writing cases ----------------------------------------------------------------

    /// <summary>A unary case list: the same op on a vector, a matrix, a transposed matrix, a 0-d and an empty tensor.</summary>
    public static IEnumerable<OpCase> Unary(string op, Func<Tensor, Tensor> ours, Func<ts.Tensor, ts.Tensor> theirs, Domain domain = Domain.Any, bool differentiable = true)
    {
        foreach (var (variant, input) in new (string, In)[]
                 {
                     ("vector", new In([5], domain)),
                     ("matrix", new In([3, 4], domain)),
                     ("transposed", new In([3, 4], domain, Transposed: true)),
                     ("scalar", new In([], domain)),
                     ("empty", new In([0, 3], domain)),
                 })
            yield return new OpCase
            {
                Op = op, Variant = variant, Inputs = [input], Differentiable = differentiable,
                Ours = x => ours(x[0]), Theirs = x => theirs(x[0]),
            };
    }

    /// <summary>A binary case list: same shape, broadcast both ways, with a 0-d operand, transposed, empty.</summary>
    public static IEnumerable<OpCase> Binary(string op, Func<Tensor, Tensor, Tensor> ours, Func<ts.Tensor, ts.Tensor, ts.Tensor> theirs,
                                             Domain a = Domain.Any, Domain b = Domain.Any, bool differentiable = true)
    {
        foreach (var (variant, x, y) in new (string, In, In)[]
                 {
                     ("same", new In([2, 3], a), new In([2, 3], b)),
                     ("broadcast_row", new In([2, 3], a), new In([3], b)),
                     ("broadcast_both", new In([4, 1], a), new In([1, 3], b)),
                     ("scalar_tensor", new In([3, 2], a), new In([], b)),
                     ("transposed", new In([3, 4], a, Transposed: true), new In([3, 4], b)),
                     ("empty", new In([0, 3], a), new In([3], b)),
                 })
            yield return new OpCase
            {
                Op = op, Variant = variant, Inputs = [x, y], Differentiable = differentiable,
                Ours = t => ours(t[0], t[1]), Theirs = t => theirs(t[0], t[1]),
            };
    }
}
