using Autograd;

namespace Autograd.Tests;

/// <summary>Anomaly mode is process-wide, as PyTorch's: these tests run alone, after the parallel ones, so no other
/// test's deliberate NaN gradients meet it.</summary>
[CollectionDefinition("AnomalyMode", DisableParallelization = true)]
public class AnomalyModeCollection;

/// <summary>Anomaly mode: PyTorch's message naming the node whose backward produced NaN (engine.cpp's wording),
/// the forward call's stack trace attached, and nothing checked while off.</summary>
[Collection("AnomalyMode")]
public class AnomalyModeTests
{
    [Fact]
    public void A_nan_gradient_names_the_node_and_output_and_carries_the_forward_trace()
    {
        var a = torch.zeros(1, ScalarType.Float64).requires_grad_();
        var b = torch.zeros(1, ScalarType.Float64).requires_grad_();
        using (torch.autograd.detect_anomaly())
        {
            Assert.True(torch.autograd.is_anomaly_enabled());
            // (a / b) * 0: DivBackward0 receives 0, so d/da = 0 / b = 0 / 0 = NaN (its 0th output)
            Tensor y = (a / b * 0.0).sum();
            var ex = Assert.Throws<InvalidOperationException>(() => y.backward());
            Assert.Equal("Function 'DivBackward0' returned nan values in its 0th output.", ex.Message);
            Assert.Contains(nameof(A_nan_gradient_names_the_node_and_output_and_carries_the_forward_trace), (string)ex.Data["forward_stack_trace"]!);
            // a / a with 1 upstream: d/d(divisor) = -1 * 0 / 0^2 = NaN (1th output); 0th is 1 / 0 = inf, not NaN
            ex = Assert.Throws<InvalidOperationException>(() => (a / b).sum().backward());
            Assert.Equal("Function 'DivBackward0' returned nan values in its 1th output.", ex.Message);
        }
        Assert.False(torch.autograd.is_anomaly_enabled());
    }

    [Fact]
    public void Off_by_default_nan_gradients_pass_through()
    {
        torch.autograd.set_detect_anomaly(false);
        var a = torch.zeros(1, ScalarType.Float64).requires_grad_();
        (a / a * 0.0).sum().backward();
        Assert.True(double.IsNaN(a.grad!.item<double>()));
    }
}
