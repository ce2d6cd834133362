using Autograd;
using fwAD = Autograd.torch.autograd.forward_ad;

namespace Autograd.Tests;

/// <summary>
/// torch.autograd.forward_ad: levels, make_dual / unpack_dual and their refusals with PyTorch's messages
/// (torch/autograd/forward_ad.py, VariableTypeManual.cpp's _make_dual, autograd_meta.cpp's set_fw_grad,
/// forward_grad.cpp). TorchSharp 0.107 has no forward AD, so expected values are hand-derived.
/// </summary>
public class ForwardADTests
{
    private static Tensor T(params double[] v) => torch.tensor(v);

    [Fact]
    public void Tangent_of_a_product_is_the_product_rule()
    {
        using var level = fwAD.dual_level();
        Assert.Equal(0, level.level);
        Tensor x = fwAD.make_dual(T(1, 2, 3), T(1, 0, -1));
        Tensor y = x.mul(x).add(x.exp());
        var (primal, tangent) = fwAD.unpack_dual(y);
        // d(x² + eˣ) = (2x + eˣ) dx
        Tensor expected = T(1, 2, 3).mul(2).add(T(1, 2, 3).exp()).mul(T(1, 0, -1));
        Assert.True(torch.allclose(tangent!, expected, rtol: 1e-12, atol: 0));
        Assert.True(torch.allclose(primal, T(1, 2, 3).mul(T(1, 2, 3)).add(T(1, 2, 3).exp())));
        Assert.False(y.requires_grad);
    }

    [Fact]
    public void Tangents_are_dropped_when_the_level_exits()
    {
        Tensor y;
        Tensor tangent = T(1, 1);
        using (fwAD.dual_level())
        {
            Tensor x = fwAD.make_dual(T(1, 2), tangent);
            Assert.Same(tangent, fwAD.unpack_dual(x).tangent); // same layout: used as-is
            y = x.sin();
            Assert.NotNull(fwAD.unpack_dual(y).tangent);
        }
        var (p, t) = fwAD.unpack_dual(y);
        Assert.Same(y, p);
        Assert.Null(t);
        using (fwAD.dual_level()) Assert.Null(fwAD.unpack_dual(y).tangent);
    }

