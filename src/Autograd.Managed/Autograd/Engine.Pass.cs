namespace Autograd;

internal static partial class Engine
{
    /// <summary>
    /// One backward pass's bookkeeping (Note [Engine state]): its task id, work stacks, the nodes it
    /// claimed, and the side table for nodes another running pass had claimed first. Rented per thread
    /// (a pass that runs inside another one's Apply gets a fresh one), so a pass allocates nothing here.
    /// </summary>
    private sealed class Pass
    {
        internal long Task;
        internal long Owner; // the task whose storage may be recycled, 0 for none (Note [Gradient recycling])
        internal long Batch; // the batch size of a batched pass, -1 for none (Note [Batched backward])
        internal readonly NodeStack Stack = new(), Ready = new(), Claimed = new();
        internal Tensor?[] Sent = new Tensor?[8];
        internal Tensor?[]? One = new Tensor?[1];
        internal GradientSink[] Sinks = new GradientSink[3];
        private Dictionary<Node, Slot>? _overflow; // nodes claimed by another pass; kept empty between passes

        /// <summary>The per-pass state of a node this pass could not claim.</summary>
        private sealed class Slot
        {
            internal int Dependencies;
            internal Tensor? Grad0;
            internal Tensor?[]? Buffer;
        }

        /// <summary>Adds <paramref name="node"/> to this pass (once), claiming it when no other pass holds it.</summary>
        internal void Visit(Node node)
        {
            if (node._task == Task) return;
            if (_overflow is { Count: > 0 } overflow && overflow.ContainsKey(node)) return;
            if (Interlocked.CompareExchange(ref node._task, Task, 0) == 0)
            {
                node._dependencies = 0;
                node._buffer = null;
                node._grad0 = null;
                Claimed.Push(node);
            }
            else
            {
                (_overflow ??= new Dictionary<Node, Slot>(ReferenceEqualityComparer.Instance)).Add(node, new Slot());
            }
            Stack.Push(node);
        }

        // The state of a node this pass visited: on the node when claimed, else in the side table.
        internal ref int Dependencies(Node node)
        {
            if (node._task == Task) return ref node._dependencies;
            return ref _overflow![node].Dependencies;
        }

        internal ref Tensor? Grad0(Node node)
        {
            if (node._task == Task) return ref node._grad0;
            return ref _overflow![node].Grad0;
        }

        internal ref Tensor?[]? Buffer(Node node)
        {
            if (node._task == Task) return ref node._buffer;
            return ref _overflow![node].Buffer;
        }

        /// <summary>Frees every claimed node (also after an exception: a retained graph stays usable) and
        /// drops every reference this pass held, so the rented object keeps nothing alive.</summary>
        internal void Finish()
        {
            while (Claimed.Count > 0)
            {
                Node node = Claimed.Pop();
                node._grad0 = null;
                node._buffer = null;
                Volatile.Write(ref node._task, 0);
            }
            _overflow?.Clear();
            Stack.Clear();
            Ready.Clear();
            Array.Clear(Sent);
            Array.Clear(Sinks);
            One ??= new Tensor?[1];
            One[0] = null;
        }
    }

    /// <summary>The engine's work stacks. Node is not sealed, so every store into a Node[] (as in
    /// Stack&lt;Node&gt;) pays a covariance check (~3% of a tiny backward); slots of a struct need none.</summary>
    private sealed class NodeStack
    {
        private struct Slot { internal Node Node; }

        private Slot[] _slots = new Slot[16];
        internal int Count;

        internal void Push(Node node)
        {
            if (Count == _slots.Length) Array.Resize(ref _slots, Count * 2);
            _slots[Count++].Node = node;
        }

        internal Node Pop()
        {
            ref Slot slot = ref _slots[--Count];
            Node node = slot.Node;
            slot.Node = null!; // the rented stack must not keep the graph alive
            return node;
        }

        internal bool Contains(Node node)
        {
            for (int i = 0; i < Count; i++) if (_slots[i].Node == node) return true;
            return false;
        }

        internal void Clear()
        {
            Array.Clear(_slots, 0, Count);
            Count = 0;
        }
    }
}
