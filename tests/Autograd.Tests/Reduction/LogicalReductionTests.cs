using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>all / any beyond the dtype table: NaN counts as nonzero, 0-d inputs along dim 0 or -1, and LibTorch's
/// message for a dim out of range.</summary>
public class LogicalReductionTests
{
    private static readonly float[] Values = [0, float.NaN, 1, 2, 0, 0, -0f, 3];

    [Fact]
    public void Nan_is_nonzero_and_0_d_inputs_reduce_along_their_one_dim()
    {
        Tensor x = torch.tensor(Values, [2, 4]);
        ts.Tensor y = ts.tensor(Values, [2, 4]);
        foreach ((Tensor ours, ts.Tensor theirs) in new[] { (x.all(1), y.all(1)), (x.any(0), y.any(0)), (x.all(-1, true), y.all(-1, true)) })
        {
            Assert.Equal(theirs.shape, ours.shape);
            Assert.Equal(theirs.data<bool>().ToArray(), ours.ToArray<bool>());
        }
        foreach (long dim in new long[] { 0, -1 })
        {
            Assert.Empty(torch.tensor(3f).any(dim).shape);
            Assert.Equal(ts.tensor(0f).all(dim).item<bool>(), torch.tensor(0f).all(dim).item<bool>());
        }
        string theirMessage = Assert.ThrowsAny<Exception>(() => ts.zeros(2, 3).any(2)).Message.Split('\n')[0];
        Assert.Equal(theirMessage, Assert.Throws<IndexOutOfRangeException>(() => torch.zeros(2, 3).any(2)).Message);
    }
}
