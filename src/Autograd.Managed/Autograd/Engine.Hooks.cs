namespace Autograd;

/// <remarks>
/// Note [Hooks]: the engine calls hooks where PyTorch does, knowing no op: for each node it runs, first
/// the tensor hooks of its outputs (<c>Tensor.register_hook</c>; a gradient autograd.grad captures is
/// taken after them), then <c>retain_grad</c>, then the node's pre-hooks, then the node (for a leaf's
/// AccumulateGrad: the accumulation, then the post-accumulate-grad hooks), then its post hooks, which see
/// the gradients of its inputs already reduced to the inputs' shapes. A replacement must keep the shape and
/// dtype, else PyTorch's "hook 'name' has changed the size of value". Nodes with no hook pay one flag test
/// (<see cref="Node._hasHooks"/>). A gradient shown to a hook may be kept by the user, so it is never
/// recycled or stolen afterwards (Note [Gradient recycling]), and the shared seed is shown as a copy. An
/// exception from a hook leaves the pass as any failing node does: claims freed, so with retain_graph the
/// graph can run again.
/// </remarks>
internal static partial class Engine
{
    private static void TensorPreHooks(Node node, Tensor?[] grads)
    {
        if (NodeHooks.Of(node) is not { TensorPre.Length: > 0 } hooks) return;
        foreach ((int _, int output, Func<Tensor, Tensor?> hook) in hooks.TensorPre)
        {
            if (output >= grads.Length || grads[output] is not Tensor g) continue; // no gradient: not called
            grads[output] = g = Shown(g);
            if (hook(g) is Tensor result)
            {
                CheckHookResult(hook, g, result);
                grads[output] = Shown(result);
            }
        }
    }

    private static void PreHooks(Node node, Tensor?[] grads)
    {
        if (NodeHooks.Of(node) is not { Pre.Length: > 0 } hooks) return;
        foreach ((int _, var hook) in hooks.Pre)
        {
            Tensor?[] shown = ShownAll(grads);
            Array.Copy(shown, grads, grads.Length);
            if (hook(shown) is { } result) Replace(hook, grads, result);
        }
    }

    /// <summary>Runs the node's post hooks on its validated outputs; returns the (possibly replaced) outputs.</summary>
    private static Tensor?[] PostHooks(Node node, Tensor?[] outputs, Tensor?[] grads)
    {
        if (NodeHooks.Of(node) is not { Post.Length: > 0 } hooks) return outputs;
        var inputGrads = new Tensor?[node._inputs.Length];
        for (int i = 0; i < inputGrads.Length; i++)
            if (i < outputs.Length && outputs[i] is Tensor g && node._inputs[i].Function is not null)
                inputGrads[i] = Shown(Validate(node, i, g));
        foreach ((int _, var hook) in hooks.Post)
            if (hook(ShownAll(inputGrads), ShownAll(grads)) is { } result) Replace(hook, inputGrads, result);
        return inputGrads;
    }

    private static void PostAccumulateHooks(AccumulateGrad acc)
    {
        if (NodeHooks.Of(acc) is not { PostAccumulate.Length: > 0 } hooks) return;
        foreach ((int _, Action<Tensor> hook) in hooks.PostAccumulate) hook(acc.Variable);
    }

    /// <summary>Replaces <paramref name="values"/> by a hook's <paramref name="result"/>, after PyTorch's checks.</summary>
    private static void Replace(Delegate hook, Tensor?[] values, IReadOnlyList<Tensor?> result)
    {
        if (result.Count != values.Length)
            throw new InvalidOperationException(
                $"hook '{NodeHooks.Name(hook)}' has returned an incorrect number of values (got {result.Count}, but expected " +
                $"{values.Length})");
        for (int i = 0; i < values.Length; i++)
        {
            if (result[i] is not Tensor r) continue; // None keeps the value
            if (values[i] is not Tensor original)
                throw new InvalidOperationException("can't replace a None gradient with a non-None value");
            CheckHookResult(hook, original, r);
        }
        for (int i = 0; i < values.Length; i++)
            if (result[i] is Tensor r) values[i] = Shown(r);
    }

    private static void CheckHookResult(Delegate hook, Tensor original, Tensor result)
    {
        if (result._dtype != original._dtype)
            throw new InvalidOperationException(
                $"hook '{NodeHooks.Name(hook)}' has changed the type of value (was CPU{DType.ShortName(original._dtype)}Type got " +
                $"CPU{DType.ShortName(result._dtype)}Type)");
        if (!Shape.SameShape(result._shape, original._shape))
            throw new InvalidOperationException($"hook '{NodeHooks.Name(hook)}' has changed the size of value");
    }

    /// <summary>A gradient as a hook may see (and keep) it: never pooled or stolen from now on; the shared seed
    /// as a copy, so a hook cannot change every later pass's seed.</summary>
    private static Tensor Shown(Tensor g)
    {
        if (g._storage == s_one32._storage || g._storage == s_one64._storage) g = g.clone();
        g._storage.OwnerTask = Storage.HandedOut;
        return g;
    }

    private static Tensor?[] ShownAll(Tensor?[] grads)
    {
        var shown = new Tensor?[grads.Length];
        for (int i = 0; i < grads.Length; i++) if (grads[i] is Tensor g) shown[i] = Shown(g);
        return shown;
    }
}
