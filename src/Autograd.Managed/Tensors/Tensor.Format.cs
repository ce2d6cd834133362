using System.Globalization;
using System.Text;

namespace Autograd;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>
        /// PyTorch's printed form, e.g. <c>tensor([2.5000, 0.7500], grad_fn=&lt;AddBackward0&gt;)</c>: 4 decimals,
        /// integer-valued floats as <c>2.</c>, scientific notation when magnitudes span more than 1000× (or
        /// exceed 1e8 / fall below 1e-4), large tensors summarised with <c>...</c>, the dtype shown when it
        /// is not a default one, then <c>grad_fn</c> or <c>requires_grad=True</c>, then a dual tensor's
        /// <c>tangent=</c> (Note [Forward AD]); a suffix that would pass 80 columns goes on a line of its own.
        /// </summary>
        public override string ToString() => TensorFormatter.Format(this);
    }
}

/// <summary>Implements PyTorch's <c>_tensor_str</c> formatting rules.</summary>
internal static class TensorFormatter
{
    private const int Threshold = 1000, EdgeItems = 3, LineWidth = 80;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    internal static string Format(Tensor t)
    {
        const string prefix = "tensor(";
        var suffixes = new List<string>();
        string body;
        if (t._numel == 0 && t._shape.Length != 1)
        {
            body = "[]";
            suffixes.Add($"size=({string.Join(", ", t._shape)}{(t._shape.Length == 1 ? "," : "")})");
        }
        else
        {
            bool summarize = t._numel > Threshold;
            double[] values = Sample(t, summarize);
            var fmt = new ValueFormat(values, t.dtype);
            body = Render(t, 0, 0, prefix.Length, fmt, summarize);
        }
        if (t.dtype != DType.DefaultFloat && t.dtype is not (ScalarType.Int64 or ScalarType.Bool))
            suffixes.Add($"dtype={DType.Name(t.dtype)}");
        if (t.grad_fn is { } fn) suffixes.Add($"grad_fn=<{fn.name()}>");
        else if (t.requires_grad) suffixes.Add("requires_grad=True");
        if (ForwardAD.Active && ForwardAD.TangentOf(t) is { } tangent) suffixes.Add($"tangent={Format(tangent)}");
        return AddSuffixes(prefix + body, suffixes, prefix.Length);
    }

    /// <summary>PyTorch's <c>_add_suffixes</c>: ", suffix" while the last line stays within the line width, else the
    /// suffix on a line of its own at <paramref name="indent"/>. (Its line length counts from one past the last
    /// newline and a suffix's length is all of it, newlines included, as PyTorch counts.)</summary>
    private static string AddSuffixes(string text, List<string> suffixes, int indent)
    {
        var sb = new StringBuilder(text);
        int lastLine = text.Length - text.LastIndexOf('\n') + 1;
        foreach (string s in suffixes)
        {
            if (lastLine + s.Length + 2 > LineWidth)
            {
                sb.Append(",\n").Append(' ', indent).Append(s);
                lastLine = indent + s.Length;
            }
            else
            {
                sb.Append(", ").Append(s);
                lastLine += s.Length + 2;
            }
        }
        return sb.Append(')').ToString();
    }

    /// <summary>The values that will be printed (all, or the edges of every dim when summarising).</summary>
    private static double[] Sample(Tensor t, bool summarize)
    {
        var list = new List<double>();
        void Walk(int dim, long offset)
        {
            if (dim == t._shape.Length) { list.Add(Elements.ReadDouble(t.dtype, t._storage, offset)); return; }
            long n = t._shape[dim];
            for (long i = 0; i < n; i++)
            {
                if (summarize && n > 2 * EdgeItems && i == EdgeItems) i = n - EdgeItems;
                Walk(dim + 1, offset + i * t._strides[dim]);
            }
        }
        Walk(0, t._offset);
        return list.ToArray();
    }

    private static string Render(Tensor t, int dim, long offset, int indent, ValueFormat fmt, bool summarize)
    {
        if (t._shape.Length == 0) return fmt.Format(Elements.ReadDouble(t.dtype, t._storage, t._offset), pad: false);
        if (dim == 0) offset = t._offset;
        long n = t._shape[dim];
        bool cut = summarize && n > 2 * EdgeItems;
        if (dim == t._shape.Length - 1)
        {
            var items = new List<string>();
            for (long i = 0; i < n; i++)
            {
                if (cut && i == EdgeItems) { items.Add(" ..."); i = n - EdgeItems; } // PyTorch's 1-d ellipsis has a leading space
                items.Add(fmt.Format(Elements.ReadDouble(t.dtype, t._storage, offset + i * t._strides[dim]), pad: true));
            }
            // wrap long rows at PyTorch's line width
            int perLine = Math.Max(1, (LineWidth - indent) / (fmt.Width + 2));
            var lines = new List<string>();
            for (int i = 0; i < items.Count; i += perLine)
                lines.Add(string.Join(", ", items.Skip(i).Take(perLine)));
            return "[" + string.Join(",\n" + new string(' ', indent + 1), lines) + "]";
        }
        var rows = new List<string>();
        for (long i = 0; i < n; i++)
        {
            if (cut && i == EdgeItems) { rows.Add("..."); i = n - EdgeItems; }
            rows.Add(Render(t, dim + 1, offset + i * t._strides[dim], indent + 1, fmt, summarize));
        }
        string sep = "," + new string('\n', t._shape.Length - dim - 1) + new string(' ', indent + 1);
        return "[" + string.Join(sep, rows) + "]";
    }

    /// <summary>PyTorch's _Formatter: one width and mode for every printed element.</summary>
    private sealed class ValueFormat
    {
        private readonly bool _floating, _intMode, _sci, _bool;
        internal readonly int Width;

        internal ValueFormat(double[] values, ScalarType dtype)
        {
            _bool = dtype == ScalarType.Bool;
            _floating = DType.IsFloating(dtype);
            if (_floating)
            {
                var finite = values.Where(v => double.IsFinite(v) && v != 0).Select(Math.Abs).ToArray();
                _intMode = values.Where(double.IsFinite).All(v => v == Math.Ceiling(v));
                if (finite.Length > 0)
                {
                    double max = finite.Max(), min = finite.Min();
                    _sci = _intMode ? (max / min > 1000 || max > 1e8) : (max / min > 1000 || max > 1e8 || min < 1e-4);
                }
            }
            // PyTorch sizes floating columns from the finite nonzero values only (nan/inf/0 may stick out)
            var sized = _floating ? values.Where(v => double.IsFinite(v) && v != 0).ToArray() : values;
            Width = sized.Length == 0 ? 1 : sized.Max(v => Raw(v).Length);
        }

        private string Raw(double v)
        {
            if (_bool) return v != 0 ? "True" : "False";
            if (!_floating) return ((long)v).ToString(Inv);
            if (double.IsNaN(v)) return "nan";
            if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
            if (_sci) return v.ToString("0.0000e+00", Inv);
            if (_intMode) return v.ToString("0", Inv) + ".";
            return v.ToString("0.0000", Inv);
        }

        internal string Format(double v, bool pad)
        {
            string s = Raw(v);
            return pad ? s.PadLeft(Width) : s;
        }
    }
}
