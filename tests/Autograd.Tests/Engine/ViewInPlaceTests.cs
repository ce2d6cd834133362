using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>
/// Note [Views and in-place]: in-place ops through views and on bases that have views, differentiated as PyTorch
/// does (CopySlices, views regenerated after their base changed), and PyTorch's refusals. Every case runs the same
/// program here and in LibTorch and compares the values, the gradients and the messages; gradcheck and
/// gradgradcheck compare the same programs with finite differences. Values are small integers in float64, so the
/// gradients are exact in both libraries and compare bit for bit.
/// </summary>
public class ViewInPlaceTests
{
    private static Tensor T(params double[] v) => torch.tensor(v);
    private static ts.Tensor Ts(params double[] v) => ts.tensor(v);
    private static Tensor X(params double[] v) => T(v).requires_grad_();
    private static ts.Tensor TsX(params double[] v) => Ts(v).requires_grad_();

    /// <summary>A program from leaves to an output, written once per library.</summary>
    public sealed record Case(string Name, double[][] Inputs, Func<Tensor[], Tensor> Ours, Func<ts.Tensor[], ts.Tensor> Theirs)
    {
        public override string ToString() => Name;
    }

    private static readonly double[] Six = [1, -2, 3, 4, -5, 6];

    public static TheoryData<Case> Cases() =>
    [
        new("base modified in place after a view was taken", [[1, 2, 3]],
            x => { var a = x[0] * 1; var v = a.narrow(0, 0, 2); a.mul_(3); return v * v; },
            x => { var a = x[0] * 1; var v = a.narrow(0, 0, 2); a.mul_(3); return v * v; }),
        new("in-place op through a narrow view", [[1, 2, 3], [5, 7]],
            x => { var a = x[0] * x[0]; a.narrow(0, 1, 2).mul_(x[1]); return a; },
            x => { var a = x[0] * x[0]; a.narrow(0, 1, 2).mul_(x[1]); return a; }),
        new("the written view used afterwards", [[1, 2, 3]],
            x => { var a = x[0] * 1; var v = a.narrow(0, 0, 2); v.mul_(2); return v * v; },
            x => { var a = x[0] * 1; var v = a.narrow(0, 0, 2); v.mul_(2); return v * v; }),
        new("copy_ of a value that requires grad into zeros", [[1, 2, 3]],
            x => { var b = torch.zeros(5, ScalarType.Float64); b.narrow(0, 1, 3).copy_(x[0] * x[0]); return b * T(1, 2, 3, 4, 5); },
            x => { var b = ts.zeros(5, ts.float64); b.narrow(0, 1, 3).copy_(x[0] * x[0]); return b * Ts(1, 2, 3, 4, 5); }),
        new("a view of zeros taken before a copy_ into another view", [[1, 2, 3]],
            x => {
                var b = torch.zeros(5, ScalarType.Float64);
                var w = b.narrow(0, 2, 2);
                b.narrow(0, 1, 3).copy_(x[0] * x[0]);
                return w * 3;
            },
            x => { var b = ts.zeros(5, ts.float64); var w = b.narrow(0, 2, 2); b.narrow(0, 1, 3).copy_(x[0] * x[0]); return w * 3; }),
        new("a view of a view written", [Six],
            x => { var a = (x[0] * 1).reshape(2, 3); a.select(0, 1).narrow(0, 1, 2).mul_(10); return a * a; },
            x => { var a = (x[0] * 1).reshape(2, 3); a.select(0, 1).narrow(0, 1, 2).mul_(10); return a * a; }),
        new("in-place through a transpose", [Six, [1, 2, 3]],
            x => { var a = (x[0] * 1).reshape(2, 3); a.t().mul_(x[1].reshape(3, 1)); return a * a; },
            x => { var a = (x[0] * 1).reshape(2, 3); a.t().mul_(x[1].reshape(3, 1)); return a * a; }),
        new("setitem with a value that requires grad", [[1, 2, 3]],
            x => { var a = x[0] * 1; a[1] = x[0][0] * 10; return a * a; },
            x => { var a = x[0] * 1; a[1] = x[0][0] * 10; return a * a; }),
        new("setitem with a constant", [[1, 2, 3]],
            x => { var a = x[0] * x[0]; a[1] = 5.0; return a * x[0]; },
            x => { var a = x[0] * x[0]; a[1] = ts.tensor(5.0); return a * x[0]; }),
        new("copy_ of a constant over a whole non-leaf", [[1, 2, 3]],
            x => { var a = x[0] * 2; a.copy_(T(4, 5, 6)); return a * x[0]; },
            x => { var a = x[0] * 2; a.copy_(Ts(4, 5, 6)); return a * x[0]; }),
        new("rows of a zero matrix filled one by one", [[1, 2, 3]],
            x => { var b = torch.zeros(2, 3, ScalarType.Float64); b[0].copy_(x[0]); b[1].copy_(x[0] * 2); return b * b; },
            x => { var b = ts.zeros(2, 3, ts.float64); b[0].copy_(x[0]); b[1].copy_(x[0] * 2); return b * b; }),
        new("relu_ on a view", [[-1, 2, -3, 4]],
            x => { var a = x[0] * x[0] * x[0]; torch.nn.functional.relu(a.narrow(0, 0, 3), inplace: true); return a; },
            x => { var a = x[0] * x[0] * x[0]; ts.nn.functional.relu(a.narrow(0, 0, 3), inplace: true); return a; }),
        new("fill_ and zero_ through views", [Six],
            x => { var a = (x[0] * x[0]).reshape(2, 3); a[0].fill_(7); a.t()[2].zero_(); return a * x[0].reshape(2, 3); },
            // TorchSharp's zero_ goes through aten::zeros, which LibTorch cannot differentiate; PyTorch's zero_ is fill_(0)
            x => { var a = (x[0] * x[0]).reshape(2, 3); a[0].fill_(7); a.t()[2].fill_(0); return a * x[0].reshape(2, 3); }),
        new("an expanded view of a base written in place", [[2, 3]],
            x => { var a = x[0] * 1; var e = a.unsqueeze(0).expand(3, 2); a.mul_(x[0]); return e * T(1, 2, 3).reshape(3, 1); },
            x => { var a = x[0] * 1; var e = a.unsqueeze(0).expand(3, 2); a.mul_(x[0]); return e * Ts(1, 2, 3).reshape(3, 1); }),
        new("a strided view of a transposed product", [Six, [1, 2]],
            x => {
                var a = x[0].reshape(3, 2).mm(x[1].reshape(2, 1) * x[1].reshape(1, 2));
                a.t()[1].narrow(0, 0, 2).add_(x[0].narrow(0, 0, 2));
                return a;
            },
            x => {
                var a = x[0].reshape(3, 2).mm(x[1].reshape(2, 1) * x[1].reshape(1, 2));
                a.t()[1].narrow(0, 0, 2).add_(x[0].narrow(0, 0, 2));
                return a;
            }),
    ];