    [Fact]
    public void A_tangent_with_another_layout_is_copied()
    {
        using var _ = fwAD.dual_level();
        Tensor tangent = torch.tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]).t();
        Tensor x = fwAD.make_dual(torch.zeros(3, 2, dtype: ScalarType.Float64), tangent);
        Tensor stored = fwAD.unpack_dual(x).tangent!;
        Assert.NotSame(tangent, stored);
        Assert.True(torch.equal(stored, tangent));
    }

    [Fact]
    public void Nesting_a_level_throws()
    {
        using var _ = fwAD.dual_level();
        var e = Assert.Throws<InvalidOperationException>(() => fwAD.dual_level());
        Assert.Equal("Nested forward mode AD is not supported at the moment", e.Message);
    }

    [Fact]
    public void Exiting_a_level_that_is_not_open_throws()
    {
        var e = Assert.Throws<InvalidOperationException>(() => fwAD.exit_dual_level(level: 0));
        Assert.Equal("Trying to exit a forward AD level that was not the last one that was created. This is not supported.", e.Message);
        long lvl = fwAD.enter_dual_level();
        fwAD.exit_dual_level();
        Assert.Equal(0, lvl);
    }

    [Fact]
    public void Make_dual_outside_a_level_throws()
    {
        var e = Assert.Throws<InvalidOperationException>(() => fwAD.make_dual(T(1), T(1)));
        Assert.Equal("Trying to create a dual Tensor for forward AD but no level exists, make sure to enter_dual_level() first.", e.Message);
    }

    [Fact]
    public void Make_dual_refuses_integer_primal_and_tangent()
    {
        using var _ = fwAD.dual_level();
        var e = Assert.Throws<ArgumentException>(() => fwAD.make_dual(torch.tensor(new long[] { 1 }), T(1)));
        Assert.Equal("Expected primal to be floating point or complex, but got: torch.int64", e.Message);
        e = Assert.Throws<ArgumentException>(() => fwAD.make_dual(T(1), torch.tensor(new int[] { 1 })));
        Assert.Equal("Expected tangent to be floating point or complex, but got: torch.int32", e.Message);
    }

    [Fact]
    public void Make_dual_refuses_a_tangent_of_another_size()
    {
        using var _ = fwAD.dual_level();
        var e = Assert.Throws<ArgumentException>(() => fwAD.make_dual(torch.rand(2), torch.rand(3)));
        Assert.Equal("Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. " +
                     "Tensor is of size [2] while the given forward gradient is of size [3].", e.Message);
    }

    [Fact]
    public void Make_dual_refuses_a_primal_or_tangent_that_is_already_dual()
    {
        using var _ = fwAD.dual_level();
        Tensor d = fwAD.make_dual(T(1), T(1));
        var e = Assert.Throws<InvalidOperationException>(() => fwAD.make_dual(d, T(1)));
        Assert.Equal("Making a dual Tensor based on a Tensor that already has a forward gradient at the same level 0 is not supported.", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => fwAD.make_dual(T(2), d));
        Assert.Equal("Setting a forward grad that itself has a forward gradient at the same level0 is not supported.", e.Message);
        e = Assert.Throws<InvalidOperationException>(() => fwAD.make_dual(T(2), T(1), level: 1));
        Assert.Equal("Invalid level given to _make_dual", e.Message);
    }

    [Fact]
    public void Make_dual_is_backward_differentiable_and_tangents_can_require_grad()
    {
        using var _ = fwAD.dual_level();
        Tensor x = T(0.5, 1.5).requires_grad_();
        Tensor v = T(1, 2).requires_grad_();
        Tensor d = fwAD.make_dual(x, v);
        Assert.Equal("ViewBackward0", d.grad_fn!.name());
        Tensor jvp = fwAD.unpack_dual(d.mul(d)).tangent!; // 2 x v
        // reverse over forward: d(sum 2xv)/dx = 2v, d/dv = 2x
        var grads = torch.autograd.grad([jvp.sum()], [x, v]);
        Assert.True(torch.allclose(grads[0]!, T(2, 4)));
        Assert.True(torch.allclose(grads[1]!, T(1, 3)));
    }

    [Fact]
    public void In_place_ops_on_a_dual_tensor_update_its_tangent()
    {
        using var _ = fwAD.dual_level();
        Tensor x = fwAD.make_dual(T(1, 2), T(1, 1)).clone();
        x.mul_(T(3, 4));
        Assert.True(torch.allclose(fwAD.unpack_dual(x).tangent!, T(3, 4)));
        x.zero_();
        Assert.True(torch.allclose(fwAD.unpack_dual(x).tangent!, T(0, 0)));
        Tensor y = T(5, 6);
        y.add_(fwAD.make_dual(T(1, 1), T(2, 3)));
        Assert.True(torch.allclose(fwAD.unpack_dual(y).tangent!, T(2, 3)));
    }

    [Fact]
    public void Out_functions_refuse_dual_operands_before_writing()
    {
        using var _ = fwAD.dual_level();
        Tensor x = fwAD.make_dual(T(1, 2), T(1, 1)), result = T(0, 0);
        var e = Assert.Throws<NotImplementedException>(() => torch.add(x, T(3, 4), result));
        Assert.Equal("Trying to use forward AD with add_out that does not support it because it is an out= function", e.Message);
        Assert.True(torch.equal(result, T(0, 0)));
        Tensor m = fwAD.make_dual(torch.eye(2, dtype: ScalarType.Float64), torch.ones(2, 2, dtype: ScalarType.Float64));
        Tensor into = torch.zeros(2, 2, dtype: ScalarType.Float64);
        e = Assert.Throws<NotImplementedException>(() => torch.mm(m, m, into));
        Assert.Equal("Trying to use forward AD with mm_out that does not support it because it is an out= function", e.Message);
        Assert.True(torch.equal(into, torch.zeros(2, 2, dtype: ScalarType.Float64)));
    }

    [Fact]
    public void A_custom_function_without_jvp_is_refused()
    {
        using var _ = fwAD.dual_level();
        Tensor x = fwAD.make_dual(T(1), T(1));
        var e = Assert.Throws<NotImplementedException>(() => Square.apply(x));
        Assert.Equal("You must implement the jvp function for custom autograd.Function to use it with forward mode AD.", e.Message);
    }

    private sealed class Square : torch.autograd.SingleTensorFunction<Square>
    {
        public override string Name => "Square";
        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars) => ((Tensor)vars[0]).mul((Tensor)vars[0]);
        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor g) => [g];
    }

    [Fact]
    public void Forward_mode_jacobian_equals_reverse_mode_jacobian()
    {
        Tensor x = torch.tensor(new double[] { 0.5, -1, 2 }), y = torch.tensor(new double[] { 1.5, 0.25 });
        Func<Tensor[], Tensor[]> f = t => [t[0].sin().unsqueeze(1).mul(t[1]), t[0].sum().mul(t[1].exp())];
        Tensor[][] forward = torch.autograd.functional.jacobian(f, new List<Tensor> { x, y }, vectorize: true, strategy: "forward-mode");
        Tensor[][] reverse = torch.autograd.functional.jacobian(f, new List<Tensor> { x, y });
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 2; k++)
            {
                Assert.Equal(reverse[i][k].shape, forward[i][k].shape);
                Assert.True(torch.allclose(forward[i][k], reverse[i][k], rtol: 1e-12, atol: 1e-14));
                Assert.False(forward[i][k].requires_grad);
            }
    }

    [Fact]
    public void Forward_mode_jacobian_has_pytorchs_restrictions()
    {
        Tensor x = T(1, 2);
        var e1 = Assert.Throws<NotImplementedException>(() => torch.autograd.functional.jacobian(t => t.exp(), x, strategy: "forward-mode"));
        Assert.Equal("Computing Jacobian using forward-AD or forward-over-reverse Hessian is only implemented for `vectorize=True`.", e1.Message);
        var e2 = Assert.Throws<NotImplementedException>(() =>
            torch.autograd.functional.jacobian(t => t.exp(), x, create_graph: true, vectorize: true, strategy: "forward-mode"));
        Assert.Equal("torch.autograd.functional.jacobian: `create_graph=True` and `strategy=\"forward-mode\"` are not supported together (yet). " +
                     "Please either set `create_graph=False` or `strategy=\"reverse-mode\"`.", e2.Message);
        var e3 = Assert.Throws<InvalidOperationException>(() =>
            torch.autograd.functional.jacobian(t => t.exp(), x, strict: true, vectorize: true, strategy: "forward-mode"));
        Assert.Equal("torch.autograd.functional.jacobian: `strict=True` and `strategy=\"forward-mode\"` are not supported together (yet). " +
                     "Please either set `strict=False` or `strategy=\"reverse-mode\"`.", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => torch.autograd.functional.jacobian(t => t.exp(), x, strategy: "sideways"));
        Assert.StartsWith("Expected strategy to be either \"forward-mode\" or \"reverse-mode\".", e4.Message);
    }

    [Fact]
    public void Functional_jvp_is_forward_mode_and_differentiable_under_create_graph()
    {
        Tensor x = T(0.5, 1.5).requires_grad_();
        Tensor v = T(1, -1);
        (Tensor y, Tensor jv) = torch.autograd.functional.jvp(t => t.mul(t).mul(t), x, v, create_graph: true);
        // d(x³) v = 3x² v; its derivative with respect to x is 6x v
        Assert.True(torch.allclose(jv, T(0.75, -6.75)));
        Assert.True(jv.requires_grad);
        Assert.True(torch.allclose(torch.autograd.grad([jv.sum()], [x])[0]!, T(3, -9)));
        Assert.True(torch.allclose(y, T(0.125, 3.375)));
    }

    [Fact]
    public void Functional_jvp_works_inside_an_open_level()
    {
        Tensor x = T(0.5, 1.5), v = T(1, -1);
        Tensor outside = torch.autograd.functional.jvp(t => t.mul(t).sin(), x, v).jvp;
        using var level = fwAD.dual_level();
        Tensor inside = torch.autograd.functional.jvp(t => t.mul(t).sin(), x, v).jvp;
        Assert.True(torch.allclose(inside, outside, rtol: 1e-12, atol: 1e-14));
        Assert.True(torch.allclose(inside, x.mul(x).cos().mul(x).mul(2).mul(v), rtol: 1e-12, atol: 1e-14)); // 2x cos(x²) v
    }
}
