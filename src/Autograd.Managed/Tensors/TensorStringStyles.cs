using System.Globalization;
using System.Text;

namespace Autograd;

/// <summary>TorchSharp's string styles for <see cref="torch.Tensor.ToString(TensorStringStyle, string?, int?, CultureInfo?, string?)"/>.
/// (<see cref="torch.Tensor.ToString()"/> itself prints PyTorch's <c>tensor(...)</c> form.)</summary>
public enum TensorStringStyle
{
    /// <summary>Shape, dtype and device only: <c>[2x3], type = Float32, device = cpu</c>.</summary>
    Metadata,
    /// <summary>The metadata line, then the values in aligned columns, rows cut to the line width.</summary>
    Julia,
    /// <summary>Nested brackets as NumPy prints them.</summary>
    Numpy,
    /// <summary>A C# array initializer: <c>float [,] {...}</c>.</summary>
    CSharp,
    /// <summary>Whatever <see cref="torch.TensorStringStyle"/> is set to.</summary>
    Default,
}

public static partial class torch
{
    private static TensorStringStyle _style = Autograd.TensorStringStyle.Julia;
    internal static string floatFormat = "g5";
    internal static string newLine = Environment.NewLine;
    internal static int lineWidth = 100, maxRows = 6, maxColumns = 6;

    /// <summary>The style of <c>ToString(true)</c>, <c>str()</c> and <c>print()</c> (Julia unless set).</summary>
    /// <exception cref="ArgumentException">Set to <see cref="TensorStringStyle.Default"/>.</exception>
    public static TensorStringStyle TensorStringStyle
    {
        get => _style;
        set => _style = value == Autograd.TensorStringStyle.Default
            ? throw new ArgumentException("The style cannot be set to 'Default'") : value;
    }

    /// <summary>The style constants TorchSharp offers for
    /// <see cref="set_printoptions(Autograd.TensorStringStyle?, string?, int?, string?, int?, int?)"/>.</summary>
    public const TensorStringStyle julia = Autograd.TensorStringStyle.Julia, numpy = Autograd.TensorStringStyle.Numpy,
        csharp = Autograd.TensorStringStyle.CSharp;

    /// <summary>Print options of the styled strings: <paramref name="precision"/> digits in fixed (<c>F</c>) or
    /// scientific (<c>E</c>) notation, the line width, the newline string, and how many rows and columns are
    /// printed before the middle ones are elided.</summary>
    public static void set_printoptions(int precision, int? linewidth = null, string? newLine = null, bool sci_mode = false,
                                        int? maxRows = null, int? maxColumns = null)
    {
        floatFormat = sci_mode ? $"E{precision}" : $"F{precision}";
        set_printoptions(null, null, linewidth, newLine, maxRows, maxColumns);
    }

    /// <summary>Print options of the styled strings; <c>null</c> leaves an option unchanged.</summary>
    public static void set_printoptions(TensorStringStyle? style = null, string? floatFormat = null, int? linewidth = null,
                                        string? newLine = null, int? maxRows = null, int? maxColumns = null)
    {
        if (style.HasValue) TensorStringStyle = style.Value;
        if (floatFormat is not null) torch.floatFormat = floatFormat;
        if (newLine is not null) torch.newLine = newLine;
        if (linewidth.HasValue) lineWidth = linewidth.Value;
        if (maxRows.HasValue) torch.maxRows = maxRows.Value;
        if (maxColumns.HasValue) torch.maxColumns = maxColumns.Value;
    }

    public partial class Tensor
    {
        /// <summary>TorchSharp's <c>ToString(bool)</c>: the styled string (<see cref="torch.TensorStringStyle"/>) with
        /// <paramref name="disamb"/>, the metadata otherwise.</summary>
        public string ToString(bool disamb, string? fltFormat = null, int? width = null, CultureInfo? cultureInfo = null,
                               string? newLine = null) =>
            disamb ? ToString(torch.TensorStringStyle, fltFormat, width, cultureInfo, newLine) : StyledFormatter.Metadata(this);

