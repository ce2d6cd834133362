using static Autograd.Ops.Elementwise;

namespace Autograd
{
    // PyTorch's other spellings of division: floor_divide (div with floor rounding that LibTorch records but cannot
    // differentiate) and true_divide (div)
    public static partial class torch
    {
        public partial class Tensor
        {
            /// <summary>this / target rounded toward -inf: <c>div(target, RoundingMode.floor)</c>, as PyTorch defines it.
            /// As in LibTorch, the result requires grad when an input does, and backward through it throws
            /// (<c>derivative for aten::floor_divide is not implemented</c>).</summary>
            public Tensor floor_divide(Tensor target) =>
                NotImplementedNode.Record("aten::floor_divide", [this, target], () => div(target, RoundingMode.floor));
            /// <summary>this / target rounded toward -inf (see <see cref="floor_divide(Tensor)"/>).</summary>
            public Tensor floor_divide(Scalar target) =>
                NotImplementedNode.Record("aten::floor_divide", [this], () => div(target, RoundingMode.floor));
            /// <summary>In place: this = floor(this / target) (see <see cref="floor_divide(Tensor)"/>).</summary>
            public Tensor floor_divide_(Tensor target) => Ops.Arithmetic.FloorDivideInPlace(this, target);
            /// <summary>In place: this = floor(this / target).</summary>
            public Tensor floor_divide_(Scalar target) =>
                Ops.Arithmetic.FloorDivideInPlace(this, ScalarTensor(target, ResultType(this, target)));
            /// <summary>Alias of <see cref="div(Tensor, RoundingMode)"/> without rounding.</summary>
            public Tensor true_divide(Tensor target) => div(target);
            /// <summary>Alias of <see cref="div(Scalar, RoundingMode)"/> without rounding.</summary>
            public Tensor true_divide(Scalar target) => div(target);
            /// <summary>Alias of <see cref="div_(Tensor, RoundingMode)"/> without rounding.</summary>
            public Tensor true_divide_(Tensor target) => div_(target);
            /// <summary>Alias of <see cref="div_(Scalar, RoundingMode)"/> without rounding.</summary>
            public Tensor true_divide_(Scalar target) => div_(target);
        }

        /// <summary>left / right rounded toward -inf, broadcast.</summary>
        public static Tensor floor_divide(Tensor input, Tensor other) => input.floor_divide(other);
        /// <summary>In place: input = floor(input / other).</summary>
        public static Tensor floor_divide_(Tensor input, Tensor other) => input.floor_divide_(other);
        /// <summary>dividend / divisor, broadcast (alias of div).</summary>
        public static Tensor true_divide(Tensor dividend, Tensor divisor) => dividend.true_divide(divisor);
        /// <summary>In place: dividend /= divisor.</summary>
        public static Tensor true_divide_(Tensor dividend, Tensor divisor) => dividend.true_divide_(divisor);
    }
}
