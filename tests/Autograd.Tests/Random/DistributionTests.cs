using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>
/// Every random function gives LibTorch's bits for the same seed, in float32 and float64, at sizes on
/// both sides of the lengths where LibTorch changes algorithm (normal: 16 elements and contiguity;
/// uniform integers: ranges of 2^32; multinomial: one sample or without replacement vs with).
/// </summary>
public class DistributionTests
{
    public static readonly TheoryData<int, ScalarType> SizesAndTypes = Cases();

    private static TheoryData<int, ScalarType> Cases()
    {
        var data = new TheoryData<int, ScalarType>();
        foreach (ScalarType t in new[] { ScalarType.Float32, ScalarType.Float64 })
            foreach (int n in new[] { 1, 2, 15, 16, 17, 31, 32, 33, 100, 1000, 1025 })
                data.Add(n, t);
        return data;
    }

    /// <summary>Seeds both libraries alike, runs both, compares the bits, then checks the streams are
    /// still in step (a sampler that drew one value too many or too few shows there).</summary>
    private static void Same(Func<ts.Tensor> theirs, Func<Tensor> ours, long seed = 2024)
    {
        ts.manual_seed(seed);
        torch.manual_seed(seed);
        Bits.Equal(theirs(), ours(), "sample");
        Bits.Equal(ts.randn(3, ts.float64), torch.randn(3, torch.float64), "stream afterwards");
    }

    [Theory, MemberData(nameof(SizesAndTypes))]
    public void Rand(int n, ScalarType t) => Same(() => ts.rand(n, Bits.Ts(t)), () => torch.rand(n, t));

    [Theory, MemberData(nameof(SizesAndTypes))]
    public void Randn(int n, ScalarType t) => Same(() => ts.randn(n, Bits.Ts(t)), () => torch.randn(n, t));

    [Theory, MemberData(nameof(SizesAndTypes))]
    public void Uniform_with_bounds(int n, ScalarType t) =>
        Same(() => ts.empty(n, Bits.Ts(t)).uniform_(-0.37, 0.91), () => torch.empty(n, t).uniform_(-0.37, 0.91));

    [Theory, MemberData(nameof(SizesAndTypes))]
    public void Normal_with_mean_and_std(int n, ScalarType t) =>
        Same(() => ts.empty(n, Bits.Ts(t)).normal_(0.3, 1.7), () => torch.empty(n, t).normal_(0.3, 1.7));

    [Theory, MemberData(nameof(SizesAndTypes))]
    public void Normal_on_a_transposed_tensor_draws_in_memory_order_one_pair_at_a_time(int n, ScalarType t) =>
        Same(() => ts.empty(n, 3, Bits.Ts(t)).t().normal_(0.3, 1.7), () => torch.empty(n, 3, t).t().normal_(0.3, 1.7));

    [Theory, MemberData(nameof(SizesAndTypes))]
    public void Uniform_on_a_strided_slice(int n, ScalarType t) =>
        Same(() => ts.empty(n, 4, Bits.Ts(t)).narrow(1, 1, 2).uniform_(-2, 5), () => torch.empty(n, 4, t).narrow(1, 1, 2).uniform_(-2, 5));

    [Theory, MemberData(nameof(SizesAndTypes))]
    public void Exponential(int n, ScalarType t) =>
        Same(() => ts.empty(n, Bits.Ts(t)).exponential_(1.3), () => torch.empty(n, t).exponential_(1.3));

    [Theory, MemberData(nameof(SizesAndTypes))]
    public void Bernoulli_with_a_scalar_p(int n, ScalarType t) =>
        Same(() => ts.empty(n, Bits.Ts(t)).bernoulli_(0.3), () => torch.empty(n, t).bernoulli_(0.3));

