using Autograd;
using Autograd.Modules;
using static Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Embedding and EmbeddingBag modules: LibTorch's initial table bit for bit from the same seed, the same lookups
/// and gradients (padding_idx, max_norm, from_pretrained, sum/mean bags) as TorchSharp's modules, PyTorch's printout,
/// and an index out of range rejected with nothing changed.</summary>
public class EmbeddingModuleTests
{
    private static readonly long[] Ids = [1, 0, 4, 9, 4, 2, 0, 7];

    [Fact]
    public void Embedding_matches_torchsharp_from_the_same_seed()
    {
        var (ours, theirs) = ModuleParity.Seeded(8, () => nn.Embedding(10, 3, padding_idx: 0), () => ts.nn.Embedding(10, 3, padding_idx: 0));
        ModuleParity.SameState(ours, theirs);
        Assert.All(ours.weight[0].ToArray<float>(), v => Assert.Equal(0f, v));
        Tensor y = ours.call(torch.tensor(Ids, [2, 4]));
        ts.Tensor ty = theirs.call(ts.tensor(Ids, [2, 4]));
        Bits.Equal(ty.detach(), y.detach(), "lookup");
        ModuleParity.SameBackward(ours, theirs, torch.zeros(1), ts.zeros(1), y, ty, ScalarType.Float32);
        Assert.All(ours.weight.grad![0].ToArray<float>(), v => Assert.Equal(0f, v)); // the padding row learns nothing
    }

    [Fact]
    public void Max_norm_renormalises_the_looked_up_rows_as_libtorch_does()
    {
        var (ours, theirs) = ModuleParity.Seeded(2, () => nn.Embedding(10, 4, max_norm: 1.0), () => ts.nn.Embedding(10, 4, max_norm: 1.0));
        Tensor y = ours.call(torch.tensor(Ids));
        ts.Tensor ty = theirs.call(ts.tensor(Ids));
        Oracle.AssertClose(ty, y, ScalarType.Float32, what: "lookup");
        Oracle.AssertClose(theirs.weight!, ours.weight, ScalarType.Float32, what: "table after renorm");
    }

    [Fact]
    public void From_pretrained_shares_the_table_and_freezes_it_unless_asked()
    {
        Tensor table = torch.arange(12, dtype: ScalarType.Float32).reshape(4, 3);
        var frozen = Embedding.from_pretrained(table, padding_idx: 1);
        Assert.False(frozen.weight.requires_grad);
        Assert.Equal([3f, 4f, 5f], frozen.call(torch.tensor(new long[] { 1 })).ToArray<float>()); // not zeroed
        var theirs = ts.nn.Embedding_from_pretrained(ts.arange(12, dtype: ts.ScalarType.Float32).reshape(4, 3), freeze: false);
        var ours = nn.Embedding_from_pretrained(table, freeze: false);
        Assert.True(ours.weight.requires_grad);
        Assert.Equal(theirs.state_dict().Keys, ours.state_dict().Keys);
        Bits.Equal(theirs.call(ts.tensor(new long[] { 3, 0 })).detach(), ours.call(torch.tensor(new long[] { 3, 0 })).detach(), "lookup");
        Assert.Equal("Embeddings parameter is expected to be 2-dimensional",
                     Assert.Throws<ArgumentException>(() => Embedding.from_pretrained(torch.zeros(3))).Message);
    }

    [Fact]
    public void An_index_out_of_range_is_rejected_and_nothing_changes()
    {
        var emb = nn.Embedding(10, 3, max_norm: 0.5);
        ModuleParity.ThrowsUnchanged<IndexOutOfRangeException>(emb, "index out of range in self", () => emb.call(torch.tensor(new long[] { 1, 10 })));
        Assert.Equal("Padding_idx must be within num_embeddings", Assert.Throws<ArgumentException>(() => nn.Embedding(10, 3, padding_idx: 10)).Message);
        Assert.Equal(9, nn.Embedding(10, 3, padding_idx: -1).padding_idx);
    }

    [Theory]
    [InlineData(EmbeddingBagMode.Sum), InlineData(EmbeddingBagMode.Mean)]
    public void EmbeddingBag_matches_torchsharp_from_the_same_seed(EmbeddingBagMode mode)
    {
        var (ours, theirs) = ModuleParity.Seeded(6, () => nn.EmbeddingBag(10, 3, mode: mode, padding_index: 2),
                                                 () => ts.nn.EmbeddingBag(10, 3, mode: (TorchSharp.EmbeddingBagMode)(int)mode, padding_index: 2));
        // LibTorch's C++ EmbeddingBag zeroes the padding row before drawing the table, leaving it random; PyTorch's
        // Python module (and ours) draw first and zero it after: the same draws, and only that row differs
        Assert.All(ours.weight[2].ToArray<float>(), v => Assert.Equal(0f, v));
        using (ts.no_grad()) theirs.weight![2].zero_();
        ModuleParity.SameState(ours, theirs);
        long[] offsets = [0, 3, 3, 5];
        Tensor y = ours.call(torch.tensor(Ids), torch.tensor(offsets));
        ts.Tensor ty = theirs.call(ts.tensor(Ids), ts.tensor(offsets));
        Oracle.AssertClose(ty, y, ScalarType.Float32, what: "bags");
        ModuleParity.SameBackward(ours, theirs, torch.zeros(1), ts.zeros(1), y, ty, ScalarType.Float32);
        Tensor y2 = ours.call(torch.tensor(Ids, [2, 4]));
        Oracle.AssertClose(theirs.call(ts.tensor(Ids, [2, 4])), y2, ScalarType.Float32, what: "2-d bags");
    }

    [Fact]
    public void Printout_is_pytorchs()
    {
        Assert.Equal("Embedding(10, 3)", nn.Embedding(10, 3).ToString());
        Assert.Equal("Embedding(10, 3, padding_idx=0, max_norm=1.0)", nn.Embedding(10, 3, padding_idx: 0, max_norm: 1).ToString());
        Assert.Equal("EmbeddingBag(10, 3, mode='mean')", nn.EmbeddingBag(10, 3).ToString());
        Assert.Equal("EmbeddingBag(10, 3, mode='sum', padding_idx=4)", nn.EmbeddingBag(10, 3, mode: EmbeddingBagMode.Sum, padding_index: 4).ToString());
    }
}