    [Theory, MemberData(nameof(Cases))]
    public void Values_and_gradients_match_LibTorch(Case c)
    {
        Tensor[] ours = Array.ConvertAll(c.Inputs, v => X(v));
        ts.Tensor[] theirs = Array.ConvertAll(c.Inputs, v => TsX(v));
        Tensor y = c.Ours(ours);
        ts.Tensor ty = c.Theirs(theirs);
        Assert.Equal(Oracle.Values(ty.detach()), y.detach().ToArray<double>());
        Tensor weights = torch.arange(1, y.numel() + 1, ScalarType.Float64).reshape(y.shape);
        (y * weights).sum().backward();
        (ty * Oracle.ToTorch(weights)).sum().backward();
        for (int i = 0; i < ours.Length; i++) Assert.Equal(Oracle.Values(theirs[i].grad!), ours[i].grad!.ToArray<double>());
    }

    [Theory, MemberData(nameof(Cases))]
    public void Gradients_match_finite_differences_to_second_order(Case c)
    {
        // non-integer inputs away from relu's kink, so the finite differences see a smooth function
        Tensor[] inputs = Array.ConvertAll(c.Inputs, v => (T(v) + 0.25).requires_grad_());
        Assert.True(torch.autograd.gradcheck(xs => c.Ours(xs), inputs));
        Assert.True(torch.autograd.gradgradcheck(xs => [c.Ours(xs)], inputs));
    }

