using Autograd.Modules;

namespace Autograd;

public static partial class torch
{
    public static partial class nn
    {
        public partial class Module
        {
            /// <summary>
            /// The module's state: every parameter and persistent buffer under its dotted key (<c>0.weight</c>,
            /// <c>layers.1.running_mean</c>), module by module in PyTorch's order (a module's parameters, then its
            /// buffers, then its children). Values are detached and share the module's storage.
            /// </summary>
            /// <param name="destination">A dictionary to add to (a new one when null).</param>
            /// <param name="prefix">Prepended, with a dot, to every key.</param>
            public virtual Dictionary<string, Tensor> state_dict(Dictionary<string, Tensor>? destination = null, string? prefix = null)
            {
                destination ??= [];
                foreach (var (key, t, _) in StateEntries(string.IsNullOrEmpty(prefix) ? "" : prefix + "."))
                    destination.TryAdd(key, t.detach());
                return destination;
            }

            /// <summary>
            /// Copies <paramref name="source"/>'s tensors into the parameters and persistent buffers of the same keys
            /// (converting dtypes), without recording history. All or nothing: every key and shape is checked first and
            /// nothing is modified when a check fails. Keys in <paramref name="skip"/> are ignored on both sides.
            /// </summary>
            /// <returns>The module's keys absent from <paramref name="source"/> and <paramref name="source"/>'s keys the
            /// module doesn't have (TorchSharp's tuple, its element names included).</returns>
            /// <exception cref="InvalidOperationException">PyTorch's "Error(s) in loading state_dict for …" listing missing
            /// and unexpected keys (when <paramref name="strict"/>) and every shape mismatch (always).</exception>
            public virtual (IList<string> missing_keys, IList<string> unexpected_keyes) load_state_dict(
                Dictionary<string, Tensor> source, bool strict = true, IList<string>? skip = null)
            {
                ArgumentNullException.ThrowIfNull(source);
                skip ??= [];
                var targets = StateEntries("").Where(e => !skip.Contains(e.key)).ToList();
                var known = new HashSet<string>(targets.Select(e => e.key));
                var missing = targets.Where(e => !source.ContainsKey(e.key)).Select(e => e.key).Distinct().ToList();
                var unexpected = source.Keys.Where(k => !skip.Contains(k) && !known.Contains(k)).ToList();
                var errors = new List<string>();
                if (strict && missing.Count > 0) errors.Add($"Missing key(s) in state_dict: {Quoted(missing)}. ");
                if (strict && unexpected.Count > 0) errors.Add($"Unexpected key(s) in state_dict: {Quoted(unexpected)}. ");
                foreach (var (key, target, _) in targets)
                {
                    if (!source.TryGetValue(key, out Tensor? value)) continue;
                    if (value is null)
                        errors.Add($"While copying the parameter named \"{key}\", expected torch.Tensor or Tensor-like object " +
                            $"from checkpoint but received null");
                    else if (!Shape.SameShape(value._shape, target._shape))
                        errors.Add($"size mismatch for {key}: copying a param with shape {SizeRepr(value._shape)} from checkpoint, " +
                                   $"the shape in current model is {SizeRepr(target._shape)}.");
                }
                if (errors.Count > 0)
                    throw new InvalidOperationException(
                        $"Error(s) in loading state_dict for {ClassName()}:\n\t{string.Join("\n\t", errors)}");
                using (torch.no_grad())
                    foreach (var (key, target, _) in targets)
                        if (source.TryGetValue(key, out Tensor? value)) target.copy_(value);
                return (missing, unexpected);
            }

            /// <summary>Every parameter and persistent buffer with its key, module by module (the registered tensors
            /// themselves); a module registered under two names appears under both, as in PyTorch.</summary>
            private IEnumerable<(string key, Tensor tensor, bool isParameter)> StateEntries(string prefix)
            {
                foreach (var (n, p) in _params.Items) yield return (prefix + n, p, true);
                foreach (var (n, b) in _buffers.Items)
                    if (b.persistent) yield return (prefix + n, b.tensor, false);
                foreach (var (n, m) in _modules.Items)
                    foreach (var e in m.StateEntries(prefix + n + ".")) yield return e;
            }

            private static string Quoted(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => $"\"{k}\""));

            private static string SizeRepr(long[] shape) => $"torch.Size({Shape.Format(shape)})";

            /// <summary>
            /// Converts every floating parameter, its gradient and every floating buffer of this module and its
            /// descendants to <paramref name="dtype"/>, in place: the tensor objects stay the same (PyTorch's
            /// <c>param.data = param.to(dtype)</c>), so fields and optimizers holding them see the new values.
            /// </summary>
            /// <exception cref="ArgumentException"><paramref name="dtype"/> is not floating.</exception>
            protected internal virtual Module _to(ScalarType dtype, bool non_blocking)
            {
                if (!DType.IsFloating(dtype))
                    throw new ArgumentException(
                        $"nn.Module.to only accepts floating point or complex dtypes, but got desired dtype={DType.Name(dtype)}");
                DType.Check(dtype);
                using (torch.no_grad())
                {
                    foreach (Module m in modules())
                    {
                        foreach (var (_, p) in m._params.Items) Convert(p, dtype);
                        foreach (var (_, b) in m._buffers.Items) Convert(b.tensor, dtype);
                    }
                }
                return this;

                static void Convert(Tensor t, ScalarType dtype)
                {
                    if (!DType.IsFloating(t._dtype) || t._dtype == dtype) return;
                    Tensor? grad = t._grad;
                    t.SetData(t.detach().to(dtype));
                    if (grad is not null) t._grad = grad.to(dtype);
                }
            }

            /// <summary>Moves to <paramref name="device"/>: only the CPU exists, so this checks the device and
            /// returns the module.</summary>
            protected internal virtual Module _to(Device device, bool non_blocking)
            {
                Device.Check(device);
                return this;
            }
        }
    }
}
