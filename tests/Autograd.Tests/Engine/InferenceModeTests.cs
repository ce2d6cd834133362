using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>torch.inference_mode: the scope's effect on grad mode and on the tensors allocated inside, and LibTorch's
/// errors (compared with TorchSharp's, which runs the same program) when an inference tensor meets autograd outside it.</summary>
public class InferenceModeTests
{
    private static string LibTorch(Action call) => Assert.ThrowsAny<Exception>(call).Message.Split('\n')[0];

    [Fact]
    public void Scopes_nest_and_restore_inference_and_grad_mode_as_libtorch()
    {
        var ours = new List<(bool, bool)>();
        var theirs = new List<(bool, bool)>();
        void Note() { ours.Add((torch.is_inference_mode_enabled(), torch.is_grad_enabled())); }
        void NoteTs() { theirs.Add((ts.is_inference_mode_enabled(), ts.is_grad_enabled())); }

        Note();
        using (torch.inference_mode())
        {
            Note();
            using (torch.inference_mode(false)) Note();
            Note();
            using (torch.inference_mode()) Note();
            Note();
        }
        Note();
        using (torch.no_grad()) using (torch.inference_mode(false)) Note();

        NoteTs();
        using (ts.inference_mode())
        {
            NoteTs();
            using (ts.inference_mode(false)) NoteTs();
            NoteTs();
            using (ts.inference_mode()) NoteTs();
            NoteTs();
        }
        NoteTs();
        using (ts.no_grad()) using (ts.inference_mode(false)) NoteTs();

        Assert.Equal(theirs, ours);
        Assert.Equal((true, false), ours[1]);
    }

    [Fact]
    public void Tensors_allocated_inside_are_inference_tensors_and_views_of_normal_ones_stay_normal()
    {
        Tensor normal = torch.ones(2, 3);
        Tensor made, view, viewOfMade;
        using (torch.inference_mode())
        {
            made = normal * 2;
            view = normal.view(3, 2);
            viewOfMade = made.t();
            Assert.False(made.requires_grad);
        }
        Assert.True(made.is_inference());
        Assert.True(torch.is_inference(viewOfMade));
        Assert.False(view.is_inference());
        Assert.False(normal.is_inference());
        Assert.False(made.clone().is_inference());
        Assert.False((made + 1).is_inference());
        using (torch.inference_mode(false)) Assert.False(torch.ones(1).is_inference());
    }

    [Fact]
    public void An_op_that_saves_an_inference_tensor_for_backward_throws_libtorchs_error()
    {
        Tensor x;
        ts.Tensor tx;
        using (torch.inference_mode()) x = torch.ones(3);
        using (ts.inference_mode()) tx = ts.ones(3);
        Tensor w = torch.ones(3).requires_grad_();
        ts.Tensor tw = ts.ones(3).requires_grad_();

        string expected = LibTorch(() => tx.mul(tw));
        Assert.True(expected == InferenceMode.SavedMessage, expected);
        Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => x * w).Message);

        // add saves nothing: an inference operand is fine, and the gradient reaches w
        (x + w).sum().backward();
        Assert.Equal([1f, 1f, 1f], w.grad!.data<float>().ToArray());
        // a clone is a normal tensor
        (x.clone() * w).sum().backward();
        Assert.Equal([2f, 2f, 2f], w.grad!.data<float>().ToArray());
    }

    [Fact]
    public void A_custom_function_saving_an_inference_tensor_throws_before_its_output_gets_history()
    {
        Tensor x;
        using (torch.inference_mode()) x = torch.ones(3);
        Tensor w = torch.ones(3).requires_grad_();
        var ex = Assert.Throws<InvalidOperationException>(() => SaveBoth.apply(x, w));
        Assert.Equal(InferenceMode.SavedMessage, ex.Message);
    }

    [Fact]
    public void In_place_on_an_inference_tensor_outside_the_mode_throws_libtorchs_error_and_changes_nothing()
    {
        Tensor x, o;
        ts.Tensor tx;
        using (torch.inference_mode()) { x = torch.ones(3); o = torch.zeros(3); }
        using (ts.inference_mode()) tx = ts.ones(3);

        string expected = LibTorch(() => tx.add_(1));
        Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => x.add_(1)).Message);
        using (torch.no_grad()) Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => x.mul_(2)).Message);
        Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => torch.exp(x, @out: o)).Message);
        Assert.Equal([1f, 1f, 1f], x.data<float>().ToArray());
        Assert.Equal([0f, 0f, 0f], o.data<float>().ToArray());

        using (torch.inference_mode()) x.add_(1);
        Assert.Equal([2f, 2f, 2f], x.data<float>().ToArray());
    }

    [Fact]
    public void The_engines_shared_seeds_are_normal_tensors_even_when_made_inside_inference_mode()
    {
        // The engine's implicit 0-d seeds are made by whichever call first touches the engine, which may be inside
        // inference mode; an inference seed could never be saved for backward. Which test touches the engine first
        // depends on the test order, so the maker is checked directly, inside the mode.
        using (torch.inference_mode())
        {
            foreach (ScalarType dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
            {
                Tensor one = Engine.NormalOne(dtype);
                Assert.False(one.is_inference());
                Assert.Equal(dtype, one.dtype);
                Assert.Equal(1.0, one.to(ScalarType.Float64).item<double>());
            }
        }
    }

    [Fact]
    public void Requiring_grad_on_an_inference_tensor_outside_the_mode_throws_libtorchs_error()
    {
        Tensor x;
        ts.Tensor tx;
        using (torch.inference_mode()) x = torch.ones(3);
        using (ts.inference_mode()) tx = ts.ones(3);
        string expected = LibTorch(() => tx.requires_grad_(true));
        Assert.Equal(expected, Assert.Throws<InvalidOperationException>(() => x.requires_grad_(true)).Message);
        Assert.False(x.requires_grad);
        x.requires_grad_(false);
        using (torch.inference_mode()) Assert.True(x.requires_grad_(true).requires_grad);
    }

    private sealed class SaveBoth : torch.autograd.SingleTensorFunction<SaveBoth>
    {
        public override string Name => "SaveBoth";

        public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var (a, b) = ((Tensor)vars[0], (Tensor)vars[1]);
            ctx.save_for_backward([a, b]);
            return a * b;
        }

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
        {
            var s = ctx.saved_tensors;
            return [grad_output * s[1], grad_output * s[0]];
        }
    }
}
