using Autograd;
using Xunit.Abstractions;
using ts = TorchSharp.torch;
using TsM = TorchSharp.Modules;

namespace Autograd.Tests;

/// <summary>Adamax, NAdam, RAdam, RMSprop, Adagrad, Adadelta, ASGD and Rprop against LibTorch over 100 steps
/// (<see cref="OptimParity"/>), each in a plain and a loaded configuration with per-group options, float32 and
/// float64.</summary>
public class OptimizerParityTests(ITestOutputHelper output)
{
    private static readonly OptimCase[] Cases =
    [
        new("Adamax",
            (a, b) => torch.optim.Adamax([new Modules.Adamax.ParamGroup(a, lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6, weight_decay: 0.1),
                                          new Modules.Adamax.ParamGroup(b, new Modules.Adamax.Options())]),
            (a, b) => new TsOptimizer(ts.optim.Adamax([new TsM.Adamax.ParamGroup(a, 0.05, 0.8, 0.99, 1e-6, 0.1),
                                                       new TsM.Adamax.ParamGroup(b, new TsM.Adamax.Options())], 2e-3, 0.9, 0.999, 1e-8, 0)),
            [false, false]),
        new("Adamax maximize",
            (a, b) => torch.optim.Adamax([new Modules.Adamax.ParamGroup(a, lr: 0.02, beta1: 0.3, maximize: true),
                                          new Modules.Adamax.ParamGroup(b, new Modules.Adamax.Options())], lr: 0.01, weight_decay: 0.05),
            (a, b) => new TsOptimizer(ts.optim.Adamax([new TsM.Adamax.ParamGroup(a, 0.02, 0.3, 0.999, 1e-8, 0),
                                                       new TsM.Adamax.ParamGroup(b, new TsM.Adamax.Options())], 0.01, 0.9, 0.999, 1e-8, 0.05)),
            [true, false]),
        new("NAdam",
            (a, b) => torch.optim.NAdam([new Modules.NAdam.ParamGroup(a, lr: 0.05, beta1: 0.8, beta2: 0.99, weight_decay: 0.1, momentum_decay: 0.01),
                                         new Modules.NAdam.ParamGroup(b, new Modules.NAdam.Options())]),
            (a, b) => new TsOptimizer(ts.optim.NAdam([new TsM.NAdam.ParamGroup(a, 0.05, 0.8, 0.99, 1e-8, 0.1, 0.01),
                                                      new TsM.NAdam.ParamGroup(b, new TsM.NAdam.Options())], 2e-3, 0.9, 0.999, 1e-8, 0, 4e-3)),
            // TorchSharp keeps mu_product in double, PyTorch (and this library) in float32
            [false, false], Rtol64: 1e-6),
        new("NAdam decoupled maximize",
            (a, b) => torch.optim.NAdam([new Modules.NAdam.ParamGroup(a, lr: 0.03, beta1: 0.6, weight_decay: 0.2, decoupled_weight_decay: true, maximize: true),
                                         new Modules.NAdam.ParamGroup(b, new Modules.NAdam.Options())], lr: 0.01, weight_decay: 0.05),
            (a, b) => new NAdamReference([a, b], [new(0.03, Beta1: 0.6, WeightDecay: 0.2, Decoupled: true), new(0.01, WeightDecay: 0.05)]),
            [true, false]),
        new("RAdam",
            (a, b) => torch.optim.RAdam([new Modules.RAdam.ParamGroup(a, lr: 0.05, beta1: 0.8, beta2: 0.99, weight_decay: 0.1),
                                         new Modules.RAdam.ParamGroup(b, new Modules.RAdam.Options())]),
            (a, b) => new RAdamReference([a, b], [new(0.05, Beta1: 0.8, Beta2: 0.99, WeightDecay: 0.1), new(1e-3)]),
            [false, false]),
        new("RAdam decoupled maximize",
            // beta2 0.9: rho_t passes 5 at step 7, so both branches run
            (a, b) => torch.optim.RAdam([new Modules.RAdam.ParamGroup(a, lr: 0.03, beta2: 0.9, eps: 1e-6, weight_decay: 0.2, decoupled_weight_decay: true),
                                         new Modules.RAdam.ParamGroup(b, new Modules.RAdam.Options())], lr: 0.01, weight_decay: 0.05, maximize: true),
            (a, b) => new RAdamReference([a, b], [new(0.03, Beta2: 0.9, Eps: 1e-6, WeightDecay: 0.2, Decoupled: true), new(0.01, WeightDecay: 0.05)]),
            [false, true]),
        new("RMSprop",
            (a, b) => torch.optim.RMSProp([new Modules.RMSProp.ParamGroup(a, lr: 0.02, alpha: 0.9, weight_decay: 0.1),
                                           new Modules.RMSProp.ParamGroup(b, new Modules.RMSProp.Options())]),
            (a, b) => new TsOptimizer(ts.optim.RMSProp([new TsM.RMSProp.ParamGroup(a, 0.02, 1e-8, 0.9, 0.1),
                                                        new TsM.RMSProp.ParamGroup(b, new TsM.RMSProp.Options())], 0.01, 0.99, 1e-8, 0, 0, false, false)),
            [false, false]),
        new("RMSprop centered momentum maximize",
            (a, b) => torch.optim.RMSProp([new Modules.RMSProp.ParamGroup(a, new Modules.RMSProp.Options
                                           { LearningRate = 0.01, eps = 1e-6, alpha = 0.8, momentum = 0.9, centered = true, maximize = true }),
                                           new Modules.RMSProp.ParamGroup(b, new Modules.RMSProp.Options())], lr: 0.005, weight_decay: 0.05, momentum: 0.5),
            (a, b) => new TsOptimizer(ts.optim.RMSProp([new TsM.RMSProp.ParamGroup(a, new TsM.RMSProp.Options
                                                        { LearningRate = 0.01, eps = 1e-6, alpha = 0.8, momentum = 0.9, centered = true, maximize = true }),
                                                        new TsM.RMSProp.ParamGroup(b, new TsM.RMSProp.Options())], 0.005, 0.99, 1e-8, 0.05, 0.5, false, false)),
            [false, false]),
        new("Adagrad",
            (a, b) => torch.optim.Adagrad([new Modules.Adagrad.ParamGroup(a, lr: 0.05, lr_decay: 0.01, weight_decay: 0.1, initial_accumulator_value: 0.5),
                                           new Modules.Adagrad.ParamGroup(b, new Modules.Adagrad.Options())]),
            (a, b) => new TsOptimizer(ts.optim.Adagrad([new TsM.Adagrad.ParamGroup(a, 0.05, 0.01, 0.1, 0.5, 1e-10),
                                                        new TsM.Adagrad.ParamGroup(b, new TsM.Adagrad.Options())], 1e-2, 0, 0, 0, 1e-10)),
            [false, false]),
        new("Adagrad maximize",
            (a, b) => torch.optim.Adagrad([new Modules.Adagrad.ParamGroup(a, lr: 0.02, eps: 1e-6, maximize: true),
                                           new Modules.Adagrad.ParamGroup(b, new Modules.Adagrad.Options())], lr: 0.03, lr_decay: 0.1, weight_decay: 0.05),
            (a, b) => new TsOptimizer(ts.optim.Adagrad([new TsM.Adagrad.ParamGroup(a, 0.02, 0, 0, 0, 1e-6),
                                                        new TsM.Adagrad.ParamGroup(b, new TsM.Adagrad.Options())], 0.03, 0.1, 0.05, 0, 1e-10)),
            [true, false]),
        new("Adadelta",
            (a, b) => torch.optim.Adadelta([new Modules.Adadelta.ParamGroup(a, lr: 0.5, rho: 0.8, eps: 1e-4, weight_decay: 0.1),
                                            new Modules.Adadelta.ParamGroup(b, new Modules.Adadelta.Options())]),
            (a, b) => new TsOptimizer(ts.optim.Adadelta([new TsM.Adadelta.ParamGroup(a, 0.5, 0.8, 1e-4, 0.1),
                                                         new TsM.Adadelta.ParamGroup(b, new TsM.Adadelta.Options())], 1.0, 0.9, 1e-6, 0)),
            [false, false]),
        new("Adadelta maximize",
            (a, b) => torch.optim.Adadelta([new Modules.Adadelta.ParamGroup(a, new Modules.Adadelta.Options { LearningRate = 2, maximize = true }),
                                            new Modules.Adadelta.ParamGroup(b, new Modules.Adadelta.Options())], rho: 0.95, weight_decay: 0.05),
            (a, b) => new TsOptimizer(ts.optim.Adadelta([new TsM.Adadelta.ParamGroup(a, new TsM.Adadelta.Options { LearningRate = 2, maximize = true }),
                                                         new TsM.Adadelta.ParamGroup(b, new TsM.Adadelta.Options())], 1.0, 0.95, 1e-6, 0.05)),
            [false, false]),
        new("ASGD",
            (a, b) => torch.optim.ASGD([new Modules.ASGD.ParamGroup(a, lr: 0.05, lambd: 1e-3, alpha: 0.5, t0: 20, weight_decay: 0.1),
                                        new Modules.ASGD.ParamGroup(b, new Modules.ASGD.Options())]),
            (a, b) => new TsOptimizer(ts.optim.ASGD([new TsM.ASGD.ParamGroup(a, 0.05, 1e-3, 0.5, 20, 0.1),
                                                     new TsM.ASGD.ParamGroup(b, new TsM.ASGD.Options())], 1e-2, 1e-4, 0.75, 1e6, 0)),
            // TorchSharp keeps eta and mu in double, PyTorch (and this library) in float32
            [false, false], Rtol64: 1e-6),
        new("ASGD maximize",
            (a, b) => torch.optim.ASGD([new Modules.ASGD.ParamGroup(a, new Modules.ASGD.Options { LearningRate = 0.02, t0 = 0, maximize = true }),
                                        new Modules.ASGD.ParamGroup(b, new Modules.ASGD.Options())], lr: 0.03, lambd: 0.01, weight_decay: 0.05, t0: 10),
            (a, b) => new TsOptimizer(ts.optim.ASGD([new TsM.ASGD.ParamGroup(a, new TsM.ASGD.Options { LearningRate = 0.02, t0 = 0, maximize = true }),
                                                     new TsM.ASGD.ParamGroup(b, new TsM.ASGD.Options())], 0.03, 0.01, 0.75, 10, 0.05)),
            [false, false], Rtol64: 1e-6),
        new("Rprop",
            (a, b) => torch.optim.Rprop([new Modules.Rprop.ParamGroup(a, lr: 0.05, etaminus: 0.3, etaplus: 1.5, min_step: 1e-3, max_step: 0.2),
                                         new Modules.Rprop.ParamGroup(b, new Modules.Rprop.Options())]),
            (a, b) => new RpropReference([a, b], [(0.05, 0.3, 1.5, 1e-3, 0.2), (1e-2, 0.5, 1.2, 1e-6, 50)]),
            [false, false]),
        new("Rprop maximize",
            (a, b) => torch.optim.Rprop([new Modules.Rprop.ParamGroup(a, lr: 0.02, maximize: true),
                                         new Modules.Rprop.ParamGroup(b, new Modules.Rprop.Options())], lr: 0.03, etaminus: 0.7, etaplus: 1.1),
            (a, b) => new RpropReference([a, b], [(0.02, 0.5, 1.2, 1e-6, 50), (0.03, 0.7, 1.1, 1e-6, 50)]),
            [true, false]),
    ];

    public static TheoryData<string> Names => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Hundred_steps_match_libtorch(string name)
    {
        OptimCase c = Cases.Single(x => x.Name == name);
        double worst32 = OptimParity.Run(c, ScalarType.Float32), worst64 = OptimParity.Run(c, ScalarType.Float64);
        output.WriteLine($"{name}: largest relative difference float32 {worst32:E2}, float64 {worst64:E2}");
    }
}
