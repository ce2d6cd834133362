using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>floor_divide is recorded but not differentiable in LibTorch: its result requires grad and a backward
/// pass through it throws LibTorch's error; values are div with floor rounding (the op table checks them).</summary>
public class FloorDivideTests
{
    private static string LibTorchError(Action backward)
    {
        var e = Assert.ThrowsAny<Exception>(backward);
        return e.Message.Split('\n')[0];
    }

    [Fact]
    public void Backward_through_floor_divide_throws_libtorchs_error()
    {
        foreach (bool inPlace in new[] { false, true })
            foreach (bool scalar in new[] { false, true })
            {
                Tensor a = torch.tensor(new double[] { 5, -7, 9 }).requires_grad_(), b = torch.tensor(new double[] { 2, 2, -4 });
                ts.Tensor ta = ts.tensor(new double[] { 5, -7, 9 }).requires_grad_(), tb = ts.tensor(new double[] { 2, 2, -4 });
                Tensor y = inPlace ? (scalar ? (a * 1).floor_divide_(2) : (a * 1).floor_divide_(b)) : scalar ? a.floor_divide(2) : a.floor_divide(b);
                ts.Tensor ty = inPlace ? (scalar ? (ta * 1).floor_divide_(2) : (ta * 1).floor_divide_(tb)) : scalar ? ta.floor_divide(2) : ta.floor_divide(tb);
                Assert.True(y.requires_grad);
                Assert.Equal(Oracle.Values(ty.detach()), y.detach().ToArray<double>());
                string theirs = LibTorchError(() => ty.sum().backward());
                Assert.Equal(theirs, Assert.Throws<InvalidOperationException>(() => y.sum().backward()).Message);
                Assert.Null(a.grad);
            }
    }

    [Fact]
    public void Floor_divide_without_grad_records_nothing()
    {
        Tensor a = torch.tensor(new double[] { 5, -7 }).requires_grad_();
        using (torch.no_grad()) Assert.False(a.floor_divide(2).requires_grad);
        Assert.False(torch.tensor(new double[] { 5, -7 }).floor_divide(2).requires_grad);
    }
}
