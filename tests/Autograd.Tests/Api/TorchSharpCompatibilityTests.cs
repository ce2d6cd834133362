using System.Reflection;
using Autograd;

namespace Autograd.Tests;

/// <summary>
/// "Drop-in": for every member the core issue lists, each TorchSharp 0.107 overload (same name,
/// parameter names and types, with TorchSharp's types mapped to ours) has a counterpart here, so code
/// written against TorchSharp's autograd subset compiles after swapping the using directive.
/// Overloads over element types we do not store (uint8, int8, int16, float16, bfloat16, complex) and
/// over TorchSharp-only plumbing types are out of scope and listed in <see cref="OutOfScopeTypes"/>.
/// </summary>
public class TorchSharpCompatibilityTests
{
    private static readonly string[] TensorMembers =
    [
        "add", "sub", "mul", "div", "neg", "pow", "exp", "log", "log1p", "sqrt", "rsqrt", "abs", "sign", "sin", "cos",
        "tanh", "sigmoid", "relu", "clamp", "maximum", "minimum", "where", "eq", "ne", "lt", "le", "gt", "ge",
        "sum", "mean", "max", "min", "argmax", "argmin", "prod", "var", "std", "logsumexp", "norm",
        "matmul", "mm", "bmm", "dot", "outer", "t", "reshape", "view", "flatten", "squeeze", "unsqueeze", "permute",
        "transpose", "expand", "contiguous", "narrow", "index_select", "gather", "masked_fill", "split", "chunk",
        "softmax", "log_softmax", "item", "data", "dim", "numel", "to_type", "to", "float", "double", "long", "clone",
        "requires_grad_", "backward", "detach", "detach_", "retain_grad", "zero_", "fill_", "copy_", "add_", "sub_",
        "mul_", "div_", "clamp_",
        "floor", "ceil", "round", "trunc", "frac", "fmod", "remainder", "isnan", "isinf", "isfinite", "isneginf", "isposinf",
        "nan_to_num", "signbit", "copysign", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "asinh", "acosh", "atanh",
        "exp2", "expm1", "log2", "log10", "erf", "erfc", "erfinv", "lgamma", "digamma", "polygamma", "reciprocal", "square",
        "sinc", "hypot", "logaddexp", "lerp", "addcmul", "addcdiv", "xlogy",
        "floor_", "ceil_", "round_", "trunc_", "frac_", "fmod_", "remainder_", "nan_to_num_", "tan_", "asin_", "acos_", "atan_",
        "sinh_", "cosh_", "asinh_", "acosh_", "atanh_", "exp2_", "expm1_", "log2_", "log10_", "erf_", "erfc_", "erfinv_",
        "lgamma_", "digamma_", "reciprocal_", "sinc_", "lerp_", "addcmul_", "addcdiv_",
        "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift", "bitwise_right_shift", "logical_xor",
        "logical_and", "logical_or", "logical_not", "isclose", "allclose",
        "bitwise_and_", "bitwise_or_", "bitwise_xor_", "bitwise_not_", "bitwise_left_shift_", "bitwise_right_shift_", "cpu", "cuda",
        "ToSingle", "ToDouble", "ToInt32", "ToInt64", "ToBoolean", "ToScalar", "Equals", "GetHashCode",
        "flip", "fliplr", "flipud", "roll", "rot90", "repeat", "repeat_interleave", "tile", "tril", "triu", "tril_", "triu_", "diag",
        "diag_embed", "diagonal", "trace", "movedim", "moveaxis", "swapaxes", "swapdims", "unbind", "tensor_split", "hsplit", "vsplit",
        "dsplit", "broadcast_to", "atleast_1d", "atleast_2d", "atleast_3d",
        "addmm", "addbmm", "baddbmm", "addmv", "addr", "tensordot", "kron", "det", "logdet", "matrix_power", "cholesky",
        "cumsum", "cumprod", "cummax", "cummin", "logcumsumexp", "diff",
        "sort", "argsort", "topk", "kthvalue", "median", "mode", "msort", "quantile", "nanquantile", "unique", "unique_consecutive",
        "nonzero", "argwhere",
        "bucketize", "scatter", "scatter_", "index_fill", "index_fill_", "index_copy", "index_copy_", "masked_scatter",
        "masked_scatter_", "take", "take_along_dim", "index_put_", "ToString",
    ];

