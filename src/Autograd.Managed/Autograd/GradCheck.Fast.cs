using GradcheckError = Autograd.torch.autograd.GradcheckError;

namespace Autograd;

internal sealed partial class GradCheck
{
    // ---- fast mode: Jacobians projected on random unit vectors, vᵀJu ---------------------------------------

    private void Fast(List<Tensor> outputs)
    {
        var rng = new Random(0); // gradcheck's own generator: the user's random state stays as it was
        double[][] u = [.. _diff.Select(x => UnitVector(x.numel(), rng))];
        double[][] v = [.. outputs.Select(o => UnitVector(o.numel(), rng))];
        var numerical = new double[_diff.Count][]; // [input][checked output]: vᵀ(Ju) by central differences along u
        for (int i = 0; i < _diff.Count; i++)
        {
            double[][] ju = Differences(_diff[i], u[i]);
            if (outputs.Count == 0)
            {
                foreach (double[] column in ju)
                    if (column.Any(d => !(Math.Abs(d) <= nondetTol)))
                        throw new GradcheckError("Numerical gradient for function expected to be zero");
                continue;
            }
            numerical[i] = [.. outputs.Select((_, o) => Dot(v[o], ju[_outputIndex[o]]))];
        }
        if (outputs.Count == 0) return;
        var analytical = new double[outputs.Count][][]; // [output][input]: (vᵀJ)u
        for (int o = 0; o < outputs.Count; o++) analytical[o] = AnalyticalChecked(outputs[o], [v[o]], 1);
        for (int i = 0; i < _diff.Count; i++)
            for (int o = 0; o < outputs.Count; o++)
            {
                double a = Dot(analytical[o][i], u[i]), n = numerical[i][o];
                // |vᵀ(A - N)u| may reach atol · Σu · Σv when every entry of A - N is within atol
                double scaledAtol = atol * u[i].Sum() * v[o].Sum();
                if (AllClose([a], [n], rtol, scaledAtol)) continue;
                ScalarType t = _diff[i].dtype;
                throw new GradcheckError(
                    NotCloseMessage(torch.tensor(a).to(t), torch.tensor(n).to(t), o, i) + SlowModeDetail(i, o, outputs[o]));
            }
    }

    /// <summary>Uniform in [0, 1), normalized: PyTorch's fast-mode vectors.</summary>
    private static double[] UnitVector(long n, Random rng)
    {
        var vec = new double[n];
        for (long k = 0; k < n; k++) vec[k] = rng.NextDouble();
        double norm = Math.Sqrt(vec.Sum(x => x * x));
        if (norm > 0) for (long k = 0; k < n; k++) vec[k] /= norm;
        return vec;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }

    /// <summary>The whole Jacobians of the failing pair, recomputed as slow mode would, for the fast-mode message.</summary>
    private string SlowModeDetail(int input, int output, Tensor outputTensor)
    {
        double[] numerical = Numerical(_diff[input])[_outputIndex[output]];
        double[] analytical = Analytical(outputTensor, Rows(outputTensor), outputTensor.numel(), out _, out _)[input];
        double maxDiff = 0;
        for (int k = 0; k < numerical.Length; k++) maxDiff = Math.Max(maxDiff, Math.Abs(numerical[k] - analytical[k]));
        string msg =
            "\nThe above quantities relating the numerical and analytical jacobians are computed \n" +
            "in fast mode. See: https://github.com/pytorch/pytorch/issues/53876 for more background \n" +
            "about fast mode. Below, we recompute numerical and analytical jacobians in slow mode:\n\n" +
            $"Numerical:\n {Jacobian(numerical, input, outputTensor)}\nAnalytical:\n{Jacobian(analytical, input, outputTensor)}\n\n" +
            $"The max per-element difference (slow mode) is: {maxDiff}.\n";
        if (AllClose(analytical, numerical, rtol, atol))
            msg += "Fast gradcheck failed but element-wise differences are small. This means that the\n" +
                   "test might've passed in slow_mode!\n\n" +
                   "If the test manually invokes gradcheck/gradgradcheck, call\n" +
                   "gradcheck/gradgradcheck with `fast_mode=False` as a keyword argument.";
        return msg;
    }

    // ---- properties of backward that do not need the Jacobian --------------------------------------------

    /// <summary>Zero output gradients must give zero input gradients of the inputs' dtypes and shapes.</summary>
    private void MulByGradOutput(List<Tensor> outputs)
    {
        IList<Tensor?> grads = torch.autograd.grad(outputs, _diff, [.. outputs.Select(o => torch.zeros_like(o))], allow_unused: true);
        for (int i = 0; i < grads.Count; i++)
        {
            if (grads[i] is not Tensor g) continue;
            if (g.ToArray<double>().Any(x => x != 0)) throw new GradcheckError("backward not multiplied by grad_output");
            if (g.dtype != _diff[i].dtype) throw new GradcheckError("grad is incorrect type");
            if (!Shape.SameShape(g.shape, _diff[i].shape)) throw new GradcheckError("grad is incorrect size");
        }
    }

    /// <summary>Backward must accept undefined (null) output gradients, all at once and, with several outputs, one at a
    /// time, and then produce undefined or zero input gradients.</summary>
    private void UndefinedGrad()
    {
        List<Tensor> Outputs() => [.. func(inputs).Where(o => o.requires_grad)];
        List<Tensor> all = Outputs();
        var toCheck = new List<List<Tensor>> { all.Select(UndefinedGradBackward.Apply).ToList() };
        if (all.Count > 1)
            for (int undefined = 0; undefined < all.Count; undefined++)
                toCheck.Add([.. Outputs().Select((o, k) => k == undefined ? UndefinedGradBackward.Apply(o) : o)]);
        const string bcWarning =
            "UserWarning: Backwards compatibility: New undefined gradient support checking feature is enabled by default, but it " +
            "may break existing callers of this function. If this is true for you, you can call this function with " +
            "\"check_undefined_grad=False\" to disable the feature";
        foreach (List<Tensor> outputs in toCheck)
        {
            IList<Tensor?> grads;
            try
            {
                grads = torch.autograd.grad(outputs, _diff, [.. outputs.Select(o => torch.zeros_like(o))], allow_unused: true);
            }
            catch (Exception e) when (e is not GradcheckError)
            {
                Warn(bcWarning);
                throw new GradcheckError("Expected backward function to handle undefined output grads. ", e);
            }
            foreach (Tensor? g in grads)
                if (g is not null && g.ToArray<double>().Any(x => x != 0))
                {
                    Warn(bcWarning);
                    throw new GradcheckError(
                        "Expected all input grads to be undefined or zero when all output grads are undefined or zero.");
                }
        }
    }
}

/// <summary>An identity whose backward returns an undefined (null) gradient: PyTorch's <c>UndefinedGrad</c>, with which
/// gradcheck feeds undefined output gradients to the backward under test.</summary>
internal sealed class UndefinedGradBackward : Node
{
    public override string name() => "UndefinedGradBackward";

    internal static Tensor Apply(Tensor input)
    {
        Tensor result;
        using (torch.no_grad()) result = input.clone();
        Graph.Connect(new UndefinedGradBackward(), result, input);
        return result;
    }

    internal override Tensor?[] Apply(Tensor?[] gradOutputs) => [null];
}
