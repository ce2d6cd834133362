using System.Reflection;

namespace Autograd;

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>
        /// Marks a custom Function's <c>backward</c> as not differentiable itself (PyTorch's <c>@once_differentiable</c>):
        /// it runs with grad mode off, and when a gradient of its results is requested anyway (a backward with
        /// <c>create_graph</c>, then a second backward through those gradients) that second backward throws
        /// "trying to differentiate twice a function that was marked with @once_differentiable".
        /// </summary>
        [AttributeUsage(AttributeTargets.Method, Inherited = false)]
        public sealed class once_differentiable : Attribute;
    }
}

/// <summary>Whether a Function type's backward carries <see cref="torch.autograd.once_differentiable"/> (looked up once
/// per type).</summary>
internal static class OnceDifferentiable<T>
{
    internal static readonly bool Marked =
        typeof(T).GetMethod("backward", BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            ?.IsDefined(typeof(torch.autograd.once_differentiable), inherit: false) ?? false;
}

/// <summary>
/// PyTorch's DelayedError: the grad_fn given to the results of a once-differentiable backward run under create_graph.
/// The results require grad, so a gradient can be asked of them, and reaching this node throws.
/// </summary>
internal sealed class DelayedErrorNode(int outputs) : Node
{
    internal const string Message = "trying to differentiate twice a function that was marked with @once_differentiable";

    public override string name() => "torch::autograd::DelayedError";

    internal override int NumOutputs => outputs;

    internal override Tensor?[] Apply(Tensor?[] gradOutputs) => throw new InvalidOperationException(Message);

    /// <summary>Gives every non-null result an alias whose grad_fn is a new DelayedError node.</summary>
    internal static List<Tensor> Wrap(List<Tensor> results)
    {
        var node = new DelayedErrorNode(results.Count);
        var wrapped = new List<Tensor>(results.Count);
        for (int i = 0; i < results.Count; i++)
        {
            Tensor? r = results[i];
            if (r is not null && DType.IsFloating(r._dtype))
            {
                r = r.detach();
                r._gradFn = node;
                r._outputNr = i;
            }
            wrapped.Add(r!);
        }
        return wrapped;
    }
}
