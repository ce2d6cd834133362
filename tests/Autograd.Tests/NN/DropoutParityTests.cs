using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

/// <summary>Dropout masks are LibTorch's bit for bit: the same seed, the same input, the same result and
/// gradient in both libraries, and the generator in the same state afterwards.</summary>
public class DropoutParityTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (ScalarType t in new[] { ScalarType.Float32, ScalarType.Float64 })
            foreach (string kind in new[] { "dropout", "dropout1d", "dropout2d", "alpha_dropout" })
                foreach (long[] shape in new long[][] { [4, 6, 5], [8, 16, 3, 3], [3, 700] })
                {
                    if (kind == "dropout1d" && shape.Length == 4) continue;
                    yield return [kind, t, shape];
                }
    }

    [Theory, MemberData(nameof(Cases))]
    public void Mask_output_and_gradient_match_libtorch_for_a_seed(string kind, ScalarType dtype, long[] shape)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        double[] values = Enumerable.Range(0, (int)n).Select(i => Math.Sin(i * 0.37) * 2).ToArray();
        Tensor x = torch.tensor(values, shape).to(dtype).requires_grad_(true);
        ts.Tensor tx = ts.tensor(values, shape).to(Oracle.Ts(dtype)).detach().requires_grad_(true);
        const double p = 0.35;
        torch.manual_seed(77);
        ts.manual_seed(77);
        Tensor y = kind switch
        {
            "dropout" => F.dropout(x, p),
            "dropout1d" => F.dropout1d(x, p),
            "dropout2d" => F.dropout2d(x, p),
            _ => F.alpha_dropout(x, p, training: true),
        };
        ts.Tensor ty = kind switch
        {
            "dropout" => TF.dropout(tx, p),
            "dropout1d" => TF.dropout1d(tx, p),
            "dropout2d" => TF.dropout2d(tx, p),
            _ => TF.alpha_dropout(tx, p, training: true),
        };
        Bits.Equal(ty.detach(), y.detach(), "output");
        Bits.Equal(ts.rand(4, ts.float64), torch.rand(4, torch.float64), "stream afterwards");
        double[] g = Enumerable.Range(0, (int)n).Select(i => Math.Cos(i)).ToArray();
        y.backward(torch.tensor(g, shape).to(dtype));
        ty.backward([ts.tensor(g, shape).to(Oracle.Ts(dtype))]);
        Bits.Equal(tx.grad!, x.grad!, "gradient");
    }
}
