using Autograd.Ops;

namespace Autograd;

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>
        /// PyTorch's <c>torch.autograd.forward_ad</c>: forward-mode automatic differentiation. Inside a
        /// <see cref="dual_level"/>, <see cref="make_dual"/> attaches a tangent to a tensor; every differentiable op
        /// applied to such a dual tensor computes its result's tangent, the Jacobian-vector product J·tangent, and
        /// <see cref="unpack_dual"/> reads it. Tangents are dropped when the level exits. As in PyTorch, one level
        /// exists at a time (process-wide); nesting throws.
        /// </summary>
        public static class forward_ad
        {
            /// <summary>Opens the forward AD level for a <c>using</c> block; disposing it exits the level and drops every
            /// tangent made in it.</summary>
            /// <exception cref="InvalidOperationException">A level is already open ("Nested forward mode AD is not
            /// supported at the moment").</exception>
            public static DualLevel dual_level() => new(enter_dual_level());

            /// <summary>Opens a new level and returns its index (0, the only one).</summary>
            /// <exception cref="InvalidOperationException">A level is already open.</exception>
            public static long enter_dual_level() => ForwardAD.Enter();

            /// <summary>Exits the level <paramref name="level"/> (default: the current one), dropping its tangents.</summary>
            /// <exception cref="InvalidOperationException">The level is not the last one entered (or none is open).</exception>
            public static void exit_dual_level(long? level = null) => ForwardAD.Exit(level ?? ForwardAD.Level);

            /// <summary>
            /// A new tensor that aliases <paramref name="tensor"/>'s memory and has <paramref name="tangent"/> as its forward
            /// gradient: used as-is when it has the primal's layout (shape, strides, offset), copied otherwise. Backward
            /// differentiable with respect to <paramref name="tensor"/> (a <c>ViewBackward0</c>).
            /// </summary>
            /// <exception cref="InvalidOperationException">No level is open; <paramref name="tensor"/> already has a tangent;
            /// <paramref name="tangent"/> has one itself; <paramref name="level"/> is not the open level.</exception>
            /// <exception cref="ArgumentException">Either tensor is not floating point; the sizes differ.</exception>
            public static Tensor make_dual(Tensor tensor, Tensor tangent, long? level = null)
            {
                long lvl = level ?? ForwardAD.Level;
                if (lvl < 0)
                    throw new InvalidOperationException(
                        "Trying to create a dual Tensor for forward AD but no level exists, make sure to enter_dual_level() first.");
                if (!DType.IsFloating(tensor._dtype))
                    throw new ArgumentException($"Expected primal to be floating point or complex, but got: {DType.Name(tensor._dtype)}");
                if (!DType.IsFloating(tangent._dtype))
                    throw new ArgumentException($"Expected tangent to be floating point or complex, but got: {DType.Name(tangent._dtype)}");
                if (ForwardAD.HasTangent(tensor))
                    throw new InvalidOperationException(
                        $"Making a dual Tensor based on a Tensor that already has a forward gradient at the same level {lvl} is " +
                        $"not supported.");
                if (lvl != 0 || ForwardAD.Level != 0) throw new InvalidOperationException("Invalid level given to _make_dual");
                if (ForwardAD.HasTangent(tangent))
                    throw new InvalidOperationException(
                        $"Setting a forward grad that itself has a forward gradient at the same level{lvl} is not supported.");
                if (!Shape.SameShape(tensor._shape, tangent._shape))
                    throw new ArgumentException(
                        "Trying to set a forward gradient that has a different size than that of the original Tensor, this is " +
                        "not supported. " +
                        $"Tensor is of size {Shape.Format(tensor._shape)} while the given forward gradient is of size " +
                        $"{Shape.Format(tangent._shape)}.");
                Tensor result = Alias(tensor, "ViewBackward0");
                ForwardAD.MarkDual(result);
                ForwardAD.SetTangent(result, ForwardAD.SameLayout(tangent, tensor) ? tangent
                                             : tangent.requires_grad ? tangent.clone() : ForwardAD.InLayoutOf(tangent, result));
                return result;
            }

            /// <summary>
            /// The primal and tangent of <paramref name="tensor"/>: the primal is a view of it without the tangent
            /// (backward differentiable, <c>AliasBackward0</c>), the tangent is the forward gradient as stored, or null.
            /// Outside a level, the tensor itself and null.
            /// </summary>
            public static UnpackedDualTensor unpack_dual(Tensor tensor, long? level = null)
            {
                long lvl = level ?? ForwardAD.Level;
                if (lvl < 0) return new UnpackedDualTensor(tensor, null);
                Tensor? tangent = lvl == ForwardAD.Level ? ForwardAD.TangentOf(tensor) : null;
                Tensor primal = Alias(tensor, "AliasBackward0");
                ForwardAD.MarkDual(primal); // a view without a tangent, whatever its base gets later
                return new UnpackedDualTensor(primal, tangent);
            }

            // a view of x with x's history but no tangent (PyTorch's _make_dual / _fw_primal are not forward differentiable)
            private static Tensor Alias(Tensor x, string nodeName)
            {
                Tensor result = Views.MakeView(x, x._shape, x._strides, x._offset);
                if (x.requires_grad && GradMode.IsEnabled)
                    Graph.SetHistory(Graph.Wire(new ReshapeBackward(nodeName), [x]), [result]);
                return result;
            }
        }

        /// <summary>What <see cref="forward_ad.unpack_dual"/> returns: PyTorch's named tuple <c>(primal, tangent)</c>.</summary>
        /// <param name="primal">A view of the tensor without its tangent.</param>
        /// <param name="tangent">The forward gradient, or null when the tensor has none at the level.</param>
        public readonly record struct UnpackedDualTensor(Tensor primal, Tensor? tangent);
    }
}

/// <summary>The scope <see cref="torch.autograd.forward_ad.dual_level"/> returns: disposing it exits the level (once).</summary>
public sealed class DualLevel : IDisposable
{
    private bool _exited;

    internal DualLevel(long level) => this.level = level;

    /// <summary>The level's index (0).</summary>
    public long level { get; }

    /// <summary>Exits the level, dropping its tangents; later calls do nothing.</summary>
    public void Dispose()
    {
        if (_exited) return;
        _exited = true;
        ForwardAD.Exit(level);
    }
}
