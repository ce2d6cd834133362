namespace Autograd
{
    public static partial class torch
    {
        /// <summary>Optimizers (PyTorch's <c>torch.optim</c>).</summary>
        public static partial class optim
        {
            /// <summary>What every optimizer shares: its parameters and <see cref="zero_grad"/>.</summary>
            public abstract class Optimizer
            {
                private protected readonly Tensor[] _params;

                private protected Optimizer(IEnumerable<Tensor> parameters)
                {
                    ArgumentNullException.ThrowIfNull(parameters);
                    _params = [.. parameters];
                    if (_params.Length == 0) throw new ArgumentException("optimizer got an empty parameter list");
                    foreach (Tensor p in _params)
                    {
                        ArgumentNullException.ThrowIfNull(p, nameof(parameters));
                        if (!p.is_leaf) throw new ArgumentException("can't optimize a non-leaf Tensor");
                        if (!p.requires_grad) throw new ArgumentException("optimizing a parameter that doesn't require gradients");
                    }
                }

                /// <summary>The parameters, in the order given.</summary>
                public IEnumerable<Tensor> parameters() => _params;

                /// <summary>Resets every parameter's gradient: to null when <paramref name="set_to_none"/> (PyTorch's
                /// default since 2.0: the next backward then stores its gradient without a copy), else to zeros in place.</summary>
                public void zero_grad(bool set_to_none = true)
                {
                    foreach (Tensor p in _params)
                    {
                        if (p._grad is null) continue;
                        if (set_to_none) { p.DropGrad(); continue; }
                        // PyTorch detaches a grad that has a grad_fn (create_graph) before zeroing it
                        if (p._grad._gradFn is not null) p._grad = p._grad.detach();
                        p._grad.zero_();
                    }
                }

                /// <summary>One update from the current gradients; parameters without a gradient are skipped.
                /// Returns the closure's loss when a closure (re-evaluating the loss) is given, else null.</summary>
                public Tensor? step(Func<Tensor>? closure = null)
                {
                    Tensor? loss = null;
                    if (closure is not null)
                        using (torch.enable_grad()) loss = closure();
                    using (torch.no_grad()) Update();
                    return loss;
                }

                private protected abstract void Update();

                /// <summary>A hyper-parameter as PyTorch's argument-check messages print it: Python's repr of a float
                /// (shortest round-trip digits, "1.0", "1e-08", "nan", "inf").</summary>
                private protected static string Format(double v)
                {
                    if (double.IsNaN(v)) return "nan";
                    if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
                    // .NET's "E16" rounds; "R" has the shortest digits but picks its own notation: take the digits
                    // and the exponent from it and lay them out as Python does (fixed for exponents -4..15)
                    string r = Math.Abs(v).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                    int e = r.IndexOf('E'), exp = e < 0 ? 0 : int.Parse(r[(e + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                    string mantissa = e < 0 ? r : r[..e];
                    int dot = mantissa.IndexOf('.');
                    string digits = mantissa.Replace(".", "");
                    exp += (dot < 0 ? mantissa.Length : dot) - 1;
                    int lead = 0;
                    while (lead < digits.Length - 1 && digits[lead] == '0') { lead++; exp--; }
                    digits = digits[lead..].TrimEnd('0');
                    if (digits.Length == 0) digits = "0";
                    string sign = v < 0 || (v == 0 && double.IsNegative(v)) ? "-" : "";
                    if (exp < -4 || exp >= 16)
                        return $"{sign}{digits[0]}{(digits.Length > 1 ? "." + digits[1..] : "")}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):D2}";
                    if (exp < 0) return $"{sign}0.{new string('0', -exp - 1)}{digits}";
                    string whole = digits.Length > exp + 1 ? digits[..(exp + 1)] : digits.PadRight(exp + 1, '0');
                    string frac = digits.Length > exp + 1 ? digits[(exp + 1)..] : "0";
                    return $"{sign}{whole}.{frac}";
                }
            }
        }
    }
}
