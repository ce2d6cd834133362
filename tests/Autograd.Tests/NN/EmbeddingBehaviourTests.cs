using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;

namespace Autograd.Tests;

/// <summary>embedding / embedding_bag against TorchSharp's modules (values, the weight's gradient, max_norm's
/// in-place renormalisation), and PyTorch's messages with nothing modified on a throw.</summary>
public class EmbeddingBehaviourTests
{
    private static readonly double[] s_w = [0.5, -1.25, 2, 0.75, 1.5, -0.5, 0.25, 3, -2, 1, 0.125, -0.75, 1.75, -3, 0.5];
    private static readonly long[] s_ids = [1, 3, 1, 0, 4, 2, 1, 3];

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(1L, null, false)]
    [InlineData(-2L, null, true)]
    [InlineData(null, 1.5, false)]
    [InlineData(3L, 2.0, true)]
    public void Embedding_matches_torchsharps_module(long? padding, double? maxNorm, bool byFreq)
    {
        Tensor w = torch.tensor(s_w, [5, 3], requires_grad: true);
        Tensor y = F.embedding(torch.tensor(s_ids, [2, 4]), w, padding, maxNorm, scale_grad_by_freq: byFreq);
        var m = ts.nn.Embedding_from_pretrained(ts.tensor(s_w, [5, 3]), freeze: false, padding_idx: padding, max_norm: maxNorm, scale_grad_by_freq: byFreq);
        ts.Tensor ty = m.call(ts.tensor(s_ids, [2, 4]));
        Oracle.AssertClose(ty, y, ScalarType.Float64, what: "forward");
        Oracle.AssertClose(m.weight!.detach(), w.detach(), ScalarType.Float64, what: "renormalised weight");
        double[] g = Enumerable.Range(0, 24).Select(i => Math.Sin(i)).ToArray();
        y.backward(torch.tensor(g, [2, 4, 3]));
        ty.backward([ts.tensor(g, [2, 4, 3])]);
        Oracle.AssertClose(m.weight!.grad!, w.grad!, ScalarType.Float64, what: "weight grad");
    }

    [Theory]
    [InlineData(EmbeddingBagMode.Sum, false, null, 6L)]
    [InlineData(EmbeddingBagMode.Mean, false, null, 6L)]
    [InlineData(EmbeddingBagMode.Mean, true, 3L, 8L)]
    [InlineData(EmbeddingBagMode.Sum, true, null, 8L)]
    [InlineData(EmbeddingBagMode.Sum, true, null, 6L)] // a last offset short of the input: LibTorch's last bag runs to the end
    public void Embedding_bag_matches_torchsharps_module(EmbeddingBagMode mode, bool lastOffset, long? padding, long last)
    {
        long[] offsets = [0, 3, 3, last];
        Tensor w = torch.tensor(s_w, [5, 3], requires_grad: true);
        Tensor y = F.embedding_bag(torch.tensor(s_ids), w, torch.tensor(offsets), mode: mode, include_last_offset: lastOffset, padding_idx: padding);
        var m = ts.nn.EmbeddingBag_from_pretrained(ts.tensor(s_w, [5, 3]), freeze: false, mode: (TorchSharp.EmbeddingBagMode)(int)mode,
                                                   include_last_offset: lastOffset, padding_index: padding ?? -1);
        ts.Tensor ty = m.call(ts.tensor(s_ids), ts.tensor(offsets));
        Oracle.AssertClose(ty, y, ScalarType.Float64, what: "forward");
        double[] g = Enumerable.Range(0, (int)y.numel()).Select(i => Math.Cos(i)).ToArray();
        y.backward(torch.tensor(g, y.shape));
        ty.backward([ts.tensor(g, ty.shape)]);
        Oracle.AssertClose(m.weight!.grad!, w.grad!, ScalarType.Float64, what: "weight grad");
    }

    [Fact]
    public void Out_of_range_index_throws_before_renormalising()
    {
        Tensor w = torch.tensor(s_w, [5, 3]);
        var ex = Assert.Throws<IndexOutOfRangeException>(() => F.embedding(torch.tensor(new long[] { 0, 5 }), w, max_norm: 0.1));
        Assert.Equal("index out of range in self", ex.Message);
        Assert.Equal(s_w, w.ToArray<double>());
        Assert.Throws<IndexOutOfRangeException>(() => F.embedding(torch.tensor(new long[] { -1 }), w));
    }

    [Fact]
    public void Embedding_rejects_float_indices_and_bad_padding()
    {
        Tensor w = torch.tensor(s_w, [5, 3]);
        var ex = Assert.Throws<ArgumentException>(() => F.embedding(torch.tensor(new float[] { 0 }), w));
        Assert.Equal("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding)", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => F.embedding(torch.tensor(new long[] { 0 }), w, padding_idx: 5));
        Assert.Equal("Padding_idx must be within num_embeddings", ex.Message);
    }

    [Fact]
    public void Embedding_bag_validates_offsets()
    {
        Tensor w = torch.tensor(s_w, [5, 3]);
        var ex = Assert.Throws<ArgumentException>(() => F.embedding_bag(torch.tensor(s_ids), w, torch.tensor(new long[] { 1, 3 })));
        Assert.Equal("offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, got 1", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => F.embedding_bag(torch.tensor(s_ids), w, torch.tensor(new long[] { 0, 9 })));
        Assert.Equal("offsets[-1] can not be greater than input's length 8, but got 9", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => F.embedding_bag(torch.tensor(s_ids, [2, 4]), w, per_sample_weights: torch.ones(2, 4, dtype: torch.float64)));
        Assert.StartsWith("embedding_bag: per_sample_weights was not None.", ex.Message);
    }
}
