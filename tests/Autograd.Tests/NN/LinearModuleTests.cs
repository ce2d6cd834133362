using Autograd;
using static Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Linear and the shape-only containers against TorchSharp's modules: the same weights from the same seed
/// (bits), outputs and gradients, and PyTorch's message for an input of the wrong feature size.</summary>
public class LinearModuleTests
{
    public static IEnumerable<object[]> Dtypes() => [[ScalarType.Float32], [ScalarType.Float64]];

    [Theory, MemberData(nameof(Dtypes))]
    public void Linear_matches_torchsharp_from_the_same_seed(ScalarType dtype)
    {
        var (lin, tlin) = ModuleParity.Seeded(21, () => nn.Linear(7, 5, dtype: dtype), () => ts.nn.Linear(7, 5, dtype: Oracle.Ts(dtype)));
        ModuleParity.SameState(lin, tlin);
        ModuleParity.SameForwardBackward(lin, tlin, "linear-3d-" + dtype, dtype, 2, 3, 7);
        var (nob, tnob) = ModuleParity.Seeded(22, () => nn.Linear(4, 3, hasBias: false, dtype: dtype),
                                              () => ts.nn.Linear(4, 3, hasBias: false, dtype: Oracle.Ts(dtype)));
        ModuleParity.SameState(nob, tnob);
        ModuleParity.SameForwardBackward(nob, tnob, "linear-nobias-" + dtype, dtype, 4);
    }

    [Fact]
    public void Linear_on_the_wrong_feature_size_has_pytorchs_message_and_changes_nothing()
    {
        var lin = nn.Linear(784, 128);
        var tlin = ts.nn.Linear(784, 128);
        const string expected = "mat1 and mat2 shapes cannot be multiplied (32x100 and 784x128)";
        ModuleParity.ThrowsUnchanged<ArgumentException>(lin, expected, () => lin.call(torch.rand(32, 100)));
        Assert.StartsWith(expected, Assert.ThrowsAny<Exception>(() => tlin.call(ts.rand(32, 100))).Message);
        // a batched input is flattened to rows first, as LibTorch's message shows
        const string batched = "mat1 and mat2 shapes cannot be multiplied (64x100 and 784x128)";
        ModuleParity.ThrowsUnchanged<ArgumentException>(lin, batched, () => lin.call(torch.rand(2, 32, 100)));
        Assert.StartsWith(batched, Assert.ThrowsAny<Exception>(() => tlin.call(ts.rand(2, 32, 100))).Message);
        // matmul folds a batch times a matrix into one mm, and so reports an mm mismatch; a batch whose rows are not
        // one view (a transposed batch) is not folded and goes through bmm, with bmm's message. (TorchSharp's matmul
        // does not turn LibTorch's error into an exception, it ends the process: the references are LibTorch's
        // Linear above and the bmm check in LibTorch's source.)
        Assert.Equal(batched, Assert.Throws<ArgumentException>(() => torch.rand(2, 32, 100).matmul(torch.rand(784, 128))).Message);
        Assert.Equal("Expected size for first two dimensions of batch2 tensor to be: [2, 100] but got: [2, 784].",
                     Assert.Throws<ArgumentException>(() => torch.rand(32, 2, 100).transpose(0, 1).matmul(torch.rand(784, 128))).Message);
    }

    [Fact]
    public void Shape_containers_match_torchsharp()
    {
        ModuleParity.SameForwardBackward(nn.Flatten(), ts.nn.Flatten(), "flatten", ScalarType.Float64, 2, 3, 4);
        ModuleParity.SameForwardBackward(nn.Flatten(0, 1), ts.nn.Flatten(0, 1), "flatten01", ScalarType.Float64, 2, 3, 4);
        ModuleParity.SameForwardBackward(nn.Unflatten(1, [2, 3]), ts.nn.Unflatten(1, [2, 3]), "unflatten", ScalarType.Float64, 4, 6);
        ModuleParity.SameForwardBackward(nn.Identity(), ts.nn.Identity(), "identity", ScalarType.Float64, 3, 2);
        var seq = nn.Sequential(nn.Flatten(), nn.Identity(), nn.Unflatten(1, [3, 4]));
        var tseq = ts.nn.Sequential(ts.nn.Flatten(), ts.nn.Identity(), ts.nn.Unflatten(1, [3, 4]));
        ModuleParity.SameForwardBackward(seq, tseq, "shape-seq", ScalarType.Float32, 2, 3, 2, 2);
    }
}