        /// <summary>This tensor in one of TorchSharp's styles. Floating values use <paramref name="fltFormat"/> (a .NET
        /// numeric format, <c>g5</c> unless set) in <paramref name="cultureInfo"/> (the current culture unless given);
        /// Julia rows stop before <paramref name="width"/> characters; Numpy and CSharp elide all but
        /// <c>maxRows</c>/<c>maxColumns</c> rows and columns.</summary>
        public string ToString(TensorStringStyle style, string? fltFormat = null, int? width = null, CultureInfo? cultureInfo = null,
                               string? newLine = null)
        {
            if (style == Autograd.TensorStringStyle.Default) style = torch.TensorStringStyle;
            var f = new StyledFormatter(this, fltFormat ?? floatFormat, cultureInfo ?? CultureInfo.CurrentCulture,
                                        newLine ?? torch.newLine);
            return style switch
            {
                Autograd.TensorStringStyle.Metadata => StyledFormatter.Metadata(this),
                Autograd.TensorStringStyle.Julia => f.Julia(width ?? lineWidth),
                Autograd.TensorStringStyle.Numpy => f.Numpy(0, _offset, true),
                Autograd.TensorStringStyle.CSharp => f.CSharp(0, _offset, true, top: true),
                _ => throw new System.ComponentModel.InvalidEnumArgumentException($"Unsupported tensor string style: {style}"),
            };
        }
    }
}

/// <summary>TorchSharp's string conveniences on tensors.</summary>
public static class TensorExtensionMethods
{
    /// <summary>The tensor in <paramref name="style"/> (<see cref="torch.TensorStringStyle"/> by default).</summary>
    public static string str(this torch.Tensor tensor, string? fltFormat = null, int? width = null, string? newLine = null,
                             CultureInfo? cultureInfo = null,
                             TensorStringStyle style = TensorStringStyle.Default) =>
                                 tensor.ToString(style, fltFormat, width, cultureInfo, newLine);
    /// <summary>The tensor in the Julia style.</summary>
    public static string jlstr(this torch.Tensor tensor, string? fltFormat = null, int? width = null, string? newLine = null,
                               CultureInfo? cultureInfo = null) =>
        tensor.ToString(TensorStringStyle.Julia, fltFormat, width, cultureInfo, newLine);
    /// <summary>The tensor's shape, dtype and device.</summary>
    public static string metastr(this torch.Tensor tensor) => tensor.ToString(TensorStringStyle.Metadata);
    /// <summary>The tensor in the NumPy style.</summary>
    public static string npstr(this torch.Tensor tensor, string? fltFormat = "g5", int? width = 100, string? newLine = null,
                               CultureInfo? cultureInfo = null) =>
        tensor.ToString(TensorStringStyle.Numpy, fltFormat, width, cultureInfo, newLine);
    /// <summary>The tensor as a C# array initializer.</summary>
    public static string cstr(this torch.Tensor tensor, string? fltFormat = "g5", int? width = 100, string? newLine = null,
                              CultureInfo? cultureInfo = null) =>
        tensor.ToString(TensorStringStyle.CSharp, fltFormat, width, cultureInfo, newLine);
    /// <summary>Writes the styled string to the console and returns the tensor.</summary>
    public static torch.Tensor print(this torch.Tensor t, string? fltFormat = "g5", int? width = 100, string? newLine = null,
                                     CultureInfo? cultureInfo = null, TensorStringStyle style = TensorStringStyle.Default)
    {
        Console.WriteLine(t.ToString(style, fltFormat, width, cultureInfo, newLine));
        return t;
    }
}

/// <summary>TorchSharp's Julia, NumPy and C# layouts, walking the tensor by offsets (no views).</summary>
internal sealed class StyledFormatter(torch.Tensor t, string fltFormat, CultureInfo culture, string newLine)
{
    private const string Ellipsis = "...";

    internal static string Metadata(torch.Tensor t) => $"[{string.Join("x", t._shape)}], type = {t.dtype}, device = cpu";

