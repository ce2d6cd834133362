using Autograd;

namespace Autograd.Tests;

/// <summary>ToString prints like PyTorch. Expected strings are PyTorch 2.x's output for the same tensors
/// (its _tensor_str rules: 4 decimals, "2." for integral floats, sci mode past a 1000× range, widths
/// aligned, 80-column wrapping, summarised above 1000 elements).</summary>
public class FormatTests
{
    [Theory]
    [InlineData(new double[] { 2.5, 0.75 }, "tensor([2.5000, 0.7500])")]
    [InlineData(new double[] { 1, 2, 3 }, "tensor([1., 2., 3.])")]
    [InlineData(new double[] { -1.5, 2.25 }, "tensor([-1.5000,  2.2500])")]
    [InlineData(new double[] { 1e-5, 1.0 }, "tensor([1.0000e-05, 1.0000e+00])")]
    [InlineData(new double[] { double.NaN, 1.0, double.PositiveInfinity }, "tensor([nan, 1., inf])")]
    public void Float32_vectors(double[] values, string expected) =>
        Assert.Equal(expected, torch.tensor(values).to(torch.float32).ToString());

    [Fact]
    public void Zero_dim_and_dtype_suffixes()
    {
        Assert.Equal("tensor(2.)", torch.tensor(2.0f).ToString());
        Assert.Equal("tensor(1., dtype=torch.float64, requires_grad=True)", torch.tensor(1.0, requires_grad: true).ToString());
        Assert.Equal("tensor([1, 2, 3])", torch.tensor(new long[] { 1, 2, 3 }).ToString());
        Assert.Equal("tensor([ True, False])", torch.tensor(new[] { true, false }).ToString());
    }

    [Fact]
    public void Matrices_and_higher_dims()
    {
        Assert.Equal("tensor([[1., 2.],\n        [3., 4.]])", torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2).ToString());
        Assert.Equal("tensor([[[0., 0.]],\n\n        [[0., 0.]]])", torch.zeros(2, 1, 2).ToString());
    }

    [Fact]
    public void Empty_tensors()
    {
        Assert.Equal("tensor([])", torch.tensor(Array.Empty<float>()).ToString());
        Assert.Equal("tensor([], size=(0, 3))", torch.zeros(0, 3).ToString());
    }

    [Fact]
    public void Large_tensors_are_summarised()
    {
        // integral values within a 1000x range: "1000." style, edges of 3, a " ..." item
        Assert.Equal("tensor([1000., 1001., 1002.,  ..., 2997., 2998., 2999.])", torch.arange(1000.0, 3000.0).ToString());
        // a range past 1000x switches integral floats to scientific notation
        // ... and 7 items of width 10 exceed the 80-column line: 6 per line, continuation indented by 8
        Assert.Equal("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])", torch.arange(2000.0).ToString());
    }

    [Fact]
    public void History_suffixes()
    {
        var x = torch.tensor(new float[] { 0.5f, -1.25f }, requires_grad: true);
        Assert.Equal("tensor([ 0.5000, -1.2500], requires_grad=True)", x.ToString());
        Assert.Equal("tensor([2.5000, 0.7500], grad_fn=<AddBackward0>)", (x + 2).ToString());
    }
}
