using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

public static partial class OpTable
{
    [OpCases]
    private static IEnumerable<OpCase> Arithmetic()
    {
        foreach (var c in Binary("add", (a, b) => a + b, (a, b) => a + b)) yield return c;
        foreach (var c in Binary("sub", (a, b) => a - b, (a, b) => a - b)) yield return c;
        foreach (var c in Binary("mul", (a, b) => a * b, (a, b) => a * b)) yield return c;
        foreach (var c in Binary("div", (a, b) => a / b, (a, b) => a / b, b: Domain.AwayFromZero)) yield return c;
        foreach (var c in Binary("pow", (a, b) => a.pow(b), (a, b) => a.pow(b), a: Domain.Positive)) yield return c;
        foreach (var c in Unary("neg", x => -x, x => -x)) yield return c;
        foreach (var c in Unary("add_scalar", x => x + 1.5, x => x + 1.5)) yield return c;
        foreach (var c in Unary("sub_scalar", x => x - 1.5, x => x - 1.5)) yield return c;
        foreach (var c in Unary("rsub_scalar", x => 1.5 - x, x => 1.5 - x)) yield return c;
        foreach (var c in Unary("mul_scalar", x => x * 2.5, x => x * 2.5)) yield return c;
        foreach (var c in Unary("div_scalar", x => x / 2.5, x => x / 2.5)) yield return c;
        foreach (var c in Unary("rdiv_scalar", x => 2.5 / x, x => 2.5 / x, Domain.AwayFromZero)) yield return c;
        foreach (var c in Unary("pow_scalar", x => x.pow(3), x => x.pow(3))) yield return c;
        foreach (var c in Unary("pow_fractional", x => x.pow(1.5), x => x.pow(1.5), Domain.Positive)) yield return c;
        // TorchSharp wraps a C# double base as a float64 tensor, which promotes a 0-d float32 exponent to
        // float64; PyTorch keeps float32 for a Python scalar base. Same values: the oracle gets the base
        // as a 0-d tensor of the exponent's dtype, which is PyTorch's result type.
        foreach (var c in Unary("pow_scalar_base", x => torch.pow(2.0, x), x => ts.pow(ts.tensor(2.0).to(x.dtype), x))) yield return c;
        foreach (var c in Unary("exp", x => x.exp(), x => x.exp())) yield return c;
        foreach (var c in Unary("log", x => x.log(), x => x.log(), Domain.Positive)) yield return c;
        foreach (var c in Binary("where", (a, b) => torch.where(a.gt(0), a, b), (a, b) => ts.where(a.gt(0), a, b), a: Domain.AwayFromZero)) yield return c;
    }

    [OpCases]
    private static IEnumerable<OpCase> Comparisons()
    {
        foreach (var (name, ours, theirs) in new (string, Func<Tensor, Tensor, Tensor>, Func<ts.Tensor, ts.Tensor, ts.Tensor>)[]
                 {
                     ("eq", (a, b) => a.eq(b), (a, b) => a.eq(b)), ("ne", (a, b) => a.ne(b), (a, b) => a.ne(b)),
                     ("lt", (a, b) => a.lt(b), (a, b) => a.lt(b)), ("le", (a, b) => a.le(b), (a, b) => a.le(b)),
                     ("gt", (a, b) => a.gt(b), (a, b) => a.gt(b)), ("ge", (a, b) => a.ge(b), (a, b) => a.ge(b)),
                 })
            foreach (var c in Binary(name, ours, theirs, differentiable: false)) yield return c;
        foreach (var c in Binary("logical_and", (a, b) => a.gt(0).logical_and(b.gt(0)), (a, b) => a.gt(0).logical_and(b.gt(0)), differentiable: false)) yield return c;
        foreach (var c in Binary("logical_or", (a, b) => a.gt(0).logical_or(b.gt(0)), (a, b) => a.gt(0).logical_or(b.gt(0)), differentiable: false)) yield return c;
        foreach (var c in Unary("logical_not", x => x.gt(0).logical_not(), x => x.gt(0).logical_not(), differentiable: false)) yield return c;
        foreach (var c in Unary("absolute", x => x.absolute(), x => x.absolute(), Domain.AwayFromZero)) yield return c;
    }

