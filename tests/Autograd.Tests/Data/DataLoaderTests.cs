using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Datasets and the DataLoader. Shuffled orders are checked against PyTorch's algorithm run on
/// LibTorch's generator through TorchSharp (TorchSharp's own DataLoader shuffles with System.Random, not as
/// PyTorch does): one int64 draw for the iterator's base seed, then, without a generator, one more seeding
/// the sampler's own generator, then randperm(n).</summary>
public class DataLoaderTests
{
    private static long[] Visited(Modules.DataLoader<IList<Tensor>, IList<Tensor>> loader) =>
        [.. loader.SelectMany(batch => batch[0].ToArray<long>())];

    // one 64-bit draw (LibTorch's random64: a range of 2^32 or more takes one); only the state it advances matters
    private static void SkipOne64(ts.Generator? g) => ts.empty(1, ts.int64).random_(0, 1L << 40, g);

    // a full-range int64 draw, random64 % 2^63: randint over [-2^63, 2^63 - 1) takes one random64 r and gives
    // r mod (2^64 - 1) - 2^63, which is r - 2^63 unless r = 2^64 - 1 (probability 2^-64)
    private static long DrawSeed()
    {
        long v = ts.randint(long.MinValue, long.MaxValue, [1], ts.int64).item<long>();
        return (long)((ulong)(v - long.MinValue) & long.MaxValue);
    }

    [Fact]
    public void Batches_cover_the_dataset_in_order_with_a_short_last_batch()
    {
        var ds = torch.utils.data.TensorDataset(torch.arange(10), torch.arange(10).mul(2));
        var loader = torch.utils.data.DataLoader(ds, 4);
        List<IList<Tensor>> batches = [.. loader];
        Assert.Equal(3, batches.Count);
        Assert.Equal(3, loader.Count);
        Assert.Equal([8L, 9L], batches[2][0].ToArray<long>());
        Assert.Equal([16L, 18L], batches[2][1].ToArray<long>());
        Assert.Equal(2, torch.utils.data.DataLoader(ds, 4, drop_last: true).Count());
    }

    [Fact]
    public void A_seeded_generator_gives_pytorchs_order_each_epoch()
    {
        var ds = torch.utils.data.TensorDataset(torch.arange(37));
        var g = new torch.Generator(7);
        var loader = torch.utils.data.DataLoader(ds, 5, shuffle: true, generator: g);
        var tg = new ts.Generator(7);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            SkipOne64(tg);
            long[] expected = ts.randperm(37, generator: tg).data<long>().ToArray();
            Assert.Equal(expected, Visited(loader));
        }
    }

    [Fact]
    public void Without_a_generator_the_default_one_seeds_the_sampler_as_in_pytorch()
    {
        var ds = torch.utils.data.TensorDataset(torch.arange(20));
        torch.manual_seed(3);
        long[] ours = Visited(torch.utils.data.DataLoader(ds, 6, shuffle: true));
        ts.manual_seed(3);
        SkipOne64(null);
        long seed = DrawSeed();
        long[] expected = ts.randperm(20, generator: new ts.Generator((ulong)seed)).data<long>().ToArray();
        Assert.Equal(expected, ours);
    }

    [Fact]
    public void Random_split_uses_one_randperm_and_pytorchs_fraction_rule()
    {
        var ds = torch.utils.data.TensorDataset(torch.arange(11));
        var parts = torch.utils.data.random_split(ds, [0.5, 0.3, 0.2], new torch.Generator(5));
        Assert.Equal([6L, 3L, 2L], parts.Select(p => p.Count)); // floor 5, 3, 2 = 10; the 1 left goes to the first
        long[] perm = ts.randperm(11, generator: new ts.Generator(5)).data<long>().ToArray();
        Assert.Equal(perm, parts.SelectMany(p => p.indices));
        Assert.Throws<ArgumentException>(() => torch.utils.data.random_split(ds, [5L, 5L]));
    }

    [Fact]
    public void Concat_and_subset_index_through_to_their_datasets()
    {
        var a = torch.utils.data.TensorDataset(torch.arange(3));
        var b = torch.utils.data.TensorDataset(torch.arange(10, 14));
        var both = new torch.utils.data.ConcatDataset<IList<Tensor>>([a, b]);
        Assert.Equal(7, both.Count);
        Assert.Equal(11L, both.GetTensor(4)[0].item<long>());
        Assert.Equal(13L, both.GetTensor(-1)[0].item<long>());
        var sub = new torch.utils.data.Subset<IList<Tensor>>(both, [6, 0]);
        Assert.Equal(13L, sub.GetTensor(0)[0].item<long>());
        Assert.Throws<ArgumentException>(() => new torch.utils.data.ConcatDataset<IList<Tensor>>([]));
    }

    [Fact]
    public void A_batch_size_below_one_is_refused() =>
        Assert.Equal("batch_size should be a positive integer value, but got batch_size=0",
                     Assert.Throws<ArgumentException>(() => torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.ones([2])), 0)).Message);
}