    private static readonly string[] TorchMembers =
    [
        "tensor", "zeros", "ones", "full", "empty", "arange", "linspace", "eye", "rand", "randn", "randint", "zeros_like",
        "ones_like", "full_like", "empty_like", "rand_like", "randn_like", "manual_seed", "add", "sub", "mul", "div", "neg",
        "pow", "exp", "log", "log1p", "sqrt", "rsqrt", "abs", "sign", "sin", "cos", "tanh", "sigmoid", "relu", "clamp",
        "maximum", "minimum", "where", "eq", "ne", "lt", "le", "gt", "ge", "sum", "mean", "max", "min", "argmax", "argmin",
        "prod", "var", "std", "logsumexp", "norm", "matmul", "mm", "bmm", "dot", "outer", "t", "reshape", "flatten",
        "squeeze", "unsqueeze", "permute", "transpose", "narrow", "index_select", "gather", "masked_fill", "cat", "stack",
        "split", "chunk", "softmax", "log_softmax", "clone", "no_grad", "enable_grad", "set_grad_enabled",
        "floor", "ceil", "round", "trunc", "frac", "fmod", "remainder", "isnan", "isinf", "isfinite", "isneginf", "isposinf",
        "nan_to_num", "signbit", "copysign", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "asinh", "acosh", "atanh",
        "exp2", "expm1", "log2", "log10", "erf", "erfc", "erfinv", "lgamma", "digamma", "polygamma", "reciprocal", "square",
        "sinc", "hypot", "logaddexp", "lerp", "addcmul", "addcdiv", "xlogy",
        "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift", "bitwise_right_shift", "logical_xor",
        "logical_and", "logical_or", "logical_not", "isclose", "allclose",
        "equal", "device", "cuda_is_available",
        "flip", "fliplr", "flipud", "roll", "rot90", "repeat_interleave", "tile", "tril", "triu", "tril_", "triu_", "diag", "diag_embed",
        "diagonal", "trace", "movedim", "moveaxis", "swapaxes", "swapdims", "unbind", "tensor_split", "hsplit", "vsplit", "dsplit",
        "hstack", "vstack", "dstack", "column_stack", "row_stack", "meshgrid", "broadcast_to", "broadcast_tensors",
        "addmm", "addbmm", "baddbmm", "addmv", "addr", "einsum", "tensordot", "kron", "cdist", "det", "logdet", "slogdet",
        "cholesky", "matrix_power",
        "cumsum", "cumprod", "cummax", "cummin", "logcumsumexp", "diff",
        "sort", "argsort", "topk", "kthvalue", "median", "mode", "msort", "quantile", "nanquantile", "unique", "unique_consecutive",
        "nonzero", "argwhere",
        "searchsorted", "bucketize", "scatter", "scatter_", "index_fill", "index_fill_", "index_copy", "index_copy_", "take", "take_along_dim",
        "set_printoptions",
    ];
    private static readonly string[] LinalgMembers =
    [
        "inv", "det", "slogdet", "solve", "cholesky", "qr", "eigh", "eigvalsh", "svd", "svdvals", "pinv", "lstsq",
        "matrix_norm", "vector_norm", "norm", "cross",
    ];

    private static readonly string[] NNMembers =
    [
        "Parameter", "Sequential", "Linear", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict", "Identity", "Flatten",
        "Unflatten", "ReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "ReLU6", "LeakyReLU", "PReLU", "ELU", "SELU", "CELU", "GELU",
        "SiLU", "Mish", "Softplus", "Softsign", "Hardtanh", "Hardswish", "Hardsigmoid", "Tanhshrink", "Softshrink", "Hardshrink",
        "Threshold", "GLU", "LogSigmoid", "Softmin",
    ];

    private static readonly string[] FunctionalMembers =
    [
        "relu", "relu6", "hardtanh", "Hardtanh", "leaky_relu", "prelu", "elu", "selu", "celu", "gelu", "silu", "SiLU", "mish", "Mish",
        "softplus", "softsign", "Softsign", "hardswish", "hardsigmoid", "tanhshrink", "Tanhshrink", "softshrink", "Softshrink",
        "hardshrink", "Hardshrink", "threshold", "Threshold", "glu", "logsigmoid", "softmin", "sigmoid", "tanh", "softmax",
        "log_softmax", "linear",
    ];

    private static readonly string[] ModuleMembers =
    [
        "register_module", "add_module", "register_parameter", "register_buffer", "parameters", "named_parameters", "buffers",
        "named_buffers", "children", "named_children", "modules", "named_modules", "has_parameter", "get_parameter", "has_buffer",
        "get_buffer", "train", "eval", "zero_grad", "apply", "state_dict", "load_state_dict", "GetName", "Dispose",
    ];

    private static readonly string[] ModuleExtensionMembers = ["to", "cpu", "float", "double"];

    private static readonly string[] TensorExtensionMembers = ["str", "jlstr", "metastr", "npstr", "cstr", "print"];

    /// <summary>Type names whose overloads are out of scope (unsupported dtypes, TorchSharp plumbing).</summary>
    private static readonly string[] OutOfScopeTypes =
    [
        "Byte", "SByte", "Int16", "Half", "BFloat16", "Complex", "ValueTuple`2[Single", "Memory`1", "IList`1[System.Byte",
        "IList`1[System.SByte", "IList`1[System.Int16", "IList`1[System.Half", "IList`1[TorchSharp.BFloat16",
        "IList`1[System.Numerics.Complex", "IList`1[System.ValueTuple", "Size", "Layout", "MemoryFormat", "DimensionName",
        "ValueTuple`2[System.Single", "ValueTuple`2[System.Double", // complex scalars
    ];

