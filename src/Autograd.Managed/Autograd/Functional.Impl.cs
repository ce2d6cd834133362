namespace Autograd;

/// <summary>
/// The computations behind <c>torch.autograd.functional</c>, on arrays of tensors, following PyTorch's functional.py: inputs
/// are preprocessed into fresh leaves (or views under create_graph), backward calls skip outputs without history, missing
/// gradients become zeros or (strict) errors, and results are detached unless create_graph.
/// </summary>
internal static class Functional
{
    private static Tensor[] Preprocess(Tensor[] inputs, bool createGraph, bool needGraph) =>
        Array.ConvertAll(inputs, x => createGraph && x.requires_grad ? x.view(x.shape) : x.detach().requires_grad_(needGraph));

    private static Tensor[] Postprocess(Tensor[] tensors, bool createGraph) =>
        createGraph ? tensors : Array.ConvertAll(tensors, t => t.detach());

    /// <summary>autograd.grad over the outputs that have history (null gradients for the others), all inputs allow_unused.</summary>
    private static Tensor?[] Grad(Tensor?[] outputs, Tensor[] inputs, Tensor?[]? gradOutputs, bool createGraph, bool retainGraph = false,
                                  bool batched = false)
    {
        var outs = new List<Tensor>();
        var grads = new List<Tensor>();
        for (int i = 0; i < outputs.Length; i++)
            if (outputs[i] is Tensor o && o.requires_grad)
            {
                outs.Add(o);
                grads.Add(gradOutputs?[i]!); // null: implicit (scalar outputs only, as autograd.grad)
            }
        if (outs.Count == 0) return new Tensor?[inputs.Length];
        return [.. torch.autograd.grad(outs, inputs, grads, retain_graph: retainGraph || createGraph,
                                       create_graph: createGraph, allow_unused: true, is_grads_batched: batched)];
    }

    private static void CheckRequiresGrad(Tensor?[] tensors, string kind, bool strict)
    {
        if (!strict) return;
        for (int i = 0; i < tensors.Length; i++)
        {
            if (tensors[i] is not Tensor t)
                throw new InvalidOperationException($"The output of the user-provided function is independent of input {i}. This is not " +
                                                    "allowed in strict mode.");
            if (t.requires_grad) continue;
            throw new InvalidOperationException(kind switch
            {
                "hessian" => $"The hessian of the user-provided function with respect to input {i} is independent of the input. This is " +
                             "not allowed in " +
                             "strict mode. You should ensure that your function is thrice differentiable and that the hessian depends on " +
                             "the inputs.",
                "jacobian" => "While computing the hessian, found that the jacobian of the user-provided function with respect to input " +
                              $"{i} is independent of the input. This is not allowed in strict mode. You should ensure that your " +
                              "function is twice " +
                              "differentiable and that the jacobian depends on the inputs (this would be violated by a linear function " +
                              "for example).",
                "grad_inputs" => $"The gradient with respect to input {i} is independent of the inputs of the user-provided function. " +
                                 "This is not allowed in strict mode.",
                _ => $"Output {i} of the user-provided function does not require gradients. The outputs must be computed in a " +
                     "differentiable manner " +
                     "from the input when running in strict mode.",
            });
        }
    }

    private static Tensor[] FillInZeros(Tensor?[] grads, Tensor[] refs, bool strict, bool createGraph, string stage)
    {
        var result = new Tensor[grads.Length];
        for (int i = 0; i < grads.Length; i++)
        {
            if (grads[i] is Tensor g)
            {
                if (strict && createGraph && !g.requires_grad)
                    throw new InvalidOperationException(stage.Contains("double")
                        ? $"The hessian of the user-provided function is independent of input {i}. This is not allowed in strict mode " +
                          "when create_graph=True."
                        : $"The jacobian of the user-provided function is independent of input {i}. This is not allowed in strict mode " +
                          "when create_graph=True.");
                result[i] = g;
                continue;
            }
            if (strict)
                throw new InvalidOperationException(stage switch
                {
                    "back" => $"The output of the user-provided function is independent of input {i}. This is not allowed in strict mode.",
                    "back_trick" => $"The gradient with respect to the input is independent of entry {i} in the grad_outputs when using " +
                                    "the double " +
                                    "backward trick to compute forward mode gradients. This is not allowed in strict mode.",
                    "double_back" => $"The jacobian of the user-provided function is independent of input {i}. This is not allowed in " +
                                     "strict mode.",
                    _ => $"The hessian of the user-provided function is independent of entry {i} in the grad_jacobian. This is not " +
                         "allowed in strict " +
                         "mode as it prevents from using the double backward trick to replace forward mode AD.",
                });
            result[i] = torch.zeros_like(refs[i]);
        }
        return result;
    }

