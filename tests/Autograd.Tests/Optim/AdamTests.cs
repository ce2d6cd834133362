using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>torch.optim.Adam / AdamW against TorchSharp's (LibTorch tensors, PyTorch's _single_tensor_adam
/// formulas) over several steps, every option, both dtypes; PyTorch's defaults and argument checks; the
/// in-place update seen by autograd's version counter.</summary>
public class AdamTests
{
    // lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, AdamW
    public static TheoryData<double, double, double, double, double, bool, bool, bool> Configs => new()
    {
        { 1e-3, 0.9, 0.999, 1e-8, 0, false, false, false },
        { 1e-2, 0.9, 0.999, 1e-8, 0.1, false, false, false },
        { 1e-2, 0.8, 0.99, 1e-6, 0, true, false, false },
        { 5e-2, 0.3, 0.9, 1e-8, 0.05, false, true, false }, // beta1 < 0.5: PyTorch's lerp runs from the end
        { 1e-2, 0.9, 0.999, 1e-8, 0.01, false, false, true },
        { 3e-2, 0.5, 0.95, 1e-7, 0.2, true, true, true },
        { 1e-3, 0, 0, 1e-8, 0, false, false, true },
    };

    [Theory]
    [MemberData(nameof(Configs))]
    public void Steps_match_libtorch(double lr, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool maximize, bool adamW)
    {
        foreach (ScalarType dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            var rng = new Random(Oracle.Seed($"adam{lr}{beta1}{beta2}{eps}{weightDecay}{amsgrad}{maximize}{adamW}{dtype}"));
            double[] Values(int n) { var v = new double[n]; for (int i = 0; i < n; i++) v[i] = rng.NextDouble() * 2 - 1; return v; }
            double[] w0 = Values(12), b0 = Values(3), x0 = Values(20);

            // w is a non-contiguous leaf (a transposed copy), b gets no gradient on the first step: its state,
            // step count included, starts at its first update in both libraries
            Tensor w = torch.tensor(w0, [4, 3]).to(dtype).t().detach().requires_grad_(), b = torch.tensor(b0).to(dtype).requires_grad_();
            Tensor x = torch.tensor(x0, [5, 4]).to(dtype);
            var tw = ts.nn.Parameter(ts.tensor(w0, [4, 3]).to(Oracle.Ts(dtype)).t());
            var tb = ts.nn.Parameter(ts.tensor(b0).to(Oracle.Ts(dtype)));
            var tx = ts.tensor(x0, [5, 4]).to(Oracle.Ts(dtype));
            Assert.False(w.is_contiguous());
            torch.optim.Optimizer opt = adamW
                ? torch.optim.AdamW([w, b], lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
                : torch.optim.Adam([w, b], lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
            ts.optim.Optimizer topt = adamW
                ? ts.optim.AdamW([tw, tb], lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)
                : ts.optim.Adam([tw, tb], lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);

            for (int step = 0; step < 5; step++)
            {
                opt.zero_grad();
                topt.zero_grad();
                if (step == 0)
                {
                    torch.nn.functional.linear(x, w).tanh().pow(2).sum().backward();
                    ts.nn.functional.linear(tx, tw).tanh().pow(2).sum().backward();
                }
                else
                {
                    torch.nn.functional.linear(x, w, b).tanh().pow(2).sum().backward();
                    ts.nn.functional.linear(tx, tw, tb).tanh().pow(2).sum().backward();
                }
                opt.step();
                topt.step();
                Oracle.AssertClose(tw, w, dtype, what: $"{dtype} w after step {step}");
                Oracle.AssertClose(tb, b, dtype, what: $"{dtype} b after step {step}");
            }
        }
    }

    [Fact]
    public void Defaults_are_pytorchs()
    {
        // PyTorch: Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0); AdamW the same with
        // weight_decay=1e-2. TorchSharp 0.107's factories default beta2 to 0.99 (and AdamW's decay to 0),
        // so the oracle gets PyTorch's values spelled out.
        foreach (bool adamW in new[] { false, true })
        {
            double[] w0 = [0.5, -1.5, 2.0];
            Tensor w = torch.tensor(w0).requires_grad_();
            var tw = ts.nn.Parameter(ts.tensor(w0));
            torch.optim.Optimizer opt = adamW ? torch.optim.AdamW([w]) : torch.optim.Adam([w]);
            ts.optim.Optimizer topt = adamW ? ts.optim.AdamW([tw], 1e-3, 0.9, 0.999, 1e-8, 1e-2) : ts.optim.Adam([tw], 1e-3, 0.9, 0.999, 1e-8, 0);
            for (int step = 0; step < 3; step++)
            {
                opt.zero_grad();
                (w * w * w).sum().backward();
                opt.step();
                topt.zero_grad();
                (tw * tw * tw).sum().backward();
                topt.step();
            }
            Oracle.AssertClose(tw, w, ScalarType.Float64, what: adamW ? "AdamW" : "Adam");
        }
    }

    [Fact]
    public void Scalar_and_empty_parameters_step_like_libtorch()
    {
        // a 0-d parameter and one with no elements (a layer of width 0) next to each other
        Tensor s = torch.tensor(1.5).requires_grad_(), e = torch.zeros(0, 3, dtype: ScalarType.Float64).requires_grad_();
        var ts_ = ts.nn.Parameter(ts.tensor(1.5)); var te = ts.nn.Parameter(ts.zeros(0, 3, dtype: ts.float64));
        var opt = torch.optim.AdamW([s, e], lr: 0.1, amsgrad: true);
        var topt = ts.optim.AdamW([ts_, te], 0.1, 0.9, 0.999, 1e-8, 1e-2, amsgrad: true);
        for (int step = 0; step < 3; step++)
        {
            opt.zero_grad();
            (s * s * s + e.sum()).backward();
            opt.step();
            topt.zero_grad();
            (ts_ * ts_ * ts_ + te.sum()).backward();
            topt.step();
            Oracle.AssertClose(ts_, s, ScalarType.Float64, what: $"0-d parameter after step {step}");
            Assert.Equal([0L, 3L], e.shape);
        }
    }

    [Fact]
    public void First_step_moves_each_element_by_lr()
    {
        // Hand-derived: at step 1, m = (1 - b1) g and v = (1 - b2) g^2, so the bias-corrected m / sqrt(v) is
        // sign(g), and each element moves by lr (eps = 0), against the gradient.
        Tensor w = torch.tensor(new double[] { 1, -2, 3 }).requires_grad_();
        var opt = torch.optim.Adam([w], lr: 0.25, eps: 0);
        (w * torch.tensor(new double[] { 4, 5, -6 })).sum().backward();
        opt.step();
        Oracle.AssertClose([0.75, -2.25, 3.25], w.ToArray<double>(), 1e-15, 0, "w after one step");
    }

    [Fact]
    public void Arguments_are_checked_with_pytorchs_messages()
    {
        var w = torch.zeros(2).requires_grad_();
        string Message(Func<object> make) => Assert.Throws<ArgumentException>(make).Message;
        Assert.Equal("Invalid learning rate: -0.1", Message(() => torch.optim.Adam([w], lr: -0.1)));
        Assert.Equal("Invalid learning rate: nan", Message(() => torch.optim.AdamW([w], lr: double.NaN)));
        Assert.Equal("Invalid epsilon value: -1e-08", Message(() => torch.optim.Adam([w], eps: -1e-8)));
        Assert.Equal("Invalid beta parameter at index 0: 1.0", Message(() => torch.optim.Adam([w], beta1: 1)));
        Assert.Equal("Invalid beta parameter at index 1: -0.5", Message(() => torch.optim.AdamW([w], beta2: -0.5)));
        Assert.Equal("Invalid weight_decay value: -0.01", Message(() => torch.optim.AdamW([w], weight_decay: -0.01)));
        // Python's float repr, as PyTorch's f-strings print it
        Assert.Equal("Invalid weight_decay value: -1e+16", Message(() => torch.optim.Adam([w], weight_decay: -1e16)));
        Assert.Equal("Invalid learning rate: -1000000000000000.0", Message(() => torch.optim.Adam([w], lr: -1e15)));
        Assert.Equal("Invalid learning rate: -0.0001", Message(() => torch.optim.Adam([w], lr: -1e-4)));
        Assert.Equal("Invalid learning rate: -123.45", Message(() => torch.optim.Adam([w], lr: -123.45)));
        Assert.Equal("Invalid beta parameter at index 1: inf", Message(() => torch.optim.Adam([w], beta2: double.PositiveInfinity)));
        Assert.Equal("optimizer got an empty parameter list", Message(() => torch.optim.Adam(Array.Empty<Tensor>())));
        Assert.Equal("can't optimize a non-leaf Tensor", Message(() => torch.optim.AdamW([w * 2])));
        Assert.Equal("optimizing a parameter that doesn't require gradients", Message(() => torch.optim.Adam([torch.zeros(2)])));
    }

    [Fact]
    public void Step_is_an_in_place_modification_for_autograd()
    {
        var w = torch.tensor(new float[] { 1, 2 }).requires_grad_();
        var opt = torch.optim.Adam([w], lr: 0.1);
        (w * w).sum().backward();
        Tensor pending = (w * w).sum(); // saves w
        opt.step();
        var e = Assert.Throws<InvalidOperationException>(() => pending.backward());
        Assert.Contains("modified by an inplace operation", e.Message);
        Assert.True(w.is_leaf);
        Assert.True(w.requires_grad);
        Assert.Null(w.grad_fn);
    }
}
