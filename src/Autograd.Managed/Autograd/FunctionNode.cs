namespace Autograd;

/// <summary>
/// The node of a custom Function (<see cref="torch.autograd.Function{T}"/>): records the call like any op (tensor
/// arguments become input edges, differentiable outputs get this node as grad_fn) and runs the user's backward
/// with PyTorch's checks on what it returns.
/// </summary>
internal sealed class FunctionNode<T> : Node where T : torch.autograd.Function<T>, new()
{
    private readonly T _function;
    private readonly torch.autograd.AutogradContext _ctx;
    private readonly bool[] _isTensor;                 // per forward argument
    private (long[] Shape, ScalarType Type)[] _outputs = [];

    private FunctionNode(T function, torch.autograd.AutogradContext ctx, bool[] isTensor)
    {
        _function = function;
        _ctx = ctx;
        _isTensor = isTensor;
        ctx.Node = this;
    }

    public override string name() => _function.Name + "Backward";

    internal override int NumOutputs => _outputs.Length;

    internal static List<Tensor> Apply(T function, object[] vars)
    {
        var isTensor = new bool[vars.Length];
        var needs = new bool[vars.Length];
        var inputs = new List<Tensor>();
        for (int i = 0; i < vars.Length; i++)
            if (vars[i] is Tensor t)
            {
                isTensor[i] = true;
                needs[i] = t.requires_grad && GradMode.IsEnabled;
                inputs.Add(t);
            }
        // Note [Forward AD]: a custom Function has no jvp here; PyTorch's base jvp refuses, so do we, before forward runs
        if (ForwardAD.Active && inputs.Exists(ForwardAD.HasTangent))
            throw new NotImplementedException("You must implement the jvp function for custom autograd.Function to use it with forward " +
                                              "mode AD.");
        var ctx = new torch.autograd.AutogradContext { needs_input_grad = needs };
        List<Tensor> outputs;
        bool previous = GradMode.IsEnabled;
        GradMode.Set(false);
        try { outputs = function.ForwardAll(ctx, vars); }
        finally { GradMode.Set(previous); }

        foreach (Tensor d in ctx.Dirty)
            if (!outputs.Any(o => ReferenceEquals(o, d)))
                throw new InvalidOperationException(
                    "Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified " +
                    "inplace must all be outputs of the Function.");
        if (!Graph.Needs([.. inputs])) return outputs;

        var node = new FunctionNode<T>(function, ctx, isTensor);
        ctx.Save(); // after forward (a dirty input is saved at its new version), before any output gets history
        Graph.Connect(node, [], [.. inputs]);
        if (AnomalyMode.Enabled) AnomalyMode.Record(node);
        node._outputs = new (long[], ScalarType)[outputs.Count];
        for (int i = 0; i < outputs.Count; i++)
        {
            Tensor o = outputs[i];
            node._outputs[i] = (o._shape, o._dtype);
            if (ctx.NonDifferentiable.Any(n => ReferenceEquals(n, o))) continue;
            bool dirty = ctx.Dirty.Any(d => ReferenceEquals(d, o));
            if (dirty && o._gradFn is null && o._requiresGrad)
                throw new InvalidOperationException("a leaf Variable that requires grad is being used in an in-place operation.");
            // an input returned unmodified gets its own tensor (PyTorch returns a view), so its history stays
            if (!dirty && inputs.Any(t => ReferenceEquals(t, o))) outputs[i] = o = o.detach();
            o.ReplaceHistory(node, i);
        }
        return outputs;
    }

    internal override Tensor?[] Apply(Tensor?[] gradOutputs)
    {
        var grads = new List<Tensor>(gradOutputs.Length);
        for (int i = 0; i < gradOutputs.Length; i++)
            grads.Add(gradOutputs[i] ?? (_ctx.MaterializeGrads ? torch.zeros(_outputs[i].Shape, _outputs[i].Type) : null!));
        List<Tensor> result;
        if (!OnceDifferentiable<T>.Marked) result = _function.BackwardAll(_ctx, grads);
        else
        {
            bool createGraph = GradMode.IsEnabled;
            GradMode.Set(false);
            try { result = _function.BackwardAll(_ctx, grads); }
            finally { GradMode.Set(createGraph); }
            // PyTorch's once_differentiable: the results get a grad_fn that throws if they are differentiated
            if (createGraph && gradOutputs.Any(g => g is not null && g.requires_grad)) result = DelayedErrorNode.Wrap(result);
        }

        int expected = _isTensor.Length, got = result.Count;
        // more values than inputs are accepted when the extra ones are all null (PyTorch's rule)
        while (got > expected && result[got - 1] is null) got--;
        if (got != expected)
            throw new InvalidOperationException($"function {name()} returned an incorrect number of gradients (expected {expected}, got " +
                                                $"{result.Count})");
        var inputGrads = new Tensor?[_inputs.Length];
        for (int i = 0, k = 0; i < expected; i++)
        {
            if (!_isTensor[i])
            {
                if (result[i] is not null)
                    throw new InvalidOperationException(
                        $"function {name()} returned a gradient different than None at position {i + 1}, but the corresponding forward " +
                        "input was not a Variable");
                continue;
            }
            inputGrads[k++] = result[i];
        }
        return inputGrads;
    }

    internal override void ReleaseVariables() => _ctx.Release();
}