    private static Tensor[] ValidateV(Tensor[] v, Tensor[] other, bool isTuple, bool createGraph)
    {
        if (v.Length != other.Length)
            throw new InvalidOperationException(isTuple ? $"v is a tuple of invalid length: should be {other.Length} but got {v.Length}."
                                                        : "The given v should contain a single Tensor.");
        for (int i = 0; i < v.Length; i++)
            if (!Shape.SameShape(v[i].shape, other[i].shape))
                throw new InvalidOperationException(
                    $"{(isTuple ? $"Entry {i} in " : "")}v has invalid size: should be {Shape.Format(other[i].shape)} " +
                    $"but got {Shape.Format(v[i].shape)}.");
        return Preprocess(v, createGraph, needGraph: false);
    }

    internal static Tensor[][] Jacobian(Func<Tensor[], Tensor[]> func, Tensor[] inputs, bool createGraph, bool strict, bool vectorize,
                                        string strategy = "reverse-mode")
    {
        if (strategy is not ("forward-mode" or "reverse-mode"))
            throw new ArgumentException("Expected strategy to be either \"forward-mode\" or \"reverse-mode\". Hint: If your function has " +
                                        "more outputs " +
                                        "than inputs, \"forward-mode\" tends to be more performant. Otherwise, prefer to use " +
                                        "\"reverse-mode\".");
        if (strategy == "forward-mode") return JacobianForward(func, inputs, createGraph, strict, vectorize);
        if (vectorize && strict)
            throw new InvalidOperationException("torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not " +
                                                "supported together. " +
                                                "Please either set `strict=False` or `vectorize=False`.");
        using var grad = torch.enable_grad();
        Tensor[] xs = Preprocess(inputs, createGraph, needGraph: true);
        Tensor[] outputs = func(xs);
        CheckRequiresGrad(outputs, "outputs", strict);
        if (vectorize) return JacobianBatched(outputs, xs, createGraph);
        var jacobian = new Tensor[outputs.Length][];
        for (int i = 0; i < outputs.Length; i++)
        {
            Tensor output = outputs[i];
            var rows = xs.Select(_ => new List<Tensor>()).ToArray();
            Tensor flat = output.reshape(-1);
            for (long j = 0; j < output.numel(); j++)
            {
                // row j: the gradient of output element j (one backward through the retained graph)
                Tensor?[] vj = Grad([flat[j]], xs, null, createGraph, retainGraph: true);
                for (int k = 0; k < xs.Length; k++)
                {
                    if (vj[k] is Tensor g)
                    {
                        if (strict && createGraph && !g.requires_grad)
                            throw new InvalidOperationException(
                                $"The jacobian of the user-provided function is independent of input {k}. " +
                                "This is not allowed in strict mode when create_graph=True.");
                        rows[k].Add(g);
                    }
                    else if (strict)
                        throw new InvalidOperationException($"Output {i} of the user-provided function is independent of input {k}. This " +
                                                            "is not allowed in strict mode.");
                    else rows[k].Add(torch.zeros_like(xs[k]));
                }
            }
            jacobian[i] = new Tensor[xs.Length];
            for (int k = 0; k < xs.Length; k++)
            {
                long[] shape = [.. output.shape, .. xs[k].shape];
                Tensor block = rows[k].Count == 0 ? torch.zeros(shape, xs[k].dtype) : torch.stack(rows[k]).view(shape);
                jacobian[i][k] = createGraph ? block : block.detach();
            }
        }
        return jacobian;
    }

