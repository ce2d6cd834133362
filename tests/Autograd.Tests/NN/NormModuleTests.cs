using Autograd;
using Autograd.Modules;
using static Autograd.torch;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>LayerNorm, RMSNorm, GroupNorm, BatchNorm1d/2d and InstanceNorm2d modules: PyTorch's initial parameters and
/// buffers, the same outputs, gradients and running statistics as TorchSharp's modules over several training steps,
/// train vs eval, state_dict keys, printout, and bad input rejected with nothing changed.</summary>
public class NormModuleTests
{
    public static IEnumerable<object[]> Dtypes() => [[ScalarType.Float32], [ScalarType.Float64]];

    [Theory, MemberData(nameof(Dtypes))]
    public void LayerNorm_matches_torchsharp(ScalarType dtype)
    {
        var (ours, theirs) = ModuleParity.Seeded(1, () => nn.LayerNorm([4, 5], dtype: dtype), () => ts.nn.LayerNorm([4, 5], dtype: Oracle.Ts(dtype)));
        ModuleParity.SameState(ours, theirs);
        ModuleParity.Randomize(ours, theirs, "layernorm");
        ModuleParity.SameForwardBackward(ours, theirs, "layernorm", dtype, 3, 4, 5);
        var noBias = nn.LayerNorm(5, bias: false);
        Assert.Equal(["weight"], noBias.state_dict().Keys);
        Assert.Empty(nn.LayerNorm(5, elementwise_affine: false).parameters());
    }

    [Theory, MemberData(nameof(Dtypes))]
    public void RMSNorm_matches_libtorchs_definition(ScalarType dtype)
    {
        // TorchSharp 0.107 has no RMSNorm: the reference is PyTorch's definition, x * rsqrt(mean(x^2) + eps) * weight
        var m = nn.RMSNorm([5], eps: 1e-3, dtype: dtype);
        Assert.Equal(["weight"], m.state_dict().Keys);
        Assert.All(m.weight.to(ScalarType.Float64).ToArray<double>(), v => Assert.Equal(1.0, v));
        var weight = ts.tensor(Enumerable.Range(0, 5).Select(i => 0.5 + 0.1 * i).ToArray()).to(Oracle.Ts(dtype)).requires_grad_(true);
        using (torch.no_grad()) m.weight.copy_(torch.tensor(Enumerable.Range(0, 5).Select(i => 0.5 + 0.1 * i).ToArray()).to(dtype));
        var (x, tx) = ModuleParity.Input("rmsnorm", dtype, 3, 5);
        Tensor y = m.call(x);
        ts.Tensor ty = tx * ts.rsqrt(tx.pow(2).mean([-1], keepdim: true) + 1e-3) * weight;
        Oracle.AssertClose(ty, y, dtype, what: "output");
        y.pow(2).sum().backward();
        ty.pow(2).sum().backward();
        Oracle.AssertClose(tx.grad!, x.grad!, dtype, what: "input grad");
        Oracle.AssertClose(weight.grad!, m.weight.grad!, dtype, what: "weight grad");
    }

    [Fact]
    public void GroupNorm_starts_at_pytorchs_ones_and_zeros_and_matches_torchsharp()
    {
        var ours = nn.GroupNorm(2, 6);
        // TorchSharp's GroupNorm leaves its parameters uninitialised; PyTorch's reset_parameters sets ones and zeros
        Assert.All(ours.weight.ToArray<float>(), v => Assert.Equal(1f, v));
        Assert.All(ours.bias!.ToArray<float>(), v => Assert.Equal(0f, v));
        var theirs = ts.nn.GroupNorm(2, 6);
        Assert.Equal(theirs.state_dict().Keys, ours.state_dict().Keys);
        ModuleParity.Randomize(ours, theirs, "groupnorm");
        ModuleParity.SameForwardBackward(ours, theirs, "groupnorm", ScalarType.Float32, 2, 6, 3, 4);
        Assert.Equal("num_channels must be divisible by num_groups", Assert.Throws<ArgumentException>(() => nn.GroupNorm(4, 6)).Message);
    }

