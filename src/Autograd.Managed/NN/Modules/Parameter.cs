namespace Autograd.Modules
{
    /// <summary>
    /// A tensor that is a module's learnable state: a leaf that requires grad by default. It shares the
    /// storage of the tensor it was made from (PyTorch's <c>nn.Parameter(data)</c>), detached from any graph.
    /// Modules find their parameters by this type (<see cref="torch.nn.Module.register_parameter"/>,
    /// <c>RegisterComponents()</c>).
    /// </summary>
    public class Parameter : torch.Tensor
    {
        /// <summary>A parameter over <paramref name="data"/>'s elements (shared, not copied).</summary>
        /// <exception cref="InvalidOperationException"><paramref name="requires_grad"/> on an integer or bool tensor.</exception>
        public Parameter(torch.Tensor data, bool requires_grad = true)
            : base((data ?? throw new ArgumentNullException(nameof(data)))._storage, data._shape, data._strides, data._offset, data._dtype)
        {
            requires_grad_(requires_grad);
        }

        /// <summary>PyTorch's repr: <c>Parameter containing:</c> and the tensor's printed form.</summary>
        public override string ToString() => "Parameter containing:\n" + base.ToString();
    }
}

namespace Autograd
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>A <see cref="Modules.Parameter"/> over <paramref name="data"/>'s elements (shared, not copied).</summary>
            /// <exception cref="InvalidOperationException"><paramref name="requires_grad"/> on an integer or bool tensor.</exception>
            public static Modules.Parameter Parameter(Tensor data, bool requires_grad = true) => new(data, requires_grad);
        }

        public partial class Tensor
        {
            /// <summary>TorchSharp's <c>AsParameter()</c>: this tensor's elements as a <see cref="Modules.Parameter"/>
            /// that requires grad.</summary>
            public Modules.Parameter AsParameter() => new(this, requires_grad: true);
        }
    }
}