    [Theory, MemberData(nameof(SizesAndTypes))]
    public void Bernoulli_with_a_tensor_of_probabilities(int n, ScalarType t) =>
        Same(() => ts.bernoulli(ts.linspace(0, 1, n, Bits.Ts(t))), () => torch.bernoulli(torch.linspace(0, 1, n, t)));

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.Bool)]
    public void Bernoulli_fills_any_dtype_with_a_broadcast_p(ScalarType t) =>
        Same(() => ts.empty(6, 5, Bits.Ts(t)).bernoulli_(ts.linspace(0.1, 0.9, 5, ts.float32)),
             () => torch.empty(6, 5, t).bernoulli_(torch.linspace(0.1, 0.9, 5, torch.float32)));

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(1000)]
    public void Randint_over_a_small_range(int n) =>
        Same(() => ts.randint(-5, 100, new long[] { n }), () => torch.randint(-5, 100, new long[] { n }));

    [Theory]
    [InlineData(0, (1L << 28) - 1)]
    [InlineData(0, 1L << 28)]
    [InlineData(0, (1L << 32) - 1)]
    [InlineData(-10, (1L << 32) - 10)]
    [InlineData(long.MinValue, long.MaxValue)]
    public void Randint_draws_64_bits_from_a_range_of_2_to_the_28(long low, long high) =>
        Same(() => ts.randint(low, high, new long[] { 64 }), () => torch.randint(low, high, new long[] { 64 }));

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Bool)]
    public void Random_with_bounds_in_other_dtypes(ScalarType t)
    {
        long to = t == ScalarType.Bool ? 2 : 1000;
        Same(() => ts.empty(100, Bits.Ts(t)).random_(0, to), () => torch.empty(100, t).random_(0L, to));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(50)]
    [InlineData(10000)]
    public void Randperm(int n) => Same(() => ts.randperm(n), () => torch.randperm(n));

    [Fact]
    public void Randperm_in_float64() => Same(() => ts.randperm(40, ts.float64), () => torch.randperm(40, torch.float64));

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void Multinomial_without_replacement(ScalarType t) =>
        Same(() => ts.multinomial(ts.linspace(0.1, 1, 40, Bits.Ts(t)).reshape(4, 10), 6),
             () => torch.multinomial(torch.linspace(0.1, 1, 40, t).reshape(4, 10), 6));

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void Multinomial_of_one_sample(ScalarType t) =>
        Same(() => ts.multinomial(ts.linspace(0.1, 1, 10, Bits.Ts(t)), 1, true),
             () => torch.multinomial(torch.linspace(0.1, 1, 10, t), 1, true));

    [Theory]
    [InlineData(ScalarType.Float32, 1)]
    [InlineData(ScalarType.Float64, 1)]
    [InlineData(ScalarType.Float32, 3)]
    [InlineData(ScalarType.Float64, 3)]
    public void Multinomial_with_replacement(ScalarType t, int rows) =>
        Same(() => ts.multinomial(ts.linspace(0.1, 1, 7 * rows, Bits.Ts(t)).reshape(rows, 7), 30, true),
             () => torch.multinomial(torch.linspace(0.1, 1, 7 * rows, t).reshape(rows, 7), 30, true));

    [Fact]
    public void Multinomial_on_a_transposed_matrix_fills_its_exponentials_in_memory_order() =>
        Same(() => ts.multinomial(ts.linspace(0.1, 1, 40).reshape(10, 4).t(), 3),
             () => torch.multinomial(torch.linspace(0.1, 1, 40).reshape(10, 4).t(), 3));

    [Fact]
    public void Normal_with_tensors_of_means_and_stds()
    {
        var mean = new[] { 0.5f, -1, 2, 3 };
        var std = new[] { 1f, 0.5f, 2, 0.1f };
        Same(() => ts.normal(ts.tensor(mean), ts.tensor(std)), () => torch.normal(torch.tensor(mean), torch.tensor(std)));
    }

    [Fact]
    public void Consecutive_small_normals_use_the_cached_second_value()
    {
        ts.manual_seed(6);
        torch.manual_seed(6);
        for (int i = 0; i < 5; i++) Bits.Equal(ts.randn(1, ts.float64), torch.randn(1, torch.float64), $"draw {i}");
        Bits.Equal(ts.randn(3), torch.randn(3), "float32 from the double cache");
    }

    [Fact]
    public void A_draw_through_an_explicit_generator_matches()
    {
        var theirs = new ts.Generator(77);
        var ours = new torch.Generator(77);
        Bits.Equal(ts.empty(20).normal_(0, 1, theirs), torch.empty(20).normal_(0, 1, ours));
        Bits.Equal(ts.empty(20, ts.int64).random_(3, 9, theirs), torch.empty(20, torch.int64).random_(3, 9, ours));
        Bits.Equal(ts.empty(20).bernoulli_(0.5, theirs), torch.empty(20).bernoulli_(0.5, ours));
        Bits.Equal(ts.empty(20).exponential_(2, theirs), torch.empty(20).exponential_(2, ours));
        Bits.Equal(ts.randperm(20, generator: theirs), torch.randperm(20, generator: ours));
        Bits.Equal(ts.multinomial(ts.ones(9), 4, false, theirs), torch.multinomial(torch.ones(9), 4, false, ours));
    }

    [Fact]
    public void Empty_tensors_draw_nothing() =>
        Same(() => { ts.empty(0).normal_(); ts.empty(0).uniform_(0, 1); ts.empty(0).bernoulli_(0.5); return ts.rand(2); },
             () => { torch.empty(0).normal_(); torch.empty(0).uniform_(0, 1); torch.empty(0).bernoulli_(0.5); return torch.rand(2); });

    [Fact]
    public void In_place_draws_return_the_tensor_and_bump_its_version()
    {
        Tensor x = torch.zeros(4);
        Assert.Same(x, x.uniform_());
        Assert.Same(x, x.normal_());
        Assert.Same(x, x.bernoulli_(0.5));
        Assert.Same(x, x.exponential_());
        Assert.Same(x, x.random_(0L, 5));
    }

    [Fact]
    public void Drawing_into_a_leaf_that_requires_grad_is_refused()
    {
        Tensor w = torch.zeros(3, requires_grad: true);
        var ex = Assert.Throws<InvalidOperationException>(() => w.uniform_());
        Assert.Equal("a leaf Variable that requires grad is being used in an in-place operation.", ex.Message);
        using (torch.no_grad()) w.uniform_();
        Assert.True(w.requires_grad);
    }

    [Fact]
    public void Requires_grad_on_a_factory_makes_a_leaf()
    {
        Tensor r = torch.randn(3, requires_grad: true);
        Assert.True(r.is_leaf);
        Assert.True(r.requires_grad);
    }
}