    [Fact]
    public void History_names_are_PyTorchs()
    {
        Tensor x = X(1, 2, 3), a = x * 1, v = a.narrow(0, 0, 2);
        Assert.Equal("SliceBackward0", v.grad_fn!.name());
        v.mul_(2);
        Assert.Equal("torch::autograd::CopySlices", a.grad_fn!.name());
        Assert.Equal("AsStridedBackward0", v.grad_fn!.name());
        Tensor w = torch.zeros(3, ScalarType.Float64);
        Tensor u = w.narrow(0, 0, 1);
        Assert.False(u.requires_grad);
        w.copy_(x);
        Assert.True(u.requires_grad);
        Assert.Equal("AsStridedBackward0", u.grad_fn!.name());
    }

    [Fact]
    public void A_saved_base_modified_through_a_view_names_CopySlices()
    {
        Tensor x = X(1, 2, 3), a = x * 1, y = a * a;
        a.narrow(0, 0, 1).mul_(2);
        ts.Tensor tx = TsX(1, 2, 3), ta = tx * 1, ty = ta * ta;
        ta.narrow(0, 0, 1).mul_(2);
        // LibTorch names the type as C++ does (CPUDoubleType), PyTorch and we as Python does (torch.DoubleTensor): compare from
        // the node on, up to the hint, which also differs between the two front ends
        static string FromNode(string m) => m[m.IndexOf(", which is output", StringComparison.Ordinal)..].Split(" Hint:")[0];
        Assert.Equal(FromNode(LibTorch(() => ty.sum().backward())),
                     FromNode(Assert.Throws<InvalidOperationException>(() => y.sum().backward()).Message));
    }

    private static string LibTorch(Action call) => Assert.ThrowsAny<Exception>(call).Message.Split('\n')[0];

