using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>
/// A tensor whose history is replaced after retain_grad (an in-place op on it, a write through one of its views,
/// its base written so the view is regenerated, a custom Function marking it dirty) keeps its gradient for its
/// new value, as PyTorch moves the retains_grad hook to the new grad_fn (update_tensor_hooks_on_new_gradfn);
/// a hook registered with register_hook stays on the old node. Values are small integers in float64, so both
/// libraries' gradients are exact and compare bit for bit.
/// </summary>
public class RetainedHistoryTests
{
    /// <summary>A program from one leaf [1, 2, 3] to an output and the retained tensor, once per library.</summary>
    public sealed record Case(
        string Name, Func<Tensor, (Tensor Out, Tensor Kept)> Ours, Func<ts.Tensor, (ts.Tensor Out, ts.Tensor Kept)> Theirs)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases() =>
    [
        new("in-place op on the retained tensor",
            x => { var a = x * 2; a.retain_grad(); a.mul_(3); return (a * a, a); },
            x => { var a = x * 2; a.retain_grad(); a.mul_(3); return (a * a, a); }),
        new("retained view after its base was written",
            x => { var a = x * 1; var v = a.narrow(0, 0, 2); v.retain_grad(); a.mul_(3); return (v * v, v); },
            x => { var a = x * 1; var v = a.narrow(0, 0, 2); v.retain_grad(); a.mul_(3); return (v * v, v); }),
        new("retained view written in place",
            x => { var a = x * 1; var v = a.narrow(0, 1, 2); v.retain_grad(); v.mul_(2); return (v * v + a.sum(), v); },
            x => { var a = x * 1; var v = a.narrow(0, 1, 2); v.retain_grad(); v.mul_(2); return (v * v + a.sum(), v); }),
        new("retained base written through a view",
            x => { var a = x * x; a.retain_grad(); a.narrow(0, 0, 2).mul_(5); return (a * a, a); },
            x => { var a = x * x; a.retain_grad(); a.narrow(0, 0, 2).mul_(5); return (a * a, a); }),
        new("retained tensor written twice",
            x => { var a = x * 1; a.retain_grad(); a.add_(1); a.mul_(x); return (a * a, a); },
            x => { var a = x * 1; a.retain_grad(); a.add_(1); a.mul_(x); return (a * a, a); }),
    ];

    [Theory, MemberData(nameof(Cases))]
    public void The_gradient_kept_is_for_the_new_value(Case c)
    {
        Tensor x = torch.tensor(new double[] { 1, 2, 3 }).requires_grad_();
        ts.Tensor tx = ts.tensor(new double[] { 1, 2, 3 }).requires_grad_();
        var (y, kept) = c.Ours(x);
        var (ty, tkept) = c.Theirs(tx);
        Tensor weights = torch.arange(1, y.numel() + 1, ScalarType.Float64);
        (y * weights).sum().backward();
        (ty * Oracle.ToTorch(weights)).sum().backward();
        Assert.True(kept.retains_grad);
        Assert.Equal(Oracle.Values(tkept.grad!), kept.grad!.ToArray<double>());
        Assert.Equal(Oracle.Values(tx.grad!), x.grad!.ToArray<double>());
    }

    [Fact]
    public void A_hook_registered_before_an_in_place_op_sees_the_old_values_gradient()
    {
        // TorchSharp 0.107 has no hooks; by hand: a = 2x, then a *= 3, L = sum(a); dL/d(new a) = 1, and the old a's
        // node receives 3 * 1 = 3 (the gradient of mul_'s input); a hook registered after mul_ sees the 1
        Tensor x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        Tensor a = x * 2.0;
        double[]? before = null, after = null;
        a.register_hook(g => { before = g.ToArray<double>(); return null; });
        a.mul_(3.0);
        a.register_hook(g => { after = g.ToArray<double>(); return null; });
        a.sum().backward();
        Assert.Equal(new double[] { 3, 3 }, before);
        Assert.Equal(new double[] { 1, 1 }, after);
        Assert.Equal(new double[] { 6, 6 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void A_custom_function_marking_its_input_dirty_moves_the_retained_gradient()
    {
        // by hand: a = 2x, retained; Twice doubles a in place; L = sum(a * a) with a's new value 4x, so
        // dL/d(new a) = 2 * 4x = 8x = [8, 16] and dL/dx = 8x * 2 * 2 = [32, 64]
        Tensor x = torch.tensor(new double[] { 1, 2 }).requires_grad_();
        Tensor a = x * 2.0;
        a.retain_grad();
        Assert.Same(a, Twice.apply(a));
        (a * a).sum().backward();
        Assert.Equal(new double[] { 8, 16 }, a.grad!.ToArray<double>());
        Assert.Equal(new double[] { 32, 64 }, x.grad!.ToArray<double>());
    }

    private sealed class Twice : torch.autograd.SingleTensorFunction<Twice>
    {
        public override string Name => "Twice";
        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var a = (Tensor)vars[0];
            a.mul_(2.0);
            ctx.mark_dirty([a]);
            return a;
        }
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output) => [grad_output * 2.0];
    }
}
