using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Bad arguments get PyTorch's words (checked against LibTorch's own message), and a call that
/// throws changes neither the tensor nor the generator.</summary>
public class RandomErrorTests
{
    private static void Refused<TEx>(Func<Tensor, Tensor> ours, Action theirs, string message, ScalarType dtype = ScalarType.Float32) where TEx : Exception
    {
        torch.manual_seed(1);
        Tensor x = torch.full(new long[] { 5 }, 7, dtype);
        byte[] state = torch.Generator.Default.GetStateBytes();
        double[] before = x.to(ScalarType.Float64).ToArray<double>();
        var ex = Assert.Throws<TEx>(() => ours(x));
        Assert.Equal(message, ex.Message);
        Assert.Equal(before, x.to(ScalarType.Float64).ToArray<double>());
        Assert.Equal(state, torch.Generator.Default.GetStateBytes());
        var t = Assert.ThrowsAny<Exception>(theirs);
        Assert.StartsWith(message, t.Message);
    }

    [Fact]
    public void Random_from_not_below_to() =>
        Refused<ArgumentException>(x => x.random_(5L, 5), () => ts.empty(5).random_(5, 5),
            "random_ expects 'from' to be less than 'to', but got from=5 >= to=5");

    [Fact]
    public void Random_bounds_outside_bool() =>
        Refused<ArgumentException>(x => x.random_(0L, 3), () => ts.empty(5, ts.@bool).random_(0, 3), "to - 1 is out of bounds for bool", ScalarType.Bool);

    [Fact]
    public void Uniform_from_above_to() =>
        Refused<ArgumentException>(x => x.uniform_(1, 0.5), () => ts.empty(5).uniform_(1, 0.5),
            "uniform_ expects to return a [from, to) range, but found from=1 > to=0.5");

    [Fact]
    public void Uniform_on_integers() =>
        Refused<NotSupportedException>(x => x.uniform_(), () => ts.empty(5, ts.int64).uniform_(0, 1),
            "\"check_uniform_bounds\" not implemented for 'Long'", ScalarType.Int64);

    [Fact]
    public void Normal_with_a_negative_std() =>
        Refused<ArgumentException>(x => x.normal_(0, -1.5), () => ts.empty(5).normal_(0, -1.5),
            "normal expects std >= 0.0, but found std -1.5");

    [Fact]
    public void Bernoulli_p_above_one() =>
        Refused<ArgumentException>(x => x.bernoulli_(1.5), () => ts.empty(5).bernoulli_(1.5),
            "bernoulli_ expects p to be in [0, 1], but got p=1.5");

    [Fact]
    public void Bernoulli_tensor_p_outside_the_unit_interval() =>
        Refused<ArgumentException>(x => x.bernoulli_(torch.tensor(new[] { 0.5f, 0.2f, -0.1f, 0.3f, 0.9f })),
            () => ts.empty(5).bernoulli_(ts.tensor(new[] { 0.5f, 0.2f, -0.1f, 0.3f, 0.9f })),
            "Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)");

    [Fact]
    public void Exponential_with_a_non_positive_rate() =>
        Refused<ArgumentException>(x => x.exponential_(0), () => ts.empty(5).exponential_(0),
            "exponential_ expects lambda > 0.0, but found lambda=0");

    [Fact]
    public void Randperm_of_a_negative_count()
    {
        // LibTorch's randperm_out_cpu check, word for word (no space before the number); TorchSharp's
        // randperm(-1) takes the process down instead of throwing, so it is not asked here
        var ex = Assert.Throws<ArgumentException>(() => torch.randperm(-1));
        Assert.Equal("n must be non-negative, got-1", ex.Message);
    }

    public static readonly TheoryData<string, Func<Tensor>, Func<ts.Tensor>> MultinomialCases = new()
    {
        { "prob_dist must be 1 or 2 dim", () => torch.multinomial(torch.ones(2, 2, 2), 1), () => ts.multinomial(ts.ones(2, 2, 2), 1) },
        { "multinomial only supports floating-point dtypes for input, got: Long", () => torch.multinomial(torch.ones(3, torch.int64), 1), () => ts.multinomial(ts.ones(3, ts.int64), 1) },
        { "cannot sample n_sample <= 0 samples", () => torch.multinomial(torch.ones(3), 0), () => ts.multinomial(ts.ones(3), 0) },
        { "cannot sample n_sample > prob_dist.size(-1) samples without replacement", () => torch.multinomial(torch.ones(3), 4), () => ts.multinomial(ts.ones(3), 4) },
        { "probability tensor contains either `inf`, `nan` or element < 0", () => torch.multinomial(torch.tensor(new[] { 1f, -1, 2 }), 2), () => ts.multinomial(ts.tensor(new[] { 1f, -1, 2 }), 2) },
        { "invalid multinomial distribution (sum of probabilities <= 0)", () => torch.multinomial(torch.zeros(2, 3), 2), () => ts.multinomial(ts.zeros(2, 3), 2) },
        { "invalid multinomial distribution (encountering probability entry < 0)", () => torch.multinomial(torch.tensor(new[] { 1f, -1, 2 }), 5, true), () => ts.multinomial(ts.tensor(new[] { 1f, -1, 2 }), 5, true) },
        { "invalid multinomial distribution (sum of probabilities <= 0)", () => torch.multinomial(torch.zeros(3), 5, true), () => ts.multinomial(ts.zeros(3), 5, true) },
    };

    [Theory, MemberData(nameof(MultinomialCases))]
    public void Multinomial_arguments(string message, Func<Tensor> ours, Func<ts.Tensor> theirs)
    {
        torch.manual_seed(1);
        byte[] state = torch.Generator.Default.GetStateBytes();
        var ex = Assert.Throws<ArgumentException>(() => ours());
        Assert.Equal(message, ex.Message);
        Assert.Equal(state, torch.Generator.Default.GetStateBytes());
        Assert.StartsWith(message, Assert.ThrowsAny<Exception>(() => theirs()).Message);
    }
}