    /// <summary>PyTorch's vectorized reverse-mode Jacobian: every row at once, as one batched autograd.grad (Note [Batched
    /// backward]) of the flattened outputs with the standard basis of all their elements (output i's grad_output is
    /// its columns of the identity). An input reached by no output gets zeros; outputs without any element need no pass.</summary>
    private static Tensor[][] JacobianBatched(Tensor[] outputs, Tensor[] xs, bool createGraph)
    {
        long total = 0;
        foreach (Tensor o in outputs) total += o.numel();
        Tensor?[] rows = new Tensor?[xs.Length];
        if (total > 0)
        {
            var flat = new Tensor[outputs.Length];
            var basis = new Tensor[outputs.Length];
            long offset = 0;
            for (int i = 0; i < outputs.Length; i++)
            {
                long n = outputs[i].numel();
                flat[i] = outputs[i].reshape(-1);
                basis[i] = torch.zeros([total, n], outputs[i].dtype);
                if (n > 0) basis[i].narrow(0, offset, n).copy_(torch.eye(n, dtype: outputs[i].dtype));
                offset += n;
            }
            rows = Grad(flat, xs, basis, createGraph, batched: true);
        }
        var jacobian = new Tensor[outputs.Length][];
        for (int i = 0; i < outputs.Length; i++) jacobian[i] = new Tensor[xs.Length];
        for (int k = 0; k < xs.Length; k++)
        {
            Tensor all = rows[k] ?? torch.zeros([total, .. xs[k].shape], xs[k].dtype);
            long offset = 0;
            for (int i = 0; i < outputs.Length; i++)
            {
                long n = outputs[i].numel();
                Tensor block = all.narrow(0, offset, n).reshape([.. outputs[i].shape, .. xs[k].shape]);
                jacobian[i][k] = createGraph ? block : block.detach();
                offset += n;
            }
        }
        return jacobian;
    }

    internal static Tensor[][] Hessian(Func<Tensor[], Tensor> func, Tensor[] inputs, bool createGraph, bool strict, bool vectorize,
                                       string outerStrategy = "reverse-mode")
    {
        if (outerStrategy is not ("forward-mode" or "reverse-mode"))
            throw new ArgumentException("Expected strategy to be either \"forward-mode\" or \"reverse-mode\".");
        Tensor[] JacobianOf(Tensor[] xs)
        {
            // forward over reverse: the dual inputs must keep their tangents through Preprocess's view (not a detach)
            if (outerStrategy == "forward-mode") foreach (Tensor x in xs) x.requires_grad_();
            Tensor Single(Tensor[] ys)
            {
                Tensor output = func(ys);
                CheckRequiresGrad([output], "outputs", strict);
                if (output.numel() != 1)
                    throw new InvalidOperationException("The Tensor returned by the function given to hessian should contain a single " +
                                                        "element");
                return output.squeeze();
            }
            Tensor[] jac = Jacobian(ys => [Single(ys)], xs, createGraph: true, strict: false, vectorize: false)[0];
            CheckRequiresGrad(jac, "jacobian", strict);
            return jac;
        }
        return Jacobian(JacobianOf, inputs, createGraph, strict, vectorize, outerStrategy);
    }

    internal static (Tensor[], Tensor[]) Vjp(Func<Tensor[], Tensor[]> func, Tensor[] inputs, Tensor[]? v, bool createGraph, bool strict,
                                             bool isTuple)
    {
        Tensor[] xs, outputs;
        using (torch.enable_grad())
        {
            xs = Preprocess(inputs, createGraph, needGraph: true);
            outputs = func(xs);
            CheckRequiresGrad(outputs, "outputs", strict);
            if (v is not null) v = ValidateV(v, outputs, isTuple, createGraph);
            else if (outputs.Length != 1 || outputs[0].numel() != 1)
                throw new InvalidOperationException("The vector v can only be None if the user-provided function returns a single Tensor " +
                                                    "with a single element.");
        }
        Tensor[] vjp;
        using (torch.set_grad_enabled(createGraph || torch.is_grad_enabled()))
            vjp = FillInZeros(Grad(outputs, xs, v, createGraph), xs, strict, createGraph, "back");
        return (Postprocess(outputs, createGraph), Postprocess(vjp, createGraph));
    }

