namespace Autograd;

/// <summary>The grad_fn of an op that LibTorch records but cannot differentiate (e.g. floor_divide): the result
/// requires grad as PyTorch's does, and a backward pass through it throws LibTorch's error.</summary>
internal sealed class NotImplementedNode(string op) : Node
{
    public override string name() => "torch::autograd::NotImplemented";

    internal override Tensor?[] Apply(Tensor?[] gradOutputs) =>
        throw new InvalidOperationException($"derivative for {op} is not implemented");

    /// <summary>The result of <paramref name="compute"/> (run without recording), given this node when an input needs grad.</summary>
    internal static Tensor Record(string op, Tensor[] inputs, Func<Tensor> compute)
    {
        Tensor result;
        using (torch.no_grad()) result = compute();
        if (Graph.Needs(inputs)) Graph.Connect(new NotImplementedNode(op), [result], inputs);
        return result;
    }
}
