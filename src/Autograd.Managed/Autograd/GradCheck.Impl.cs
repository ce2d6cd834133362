using GradcheckError = Autograd.torch.autograd.GradcheckError;

namespace Autograd;

/// <summary>
/// The checks behind <c>torch.autograd.gradcheck</c>, in PyTorch's order: inputs, Jacobians (full, or projected in fast mode),
/// backward scaled by its output gradient, undefined output gradients. Jacobians are double[] in row-major
/// (input element, output element) order, turned into tensors of the input's dtype only for messages.
/// </summary>
internal sealed partial class GradCheck(Func<Tensor[], IList<Tensor>> func, Tensor[] inputs, double eps, double atol, double rtol,
                                double nondetTol, bool checkGradDtypes)
{
    private static readonly HashSet<string> s_warned = [];
    private readonly List<Tensor> _diff = [];

    internal void Run(bool fast, bool checkUndefinedGrad)
    {
        CheckInputs();
        IList<Tensor> funcOut = func(inputs);
        _outputIndex = [.. Enumerable.Range(0, funcOut.Count).Where(o => funcOut[o].requires_grad)];
        var outputs = _outputIndex.Select(o => funcOut[o]).ToList();
        if (fast) Fast(outputs);
        else Slow(outputs);
        if (outputs.Count == 0) return;
        MulByGradOutput(outputs);
        if (checkUndefinedGrad) UndefinedGrad();
    }

    private void CheckInputs()
    {
        for (int idx = 0; idx < inputs.Length; idx++)
        {
            Tensor x = inputs[idx];
            if (!x.requires_grad) continue;
            if (x.dtype != ScalarType.Float64)
                Warn($"UserWarning: Input #{idx} requires gradient and is not a double precision floating point or complex. " +
                     "This check will likely fail if all the inputs are not of double precision floating point or complex. ");
            long[] size = x.shape, stride = x.stride();
            for (int d = 0; d < size.Length; d++)
                if (stride[d] <= 0 && size[d] > 1)
                    throw new InvalidOperationException(
                        $"The {idx}th input has a dimension with stride 0. gradcheck only supports inputs that are non-overlapping to be " +
                        "able to compute the numerical gradients correctly. You should call .contiguous on the input before " +
                        "passing it to gradcheck.");
            _diff.Add(x);
        }
        if (_diff.Count == 0)
            throw new ArgumentException(
                "gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True.");
    }

    internal static void ResetWarningsForTests()
    {
        lock (s_warned) s_warned.Clear();
    }

    /// <summary>PyTorch's UserWarning, printed once per distinct text as Python's default filter would per call site.</summary>
    private static void Warn(string text)
    {
        lock (s_warned) if (!s_warned.Add(text)) return;
        Console.Error.WriteLine(text);
    }

    // ---- slow mode: whole Jacobians ----------------------------------------------------------------------

    private void Slow(List<Tensor> outputs)
    {
        if (outputs.Count == 0)
        {
            foreach (Tensor x in _diff)
                foreach (double[] column in Numerical(x))
                    if (column.Any(v => v != 0)) throw new GradcheckError("Numerical gradient for function expected to be zero");
            return;
        }
        double[][][] numerical = [.. _diff.Select(Numerical)]; // [input][function output]
        for (int o = 0; o < outputs.Count; o++)
        {
            double[][] analytical = AnalyticalChecked(outputs[o], Rows(outputs[o]), outputs[o].numel());
            for (int i = 0; i < _diff.Count; i++)
                if (!AllClose(analytical[i], numerical[i][_outputIndex[o]], rtol, atol))
                    throw new GradcheckError(
                        NotCloseMessage(Jacobian(analytical[i], i, outputs[o]),
                                        Jacobian(numerical[i][_outputIndex[o]], i, outputs[o]), o, i));
        }
    }

    private static string NotCloseMessage(Tensor analytical, Tensor numerical, int output, int input) =>
        $"Jacobian mismatch for output {output} with respect to input {input},\nnumerical:{numerical}\nanalytical:{analytical}\n";

    /// <summary>The (input elements × output elements) Jacobian as a tensor of the input's dtype, for messages.</summary>
    private Tensor Jacobian(double[] values, int input, Tensor output) =>
        torch.tensor(values, [_diff[input].numel(), output.numel()]).to(_diff[input].dtype);

    /// <summary>Central differences of every output of the function with respect to every element of <paramref name="x"/>:
    /// one array per output, row-major (input element, output element).</summary>
    private double[][] Numerical(Tensor x)
    {
        long n = x.numel();
        double[][]? result = null;
        for (long k = 0; k < n; k++)
        {
            var direction = new double[n];
            direction[k] = 1;
            double[][] d = Differences(x, direction);
            result ??= [.. d.Select(column => new double[n * column.Length])];
            for (int o = 0; o < d.Length; o++) Array.Copy(d[o], 0, result[o], k * d[o].Length, d[o].Length);
        }
        // an empty input: no perturbation ran, so size the (empty) Jacobians from one call
        if (result is null) using (torch.no_grad()) result = [.. func(inputs).Select(_ => Array.Empty<double>())];
        return result;
    }

    // Which function outputs require grad (the ones checked): output indices in messages count only those.
    private int[] _outputIndex = [];

    /// <summary>(f(x + eps·u) - f(x - eps·u)) / (2·eps) for every output of the function, with the input perturbed in
    /// place and restored (its version counter untouched, as PyTorch's perturbation of <c>.data</c>).</summary>
    private double[][] Differences(Tensor x, double[] u)
    {
        long n = x.numel();
        var original = new double[n];
        for (long k = 0; k < n; k++) original[k] = Read(x, k);
        // values are read out at once: an output may be a view of the input that the next perturbation changes
        double[][] Eval(double sign)
        {
            for (long k = 0; k < n; k++) if (u[k] != 0) Write(x, k, original[k] + sign * eps * u[k]);
            return [.. func(inputs).Select(o => o.ToArray<double>())];
        }
        double[][] a, b;
        try
        {
            a = Eval(-1);
            b = Eval(+1);
        }
        finally
        {
            for (long k = 0; k < n; k++) if (u[k] != 0) Write(x, k, original[k]);
        }
        var result = new double[a.Length][];
        for (int o = 0; o < a.Length; o++)
        {
            result[o] = new double[a[o].Length];
            for (int j = 0; j < a[o].Length; j++) result[o][j] = (b[o][j] - a[o][j]) / (2 * eps);
        }
        return result;
    }

    private static double Read(Tensor x, long k) => Elements.ReadDouble(x._dtype, x._storage, Elements.OffsetOf(x, k));

    private static void Write(Tensor x, long k, double value)
    {
        long offset = Elements.OffsetOf(x, k);
        switch (x._dtype)
        {
            case ScalarType.Float32: x._storage.Element<float>(offset) = (float)value; break;
            case ScalarType.Float64: x._storage.Element<double>(offset) = value; break;
            default: throw new NotSupportedException($"gradcheck perturbs floating inputs only, got {x._dtype}");
        }
        GC.KeepAlive(x._storage);
    }

    /// <summary>The standard basis of the output: one-hot output gradients, one Jacobian row each.</summary>
    private static IEnumerable<double[]> Rows(Tensor output)
    {
        long m = output.numel();
        for (long j = 0; j < m; j++)
        {
            var e = new double[m];
            e[j] = 1;
            yield return e;
        }
    }

    /// <summary>Vector-Jacobian products of <paramref name="output"/> for each of <paramref name="grads"/>, computed twice
    /// (they must agree within nondet_tol) and checked for size and dtype: per input, row-major (input element, grad).</summary>
    private double[][] AnalyticalChecked(Tensor output, IEnumerable<double[]> grads, long count)
    {
        double[][] first = Analytical(output, grads, count, out bool sizesOk, out bool typesOk);
        double[][] second = Analytical(output, grads, count, out _, out _);
        if (!typesOk && checkGradDtypes) throw new GradcheckError("Gradient has dtype mismatch");
        if (!sizesOk) throw new GradcheckError("Analytical gradient has incorrect size");
        for (int i = 0; i < first.Length; i++)
            for (int k = 0; k < first[i].Length; k++)
                if (!(Math.Abs(first[i][k] - second[i][k]) <= nondetTol) && !(first[i][k] == second[i][k]))
                    throw new GradcheckError(
                        "Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives " +
                        "different " +
                        $"values, although analytical gradient matches numerical gradient.The tolerance for nondeterminism was " +
                        $"{nondetTol}." +
                        "\n\nNOTE: If your op relies on non-deterministic operations this failure might be\nexpected.\n\n" +
                        "If you are adding a new operator and the test manually invokes\ngradcheck/gradgradcheck, call " +
                        "gradcheck/gradgradcheck with\n" +
                        "`nondet_tol=<tol>` as a keyword argument.\n");
        return first;
    }

    private double[][] Analytical(Tensor output, IEnumerable<double[]> grads, long count, out bool sizesOk, out bool typesOk)
    {
        sizesOk = typesOk = true;
        var result = _diff.Select(x => new double[x.numel() * count]).ToArray();
        long j = 0;
        foreach (double[] g in grads)
        {
            Tensor gradOutput = torch.tensor(g, output.shape).to(output.dtype);
            IList<Tensor?> vjp = torch.autograd.grad([output], _diff, [gradOutput], retain_graph: true, allow_unused: true);
            for (int i = 0; i < _diff.Count; i++)
            {
                if (vjp[i] is not Tensor d) continue;
                if (!Shape.SameShape(d.shape, _diff[i].shape)) { sizesOk = false; continue; }
                if (d.dtype != _diff[i].dtype) typesOk = false;
                double[] values = d.ToArray<double>();
                for (long k = 0; k < values.Length; k++) result[i][k * count + j] = values[k];
            }
            j++;
        }
        return result;
    }

    private static bool AllClose(double[] a, double[] n, double rtol, double atol)
    {
        for (int k = 0; k < a.Length; k++)
            if (!(Math.Abs(a[k] - n[k]) <= atol + rtol * Math.Abs(n[k]))) return false;
        return true;
    }
}