    /// <summary>J v by forward mode (Note [Forward AD]): one pass of the function on dual inputs. PyTorch's functional.jvp
    /// takes it by the double-backward trick instead; the values are the same, and the checks and messages are its.</summary>
    internal static (Tensor[], Tensor[]) Jvp(Func<Tensor[], Tensor[]> func, Tensor[] inputs, Tensor[]? v, bool createGraph, bool strict,
                                             bool isTuple)
    {
        // inside the user's own level (one at a time), PyTorch's double-backward trick, which needs no level
        if (ForwardAD.Active) return JvpByBackward(func, inputs, v, createGraph, strict, isTuple);
        Tensor[] xs, outputs;
        var tangents = new List<Tensor?>();
        using (torch.enable_grad())
        {
            xs = Preprocess(inputs, createGraph, needGraph: true);
            if (v is not null) v = ValidateV(v, xs, isTuple, createGraph);
            else if (xs.Length != 1 || xs[0].numel() != 1)
                throw new InvalidOperationException("The vector v can only be None if the input to the user-provided function is a " +
                                                    "single Tensor with a single element.");
            Tensor[] vs = v ?? [torch.ones_like(xs[0])];
            using (torch.autograd.forward_ad.dual_level())
            {
                Tensor[] duals = new Tensor[xs.Length];
                for (int i = 0; i < xs.Length; i++) duals[i] = torch.autograd.forward_ad.make_dual(xs[i], vs[i]);
                Tensor[] results = func(duals);
                outputs = new Tensor[results.Length];
                for (int i = 0; i < results.Length; i++)
                {
                    var (primal, tangent) = torch.autograd.forward_ad.unpack_dual(results[i]);
                    outputs[i] = primal;
                    tangents.Add(tangent);
                }
            }
            CheckRequiresGrad(outputs, "outputs", strict);
        }
        Tensor[] jvp = FillInZeros([.. tangents], outputs, strict, createGraph, "back_trick");
        return (Postprocess(outputs, createGraph), Postprocess(jvp, createGraph));
    }

    private static (Tensor[], Tensor[]) JvpByBackward(Func<Tensor[], Tensor[]> func, Tensor[] inputs, Tensor[]? v, bool createGraph,
                                                      bool strict, bool isTuple)
    {
        Tensor[] xs, outputs, gradOutputs;
        Tensor?[] gradInputs;
        using (torch.enable_grad())
        {
            xs = Preprocess(inputs, createGraph, needGraph: true);
            if (v is not null) v = ValidateV(v, xs, isTuple, createGraph);
            else if (xs.Length != 1 || xs[0].numel() != 1)
                throw new InvalidOperationException("The vector v can only be None if the input to the user-provided function is a " +
                                                    "single Tensor with a single element.");
            outputs = func(xs);
            CheckRequiresGrad(outputs, "outputs", strict);
            // backward is linear in its output gradient u: d(Jᵀu)/du applied to v is Jv (the double-backward trick);
            // u's value does not matter, zeros keep it free of inf/nan
            gradOutputs = Array.ConvertAll(outputs, o => torch.zeros_like(o, requires_grad: true));
            gradInputs = Grad(outputs, xs, gradOutputs, createGraph: true);
            CheckRequiresGrad(gradInputs, "grad_inputs", strict);
        }
        Tensor[] jvp;
        using (torch.set_grad_enabled(createGraph || torch.is_grad_enabled()))
            jvp = FillInZeros(Grad(gradInputs, gradOutputs, v ?? [torch.ones_like(xs[0])], createGraph), outputs, strict, createGraph,
                              "back_trick");
        return (Postprocess(outputs, createGraph), Postprocess(jvp, createGraph));
    }