    private string Value(long offset)
    {
        ScalarType d = t.dtype;
        Storage s = t._storage;
        return d switch
        {
            ScalarType.Bool => Elements.Convert<bool>(d, s, offset).ToString(culture),
            ScalarType.Float64 => Elements.ReadDouble(d, s, offset).ToString(fltFormat, culture),
            // float16 and bfloat16 print through float, as TorchSharp's ToSingle
            _ when DType.IsFloating(d) => ((float)Elements.ReadDouble(d, s, offset)).ToString(fltFormat, culture),
            // integers format with the current culture whatever cultureInfo says, as TorchSharp's StringBuilder.Append(long)
            _ => Elements.Convert<long>(d, s, offset).ToString(CultureInfo.CurrentCulture),
        };
    }

    private string Indent(int dim) => new(' ', dim);

    private (int Leading, int Trailing) Kept(int max) => (max - max / 2, max / 2);

    /// <summary>The index ranges printed along one dim: all of it, or its leading and trailing items around an ellipsis.</summary>
    private IEnumerable<long> Printed(long n, int max, out bool cut)
    {
        cut = n > max;
        if (!cut) return Range(0, n);
        (int lead, int trail) = Kept(max);
        return Range(0, lead).Concat(Range(n - trail, trail));
    }

    private static IEnumerable<long> Range(long start, long count)
    {
        for (long i = 0; i < count; i++) yield return start + i;
    }

    // the last dim's values, all or the leading and trailing ones around "... "
    private void Columns(StringBuilder sb, long offset, long n, long stride, string suffix)
    {
        long[] cols = Printed(n, torch.maxColumns, out bool cut).ToArray();
        int lead = Kept(torch.maxColumns).Leading;
        for (int k = 0; k < cols.Length; k++)
        {
            if (cut && k == lead) sb.Append("... ");
            sb.Append(Value(offset + cols[k] * stride)).Append(suffix);
            if (k < cols.Length - 1) sb.Append(", ");
        }
    }

    // an outer dim's rows (row(i) prints row i, the first unindented), all or around an indented " ..." line
    private void Rows(StringBuilder sb, int dim, long n, string separator, string afterEllipsis, Func<long, string> row)
    {
        long[] rows = Printed(n, torch.maxRows, out bool cut).ToArray();
        int lead = Kept(torch.maxRows).Leading;
        for (int k = 0; k < rows.Length; k++)
        {
            if (cut && k == lead) sb.Append(Indent(dim)).Append(" ...").Append(afterEllipsis);
            sb.Append(row(rows[k]));
            if (k < rows.Length - 1) sb.Append(separator);
        }
    }

    internal string Numpy(int dim, long offset, bool indent)
    {
        int rank = t._shape.Length;
        var sb = new StringBuilder(indent ? Indent(dim) : "");
        if (rank == 0) return sb.Append(Value(offset)).ToString();
        sb.Append('[');
        long n = t._shape[dim], stride = t._strides[dim];
        if (dim == rank - 1) Columns(sb, offset, n, stride, "");
        else if (n > 0)
        {
            string sep = string.Concat(Enumerable.Repeat(newLine, rank - dim - 1));
            Rows(sb, dim, n, sep, sep, i => Numpy(dim + 1, offset + i * stride, i > 0));
        }
        return sb.Append(']').ToString();
    }

