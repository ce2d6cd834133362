using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Matrix products: PyTorch's error messages, grad_fn names, double backward, larger shapes.</summary>
public class LinalgBehaviourTests
{
    [Fact]
    public void Mm_shape_mismatch_has_pytorchs_message()
    {
        var e = Assert.Throws<ArgumentException>(() => torch.zeros(2, 3).mm(torch.zeros(4, 5)));
        Assert.Equal("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", e.Message);
        var m = Assert.Throws<ArgumentException>(() => torch.zeros(2, 3).matmul(torch.zeros(4, 5)));
        Assert.Equal("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", m.Message);
    }

    [Fact]
    public void Dot_size_mismatch_has_pytorchs_message()
    {
        var e = Assert.Throws<ArgumentException>(() => torch.zeros(3).dot(torch.zeros(4)));
        Assert.Equal("inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively", e.Message);
    }

    [Fact]
    public void Bmm_batch_mismatch_has_pytorchs_message()
    {
        var e = Assert.Throws<ArgumentException>(() => torch.zeros(2, 3, 4).bmm(torch.zeros(3, 4, 5)));
        Assert.Equal("Expected size for first two dimensions of batch2 tensor to be: [2, 4] but got: [3, 4].", e.Message);
    }

    [Fact]
    public void Matmul_of_a_0d_tensor_throws() =>
        Assert.Throws<ArgumentException>(() => torch.tensor(1.0).matmul(torch.zeros(3)));

    [Fact]
    public void Matmul_dtype_mismatch_throws() =>
        Assert.Throws<ArgumentException>(() => torch.zeros(2, 2).matmul(torch.zeros(2, 2, dtype: ScalarType.Float64)));

    [Fact]
    public void Grad_fns_are_named_as_in_pytorch()
    {
        var a = torch.ones(2, 3, requires_grad: true);
        Assert.Equal("MmBackward0", a.mm(torch.ones(3, 2)).grad_fn!.name());
        Assert.Equal("BmmBackward0", a.unsqueeze(0).bmm(torch.ones(1, 3, 2)).grad_fn!.name());
        Assert.Equal("DotBackward0", a[0].dot(torch.ones(3)).grad_fn!.name());
    }

    // PyTorch's linear on a matrix with a bias is addmm(bias, input, weight.t()): grad_fn AddmmBackward0,
    // whose next functions are the bias's AccumulateGrad, the input's (None for a constant) and TBackward0
    [Fact]
    public void Linear_with_a_bias_on_a_matrix_is_addmm_as_in_pytorch()
    {
        Tensor w = torch.ones(4, 3, requires_grad: true), b = torch.ones(4, requires_grad: true);
        Tensor y = torch.nn.functional.linear(torch.ones(2, 3), w, b);
        Assert.Equal("AddmmBackward0", y.grad_fn!.name());
        var next = y.grad_fn.next_functions;
        Assert.Equal(3, next.Count);
        Assert.Equal("torch::autograd::AccumulateGrad", next[0].Function!.name());
        Assert.Null(next[1].Function);
        Assert.Equal("TBackward0", next[2].Function!.name());
        // without a bias, and with a vector input, PyTorch has no addmm either
        Assert.Equal("MmBackward0", torch.nn.functional.linear(torch.ones(2, 3), w).grad_fn!.name());
        Assert.Equal("AddBackward0", torch.nn.functional.linear(torch.ones(3), w, b).grad_fn!.name());
    }

    [Fact]
    public void Larger_broadcast_batched_matmul_matches_libtorch()
    {
        var rng = new Random(7);
        double[] av = Enumerable.Range(0, 3 * 1 * 33 * 17).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] bv = Enumerable.Range(0, 4 * 17 * 9).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var a = torch.tensor(av, [3, 1, 33, 17], requires_grad: true);
        var b = torch.tensor(bv, [4, 9, 17]).transpose(1, 2).detach().requires_grad_(true);
        var ta = ts.tensor(av, [3, 1, 33, 17]).requires_grad_(true);
        var tb = ts.tensor(bv, [4, 9, 17]).transpose(1, 2).detach().requires_grad_(true);
        Tensor y = a.matmul(b);
        ts.Tensor ty = ta.matmul(tb);
        Oracle.AssertClose(ty, y, ScalarType.Float64, 1e-10);
        y.pow(2).sum().backward();
        ty.pow(2).sum().backward();
        Oracle.AssertClose(ta.grad!, a.grad!, ScalarType.Float64, 1e-10, "grad a");
        Oracle.AssertClose(tb.grad!, b.grad!, ScalarType.Float64, 1e-10, "grad b");
    }

    [Fact]
    public void Matmul_double_backward_matches_libtorch()
    {
        double[] av = [0.5, -1, 2, 0.3, 1.1, -0.7], bv = [1, 2, -0.5, 0.25, 3, -1];
        var a = torch.tensor(av, [2, 3], requires_grad: true);
        var b = torch.tensor(bv, [3, 2], requires_grad: true);
        a.matmul(b).pow(2).sum().backward((Tensor?)null, create_graph: true);
        Tensor ga = a.grad!;
        a.grad = null;
        b.grad = null;
        ga.pow(2).sum().backward();
        var ta = ts.tensor(av, [2, 3]).requires_grad_(true);
        var tb = ts.tensor(bv, [3, 2]).requires_grad_(true);
        ts.Tensor tga = ts.autograd.grad([ta.matmul(tb).pow(2).sum()], [ta], retain_graph: true, create_graph: true)[0];
        tga.pow(2).sum().backward();
        Oracle.AssertClose(ta.grad!, a.grad!, ScalarType.Float64, 1e-10, "d2/da");
        Oracle.AssertClose(tb.grad!, b.grad!, ScalarType.Float64, 1e-10, "d2/db");
    }
}