    /// <summary>PyTorch's _jacfwd: the Jacobian column by column, one forward-mode pass per input element (PyTorch batches
    /// the columns with vmap, hence its vectorize=True requirement; the values are the same).</summary>
    internal static Tensor[][] JacobianForward(Func<Tensor[], Tensor[]> func, Tensor[] inputs, bool createGraph, bool strict,
                                               bool vectorize)
    {
        if (createGraph)
            throw new NotImplementedException("torch.autograd.functional.jacobian: `create_graph=True` and `strategy=\"forward-mode\"` " +
                                              "are not " +
                                              "supported together (yet). Please either set `create_graph=False` or " +
                                              "`strategy=\"reverse-mode\"`.");
        if (strict)
            throw new InvalidOperationException("torch.autograd.functional.jacobian: `strict=True` and `strategy=\"forward-mode\"` are " +
                                                "not supported " +
                                                "together (yet). Please either set `strict=False` or `strategy=\"reverse-mode\"`.");
        if (!vectorize)
            throw new NotImplementedException("Computing Jacobian using forward-AD or forward-over-reverse Hessian is only implemented " +
                                              "for `vectorize=True`.");
        Tensor[] xs = Array.ConvertAll(inputs, x => x.detach());
        Tensor[]? outputs = null;
        List<Tensor>[][]? columns = null; // [output][input] -> one column per input element
        for (int k = 0; k < xs.Length; k++)
            for (long j = 0; j < xs[k].numel(); j++)
            {
                Tensor basis = torch.zeros(xs[k].numel(), dtype: xs[k].dtype);
                basis[j] = torch.ones([], dtype: xs[k].dtype);
                using var level = torch.autograd.forward_ad.dual_level();
                Tensor[] duals = (Tensor[])xs.Clone();
                duals[k] = torch.autograd.forward_ad.make_dual(xs[k], basis.view(xs[k].shape));
                Tensor[] results = func(duals);
                outputs ??= Array.ConvertAll(results, r => torch.autograd.forward_ad.unpack_dual(r).primal.detach());
                columns ??= Array.ConvertAll(results, _ => Array.ConvertAll(xs, _ => new List<Tensor>()));
                for (int i = 0; i < results.Length; i++)
                {
                    var (primal, tangent) = torch.autograd.forward_ad.unpack_dual(results[i]);
                    columns[i][k].Add((tangent ?? torch.zeros_like(primal)).detach().reshape(-1));
                }
            }
        outputs ??= func(xs); // every input is empty: no column was computed
        var jacobian = new Tensor[outputs.Length][];
        for (int i = 0; i < outputs.Length; i++)
        {
            jacobian[i] = new Tensor[xs.Length];
            for (int k = 0; k < xs.Length; k++)
            {
                long[] shape = [.. outputs[i].shape, .. xs[k].shape];
                jacobian[i][k] = columns is null || columns[i][k].Count == 0
                    ? torch.zeros(shape, outputs[i].dtype)
                    : torch.stack(columns[i][k], 1).view(shape);
            }
        }
        return jacobian;
    }

    /// <summary>hvp (Hv by the double-backward trick) or vhp (vᵀH by backward through the gradient).</summary>
    internal static (Tensor, Tensor[]) Hvp(Func<Tensor[], Tensor> func, Tensor[] inputs, Tensor[]? v, bool createGraph, bool strict,
                                           bool isTuple,
                                           string name)
    {
        Tensor[] xs;
        Tensor output;
        Tensor?[] jac, target;
        Tensor[] wrt;
        using (torch.enable_grad())
        {
            xs = Preprocess(inputs, createGraph, needGraph: true);
            if (v is not null) v = ValidateV(v, xs, isTuple, createGraph);
            else if (xs.Length != 1 || xs[0].numel() != 1)
                throw new InvalidOperationException("The vector v can only be None if the input to the user-provided function is a " +
                                                    "single Tensor with a single element.");
            output = func(xs);
            if (output.numel() != 1)
                throw new InvalidOperationException($"The Tensor returned by the function given to {name} should contain a single element");
            CheckRequiresGrad([output], "outputs", strict);
            jac = Grad([output], xs, null, createGraph: true);
            CheckRequiresGrad(jac, "jacobian", strict);
            if (name == "vhp")
            {
                target = jac;
                wrt = xs;
            }
            else
            {
                // H is symmetric, but its product with v is taken through d(Hᵀu)/du as PyTorch does
                Tensor[] gradJac = Array.ConvertAll(xs, x => torch.zeros_like(x, requires_grad: true));
                target = Grad(jac, xs, gradJac, createGraph: true);
                CheckRequiresGrad(jac, "hessian", strict);
                wrt = gradJac;
            }
        }
        Tensor[] result;
        using (torch.set_grad_enabled(createGraph || torch.is_grad_enabled()))
            result = FillInZeros(Grad(target, wrt, v ?? [torch.ones_like(xs[0])], createGraph), xs, strict, createGraph,
                                 name == "vhp" ? "double_back" : "double_back_trick");
        return (createGraph ? output : output.detach(), Postprocess(result, createGraph));
    }
}
