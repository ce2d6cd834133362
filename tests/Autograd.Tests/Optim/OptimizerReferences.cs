using ts = TorchSharp.torch;
using TsParameter = TorchSharp.Modules.Parameter;

namespace Autograd.Tests;

/// <summary>Options of one group for the written-out references below.</summary>
internal sealed record AdamFamilyOptions(double Lr, double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8, double WeightDecay = 0,
                                         double MomentumDecay = 4e-3, bool Decoupled = false)
{
    public double Lr { get; set; } = Lr;
}

/// <summary>Per-parameter state of a written-out reference.</summary>
internal sealed class RefState(ts.Tensor p)
{
    internal double Step, MuProduct = 1;
    internal readonly ts.Tensor ExpAvg = ts.zeros_like(p), ExpAvgSq = ts.zeros_like(p);
}

/// <summary>PyTorch's _single_tensor_nadam line by line on LibTorch tensors (TorchSharp 0.107's NAdam has no
/// decoupled_weight_decay). mu_product is a float32 0-d tensor in PyTorch, so it is rounded to float here too.</summary>
internal sealed class NAdamReference(TsParameter[][] groups, AdamFamilyOptions[] options) : IOracleOptimizer
{
    private readonly Dictionary<TsParameter, RefState> _state = [];

    public void SetLr(int group, double lr) => options[group].Lr = lr;

    public void Step()
    {
        for (int gi = 0; gi < groups.Length; gi++)
        {
            AdamFamilyOptions o = options[gi];
            foreach (TsParameter p in groups[gi])
            {
                if (p.grad is not ts.Tensor grad) continue;
                if (!_state.TryGetValue(p, out RefState? s)) _state[p] = s = new RefState(p);
                s.Step += 1;
                double bc2 = 1 - Math.Pow(o.Beta2, s.Step);
                if (o.WeightDecay != 0)
                {
                    if (o.Decoupled) p.mul_(1 - o.Lr * o.WeightDecay);
                    else grad = grad.add(p, alpha: o.WeightDecay);
                }
                double mu = o.Beta1 * (1 - 0.5 * Math.Pow(0.96, s.Step * o.MomentumDecay));
                double muNext = o.Beta1 * (1 - 0.5 * Math.Pow(0.96, (s.Step + 1) * o.MomentumDecay));
                s.MuProduct = (float)s.MuProduct * (float)mu;
                s.ExpAvg.lerp_(grad, 1 - o.Beta1);
                s.ExpAvgSq.mul_(o.Beta2).addcmul_(grad, grad, value: 1 - o.Beta2);
                ts.Tensor denom = s.ExpAvgSq.div(bc2).sqrt().add_(o.Eps);
                double muProductNext = s.MuProduct * muNext;
                p.addcdiv_(grad, denom, value: -o.Lr * (1 - mu) / (1 - s.MuProduct));
                p.addcdiv_(s.ExpAvg, denom, value: -o.Lr * muNext / (1 - muProductNext));
            }
        }
    }
}

/// <summary>PyTorch's _single_tensor_radam line by line on LibTorch tensors. TorchSharp 0.107's RAdam multiplies
/// the rectified step by lr twice (its <c>t6</c> already holds lr) and has no decoupled_weight_decay.</summary>
internal sealed class RAdamReference(TsParameter[][] groups, AdamFamilyOptions[] options) : IOracleOptimizer
{
    private readonly Dictionary<TsParameter, RefState> _state = [];

    public void SetLr(int group, double lr) => options[group].Lr = lr;

    public void Step()
    {
        for (int gi = 0; gi < groups.Length; gi++)
        {
            AdamFamilyOptions o = options[gi];
            foreach (TsParameter p in groups[gi])
            {
                if (p.grad is not ts.Tensor grad) continue;
                if (!_state.TryGetValue(p, out RefState? s)) _state[p] = s = new RefState(p);
                s.Step += 1;
                if (o.WeightDecay != 0)
                {
                    if (o.Decoupled) p.mul_(1 - o.Lr * o.WeightDecay);
                    else grad = grad.add(p, alpha: o.WeightDecay);
                }
                s.ExpAvg.lerp_(grad, 1 - o.Beta1);
                s.ExpAvgSq.mul_(o.Beta2).addcmul_(grad, grad, value: 1 - o.Beta2);
                double bc1 = 1 - Math.Pow(o.Beta1, s.Step), bc2 = 1 - Math.Pow(o.Beta2, s.Step);
                ts.Tensor biasCorrected = s.ExpAvg / bc1;
                double rhoInf = 2 / (1 - o.Beta2) - 1;
                double rhoT = rhoInf - 2 * s.Step * Math.Pow(o.Beta2, s.Step) / bc2;
                if (rhoT > 5)
                {
                    double rect = Math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
                    ts.Tensor adaptiveLr = s.ExpAvgSq.sqrt().add_(o.Eps).reciprocal() * Math.Sqrt(bc2);
                    p.add_(biasCorrected * o.Lr * adaptiveLr * rect, alpha: -1.0);
                }
                else p.add_(biasCorrected * o.Lr, alpha: -1.0);
            }
        }
    }
}

/// <summary>PyTorch's _single_tensor_rprop line by line on LibTorch tensors. TorchSharp 0.107's Rprop fails on
/// float32 parameters (it assigns etaplus through a float64 tensor, which LibTorch's index_put_ refuses).</summary>
internal sealed class RpropReference(TsParameter[][] groups, (double Lr, double EtaMinus, double EtaPlus, double MinStep, double MaxStep)[] options)
    : IOracleOptimizer
{
    private readonly Dictionary<TsParameter, (ts.Tensor Prev, ts.Tensor StepSize)> _state = [];

    public void SetLr(int group, double lr) => options[group].Lr = lr;

    public void Step()
    {
        for (int gi = 0; gi < groups.Length; gi++)
        {
            var o = options[gi];
            foreach (TsParameter p in groups[gi])
            {
                if (p.grad is not ts.Tensor grad) continue;
                if (!_state.TryGetValue(p, out var s)) _state[p] = s = (ts.zeros_like(p), ts.full_like(p, o.Lr));
                ts.Tensor sign = grad.mul(s.Prev).sign();
                sign[sign.gt(0)] = ts.tensor(o.EtaPlus, sign.dtype);
                sign[sign.lt(0)] = ts.tensor(o.EtaMinus, sign.dtype);
                sign[sign.eq(0)] = ts.tensor(1.0, sign.dtype);
                s.StepSize.mul_(sign).clamp_(o.MinStep, o.MaxStep);
                grad = grad.clone();
                grad[sign.eq(o.EtaMinus)] = ts.tensor(0.0, grad.dtype);
                p.addcmul_(grad.sign(), s.StepSize, value: -1);
                s.Prev.copy_(grad);
            }
        }
    }
}
