namespace Autograd;

/// <summary>
/// A registered hook; <see cref="remove"/> unregisters it (PyTorch's <c>torch.utils.hooks.RemovableHandle</c>).
/// Disposing it removes it too, so a <c>using</c> block scopes a hook.
/// </summary>
public sealed class RemovableHandle : IDisposable
{
    private readonly NodeHooks _hooks;
    private readonly Node _node;

    internal RemovableHandle(Node node, NodeHooks hooks, int id)
    {
        _node = node;
        _hooks = hooks;
        this.id = id;
    }

    /// <summary>The hook's id, unique among the hooks of its node.</summary>
    public int id { get; }

    /// <summary>Unregisters the hook; later calls do nothing.</summary>
    public void remove() => _hooks.Remove(_node, id);

    /// <summary>Same as <see cref="remove"/>.</summary>
    public void Dispose() => remove();
}

/// <summary>
/// The hooks of one node, in registration order (PyTorch's order of calls). Lives in a side table (see
/// <see cref="For"/>): nodes without hooks pay only the <see cref="Node._hasHooks"/> flag the engine tests.
/// Each list is an immutable array replaced on change, so a backward pass on another thread iterates a
/// consistent snapshot.
/// </summary>
internal sealed class NodeHooks
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Node, NodeHooks> s_table = new();

    /// <summary><c>Tensor.register_hook</c> on the node's outputs (for a leaf: on its AccumulateGrad, output 0).</summary>
    internal (int Id, int Output, Func<Tensor, Tensor?> Hook)[] TensorPre = [];
    /// <summary><c>Node.register_prehook</c>: gradients of the outputs in, replacements out.</summary>
    internal (int Id, Func<IReadOnlyList<Tensor?>, IReadOnlyList<Tensor?>?> Hook)[] Pre = [];
    /// <summary><c>Node.register_hook</c>: gradients of the inputs and of the outputs in, replacements for the former out.</summary>
    internal (int Id, Func<IReadOnlyList<Tensor?>, IReadOnlyList<Tensor?>, IReadOnlyList<Tensor?>?> Hook)[] Post = [];
    /// <summary><c>Tensor.register_post_accumulate_grad_hook</c> (AccumulateGrad only).</summary>
    internal (int Id, Action<Tensor> Hook)[] PostAccumulate = [];
    private int _lastId;

    /// <summary>The node's hooks; null when none was ever registered.</summary>
    internal static NodeHooks? Of(Node node) => node._hasHooks && s_table.TryGetValue(node, out NodeHooks? h) ? h : null;

    internal static NodeHooks For(Node node) => s_table.GetValue(node, static _ => new NodeHooks());

    /// <summary>Registers a hook through <paramref name="add"/> (which stores it under the given id) and returns its handle.</summary>
    internal static RemovableHandle Add(Node node, Action<NodeHooks, int> add)
    {
        NodeHooks hooks = For(node);
        int id;
        lock (hooks)
        {
            id = ++hooks._lastId;
            add(hooks, id);
            node._hasHooks = true;
        }
        return new RemovableHandle(node, hooks, id);
    }

    internal void Remove(Node node, int id)
    {
        lock (this)
        {
            TensorPre = Array.FindAll(TensorPre, h => h.Id != id);
            Pre = Array.FindAll(Pre, h => h.Id != id);
            Post = Array.FindAll(Post, h => h.Id != id);
            PostAccumulate = Array.FindAll(PostAccumulate, h => h.Id != id);
            node._hasHooks = TensorPre.Length + Pre.Length + Post.Length + PostAccumulate.Length > 0;
        }
    }

    /// <summary>PyTorch's name of a hook in messages: the method's name, a local function's own name, and
    /// <c>&lt;lambda&gt;</c> for a lambda (as Python names one).</summary>
    internal static string Name(Delegate hook)
    {
        string name = hook.Method.Name;
        if (!name.StartsWith('<')) return name;
        int local = name.IndexOf(">g__", StringComparison.Ordinal); // C#'s local function: <Outer>g__name|0_0
        if (local >= 0)
        {
            int start = local + 4, end = name.IndexOf('|', start);
            return end > start ? name[start..end] : name[start..];
        }
        return "<lambda>";
    }
}

public abstract partial class Node
{
    /// <summary>
    /// Registers <paramref name="hook"/>(grad_inputs, grad_outputs), called after this node computed the
    /// gradients of its inputs (one entry per input, null where not computed). A non-null return replaces
    /// them: it must have one entry per input, each of the replaced one's shape and dtype.
    /// </summary>
    /// <returns>A handle whose <see cref="RemovableHandle.remove"/> unregisters the hook.</returns>
    public RemovableHandle register_hook(Func<IReadOnlyList<Tensor?>, IReadOnlyList<Tensor?>, IReadOnlyList<Tensor?>?> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return NodeHooks.Add(this, (h, id) => h.Post = [.. h.Post, (id, hook)]);
    }

    /// <summary>
    /// Registers <paramref name="hook"/>(grad_outputs), called before this node runs with the gradients of its
    /// outputs (after the outputs' tensor hooks). A non-null return replaces them: one entry per output, each of
    /// the replaced one's shape and dtype.
    /// </summary>
    /// <returns>A handle whose <see cref="RemovableHandle.remove"/> unregisters the hook.</returns>
    public RemovableHandle register_prehook(Func<IReadOnlyList<Tensor?>, IReadOnlyList<Tensor?>?> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return NodeHooks.Add(this, (h, id) => h.Pre = [.. h.Pre, (id, hook)]);
    }
}

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>
        /// Registers <paramref name="hook"/>, called with this tensor's gradient each time one is computed
        /// during backward. A non-null return replaces the gradient (same shape and dtype). On a leaf it runs
        /// before the gradient is accumulated into <see cref="grad"/>; on a non-leaf it sees the gradient
        /// flowing through, before <see cref="retain_grad"/> stores it. Hooks run in registration order.
        /// </summary>
        /// <returns>A handle whose <see cref="RemovableHandle.remove"/> unregisters the hook.</returns>
        /// <exception cref="InvalidOperationException">This tensor does not require grad.</exception>
        public RemovableHandle register_hook(Func<Tensor, Tensor?> hook)
        {
            ArgumentNullException.ThrowIfNull(hook);
            if (!requires_grad) throw new InvalidOperationException("cannot register a hook on a tensor that doesn't require gradient");
            int output = _outputNr;
            return NodeHooks.Add(CurrentGradFn() ?? GradAccumulator(), (h, id) => h.TensorPre = [.. h.TensorPre, (id, output, hook)]);
        }

        /// <summary>
        /// Registers <paramref name="hook"/>, called with this leaf after a backward pass accumulated a gradient
        /// into its <see cref="grad"/> (not called when no gradient reached it).
        /// </summary>
        /// <returns>A handle whose <see cref="RemovableHandle.remove"/> unregisters the hook.</returns>
        /// <exception cref="InvalidOperationException">This tensor is not a leaf, or does not require grad.</exception>
        public RemovableHandle register_post_accumulate_grad_hook(Action<Tensor> hook)
        {
            ArgumentNullException.ThrowIfNull(hook);
            if (_gradFn is not null)
                throw new InvalidOperationException("post accumulate grad hooks cannot be registered on non-leaf tensors");
            if (!requires_grad) throw new InvalidOperationException("cannot register a hook on a tensor that doesn't require gradient");
            return NodeHooks.Add(GradAccumulator(), (h, id) => h.PostAccumulate = [.. h.PostAccumulate, (id, hook)]);
        }
    }
}
