namespace Autograd;

/// <remarks>
/// Note [Gradient sinks]: when a leaf already has a .grad (zeroed by hand, or a second backward that
/// accumulates), AccumulateGrad adds each new gradient into it: a weight's gradient is first computed
/// into a buffer of its own size, then read again by the add. For a matrix product whose input gradient
/// is that leaf's only contribution in this pass, the engine hands the product's backward the .grad
/// itself (<see cref="Ops.MatmulBackward"/>.Sink0/1), and the kernel accumulates into it: one
/// pass over the weight's memory instead of three. The nodes in between (none, or the .t() of a linear
/// layer's weight) then receive no gradient, so they and AccumulateGrad do nothing.
///
/// Only where nothing can tell the difference: a plain backward (no create_graph, autograd.grad or
/// inputs=); the leaf's AccumulateGrad, and the transpose before it if any, waiting for this gradient
/// alone with nothing buffered (<see cref="Sole"/>), the transpose's output not retaining its grad; the
/// .grad dense, of the leaf's dtype and not requiring grad, as AccumulateGrad's in-place add needs it.
/// The sum is .grad + (the product) as before when K fits one of the kernel's K blocks (384 float32
/// values here); beyond that the blocks are added into .grad one by one, a different rounding of the
/// same sum (PyTorch's own blocking differs from ours either way).
/// </remarks>
internal static partial class Engine
{
    /// <summary>Gradients accumulated through a sink since start-up (tests check that it happens).</summary>
    internal static long SunkGradients;

    private static void PlanSinks(Ops.MatmulBackward mm, long task)
    {
        mm.Sink0 = Sink(mm, mm.First, task);
        mm.Sink1 = Sink(mm, mm.First + 1, task);
    }

    /// <summary>The leaf .grad that input <paramref name="i"/>'s gradient may be accumulated into, viewed in
    /// that input's layout, or null.</summary>
    private static Tensor? Sink(Node node, int i, long task)
    {
        if (i >= node._inputs.Length) return null;
        InputInfo input = node._inputs[i];
        Node? f = input.Function;
        bool transposed = f is Ops.TransposeBackward t && t.Swaps && input.Shape.Length == 2 && Sole(t, task);
        if (transposed) f = f!._inputs[0].Function;
        if (f is not AccumulateGrad acc || !Sole(acc, task)) return null;
        Tensor? grad = acc.Variable._grad;
        if (grad is null || grad.requires_grad || grad._dtype != input.Type || grad._shape.Length != 2
            || grad._offset != 0 || !grad.is_contiguous())
            return null;
        Tensor view = transposed ? grad.mT : grad;
        return Shape.SameShape(view._shape, input.Shape) ? view : null;
    }

    /// <summary>Whether <paramref name="f"/> waits in this pass for exactly one more gradient and has none yet.</summary>
    private static bool Sole(Node f, long task) =>
        f._task == task && f._dependencies == 1 && f._grad0 is null && f._buffer is null && !f._hasRetained;
}
