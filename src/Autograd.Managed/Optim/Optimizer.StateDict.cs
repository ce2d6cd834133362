using System.Collections;
using System.Reflection;

namespace Autograd
{
    public static partial class torch
    {
        public static partial class optim
        {
            public abstract partial class Optimizer
            {
                // PyTorch's option names for pairs this library keeps as two fields
                private static readonly (string Name, string First, string Second)[] Pairs =
                    [("betas", "beta1", "beta2"), ("etas", "etaminus", "etaplus"), ("step_sizes", "min_step", "max_step")];

                /// <summary>The optimizer's state in PyTorch's layout: <c>"state"</c>, a
                /// <c>Dictionary&lt;long, Dictionary&lt;string, object&gt;&gt;</c> from the index of each parameter that has
                /// state (counting through the groups in order) to its state under PyTorch's names (tensors — the
                /// optimizer's own, as PyTorch returns them —, doubles, longs, lists of tensors); and <c>"param_groups"</c>,
                /// a <c>List&lt;Dictionary&lt;string, object?&gt;&gt;</c>, each group's options under PyTorch's names
                /// (<c>lr</c>, <c>initial_lr</c>, <c>betas</c> as a (double, double) tuple, ...) and <c>"params"</c>, the
                /// <c>List&lt;long&gt;</c> of its parameters' indices.</summary>
                public Dictionary<string, object> state_dict()
                {
                    var state = new Dictionary<long, Dictionary<string, object>>();
                    var groups = new List<Dictionary<string, object?>>();
                    long index = 0;
                    foreach (Modules.ParamGroup g in _groups)
                    {
                        var ids = new List<long>();
                        foreach (Tensor p in g.Params)
                        {
                            if (_paramState.TryGetValue(p, out Dictionary<string, object>? s))
                                state[index] = s.ToDictionary(kv => kv.Key, kv => kv.Value switch
                                {
                                    // the lists as they are now (LBFGS's history changes at every iteration)
                                    List<Tensor> l => new List<Tensor>(l),
                                    Tensor?[] a => (object)a.ToArray(),
                                    _ => kv.Value,
                                });
                            ids.Add(index++);
                        }
                        Dictionary<string, object?> options = OptionsToDict(g.Options!);
                        options["params"] = ids;
                        groups.Add(options);
                    }
                    return new() { ["state"] = state, ["param_groups"] = groups };
                }

