using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>The generator itself: LibTorch's engine, seeding, state bytes and the default / explicit
/// generators, each checked against TorchSharp (LibTorch 2.10's CPU generator).</summary>
public class GeneratorTests
{
    private static byte[] TheirState() => ts.get_rng_state().data<byte>().ToArray();
    private static byte[] OurState() => torch.get_rng_state().ToArray<long>().Select(v => (byte)v).ToArray();

    [Theory]
    [InlineData(0L)]
    [InlineData(42L)]
    [InlineData(-1L)]
    [InlineData(67280421310721L)]
    public void State_bytes_after_seeding_equal_libtorchs(long seed)
    {
        ts.manual_seed(seed);
        torch.manual_seed(seed);
        Assert.Equal(TheirState(), OurState());
        Assert.Equal(ts.initial_seed(), torch.initial_seed());
    }

    [Theory]
    [InlineData(5)]     // a cached normal in the state
    [InlineData(700)]   // past one regeneration of the 624-word state
    [InlineData(2000)]
    public void State_bytes_after_draws_equal_libtorchs(int n)
    {
        ts.manual_seed(3);
        torch.manual_seed(3);
        ts.randn(n, ts.float64);
        torch.randn(n, torch.float64);
        ts.rand(n);
        torch.rand(n);
        Assert.Equal(TheirState(), OurState());
    }

    [Fact]
    public void A_state_from_libtorch_continues_its_stream_here()
    {
        ts.manual_seed(11);
        ts.randn(3, ts.float64); // leaves a cached normal and a mid-block position
        byte[] state = TheirState();
        torch.set_rng_state(torch.tensor(state.Select(b => (long)b).ToArray()));
        Bits.Equal(ts.randn(7, ts.float64), torch.randn(7, torch.float64));
        Bits.Equal(ts.rand(100), torch.rand(100));
    }

    [Fact]
    public void A_state_saved_here_restores_libtorchs_stream()
    {
        torch.manual_seed(12);
        torch.randn(3, torch.float64);
        Tensor saved = torch.get_rng_state();
        Tensor first = torch.randn(9, torch.float64);
        torch.set_rng_state(saved);
        Bits.Equal(Oracle.ToTorch(first), torch.randn(9, torch.float64), "replayed");
        ts.set_rng_state(ts.tensor(saved.ToArray<long>().Select(v => (byte)v).ToArray()));
        Bits.Equal(ts.randn(9, ts.float64), first, "in libtorch");
    }

    [Fact]
    public void An_explicit_generator_leaves_the_default_stream_alone()
    {
        ts.manual_seed(5);
        torch.manual_seed(5);
        var theirs = new ts.Generator(99);
        var ours = new torch.Generator(99);
        Bits.Equal(ts.rand(20, generator: theirs), torch.rand(20, generator: ours), "explicit");
        Bits.Equal(ts.randn(20, generator: theirs), torch.randn(20, generator: ours), "explicit, continued");
        Bits.Equal(ts.rand(20), torch.rand(20), "default");
        Assert.Equal(theirs.initial_seed(), ours.initial_seed());
        Assert.Equal(theirs.get_state().data<byte>().ToArray(), ours.get_state().ToArray<long>().Select(v => (byte)v).ToArray());
    }

    [Fact]
    public void A_new_generator_starts_from_torchsharps_default_seed()
    {
        Bits.Equal(ts.rand(10, generator: new ts.Generator()), torch.rand(10, generator: new torch.Generator()));
        Assert.Equal(0, new torch.Generator().initial_seed());
    }

    [Fact]
    public void Generator_manual_seed_reseeds_and_drops_the_cached_normal()
    {
        var theirs = new ts.Generator(1);
        var ours = new torch.Generator(1);
        ts.randn(1, generator: theirs);
        torch.randn(1, generator: ours); // caches a second normal
        theirs.manual_seed(8);
        Assert.Same(ours, ours.manual_seed(8));
        Bits.Equal(ts.randn(3, generator: theirs), torch.randn(3, generator: ours));
    }

    [Fact]
    public void Manual_seed_returns_the_default_generator()
    {
        Assert.Same(torch.Generator.Default, torch.manual_seed(1));
        Assert.Equal(1, torch.random.initial_seed());
    }

    [Fact]
    public void Seed_reseeds_nondeterministically_and_reports_the_seed()
    {
        var g = new torch.Generator();
        long s = g.seed();
        Assert.Equal(s, g.initial_seed());
        Tensor a = torch.rand(5, generator: g);
        Bits.Equal(Oracle.ToTorch(a), torch.rand(5, generator: new torch.Generator((ulong)s)));
    }

    [Fact]
    public void A_state_of_the_wrong_size_is_rejected_with_pytorchs_message()
    {
        var ex = Assert.Throws<ArgumentException>(() => torch.set_rng_state(torch.zeros(10, torch.int64)));
        // CPUGeneratorImpl::set_state's message; TorchSharp's set_state does not catch LibTorch's error
        // (the test host terminates), so LibTorch is not asked here
        Assert.Equal("Expected a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 10", ex.Message);
    }

    [Fact]
    public void An_invalid_engine_state_is_rejected_and_nothing_changes()
    {
        torch.manual_seed(4);
        byte[] before = OurState();
        long[] bad = before.Select(b => (long)b).ToArray();
        bad[8] = 0; // left = 0
        var ex = Assert.Throws<ArgumentException>(() => torch.set_rng_state(torch.tensor(bad)));
        Assert.Equal("Invalid mt19937 state", ex.Message);
        Assert.Equal(before, OurState());
    }
}
