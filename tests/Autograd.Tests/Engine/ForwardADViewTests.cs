using Autograd;
using fwAD = Autograd.torch.autograd.forward_ad;

namespace Autograd.Tests;

/// <summary>
/// Note [Forward view tangents]: a view's tangent is a view of its base's, as in PyTorch's [Forward Grad View/inplace]
/// cases (autograd_meta.cpp): changes on the base reach its views, changes through a view reach the base. TorchSharp
/// 0.107 has no forward AD, so expected tangents are hand-derived; the values are small integers, exact in float64.
/// </summary>
public class ForwardADViewTests
{
    private static Tensor T(params double[] v) => torch.tensor(v);
    private static Tensor? TangentOf(Tensor t) => fwAD.unpack_dual(t).tangent;

    [Fact]
    public void A_view_sees_its_base_modified_in_place()
    {
        using var _ = fwAD.dual_level();
        Tensor b = fwAD.make_dual(T(1, 2, 3), T(1, 1, 1)).clone();
        Tensor v = b.narrow(0, 1, 2);
        b.mul_(T(2, 3, 4)); // d(b * c) = db * c
        Assert.True(torch.equal(TangentOf(b)!, T(2, 3, 4)));
        Assert.True(torch.equal(TangentOf(v)!, T(3, 4)));
        b.zero_();
        Assert.True(torch.equal(TangentOf(v)!, T(0, 0)));
    }

    [Fact]
    public void A_view_made_before_its_base_had_a_tangent_gets_the_base_tangent()
    {
        using var _ = fwAD.dual_level();
        Tensor b = T(1, 2, 3);
        Tensor v = b.narrow(0, 1, 2), w = b.t();
        Assert.Null(TangentOf(v));
        b.copy_(fwAD.make_dual(T(4, 5, 6), T(7, 8, 9)));
        Assert.True(torch.equal(TangentOf(v)!, T(8, 9)));
        Assert.True(torch.equal(TangentOf(w)!, T(7, 8, 9)));
        Assert.True(torch.equal(v, T(5, 6)));
    }

    [Fact]
    public void An_in_place_op_through_a_view_writes_the_base_tangent()
    {
        using var _ = fwAD.dual_level();
        Tensor b = T(1, 2, 3);
        Tensor v = b.narrow(0, 1, 2);
        v.mul_(fwAD.make_dual(T(2, 2), T(5, 6))); // d(v * d) = v dd = [2, 3] * [5, 6]
        Assert.True(torch.equal(b, T(1, 4, 6)));
        Assert.True(torch.equal(TangentOf(v)!, T(10, 18)));
        Assert.True(torch.equal(TangentOf(b)!, T(0, 10, 18)));

        Tensor c = fwAD.make_dual(T(1, 2, 3), T(1, 1, 1)).clone();
        Tensor u = c.select(0, 2), other = c.narrow(0, 0, 2);
        u.mul_(2);
        Assert.True(torch.equal(TangentOf(c)!, T(1, 1, 2)));
        Assert.True(torch.equal(TangentOf(u)!, torch.tensor(2.0)));
        Assert.True(torch.equal(TangentOf(other)!, T(1, 1)));
    }

    [Fact]
    public void An_in_place_op_through_a_view_leaves_a_shared_tangent_alone()
    {
        using var _ = fwAD.dual_level();
        Tensor given = T(1, 1, 1);
        Tensor b = fwAD.make_dual(T(1, 2, 3), given);
        Tensor alias = b.add(0); // its tangent may be the same tensor as b's
        b.narrow(0, 0, 1).mul_(3);
        Assert.True(torch.equal(TangentOf(b)!, T(3, 1, 1)));
        Assert.True(torch.equal(TangentOf(alias)!, T(1, 1, 1)));
        Assert.True(torch.equal(given, T(1, 1, 1)));
    }

