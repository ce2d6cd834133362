using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Unary ops and reductions on every stored dtype against LibTorch: the result dtype (integer
/// inputs of floating functions give the default dtype, integer sums give int64), the values (integers bit
/// for bit, floats within the op's ulps in the result dtype) and LibTorch's message where it refuses the dtype.</summary>
public class DtypeUnaryReductionTests
{
    /// <param name="Ulps">Floating results may differ by this many units in the last place (0: the same bits).</param>
    /// <param name="Scale">The magnitude whose units the ulps count, when larger than the result's (sums).</param>
    private sealed record Op(string Name, Func<Tensor, Tensor> Ours, Func<ts.Tensor, ts.Tensor> Theirs, int Ulps = 0,
                             Func<Tensor, Tensor>? Scale = null);

    // transcendental functions: ours and LibTorch's (SLEEF's u10 in SIMD loops) are each within an ulp of the
    // exact value, so they may differ by two; sums may add in another order, bounded by the sum of magnitudes
    private static readonly Op[] Ops =
    [
        new("neg", x => x.neg(), x => x.neg()),
        new("abs", x => x.abs(), x => x.abs()),
        new("sign", x => x.sign(), x => x.sign()),
        new("square", x => x.square(), x => x.square()),
        new("reciprocal", x => x.reciprocal(), x => x.reciprocal()),
        new("floor", x => x.floor(), x => x.floor()),
        new("round", x => x.round(), x => x.round()),
        new("trunc", x => x.trunc(), x => x.trunc()),
        new("exp", x => x.exp(), x => x.exp(), Ulps: 2),
        new("log", x => x.log(), x => x.log(), Ulps: 2),
        // ours is IEEE's correctly rounded square root (sqrtf(254) == MathF.Sqrt(254f) == 15.937376976...);
        // LibTorch's vector sqrt is not always: it gives the float above
        new("sqrt", x => x.sqrt(), x => x.sqrt(), Ulps: 1),
        new("sin", x => x.sin(), x => x.sin(), Ulps: 2),
        new("tanh", x => x.tanh(), x => x.tanh(), Ulps: 2),
        new("sigmoid", x => x.sigmoid(), x => x.sigmoid(), Ulps: 2),
        new("relu", x => x.relu(), x => x.relu()),
        new("bitwise_not", x => x.bitwise_not(), x => x.bitwise_not()),
        new("logical_not", x => x.logical_not(), x => x.logical_not()),
        new("isnan", x => x.isnan(), x => x.isnan()),
        new("clamp", x => x.clamp(-1, 100), x => x.clamp(-1, 100)),
        new("clamp_", x => x.clone().clamp_(-1, 100), x => x.clone().clamp_(-1, 100)),
        new("sum", x => x.sum(), x => x.sum(), Ulps: 1, Scale: x => x.abs().sum()),
        new("sum_dim", x => x.reshape(4, 5).sum(1), x => x.reshape(4, 5).sum(1), Ulps: 1, Scale: x => x.reshape(4, 5).abs().sum(1)),
        new("prod", x => x[..6].prod(), x => x[..6].prod(), Ulps: 1),
        new("mean", x => x.mean(), x => x.mean(), Ulps: 1, Scale: x => x.abs().mean()),
        new("amax", x => x.reshape(4, 5).amax(1), x => x.reshape(4, 5).amax(1)),
        new("amin", x => x.amin(0), x => x.amin(0)),
        new("max", x => x.max(), x => x.max()),
        new("argmax", x => x.argmax(), x => x.argmax()),
        new("argmin_dim", x => x.reshape(4, 5).argmin(1), x => x.reshape(4, 5).argmin(1)),
        new("std", x => x.std(), x => x.std(), Ulps: 2, Scale: x => x.abs().max()),
    ];

    public static TheoryData<string, ScalarType> Cases() => DtypeCases.ForEachDtype(Ops.Select(o => o.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_libtorch_or_refuses_in_its_words(string name, ScalarType dtype)
    {
        Op op = Ops.Single(o => o.Name == name);
        ts.Tensor? expected = null;
        string? theirs = DtypeCases.Refusal(() => expected = op.Theirs(DtypeCases.Theirs(DtypeCases.A, dtype, false)));
        Tensor x = DtypeCases.Ours(DtypeCases.A, dtype, false);
        Tensor? actual = null;
        string? ours = DtypeCases.Refusal(() => actual = op.Ours(x));
        Assert.True(theirs == ours, $"{name}({dtype}): LibTorch says '{theirs ?? "(result)"}', we say '{ours ?? "(result)"}'");
        if (theirs is not null) return;
        double[]? scale = op.Scale is null || !DType.IsFloating(actual!.dtype) ? null
            : DtypeCases.Values(op.Scale(x.to(ScalarType.Float64)).broadcast_to(actual.shape).to(actual.dtype));
        DtypeCases.AssertUlps(expected!, actual!, op.Ulps, $"{name}({dtype})", scale);
    }
}