                /// <summary>Restores a state from <see cref="state_dict"/> (of an optimizer of this type over parameters
                /// of the same shapes, in the same group sizes): each group's options, and each parameter's state,
                /// copied (tensors cloned, cast to the parameter's dtype as PyTorch does). Checked in full before
                /// anything changes.</summary>
                /// <exception cref="ArgumentException">A different number of groups or group sizes (PyTorch's words), a
                /// missing entry, a state index out of range, an unknown option, a value of the wrong kind, or a state
                /// tensor whose shape does not match what this optimizer keeps for its parameter.</exception>
                public void load_state_dict(Dictionary<string, object> state_dict)
                {
                    ArgumentNullException.ThrowIfNull(state_dict);
                    List<Dictionary<string, object?>> groups = state_dict.GetValueOrDefault("param_groups") is IList pgs
                        ? [.. pgs.Cast<object?>().Select((g, i) => StringKeyed(g)
                                                         ?? throw new ArgumentException(
                                                             $"parameter group {i} of the state dict is not a dict"))]
                        : throw new ArgumentException("the state dict has no \"param_groups\" list");
                    Dictionary<long, Dictionary<string, object?>> state = state_dict.GetValueOrDefault("state") is IDictionary st
                        ? st.Keys.Cast<object>().ToDictionary(
                            k => k is long or int ? Convert.ToInt64(k)
                                : throw new ArgumentException($"the state dict's state has a key {k}, not a parameter index"),
                            k => StringKeyed(st[k]) ?? throw new ArgumentException($"the state of parameter {k} is not a dict"))
                        : throw new ArgumentException("the state dict has no \"state\" dictionary");
                    if (groups.Count != _groups.Count)
                        throw new ArgumentException("loaded state dict has a different number of parameter groups");
                    Tensor[] all = [.. parameters()];
                    long totalNumel = all.Sum(p => p.numel());
                    var pending = new List<Action>();
                    for (int i = 0; i < groups.Count; i++)
                    {
                        if (!groups[i].TryGetValue("params", out object? ids) || ids is not IList idList
                            || idList.Cast<object?>().Any(id => id is not (long or int)))
                            throw new ArgumentException($"parameter group {i} of the state dict has no \"params\" list");
                        if (idList.Count != _groups[i].Params.Length)
                            throw new ArgumentException(
                                "loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
                        Modules.OptimizerOptions options = NewOptions();
                        foreach (var (key, value) in groups[i])
                            if (key != "params") SetOption(options, key, value, i);
                        options.LearningRate ??= _groups[i].Options!.LearningRate;
                        FillDefaults(options);
                        Modules.ParamGroup group = _groups[i];
                        pending.Add(() => group.Options = options);
                    }
                    var newState = new Dictionary<Tensor, Dictionary<string, object>>(ReferenceEqualityComparer.Instance);
                    foreach (var (index, s) in state)
                    {
                        if (index < 0 || index >= all.Length)
                            throw new ArgumentException(
                                $"the state dict has state for parameter {index}, but the optimizer has {all.Length} parameters");
                        Tensor p = all[index];
                        // a null entry is state not kept (TorchSharp.PyBridge writes amsgrad's buffer as None without amsgrad)
                        newState[p] = s.Where(kv => kv.Value is not null)
                                       .ToDictionary(kv => kv.Key, kv => CopyStateValue(kv.Key, kv.Value, p, index, totalNumel));
                    }
                    foreach (Action a in pending) a();
                    _paramState.Clear();
                    foreach (var (p, s) in newState) _paramState[p] = s;
                }

                /// <summary>The shape of a state tensor this optimizer keeps for <paramref name="p"/> under
                /// <paramref name="key"/>: the parameter's own shape, except 0-d step counters.</summary>
                private protected virtual long[] StateShape(string key, Tensor p, long totalNumel) => p.shape;

                /// <summary>The dict <paramref name="value"/> with string keys (as torch.load returns one), or null.</summary>
                private static Dictionary<string, object?>? StringKeyed(object? value) =>
                    value is IDictionary d && d.Keys.Cast<object>().All(k => k is string)
                        ? d.Keys.Cast<string>().ToDictionary(k => k, k => d[k])
                        : null;

                // State this library keeps as a number where PyTorch 2 keeps a 0-d tensor (both are read).
                private static readonly Dictionary<string, bool> s_numberState = new()
                {
                    ["step"] = false, ["mu_product"] = false, ["eta"] = false, ["mu"] = false, ["prev_loss"] = false, ["t"] = false,
                    ["func_evals"] = true, ["n_iter"] = true, // integers
                };

                /// <summary>A copy of one state entry for parameter <paramref name="p"/>: tensors cloned into p's dtype
                /// (PyTorch's cast), after checking their shape; a one-element tensor or an integer where this library
                /// keeps a number, read as that number; a list of tensors (LBFGS's history, and its <c>al</c> with
                /// nulls) as the list this library keeps.</summary>
                private object CopyStateValue(string key, object? value, Tensor p, long index, long totalNumel)
                {
                    Tensor Copy(Tensor t)
                    {
                        long[] expected = StateShape(key, p, totalNumel);
                        if (!t.shape.SequenceEqual(expected))
                            throw new ArgumentException($"state \"{key}\" of parameter {index} has shape [{string.Join(", ", t.shape)}], " +
                                                        $"where this optimizer keeps [{string.Join(", ", expected)}]");
                        return t.detach().to(p.dtype).clone();
                    }
                    ArgumentException Bad() =>
                        new($"state \"{key}\" of parameter {index} holds a {value?.GetType().Name ?? "null"}, which no optimizer " +
                            $"keeps there");
                    if (s_numberState.TryGetValue(key, out bool integer))
                    {
                        double number = value switch
                        {
                            Tensor t when t._numel == 1 => t.to(ScalarType.Float64).item<double>(),
                            double d => d,
                            long l => l,
                            _ => throw Bad(),
                        };
                        if (!integer) return number;
                        return number == Math.Floor(number) ? (long)number : throw Bad();
                    }
                    return value switch
                    {
                        Tensor t => Copy(t),
                        IList list when key == "al" =>
                            list.Cast<object?>().Select(v => v is null ? null : Copy(v as Tensor ?? throw Bad())).ToArray(),
                        IList list => list.Cast<object?>().Select(v => Copy(v as Tensor ?? throw Bad())).ToList(),
                        double or long or bool => value,
                        _ => throw Bad(),
                    };
                }

                private static IEnumerable<FieldInfo> OptionFields(Modules.OptimizerOptions o) =>
                    o.GetType().GetFields(BindingFlags.Public | BindingFlags.Instance);

                private static Dictionary<string, object?> OptionsToDict(Modules.OptimizerOptions o)
                {
                    var d = new Dictionary<string, object?> { ["lr"] = o.LearningRate, ["initial_lr"] = o.InitialLearningRate };
                    var fields = OptionFields(o).ToDictionary(f => f.Name);
                    foreach (var (name, first, second) in Pairs)
                        if (fields.Remove(first, out FieldInfo? a) && fields.Remove(second, out FieldInfo? b))
                            d[name] = ((double)a.GetValue(o)!, (double)b.GetValue(o)!);
                    foreach (FieldInfo f in fields.Values) d[f.Name] = f.GetValue(o);
                    return d;
                }

                // PyTorch's implementation switches (where and how its kernels run), not part of the update: read when
                // off, as PyTorch writes them by default.
                private static readonly HashSet<string> s_implementationFlags = ["foreach", "capturable", "differentiable", "fused"];

                private void SetOption(Modules.OptimizerOptions o, string key, object? value, int group)
                {
                    ArgumentException Bad() =>
                        new($"option \"{key}\" of parameter group {group}: {value ?? "null"} is not a valid value for " +
                            $"{o.GetType().DeclaringType?.Name}");
                    static double? Number(object? v) => v switch { double d => d, long l => l, int i => i, _ => null };
                    switch (key)
                    {
                        case "lr": o.LearningRate = Number(value) ?? throw Bad(); return;
                        case "initial_lr": o.InitialLearningRate = Number(value) ?? throw Bad(); return;
                        case var _ when s_implementationFlags.Contains(key):
                            if (value is null or false) return;
                            throw new ArgumentException(
                                $"parameter group {group} of the state dict sets \"{key}\", which Autograd.Native does not implement");
                        // PyTorch 2.7's AdamW is Adam with this set
                        case "decoupled_weight_decay" when this is Modules.Adam:
                            if (value is bool decoupled && decoupled == this is Modules.AdamW) return;
                            throw Bad();
                    }
                    var fields = OptionFields(o).ToDictionary(f => f.Name);
                    foreach (var (name, first, second) in Pairs)
                        if (key == name && fields.ContainsKey(first))
                        {
                            (object?, object?) items = value switch
                            {
                                ValueTuple<double, double> t => (t.Item1, t.Item2),
                                IList { Count: 2 } l => (l[0], l[1]),
                                _ => throw Bad(),
                            };
                            fields[first].SetValue(o, Number(items.Item1) ?? throw Bad());
                            fields[second].SetValue(o, Number(items.Item2) ?? throw Bad());
                            return;
                        }
                    if (!fields.TryGetValue(key, out FieldInfo? field))
                        throw new ArgumentException(
                            $"parameter group {group} of the state dict has an option \"{key}\" that " +
                            $"{o.GetType().DeclaringType?.Name} does not have");
                    Type target = Nullable.GetUnderlyingType(field.FieldType) ?? field.FieldType;
                    if (target == typeof(double) && Number(value) is double number) value = number;
                    if (value is not null && !target.IsInstanceOfType(value)) throw Bad();
                    field.SetValue(o, value);
                }
            }
        }
    }
}
