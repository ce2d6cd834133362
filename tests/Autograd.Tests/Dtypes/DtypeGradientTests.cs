using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>float16 and bfloat16 leaves require grad and differentiate through ordinary ops; the gradients
/// have the leaf's dtype and agree with LibTorch's at that dtype's precision.</summary>
public class DtypeGradientTests
{
    private sealed record Case(string Name, Func<Tensor, Tensor, Tensor> Ours, Func<ts.Tensor, ts.Tensor, ts.Tensor> Theirs, int Ulps);

    // two roundings of a half-precision value apart at most: each library rounds the same float32 results
    // once per op, but may sum a reduction's terms in another order
    private static readonly Case[] Cases =
    [
        new("add_mul", (a, b) => (a * b + a).sum(), (a, b) => (a * b + a).sum(), 2),
        new("exp_div", (a, b) => (a.exp() / (b.abs() + 1)).sum(), (a, b) => (a.exp() / (b.abs() + 1)).sum(), 2),
        new("tanh_mean", (a, b) => a.tanh().mul(b).mean(), (a, b) => a.tanh().mul(b).mean(), 2),
        new("matmul", (a, b) => a.reshape(4, 5).matmul(b.reshape(5, 4)).sum(), (a, b) => a.reshape(4, 5).matmul(b.reshape(5, 4)).sum(), 2),
    ];

    public static TheoryData<string, ScalarType> Data()
    {
        var data = new TheoryData<string, ScalarType>();
        foreach (Case c in Cases)
            foreach (ScalarType t in new[] { ScalarType.Float16, ScalarType.BFloat16 })
                data.Add(c.Name, t);
        return data;
    }

    [Theory]
    [MemberData(nameof(Data))]
    public void Gradients_match_libtorch_at_the_dtypes_precision(string name, ScalarType dtype)
    {
        Case c = Cases.Single(x => x.Name == name);
        var rng = new Random(Oracle.Seed(name + dtype));
        double[] av = [.. Enumerable.Range(0, 20).Select(_ => rng.NextDouble() * 2 - 1)];
        double[] bv = [.. Enumerable.Range(0, 20).Select(_ => rng.NextDouble() * 2 - 1)];
        Tensor a = torch.tensor(av).to(dtype).requires_grad_(), b = torch.tensor(bv).to(dtype).requires_grad_();
        ts.Tensor ta = ts.tensor(av).to(Oracle.Ts(dtype)).detach().requires_grad_(), tb = ts.tensor(bv).to(Oracle.Ts(dtype)).detach().requires_grad_();
        Tensor y = c.Ours(a, b);
        ts.Tensor ty = c.Theirs(ta, tb);
        Assert.Equal(dtype, y.dtype);
        y.backward();
        ty.backward();
        DtypeCases.AssertUlps(ty.detach(), y.detach(), c.Ulps, $"{name} value", [DtypeCases.Values(y.detach().abs())[0] * 4]);
        foreach (var (ours, theirs, what) in new[] { (a.grad!, ta.grad!, "grad a"), (b.grad!, tb.grad!, "grad b") })
        {
            Assert.Equal(dtype, ours.dtype);
            double[] scale = DtypeCases.Values(ours.abs().max().expand(ours.shape).contiguous());
            DtypeCases.AssertUlps(theirs, ours, c.Ulps, $"{name} {what}", scale);
        }
    }
}
