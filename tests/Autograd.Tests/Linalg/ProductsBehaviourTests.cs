using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>The products' misuse: the same first line of message as LibTorch, and grad_fn where PyTorch's is ours.</summary>
public class ProductsBehaviourTests
{
    private static string LibTorch(Action call) => Assert.ThrowsAny<Exception>(call).Message.Split('\n')[0];
    private static string Ours(Action call) => Assert.ThrowsAny<Exception>(call).Message;

    public static IEnumerable<object[]> Misuse() =>
        new (string, Action, Action)[]
        {
            ("addmm_shapes", () => torch.addmm(torch.zeros(2, 4), torch.zeros(2, 3), torch.zeros(2, 4)),
                () => ts.addmm(ts.zeros(2, 4), ts.zeros(2, 3), ts.zeros(2, 4), 1, 1)),
            ("addr_rank", () => torch.addr(torch.zeros(2, 4), torch.zeros(2, 1), torch.zeros(4)),
                () => ts.addr(ts.zeros(2, 4), ts.zeros(2, 1), ts.zeros(4))),
            ("addbmm_batches", () => torch.addbmm(torch.zeros(2, 4), torch.zeros(3, 2, 5), torch.zeros(2, 5, 4)),
                () => ts.addbmm(ts.zeros(2, 4), ts.zeros(3, 2, 5), ts.zeros(2, 5, 4))),
            ("addbmm_inner", () => torch.addbmm(torch.zeros(2, 4), torch.zeros(3, 2, 5), torch.zeros(3, 6, 4)),
                () => ts.addbmm(ts.zeros(2, 4), ts.zeros(3, 2, 5), ts.zeros(3, 6, 4))),
            ("tensordot_sizes", () => torch.tensordot(torch.zeros(2, 3), torch.zeros(4, 5), [1], [0]),
                () => ts.tensordot(ts.zeros(2, 3), ts.zeros(4, 5), [1L], [0L])),
            ("cross_size", () => torch.linalg.cross(torch.zeros(2, 4), torch.zeros(2, 4)),
                () => ts.linalg.cross(ts.zeros(2, 4), ts.zeros(2, 4))),
            ("cross_ranks", () => torch.linalg.cross(torch.zeros(2, 3), torch.zeros(3)),
                () => ts.linalg.cross(ts.zeros(2, 3), ts.zeros(3))),
            ("cdist_columns", () => torch.cdist(torch.zeros(2, 3), torch.zeros(2, 4)),
                () => ts.cdist(ts.zeros(2, 3), ts.zeros(2, 4))),
            ("cdist_rank", () => torch.cdist(torch.zeros(3), torch.zeros(2, 3)),
                () => ts.cdist(ts.zeros(3), ts.zeros(2, 3))),
            ("einsum_too_few", () => torch.einsum("ij,jk->ik", torch.zeros(2, 3)),
                () => ts.einsum("ij,jk->ik", ts.zeros(2, 3))),
            ("einsum_too_many", () => torch.einsum("ij->i", torch.zeros(2, 3), torch.zeros(2)),
                () => ts.einsum("ij->i", ts.zeros(2, 3), ts.zeros(2))),
            ("einsum_rank", () => torch.einsum("ijk->i", torch.zeros(2, 3)),
                () => ts.einsum("ijk->i", ts.zeros(2, 3))),
            ("einsum_ellipsis_rank", () => torch.einsum("ijk...->i", torch.zeros(2, 3)),
                () => ts.einsum("ijk...->i", ts.zeros(2, 3))),
            ("einsum_subscript", () => torch.einsum("i1->i", torch.zeros(2, 3)),
                () => ts.einsum("i1->i", ts.zeros(2, 3))),
            ("einsum_repeat_sizes", () => torch.einsum("ii->i", torch.zeros(2, 3)),
                () => ts.einsum("ii->i", ts.zeros(2, 3))),
            ("einsum_output_unknown", () => torch.einsum("ij->k", torch.zeros(2, 3)),
                () => ts.einsum("ij->k", ts.zeros(2, 3))),
            ("einsum_output_repeated", () => torch.einsum("ij->ii", torch.zeros(2, 3)),
                () => ts.einsum("ij->ii", ts.zeros(2, 3))),
        }.Select(c => new object[] { c.Item1, c.Item2, c.Item3 });

    [Theory]
    [MemberData(nameof(Misuse))]
    public void Misuse_has_libtorchs_message(string name, Action ours, Action theirs)
    {
        _ = name;
        Assert.Equal(LibTorch(theirs), Ours(ours));
    }

    [Fact]
    public void Addmm_with_beta_zero_ignores_nan_in_input()
    {
        Tensor y = torch.addmm(torch.full(2, 2, double.NaN), torch.eye(2), torch.ones(2, 2), beta: 0);
        Assert.Equal(new float[] { 1, 1, 1, 1 }, y.ToArray<float>());
    }

    [Fact]
    public void Addmm_with_unit_scales_is_AddmmBackward0()
    {
        Tensor a = torch.ones(2, 3, requires_grad: true);
        Assert.Equal("AddmmBackward0", torch.addmm(torch.ones(2, 2), a, torch.ones(3, 2)).grad_fn!.name());
    }
}
