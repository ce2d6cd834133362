using Autograd;
using ts = TorchSharp.torch;
using TsType = TorchSharp.torch.ScalarType;

namespace Autograd.Tests;

public static partial class OpTable
{
    /// <summary>Scans and differences: cumsum, cumprod, cummax / cummin, logcumsumexp, diff; every dim
    /// layout, 0-d and empty inputs, the dtype argument, int64 values.</summary>
    [OpCases]
    private static IEnumerable<OpCase> ScanOps()
    {
        static OpCase C(string op, string variant, In[] inputs, Func<Tensor[], Tensor> ours, Func<ts.Tensor[], ts.Tensor> theirs, bool diff = true) =>
            new() { Op = op, Variant = variant, Inputs = inputs, Ours = ours, Theirs = theirs, Differentiable = diff };
        static OpCase Ints(string op, string variant, long[] shape, Func<Tensor, Tensor> ours, Func<ts.Tensor, ts.Tensor> theirs) =>
            new() { Op = op, Variant = variant, Inputs = [new In(shape, Domain.Index, IndexBound: 7)], Differentiable = false,
                    Ours = x => ours(x[0] - 3), Theirs = x => theirs(x[0] - 3) };
        In v5 = new([5]), m34 = new([3, 4]), t34 = new([3, 4], Transposed: true), c234 = new([2, 3, 4]), s = new([]), e = new([0, 3]);

        foreach (bool sum in new[] { true, false })
        {
            string name = sum ? "cumsum" : "cumprod";
            Func<Tensor, long, Tensor> ours = sum ? (x, d) => x.cumsum(d) : (x, d) => x.cumprod(d);
            Func<ts.Tensor, long, ts.Tensor> theirs = sum ? (x, d) => x.cumsum(d) : (x, d) => x.cumprod(d);
            yield return C(name, "vector", [v5], x => ours(x[0], 0), x => theirs(x[0], 0));
            yield return C(name, "matrix_dim1", [m34], x => ours(x[0], 1), x => theirs(x[0], 1));
            yield return C(name, "transposed_dim0", [t34], x => ours(x[0], 0), x => theirs(x[0], 0));
            yield return C(name, "transposed_dim1", [t34], x => ours(x[0], -1), x => theirs(x[0], -1));
            yield return C(name, "3d_middle", [c234], x => ours(x[0], 1), x => theirs(x[0], 1));
            yield return C(name, "scalar", [s], x => ours(x[0], 0), x => theirs(x[0], 0));
            yield return C(name, "empty", [e], x => ours(x[0], 0), x => theirs(x[0], 0));
            yield return C(name, "long_line", [new([300])], x => ours(x[0] * 0.1 + (sum ? 0 : 1), 0), x => theirs(x[0] * 0.1 + (sum ? 0 : 1), 0));
            yield return Ints(name, "int64", [3, 4], x => ours(x, 1), x => theirs(x, 1));
        }
        yield return C("cumsum", "dtype_float64", [m34], x => x[0].cumsum(1, ScalarType.Float64), x => x[0].cumsum(1, TsType.Float64));
        yield return C("cumsum", "torch_dtype", [m34], x => torch.cumsum(x[0], 0, ScalarType.Float64), x => ts.cumsum(x[0], 0, TsType.Float64));
        yield return C("cumsum", "bool_to_int64", [new([2, 5], Domain.Mask)], x => x[0].cumsum(1), x => x[0].cumsum(1), diff: false);
        yield return C("cumprod", "torch_dtype", [m34], x => torch.cumprod(x[0], 1, ScalarType.Float64), x => ts.cumprod(x[0], 1, TsType.Float64));
        yield return C("cumprod", "int64_to_float", [new([3, 4], Domain.Index, IndexBound: 4)], x => x[0].cumprod(1, ScalarType.Float32),
            x => x[0].cumprod(1, TsType.Float32), diff: false);

        foreach (bool max in new[] { true, false })
        {
            string name = max ? "cummax" : "cummin";
            Func<Tensor, long, (Tensor, Tensor)> ours = max ? (x, d) => x.cummax(d) : (x, d) => x.cummin(d);
            Func<ts.Tensor, long, (ts.Tensor, ts.Tensor)> theirs = max ? (x, d) => x.cummax(d) : (x, d) => x.cummin(d);
            yield return C(name, "vector", [v5], x => ours(x[0], 0).Item1, x => theirs(x[0], 0).Item1);
            yield return C(name, "matrix_dim1", [m34], x => ours(x[0], 1).Item1, x => theirs(x[0], 1).Item1);
            yield return C(name, "transposed_dim0", [t34], x => ours(x[0], 0).Item1, x => theirs(x[0], 0).Item1);
            yield return C(name, "3d_last", [c234], x => ours(x[0], -1).Item1, x => theirs(x[0], -1).Item1);
            yield return C(name, "scalar", [s], x => ours(x[0], 0).Item1, x => theirs(x[0], 0).Item1);
            yield return C(name, "empty", [e], x => ours(x[0], 0).Item1, x => theirs(x[0], 0).Item1);
            yield return C(name, "indices", [t34], x => ours(x[0], 1).Item2, x => theirs(x[0], 1).Item2, diff: false);
            // clamping makes ties: the later index takes over; the gradient goes where the index points
            yield return C(name, "ties", [new([4, 6])], x => ours(x[0].clamp(-0.5, 0.5), 1).Item1, x => theirs(x[0].clamp(-0.5, 0.5), 1).Item1);
            yield return C(name, "ties_indices", [new([4, 6])], x => ours(x[0].clamp(-0.5, 0.5), 1).Item2,
                x => theirs(x[0].clamp(-0.5, 0.5), 1).Item2, diff: false);
            yield return C(name, "nan_indices", [new([4, 6])], x => ours(x[0].masked_fill(x[0].gt(1), double.NaN), 1).Item2,
                x => theirs(x[0].masked_fill(x[0].gt(1), double.NaN), 1).Item2, diff: false);
            yield return C(name, "nan_values", [new([4, 6])], x => ours(x[0].masked_fill(x[0].gt(1), double.NaN), 0).Item1,
                x => theirs(x[0].masked_fill(x[0].gt(1), double.NaN), 0).Item1, diff: false);
            yield return Ints(name, "int64", [3, 5], x => ours(x, 1).Item1 * 10 + ours(x, 1).Item2, x => theirs(x, 1).Item1 * 10 + theirs(x, 1).Item2);
            yield return C(name, "bool", [new([3, 5], Domain.Mask)], x => ours(x[0], 1).Item1, x => theirs(x[0], 1).Item1, diff: false);
        }
        yield return C("cummax", "torch", [m34], x => torch.cummax(x[0], 0).values, x => ts.cummax(x[0], 0).values);
        yield return C("cummin", "torch", [m34], x => torch.cummin(x[0], 1).values, x => ts.cummin(x[0], 1).values);

        yield return C("logcumsumexp", "vector", [v5], x => x[0].logcumsumexp(0), x => x[0].logcumsumexp(0));
        yield return C("logcumsumexp", "matrix_dim1", [m34], x => x[0].logcumsumexp(1), x => x[0].logcumsumexp(1));
        yield return C("logcumsumexp", "transposed_dim0", [t34], x => torch.logcumsumexp(x[0], 0), x => ts.logcumsumexp(x[0], 0));
        yield return C("logcumsumexp", "3d_middle", [c234], x => x[0].logcumsumexp(1), x => x[0].logcumsumexp(1));
        yield return C("logcumsumexp", "scalar", [s], x => x[0].logcumsumexp(0), x => x[0].logcumsumexp(0));
        yield return C("logcumsumexp", "empty", [e], x => x[0].logcumsumexp(1), x => x[0].logcumsumexp(1));
        yield return C("logcumsumexp", "large", [m34], x => (x[0] * 300).logcumsumexp(1), x => (x[0] * 300).logcumsumexp(1));
        yield return C("logcumsumexp", "infinities", [new([3, 5])],
            x => x[0].masked_fill(x[0].gt(1.2), double.PositiveInfinity).masked_fill(x[0].lt(-1.2), double.NegativeInfinity).logcumsumexp(1),
            x => x[0].masked_fill(x[0].gt(1.2), double.PositiveInfinity).masked_fill(x[0].lt(-1.2), double.NegativeInfinity).logcumsumexp(1), diff: false);

        // TorchSharp 0.107 throws NotImplementedException for n != 1; PyTorch's n-th difference is the first
        // difference applied n times (n clamped to the length: further rounds on an empty dim change nothing),
        // and n = 0 is a copy, so those oracles are written that way.
        static ts.Tensor TsDiff(ts.Tensor x, int n, long dim, ts.Tensor? prepend = null, ts.Tensor? append = null)
        {
            if (n == 0) return x.clone();
            ts.Tensor r = x.diff(1, dim, prepend, append);
            for (int i = 1; i < n; i++) r = r.diff(1, dim);
            return r;
        }
        yield return C("diff", "default", [m34], x => x[0].diff(), x => x[0].diff());
        yield return C("diff", "n2_dim0_transposed", [new([5, 3], Transposed: true)], x => x[0].diff(2, 0), x => TsDiff(x[0], 2, 0));
        yield return C("diff", "prepend_append", [m34, new([3, 2]), new([3, 1])], x => torch.diff(x[0], 1, 1, x[1], x[2]),
            x => ts.diff(x[0], 1, 1, x[1], x[2]));
        yield return C("diff", "append_n3", [v5, new([2])], x => x[0].diff(3, append: x[1]), x => TsDiff(x[0], 3, -1, append: x[1]));
        yield return C("diff", "n_past_length", [new([3, 2])], x => x[0].diff(5, 0), x => TsDiff(x[0], 5, 0));
        yield return C("diff", "n0_copy", [m34], x => x[0].diff(0), x => TsDiff(x[0], 0, -1));
        yield return C("diff", "empty", [e], x => x[0].diff(1, 0), x => x[0].diff(1, 0));
        yield return C("diff", "bool_xor", [new([3, 5], Domain.Mask)], x => x[0].diff(), x => x[0].diff(), diff: false);
        yield return Ints("diff", "int64", [3, 5], x => x.diff(2), x => TsDiff(x, 2, -1));
    }
}