    [Fact]
    public void Primals_and_detached_tensors_do_not_see_the_tangent()
    {
        using var _ = fwAD.dual_level();
        Tensor d = fwAD.make_dual(T(1, 2), T(3, 4));
        Tensor primal = fwAD.unpack_dual(d).primal;
        Assert.Null(TangentOf(primal));
        Assert.Null(TangentOf(primal.narrow(0, 0, 1)));
        Assert.Null(TangentOf(d.detach()));
        Assert.True(torch.equal(TangentOf(d.narrow(0, 1, 1))!, T(4)));
    }

    [Fact]
    public void A_tangent_is_printed_as_pytorch_prints_it()
    {
        using var _ = fwAD.dual_level();
        Tensor f = fwAD.make_dual(torch.tensor(new float[] { 1, 2 }), torch.tensor(new float[] { 3, 4 }));
        Assert.Equal("tensor([1., 2.], tangent=tensor([3., 4.]))", f.ToString());
        // _add_suffixes: 38 columns so far + ", " + the 45-column suffix pass 80, so it starts a line at the prefix's width
        Tensor d = fwAD.make_dual(T(1, 2), T(3, 4));
        Assert.Equal("tensor([1., 2.], dtype=torch.float64,\n       tangent=tensor([3., 4.], dtype=torch.float64))", d.ToString());
        Assert.Equal("tensor([1., 2.], dtype=torch.float64)", fwAD.unpack_dual(d).primal.ToString());
    }

    /// <summary>Programs that write through views and read views of a base written later, as functions of a dual
    /// input (Note [Forward view tangents] with tangents that require grad).</summary>
    public static TheoryData<string> ViewPrograms() =>
        ["view taken before its base is written", "written through a view", "written through a transpose"];

    private static Tensor ViewProgram(string name, Tensor d)
    {
        if (name == "view taken before its base is written")
        {
            Tensor b = d.clone(), w = b.narrow(0, 1, 2);
            b.mul_(b.detach() + 1);
            return w * w;
        }
        if (name == "written through a view")
        {
            Tensor b = d * d;
            b.narrow(0, 0, 2).mul_(d.narrow(0, 1, 2));
            return b;
        }
        Tensor m = (d * 1).reshape(2, 2);
        m.t()[1].mul_(d.narrow(0, 0, 2) * d.narrow(0, 2, 2));
        return m.reshape(-1);
    }

    [Theory, MemberData(nameof(ViewPrograms))]
    public void Reverse_over_forward_through_views_agrees_with_reverse_over_reverse(string program)
    {
        // with y = f(x), the JVP J(x) v differentiated: d(w.Jv)/dv = J^T w and d(w.Jv)/dx = d(v.(J^T w))/dx, both of which
        // reverse mode computes (the second by double backward); same arithmetic in a different order, so float64 agrees
        // to rounding: the values are O(10^2) and each result sums a handful of products
        Tensor x = T(0.5, 1.5, -2, 3).requires_grad_(), v = T(1, -1, 2, 0.5).requires_grad_(), w = T(1, 2, 3, 4);
        Tensor jvpGradX, jvpGradV;
        using (fwAD.dual_level())
        {
            Tensor y = ViewProgram(program, fwAD.make_dual(x, v));
            Tensor jvp = fwAD.unpack_dual(y).tangent!;
            var grads = torch.autograd.grad([(jvp * w.narrow(0, 0, jvp.numel())).sum()], [x, v]);
            (jvpGradX, jvpGradV) = (grads[0]!, grads[1]!);
        }
        Tensor x2 = x.detach().requires_grad_();
        Tensor y2 = ViewProgram(program, x2);
        Tensor vjp = torch.autograd.grad([(y2 * w.narrow(0, 0, y2.numel())).sum()], [x2], create_graph: true)[0]!;
        Tensor second = torch.autograd.grad([(vjp * v.detach()).sum()], [x2])[0]!;
        Assert.True(torch.allclose(vjp.detach(), jvpGradV, rtol: 1e-13, atol: 1e-12), $"{vjp} vs {jvpGradV}");
        Assert.True(torch.allclose(second, jvpGradX, rtol: 1e-13, atol: 1e-12), $"{second} vs {jvpGradX}");
    }
}
