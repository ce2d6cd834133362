// The custom Functions of TorchSharp's test/TorchSharpTest/TestAutogradFunction.cs, written twice: once against
// TorchSharp (the oracle) and once against us with only the namespace swapped. Their code is TorchSharp's
// (nullable-oblivious), so nullable annotations are off here.
#nullable disable
using System.Collections.Generic;

namespace Autograd.Tests.CustomFunctions.Ours
{
    using static Autograd.torch;

    class MulConstantFunction : torch.autograd.SingleTensorFunction<MulConstantFunction>
    {
        public override string Name => nameof(MulConstantFunction);
        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output) =>
            new() { grad_output * (double)ctx.get_data("constant"), null };
        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var tensor = (Tensor)vars[0];
            double constant = (double)vars[1];
            ctx.save_data("constant", constant);
            return tensor * constant;
        }
    }

    class TwoInputLinearFunction : torch.autograd.MultiTensorFunction<TwoInputLinearFunction>
    {
        public override string Name => nameof(TwoInputLinearFunction);
        public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grad_outputs)
        {
            var saved = ctx.get_saved_variables();
            var grad_input1 = grad_outputs[0].mm(saved[2]);
            var grad_input2 = grad_outputs[1].mm(saved[2]);
            var grad_weight = grad_outputs[0].t().mm(saved[0]) + grad_outputs[1].t().mm(saved[1]);
            return new List<Tensor>() { grad_input1, grad_input2, grad_weight };
        }
        public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input1 = (Tensor)vars[0];
            var input2 = (Tensor)vars[1];
            var weight = (Tensor)vars[2];
            ctx.save_for_backward(new() { input1, input2, weight });
            return new() { input1.mm(weight.t()), input2.mm(weight.t()) };
        }
    }

    class TwoInputOneGradientLinearFunction : torch.autograd.MultiTensorFunction<TwoInputOneGradientLinearFunction>
    {
        public override string Name => nameof(TwoInputOneGradientLinearFunction);
        public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grad_outputs)
        {
            var saved = ctx.get_saved_variables();
            var grad_input1 = grad_outputs[0].mm(saved[2]);
            var grad_input2 = grad_outputs[1].mm(saved[2]);
            var grad_weight = grad_outputs[0].t().mm(saved[0]) + grad_outputs[1].t().mm(saved[1]);
            return new List<Tensor>() { grad_input1, grad_input2, null };
        }
        public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input1 = (Tensor)vars[0];
            var input2 = (Tensor)vars[1];
            var weight = (Tensor)vars[2];
            ctx.save_for_backward(new() { input1, input2, weight });
            return new() { input1.mm(weight.t()), input2.mm(weight.t()) };
        }
    }

    class LinearFunction : torch.autograd.SingleTensorFunction<LinearFunction>
    {
        public override string Name => nameof(LinearFunction);
        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var saved = ctx.get_saved_variables();
            var input = saved[0];
            var weight = saved[1];
            var bias = saved.Count == 2 ? null : saved[2];
            var grad_input = grad_output.mm(weight);
            var grad_weight = grad_output.t().mm(input);
            var grad_bias = bias is null ? null : grad_output.sum(0);
            return new List<Tensor>() { grad_input, grad_weight, grad_bias };
        }
        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            var weight = (Tensor)vars[1];
            var bias = vars.Length == 2 ? null : (Tensor)vars[2];
            ctx.save_for_backward(new() { input, weight, bias });
            var output = input.mm(weight.t());
            if (bias is not null) output += bias.unsqueeze(0).expand_as(output);
            return output;
        }
    }
}

namespace Autograd.Tests.CustomFunctions.Theirs
{
    using static TorchSharp.torch;
    using TorchSharp;

    class MulConstantFunction : torch.autograd.SingleTensorFunction<MulConstantFunction>
    {
        public override string Name => nameof(MulConstantFunction);
        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output) =>
            new() { grad_output * (double)ctx.get_data("constant"), null };
        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var tensor = (Tensor)vars[0];
            double constant = (double)vars[1];
            ctx.save_data("constant", constant);
            return tensor * constant;
        }
    }

    class TwoInputLinearFunction : torch.autograd.MultiTensorFunction<TwoInputLinearFunction>
    {
        public override string Name => nameof(TwoInputLinearFunction);
        public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grad_outputs)
        {
            var saved = ctx.get_saved_variables();
            var grad_input1 = grad_outputs[0].mm(saved[2]);
            var grad_input2 = grad_outputs[1].mm(saved[2]);
            var grad_weight = grad_outputs[0].t().mm(saved[0]) + grad_outputs[1].t().mm(saved[1]);
            return new List<Tensor>() { grad_input1, grad_input2, grad_weight };
        }
        public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input1 = (Tensor)vars[0];
            var input2 = (Tensor)vars[1];
            var weight = (Tensor)vars[2];
            ctx.save_for_backward(new() { input1, input2, weight });
            return new() { input1.mm(weight.t()), input2.mm(weight.t()) };
        }
    }

    class TwoInputOneGradientLinearFunction : torch.autograd.MultiTensorFunction<TwoInputOneGradientLinearFunction>
    {
        public override string Name => nameof(TwoInputOneGradientLinearFunction);
        public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grad_outputs)
        {
            var saved = ctx.get_saved_variables();
            var grad_input1 = grad_outputs[0].mm(saved[2]);
            var grad_input2 = grad_outputs[1].mm(saved[2]);
            var grad_weight = grad_outputs[0].t().mm(saved[0]) + grad_outputs[1].t().mm(saved[1]);
            return new List<Tensor>() { grad_input1, grad_input2, null };
        }
        public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input1 = (Tensor)vars[0];
            var input2 = (Tensor)vars[1];
            var weight = (Tensor)vars[2];
            ctx.save_for_backward(new() { input1, input2, weight });
            return new() { input1.mm(weight.t()), input2.mm(weight.t()) };
        }
    }

    class LinearFunction : torch.autograd.SingleTensorFunction<LinearFunction>
    {
        public override string Name => nameof(LinearFunction);
        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var saved = ctx.get_saved_variables();
            var input = saved[0];
            var weight = saved[1];
            var bias = saved.Count == 2 ? null : saved[2];
            var grad_input = grad_output.mm(weight);
            var grad_weight = grad_output.t().mm(input);
            var grad_bias = bias is null || bias.IsInvalid ? null : grad_output.sum(0);
            return new List<Tensor>() { grad_input, grad_weight, grad_bias };
        }
        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            var weight = (Tensor)vars[1];
            var bias = vars.Length == 2 ? null : (Tensor)vars[2];
            ctx.save_for_backward(new() { input, weight, bias });
            var output = input.mm(weight.t());
            if (bias is not null && !bias.IsInvalid) output += bias.unsqueeze(0).expand_as(output);
            return output;
        }
    }
}