    [OpCases]
    private static IEnumerable<OpCase> SumMean()
    {
        foreach (var c in Unary("sum", x => x.sum(), x => x.sum())) yield return c;
        foreach (var c in Unary("mean", x => x.mean(), x => x.mean())) yield return c;
        yield return new OpCase { Op = "sum", Variant = "dim1", Inputs = [new In([3, 4])], Ours = x => x[0].sum(1), Theirs = x => x[0].sum(1) };
        yield return new OpCase { Op = "sum", Variant = "dim0_keepdim_transposed", Inputs = [new In([3, 4], Transposed: true)], Ours = x => x[0].sum(0, keepdim: true), Theirs = x => x[0].sum(0, keepdim: true) };
        yield return new OpCase { Op = "sum", Variant = "dims_3d", Inputs = [new In([2, 3, 4])], Ours = x => x[0].sum([0, 2]), Theirs = x => x[0].sum([0L, 2L]) };
        yield return new OpCase { Op = "mean", Variant = "dim_neg1", Inputs = [new In([3, 4])], Ours = x => x[0].mean(-1), Theirs = x => x[0].mean([-1L]) };
        yield return new OpCase { Op = "mean", Variant = "dims_keepdim", Inputs = [new In([2, 3, 4])], Ours = x => x[0].mean([1, 2], keepdim: true), Theirs = x => x[0].mean([1L, 2L], keepdim: true) };
    }

    [OpCases]
    private static IEnumerable<OpCase> Views()
    {
        yield return new OpCase { Op = "reshape", Variant = "2x6", Inputs = [new In([3, 4])], Ours = x => x[0].reshape(2, 6), Theirs = x => x[0].reshape(2, 6) };
        yield return new OpCase { Op = "reshape", Variant = "copying_transposed", Inputs = [new In([3, 4], Transposed: true)], Ours = x => x[0].reshape(-1), Theirs = x => x[0].reshape(-1) };
        yield return new OpCase { Op = "view", Variant = "infer", Inputs = [new In([2, 6])], Ours = x => x[0].view(3, -1), Theirs = x => x[0].view(3, -1) };
        yield return new OpCase { Op = "flatten", Variant = "all", Inputs = [new In([2, 3, 2])], Ours = x => x[0].flatten(), Theirs = x => x[0].flatten() };
        yield return new OpCase { Op = "expand", Variant = "row", Inputs = [new In([1, 3])], Ours = x => x[0].expand(4, 3) * 1.0, Theirs = x => x[0].expand(4, 3) * 1.0 };
        yield return new OpCase { Op = "permute", Variant = "3d", Inputs = [new In([2, 3, 4])], Ours = x => x[0].permute(2, 0, 1), Theirs = x => x[0].permute(2, 0, 1) };
        yield return new OpCase { Op = "transpose", Variant = "3d", Inputs = [new In([2, 3, 4])], Ours = x => x[0].transpose(0, 2), Theirs = x => x[0].transpose(0, 2) };
        yield return new OpCase { Op = "t", Variant = "matrix", Inputs = [new In([2, 3])], Ours = x => x[0].t(), Theirs = x => x[0].t() };
        yield return new OpCase { Op = "unsqueeze", Variant = "middle", Inputs = [new In([2, 3])], Ours = x => x[0].unsqueeze(1), Theirs = x => x[0].unsqueeze(1) };
        yield return new OpCase { Op = "squeeze", Variant = "all", Inputs = [new In([2, 1, 3, 1])], Ours = x => x[0].squeeze(), Theirs = x => x[0].squeeze() };
        yield return new OpCase { Op = "squeeze", Variant = "dim", Inputs = [new In([2, 1, 3])], Ours = x => x[0].squeeze(1), Theirs = x => x[0].squeeze(1) };
        yield return new OpCase { Op = "narrow", Variant = "dim1", Inputs = [new In([3, 5])], Ours = x => x[0].narrow(1, 1, 3), Theirs = x => x[0].narrow(1, 1, 3) };
        yield return new OpCase { Op = "contiguous", Variant = "transposed", Inputs = [new In([3, 4], Transposed: true)], Ours = x => x[0].contiguous(), Theirs = x => x[0].contiguous() };
        yield return new OpCase { Op = "clone", Variant = "matrix", Inputs = [new In([3, 4])], Ours = x => x[0].clone(), Theirs = x => x[0].clone() };
        yield return new OpCase { Op = "to", Variant = "float64", Inputs = [new In([3])], Ours = x => x[0].to(ScalarType.Float64), Theirs = x => x[0].to(ts.ScalarType.Float64) };
    }
}
