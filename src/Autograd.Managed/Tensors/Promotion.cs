namespace Autograd;

public static partial class torch
{
    /// <summary>PyTorch's <c>torch.promote_types</c>: the smallest dtype both <paramref name="type1"/> and
    /// <paramref name="type2"/> convert to without losing their category (bool &lt; integer &lt; floating).
    /// uint8 with int8 gives int16; float16 with bfloat16 gives float32; an integer with a floating type
    /// gives the floating type.</summary>
    /// <exception cref="NotSupportedException">A complex dtype.</exception>
    public static ScalarType promote_types(ScalarType type1, ScalarType type2) =>
        DType.Promote(DType.Check(type1), DType.Check(type2));

    /// <summary>PyTorch's <c>torch.can_cast</c>: whether an in-place op may write a <paramref name="from"/>
    /// result into a <paramref name="to"/> tensor under the casting rules (no floating to integer, nothing
    /// but bool to bool).</summary>
    /// <exception cref="NotSupportedException">A complex dtype.</exception>
    public static bool can_cast(ScalarType from, ScalarType to) => DType.CanCast(DType.Check(from), DType.Check(to));

    /// <summary>PyTorch's <c>torch.result_type</c> for two tensors: the dtype an elementwise op on them
    /// returns. Dimensioned tensors decide within their category; a 0-d tensor decides only when its
    /// category is higher.</summary>
    /// <exception cref="ArgumentNullException">A null tensor.</exception>
    public static ScalarType result_type(Tensor tensor1, Tensor tensor2)
    {
        ArgumentNullException.ThrowIfNull(tensor1);
        ArgumentNullException.ThrowIfNull(tensor2);
        return Ops.Elementwise.ResultType(tensor1, tensor2);
    }

    /// <summary>PyTorch's <c>torch.result_type</c> for a tensor and a number (a wrapped scalar): the
    /// tensor's dtype unless the number's category is higher, then the default dtype of that category
    /// (<see cref="get_default_dtype"/> for a floating number, int64 for an integer).</summary>
    /// <exception cref="ArgumentNullException">A null tensor.</exception>
    public static ScalarType result_type(Tensor tensor, Scalar scalar)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return Ops.Elementwise.ResultType(tensor, scalar);
    }
}