    /// <summary>Overloads whose every call form still compiles here through another overload, with why.</summary>
    private static readonly string[] CoveredElsewhere =
    [
        // backward(grad_tensors: null, ...) without a list binds to backward(Tensor? gradient = null, ...),
        // which has the same remaining parameter names (EngineTests call every form).
        "Tensor.backward(IList<Tensor> grad_tensors, Boolean retain_graph, Boolean create_graph, IList<Tensor> inputs)",
        // named dimensions: named tensors are not supported
        "Tensor.flatten(IList<String> dims, String out_dim)",
        // complex scalar tensor(real, imaginary): complex dtypes are not stored
        "torch.tensor(Double real, Double imaginary, Nullable<ScalarType> dtype, Device device, Boolean requires_grad)",
        "torch.tensor(Single real, Single imaginary, Nullable<ScalarType> dtype, Device device, Boolean requires_grad)",
    ];

    [Fact]
    public void TorchSharp_overloads_of_the_core_api_exist_here()
    {
        var missing = new List<string>();
        Check(typeof(TorchSharp.torch.Tensor), typeof(Tensor), TensorMembers, BindingFlags.Instance, missing);
        Check(typeof(TorchSharp.torch), typeof(torch), TorchMembers, BindingFlags.Static, missing);
        Check(typeof(TorchSharp.torch.linalg), typeof(torch.linalg), LinalgMembers, BindingFlags.Static, missing);
        Check(typeof(TorchSharp.torch.nn), typeof(torch.nn), NNMembers, BindingFlags.Static, missing);
        Check(typeof(TorchSharp.torch.nn.functional), typeof(torch.nn.functional), FunctionalMembers, BindingFlags.Static, missing);
        Check(typeof(TorchSharp.torch.nn.Module), typeof(torch.nn.Module), ModuleMembers, BindingFlags.Instance, missing);
        Check(typeof(TorchSharp.ModuleExtensionMethods), typeof(ModuleExtensionMethods), ModuleExtensionMembers, BindingFlags.Static, missing);
        Check(typeof(TorchSharp.TensorExtensionMethods), typeof(TensorExtensionMethods), TensorExtensionMembers, BindingFlags.Static, missing);
        Assert.True(missing.Count == 0, $"{missing.Count} TorchSharp overloads have no counterpart:\n" + string.Join("\n", missing));
    }

    private static void Check(Type theirs, Type ours, string[] names, BindingFlags kind, List<string> missing)
    {
        var flags = BindingFlags.Public | kind;
        foreach (string name in names)
        {
            var ourOverloads = ours.GetMethods(flags).Where(m => m.Name == name).ToArray();
            foreach (MethodInfo t in theirs.GetMethods(flags).Where(m => m.Name == name))
            {
                ParameterInfo[] tp = t.GetParameters();
                if (tp.Any(p => OutOfScopeTypes.Any(o => p.ParameterType.ToString().Contains(o, StringComparison.Ordinal)))) continue;
                string sig = $"{ours.Name}.{name}({string.Join(", ", tp.Select(p => $"{Simple(p.ParameterType)} {p.Name}"))})";
                if (!ourOverloads.Any(o => Compatible(tp, o.GetParameters())) && !CoveredElsewhere.Contains(sig)) missing.Add(sig);
            }
        }
    }

    /// <summary>Same parameter names and mapped types in order; ours may add trailing optional parameters.</summary>
    private static bool Compatible(ParameterInfo[] theirs, ParameterInfo[] ours)
    {
        if (ours.Length < theirs.Length) return false;
        for (int i = 0; i < theirs.Length; i++)
        {
            if (theirs[i].Name != ours[i].Name) return false;
            string t = Simple(theirs[i].ParameterType), o = Simple(ours[i].ParameterType);
            // a T argument binds to our T? parameter (we use bool? retain_graph: PyTorch's None default)
            if (t != o && o != $"Nullable<{t}>") return false;
            if (theirs[i].HasDefaultValue && !ours[i].HasDefaultValue) return false;
        }
        return ours.Skip(theirs.Length).All(p => p.HasDefaultValue);
    }

    /// <summary>A namespace-free type name, so TorchSharp.torch.Tensor and Autograd.torch.Tensor compare by name.</summary>
    private static string Simple(Type t)
    {
        if (t.IsByRef) t = t.GetElementType()!;
        if (t.IsArray) return Simple(t.GetElementType()!) + "[" + new string(',', t.GetArrayRank() - 1) + "]";
        if (t.IsGenericType)
            return t.Name.Split('`')[0] + "<" + string.Join(",", t.GetGenericArguments().Select(Simple)) + ">";
        return t.Name;
    }
}