    internal string CSharp(int dim, long offset, bool indent, bool top = false)
    {
        int rank = t._shape.Length;
        ScalarType d = t.dtype;
        var sb = new StringBuilder();
        if (top)
        {
            sb.Append(Metadata(t)).Append(", value = ");
            if (rank == 0) return sb.Append(Value(offset)).ToString();
            if (rank > 1) sb.Append(newLine);
        }
        (string name, string suffix) = d switch
        {
            ScalarType.Bool => ("bool", ""), ScalarType.Byte => ("byte", ""), ScalarType.Int8 => ("sbyte", ""),
            ScalarType.Int16 => ("short", ""), ScalarType.Int32 => ("int", ""), ScalarType.Int64 => ("long", "L"),
            ScalarType.Float32 => ("float", "f"), ScalarType.Float64 => ("double", ""),
            ScalarType.BFloat16 => ("bfloat16", "f"), ScalarType.Float16 => ("float16", "f"),
            _ => throw new NotSupportedException($"{d} has no C# form"),
        };
        if (top) sb.Append(name).Append(" [").Append(',', rank - 1).Append("] ");
        if (indent) sb.Append(Indent(dim));
        sb.Append('{');
        if (top && rank > 1) sb.Append(newLine).Append(' ');
        long n = t._shape[dim], stride = t._strides[dim];
        if (dim == rank - 1) Columns(sb, offset, n, stride, suffix);
        else if (n > 0) Rows(sb, dim, n, "," + newLine, newLine, i => CSharp(dim + 1, offset + i * stride, i > 0));
        if (top && rank > 1) sb.Append(newLine);
        return sb.Append('}').ToString();
    }

    internal string Julia(int width)
    {
        var sb = new StringBuilder(Metadata(t));
        int rank = t._shape.Length;
        if (rank == 0) return sb.Append(", value = ").Append(Value(t._offset)).ToString();
        if (rank == 1)
        {
            List<string> row = Row(t._offset, 0, width);
            sb.Append(newLine);
            OneRow(sb, row, [.. row.Select(s => s.Length)], row.Count < t._shape[0]);
        }
        else if (rank == 2)
        {
            sb.Append(newLine);
            Matrix(sb, t._offset, width);
        }
        else Slices(sb, 0, t._offset, [], width);
        return sb.ToString();
    }

    // the leading dims one index at a time, labelled [i,j,..,..], down to the matrices of the last two
    private void Slices(StringBuilder sb, int dim, long offset, List<long> index, int width)
    {
        for (long i = 0; i < t._shape[dim]; i++)
        {
            index.Add(i);
            long at = offset + i * t._strides[dim];
            if (dim == t._shape.Length - 3)
            {
                sb.Append(newLine).Append('[').Append(string.Join(",", index)).Append(",..,..] =").Append(newLine);
                Matrix(sb, at, width);
            }
            else Slices(sb, dim + 1, at, index, width);
            index.RemoveAt(index.Count - 1);
        }
    }

    // a matrix's rows in columns as wide as their widest entry, every row cut where the shortest one stops
    private void Matrix(StringBuilder sb, long offset, int width)
    {
        int r = t._shape.Length - 2;
        var rows = new List<List<string>>();
        for (long i = 0; i < t._shape[r]; i++) rows.Add(Row(offset + i * t._strides[r], r + 1, width));
        if (rows.Count == 0) return; // TorchSharp throws on a matrix without rows (Min of nothing); nothing to print
        int shortest = rows.Min(x => x.Count);
        var space = new int[shortest];
        foreach (List<string> row in rows)
            for (int j = 0; j < shortest; j++) space[j] = Math.Max(space[j], row[j].Length);
        foreach (List<string> row in rows) OneRow(sb, row.Take(shortest).ToList(), space, shortest < t._shape[r + 1]);
    }

    // the values of one line that fit the width, keeping room for " ..."
    private List<string> Row(long offset, int dim, int width)
    {
        var row = new List<string>();
        for (long i = 0; i < t._shape[dim]; i++)
        {
            string s = Value(offset + i * t._strides[dim]);
            if (width - s.Length - (Ellipsis.Length + 1) < 0) break;
            row.Add(s);
            width -= s.Length + 1;
        }
        return row;
    }

    private void OneRow(StringBuilder sb, List<string> row, int[] space, bool ellipsis)
    {
        for (int i = 0; i < row.Count; i++) sb.Append(' ').Append(' ', space[i] - row[i].Length).Append(row[i]);
        if (ellipsis) sb.Append(' ').Append(Ellipsis);
        sb.Append(newLine);
    }
}