    public static IEnumerable<object[]> BatchNormCases()
    {
        foreach (ScalarType t in new[] { ScalarType.Float32, ScalarType.Float64 })
            foreach (bool cumulative in new[] { false, true })
            {
                yield return [2, t, cumulative];
                yield return [1, t, cumulative];
            }
    }

    [Theory, MemberData(nameof(BatchNormCases))]
    public void BatchNorm_running_statistics_follow_torchsharp_over_training_steps(int rank, ScalarType dtype, bool cumulative)
    {
        var (ours, theirs) = rank == 2
            ? ModuleParity.Seeded<NormBase, TorchSharp.Modules.NormBase>(3, () => nn.BatchNorm2d(4, momentum: cumulative ? null : 0.3, dtype: dtype),
                                                                        () => ts.nn.BatchNorm2d(4, momentum: 0.3, dtype: Oracle.Ts(dtype)))
            : ModuleParity.Seeded<NormBase, TorchSharp.Modules.NormBase>(3, () => nn.BatchNorm1d(4, momentum: cumulative ? null : 0.3, dtype: dtype),
                                                                        () => ts.nn.BatchNorm1d(4, momentum: 0.3, dtype: Oracle.Ts(dtype)));
        if (cumulative) theirs.momentum = null;
        Assert.Equal(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"], ours.state_dict().Keys);
        ModuleParity.SameState(ours, theirs);
        ModuleParity.Randomize(ours, theirs, "bn");
        long[] shape = rank == 2 ? [3, 4, 2, 5] : [6, 4, 3];
        for (int step = 0; step < 3; step++)
        {
            var (x, tx) = ModuleParity.Input($"bn{step}", dtype, shape);
            Tensor y = ours.call(x.mul(step + 1).add(step));
            ts.Tensor ty = theirs.call(tx.mul(step + 1).add(step));
            Oracle.AssertClose(ty, y, dtype, what: $"step {step} output");
            ModuleParity.SameBackward(ours, theirs, x, tx, y, ty, dtype);
            Oracle.AssertClose(theirs.running_mean!, ours.running_mean!, dtype, what: $"step {step} running_mean");
            Oracle.AssertClose(theirs.running_var!, ours.running_var!, dtype, what: $"step {step} running_var");
            Assert.Equal(step + 1, ours.num_batches_tracked!.item<long>());
        }
        ours.eval();
        theirs.eval();
        var (xe, txe) = ModuleParity.Input("bn-eval", dtype, shape);
        Tensor ye = ours.call(xe);
        Oracle.AssertClose(theirs.call(txe), ye, dtype, what: "eval output");
        Assert.Equal(3, ours.num_batches_tracked!.item<long>()); // evaluation counts nothing
    }

    [Fact]
    public void BatchNorm_without_running_statistics_normalises_by_the_batch_in_eval_mode()
    {
        var ours = nn.BatchNorm1d(3, track_running_stats: false, affine: false);
        var theirs = ts.nn.BatchNorm1d(3, track_running_stats: false, affine: false);
        Assert.Empty(ours.state_dict());
        Assert.Equal(theirs.state_dict().Keys, ours.state_dict().Keys);
        ours.eval();
        theirs.eval();
        ModuleParity.SameForwardBackward(ours, theirs, "bn-nostats", ScalarType.Float64, 5, 3);
    }

    [Fact]
    public void InstanceNorm2d_matches_torchsharp_in_training_and_evaluation()
    {
        var ours = nn.InstanceNorm2d(3, affine: true, track_running_stats: true, dtype: ScalarType.Float64);
        var theirs = ts.nn.InstanceNorm2d(3, affine: true, track_running_stats: true, dtype: ts.ScalarType.Float64);
        ModuleParity.SameState(ours, theirs);
        ModuleParity.Randomize(ours, theirs, "in");
        ModuleParity.SameForwardBackward(ours, theirs, "in-train", ScalarType.Float64, 2, 3, 4, 5);
        Oracle.AssertClose(theirs.running_mean!, ours.running_mean!, ScalarType.Float64, what: "running_mean");
        Oracle.AssertClose(theirs.running_var!, ours.running_var!, ScalarType.Float64, what: "running_var");
        ModuleParity.SameForwardBackward(ours, theirs, "in-unbatched", ScalarType.Float64, 3, 4, 5);
        ours.eval();
        theirs.eval();
        ModuleParity.SameForwardBackward(ours, theirs, "in-eval", ScalarType.Float64, 2, 3, 4, 5);
        Assert.Empty(nn.InstanceNorm2d(3).state_dict());
    }

    [Fact]
    public void Printout_is_pytorchs()
    {
        Assert.Equal("BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", nn.BatchNorm2d(16).ToString());
        Assert.Equal("BatchNorm1d(8, eps=0.001, momentum=None, affine=False, track_running_stats=True)",
                     nn.BatchNorm1d(8, eps: 1e-3, momentum: null, affine: false).ToString());
        Assert.Equal("InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False)", nn.InstanceNorm2d(3).ToString());
        Assert.Equal("LayerNorm((512,), eps=1e-05, elementwise_affine=True)", nn.LayerNorm(512).ToString());
        Assert.Equal("LayerNorm((4, 5), eps=1e-06, elementwise_affine=False)", nn.LayerNorm([4, 5], eps: 1e-6, elementwise_affine: false).ToString());
        Assert.Equal("RMSNorm((4,), eps=None, elementwise_affine=True)", nn.RMSNorm(4).ToString());
        Assert.Equal("GroupNorm(2, 4, eps=1e-05, affine=True)", nn.GroupNorm(2, 4).ToString());
    }

    [Fact]
    public void BatchNorm_bad_input_is_rejected_and_counts_nothing()
    {
        var bn = nn.BatchNorm2d(4);
        ModuleParity.ThrowsUnchanged<ArgumentException>(bn, "expected 4D input (got 3D input)", () => bn.call(torch.rand(4, 5, 5)));
        Assert.Equal("expected 2D or 3D input (got 4D input)",
                     Assert.Throws<ArgumentException>(() => nn.BatchNorm1d(4).call(torch.rand(2, 4, 5, 5))).Message);
        // a channel mismatch is caught by batch_norm itself, before the batch is counted
        Assert.ThrowsAny<ArgumentException>(() => bn.call(torch.rand(2, 3, 5, 5)));
        Assert.Equal(0, bn.num_batches_tracked!.item<long>());
        ModuleParity.ThrowsUnchanged<ArgumentException>(bn, "Expected more than 1 value per channel when training, got input size torch.Size([1, 4, 1, 1])",
                                                        () => bn.call(torch.rand(1, 4, 1, 1)));
        Assert.Equal("expected input's size at dim=1 to match num_features (3), but got: 2.",
                     Assert.Throws<ArgumentException>(() => nn.InstanceNorm2d(3, affine: true).call(torch.rand(1, 2, 4, 4))).Message);
    }

    [Fact]
    public void BatchNorm_buffers_follow_the_module_to_another_dtype_and_load_from_a_state_dict()
    {
        var bn = nn.BatchNorm1d(3);
        bn.call(torch.rand(4, 3));
        bn.to(ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, bn.running_mean!.dtype);
        Assert.Equal(ScalarType.Int64, bn.num_batches_tracked!.dtype);
        var copy = nn.BatchNorm1d(3, dtype: ScalarType.Float64);
        copy.load_state_dict(bn.state_dict());
        Assert.True(torch.equal(bn.running_var!, copy.running_var!));
        Assert.Equal(1, copy.num_batches_tracked!.item<long>());
    }
}
