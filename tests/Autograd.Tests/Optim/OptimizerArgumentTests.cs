using Autograd;

namespace Autograd.Tests;

/// <summary>The argument checks of Adamax, NAdam, RAdam, RMSprop, Adagrad, Adadelta, ASGD and Rprop: PyTorch's
/// messages (its f-strings print Python's float repr), in its order, NaN refused; PyTorch's defaults.</summary>
public class OptimizerArgumentTests
{
    private static readonly Tensor W = torch.zeros(2).requires_grad_();

    private static string Message(Func<object> make) => Assert.Throws<ArgumentException>(make).Message;

    [Fact]
    public void Messages_are_pytorchs()
    {
        Assert.Equal("Invalid learning rate: -0.1", Message(() => torch.optim.Adamax([W], lr: -0.1)));
        Assert.Equal("Invalid beta parameter at index 0: 1.0", Message(() => torch.optim.Adamax([W], beta1: 1)));
        Assert.Equal("Invalid epsilon value: -1e-08", Message(() => torch.optim.NAdam([W], eps: -1e-8)));
        Assert.Equal("Invalid momentum_decay value: -0.004", Message(() => torch.optim.NAdam([W], momentum_decay: -4e-3)));
        Assert.Equal("Invalid beta parameter at index 1: nan", Message(() => torch.optim.RAdam([W], beta2: double.NaN)));
        Assert.Equal("Invalid weight_decay value: -0.5", Message(() => torch.optim.RAdam([W], weight_decay: -0.5)));
        Assert.Equal("Invalid alpha value: -0.99", Message(() => torch.optim.RMSprop([W], alpha: -0.99)));
        Assert.Equal("Invalid momentum value: -1.0", Message(() => torch.optim.RMSProp([W], momentum: -1)));
        Assert.Equal("Invalid epsilon value: -1.0", Message(() => torch.optim.RMSProp([W], eps: -1, momentum: -1))); // eps is checked first
        Assert.Equal("Invalid lr_decay value: -0.1", Message(() => torch.optim.Adagrad([W], lr_decay: -0.1)));
        Assert.Equal("Invalid initial_accumulator_value value: -1.0", Message(() => torch.optim.Adagrad([W], initial_accumulator_value: -1)));
        Assert.Equal("Invalid rho value: 1.5", Message(() => torch.optim.Adadelta([W], rho: 1.5)));
        Assert.Equal("Invalid learning rate: -inf", Message(() => torch.optim.ASGD([W], lr: double.NegativeInfinity)));
        Assert.Equal("Invalid weight_decay value: -0.1", Message(() => torch.optim.ASGD([W], weight_decay: -0.1)));
        Assert.Equal("Invalid eta values: 1.5, 1.2", Message(() => torch.optim.Rprop([W], etaminus: 1.5)));
        Assert.Equal("Invalid eta values: 0.5, 0.9", Message(() => torch.optim.Rprop([W], etaplus: 0.9)));
        Assert.Equal("can't optimize a non-leaf Tensor", Message(() => torch.optim.Rprop([W * 2])));
        Assert.Equal("optimizer got an empty parameter list", Message(() => torch.optim.Adadelta(Array.Empty<Tensor>())));
    }

    [Fact]
    public void Defaults_are_pytorchs()
    {
        static Modules.OptimizerOptions Options(torch.optim.Optimizer o) => o.param_groups[0].Options!;
        Assert.Equal(2e-3, Options(torch.optim.Adamax([W])).LearningRate);
        Assert.Equal(2e-3, Options(torch.optim.NAdam([W])).LearningRate);
        Assert.Equal(1e-3, Options(torch.optim.RAdam([W])).LearningRate);
        var rms = (Modules.RMSProp.Options)Options(torch.optim.RMSprop([W]));
        Assert.Equal((1e-2, 0.99, 1e-8, 0.0, 0.0, false), (rms.LearningRate, rms.alpha, rms.eps, rms.weight_decay, rms.momentum, rms.centered));
        var ada = (Modules.Adagrad.Options)Options(torch.optim.Adagrad([W]));
        Assert.Equal((1e-2, 0.0, 0.0, 1e-10), (ada.LearningRate, ada.lr_decay, ada.initial_accumulator_value, ada.eps));
        var delta = (Modules.Adadelta.Options)Options(torch.optim.Adadelta([W]));
        Assert.Equal((1.0, 0.9, 1e-6), (delta.LearningRate, delta.rho, delta.eps));
        var asgd = (Modules.ASGD.Options)Options(torch.optim.ASGD([W]));
        Assert.Equal((1e-2, 1e-4, 0.75, 1e6), (asgd.LearningRate, asgd.lambd, asgd.alpha, asgd.t0));
        var rprop = (Modules.Rprop.Options)Options(torch.optim.Rprop([W]));
        Assert.Equal((1e-2, 0.5, 1.2, 1e-6, 50.0), (rprop.LearningRate, rprop.etaminus, rprop.etaplus, rprop.min_step, rprop.max_step));
    }
}