    /// <summary>A misuse, written once per library; ours must throw LibTorch's message and change nothing.</summary>
    public sealed record Misuse(string Name, Func<(Tensor Watched, Action Act)> Ours, Action Theirs)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Misuse> Misuses() =>
    [
        new("no_grad view written with a value that requires grad",
            () => { var a = X(1, 2, 3) * 1; Tensor v; using (torch.no_grad()) v = a.narrow(0, 0, 2); return (a, () => v.mul_(X(1, 2))); },
            () => { var a = TsX(1, 2, 3) * 1; ts.Tensor v; using (ts.no_grad()) v = a.narrow(0, 0, 2); v.mul_(TsX(1, 2)); }),
        new("no_grad view of a base that requires grad written",
            () => { var a = X(1, 2, 3) * 1; Tensor v; using (torch.no_grad()) v = a.narrow(0, 0, 2); return (a, () => v.mul_(2)); },
            () => { var a = TsX(1, 2, 3) * 1; ts.Tensor v; using (ts.no_grad()) v = a.narrow(0, 0, 2); v.mul_(2); }),
        new("no_grad view of zeros written with a value that requires grad",
            () => {
                var b = torch.zeros(3, ScalarType.Float64);
                Tensor v;
                using (torch.no_grad()) v = b.narrow(0, 1, 2);
                return (b, () => v.copy_(X(1, 2)));
            },
            () => { var b = ts.zeros(3, ts.float64); ts.Tensor v; using (ts.no_grad()) v = b.narrow(0, 1, 2); v.copy_(TsX(1, 2)); }),
        new("no_grad view used after its base was written",
            () => {
                var a = X(1, 2, 3) * 1;
                Tensor v;
                using (torch.no_grad()) v = a.narrow(0, 0, 2);
                a.mul_(2);
                return (a, () => _ = v * v);
            },
            () => { var a = TsX(1, 2, 3) * 1; ts.Tensor v; using (ts.no_grad()) v = a.narrow(0, 0, 2); a.mul_(2); _ = v * v; }),
        new("no_grad view of a leaf used after an update under no_grad",
            () => {
                var x = X(1, 2, 3);
                Tensor v;
                using (torch.no_grad()) { v = x.narrow(0, 0, 2); x.add_(1); } return (x, () => _ = v * v);
            },
            () => { var x = TsX(1, 2, 3); ts.Tensor v; using (ts.no_grad()) { v = x.narrow(0, 0, 2); x.add_(1); } _ = v * v; }),
        new("unbind output written",
            () => { var a = (X(1, 2, 3) * 1).reshape(3, 1); var u = a.unbind(0); return (a, () => u[1].mul_(2)); },
            () => { var a = (TsX(1, 2, 3) * 1).reshape(3, 1); var u = a.unbind(0); u[1].mul_(2); }),
        new("unbind output used after its base was written",
            () => { var a = (X(1, 2, 3) * 1).reshape(3, 1); var u = a.unbind(0); a.mul_(2); return (a, () => _ = u[1] * 1); },
            () => { var a = (TsX(1, 2, 3) * 1).reshape(3, 1); var u = a.unbind(0); a.mul_(2); _ = u[1] * 1; }),
        new("split output written",
            () => { var a = X(1, 2, 3) * 1; var u = a.split(1); return (a, () => u[1].mul_(2)); },
            () => { var a = TsX(1, 2, 3) * 1; var u = a.split(1); u[1].mul_(2); }),
        new("chunk output written",
            () => { var a = X(1, 2, 3) * 1; var u = a.chunk(3); return (a, () => u[2].add_(1)); },
            () => { var a = TsX(1, 2, 3) * 1; var u = a.chunk(3); u[2].add_(1); }),
        new("a view of an unbind output written",
            () => { var a = (X(1, 2, 3) * 1).reshape(3, 1); var u = a.unbind(0); return (a, () => u[1].narrow(0, 0, 1).mul_(2)); },
            () => { var a = (TsX(1, 2, 3) * 1).reshape(3, 1); var u = a.unbind(0); u[1].narrow(0, 0, 1).mul_(2); }),
        new("unbind of zeros written with a value that requires grad",
            () => { var b = torch.zeros(3, 1, ScalarType.Float64); var u = b.unbind(0); return (b, () => u[1].copy_(X(5))); },
            () => { var b = ts.zeros(3, 1, ts.float64); var u = b.unbind(0); u[1].copy_(TsX(5)); }),
        new("inference-mode view written",
            () => { var a = X(1, 2, 3) * 1; Tensor v; using (torch.inference_mode()) v = a.narrow(0, 0, 2); return (a, () => v.mul_(2)); },
            () => { var a = TsX(1, 2, 3) * 1; ts.Tensor v; using (ts.inference_mode()) v = a.narrow(0, 0, 2); v.mul_(2); }),
        new("view of a leaf written",
            () => { var x = X(1, 2, 3); return (x, () => x.narrow(0, 0, 2).mul_(2)); },
            () => { var x = TsX(1, 2, 3); x.narrow(0, 0, 2).mul_(2); }),
    ];

    [Theory, MemberData(nameof(Misuses))]
    public void Misuse_gets_LibTorchs_message_and_changes_nothing(Misuse m)
    {
        string expected = LibTorch(m.Theirs);
        var (watched, act) = m.Ours();
        double[] before = watched.detach().ToArray<double>();
        Node? history = watched._gradFn;
        Assert.Equal(expected, Assert.Throws<InvalidOperationException>(act).Message);
        Assert.Equal(before, watched.detach().ToArray<double>());
        Assert.Same(history, watched._gradFn);
    }

    [Fact]
    public void A_no_grad_view_written_without_recording_stays_unrecorded()
    {
        // the view and the write both in no_grad: nothing is tracked, as in PyTorch
        Tensor x = X(1, 2, 3), a = x * 1;
        using (torch.no_grad()) a.narrow(0, 0, 2).mul_(2);
        a.sum().backward();
        Assert.Equal([1.0, 1, 1], x.grad!.ToArray<double>());
    }
}
