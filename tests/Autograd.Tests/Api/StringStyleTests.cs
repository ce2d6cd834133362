using System.Globalization;
using Autograd;
using ts = TorchSharp.torch;
using TsStyle = TorchSharp.TensorStringStyle;
using TsExtensions = TorchSharp.TensorExtensionMethods;

namespace Autograd.Tests;

// The print options are process-wide in both libraries: these tests run alone
[CollectionDefinition("PrintOptions", DisableParallelization = true)]
public class PrintOptionsCollection;

/// <summary>TorchSharp's string styles (metadata, Julia, NumPy, C#) and their conveniences print exactly what
/// TorchSharp prints for the same values: every stored dtype, 0-d to 4-d, elided rows and columns, cut rows, formats,
/// cultures and newlines.</summary>
[Collection("PrintOptions")]
public class StringStyleTests
{
    public static TheoryData<ScalarType> Dtypes() => [.. DtypeCases.All];

    private static readonly long[][] Shapes = [[], [0], [1], [5], [6], [7], [13], [1, 4], [3, 4], [7, 8], [2, 3, 4], [2, 7, 9], [2, 1, 3, 2], [3, 0, 2]];

    /// <summary>Values every dtype holds exactly (bool: nonzero), with negative ones where the dtype is signed.</summary>
    private static Tensor Values(long[] shape, ScalarType dtype, int seed)
    {
        var rng = new Random(seed);
        long n = shape.Aggregate(1L, (a, b) => a * b);
        bool signed = dtype is not (ScalarType.Byte or ScalarType.Bool);
        double[] v = [.. Enumerable.Range(0, (int)n).Select(_ => DType.IsFloating(dtype)
            ? Math.Round((rng.NextDouble() * 2 - (signed ? 1 : 0)) * Math.Pow(10, rng.Next(-3, 4)), 3)
            : rng.Next(signed ? -100 : 0, 100))];
        return torch.tensor(v, shape).to(dtype);
    }

    private static void AssertSame(Tensor ours, Func<Tensor, string> mine, Func<ts.Tensor, string> theirs, string what)
    {
        string expected = theirs(Oracle.ToTorch(ours)), actual = mine(ours);
        Assert.True(expected == actual, $"{what}: TorchSharp prints\n{expected}\nwe print\n{actual}");
    }

    [Theory]
    [MemberData(nameof(Dtypes))]
    public void Every_style_prints_as_torchsharp_does(ScalarType dtype)
    {
        foreach (long[] shape in Shapes)
        {
            Tensor t = Values(shape, dtype, shape.Length * 31 + (int)shape.Sum());
            string what = $"{dtype} [{string.Join(",", shape)}]";
            foreach (var (style, tsStyle) in new[] { (TensorStringStyle.Metadata, TsStyle.Metadata), (TensorStringStyle.Numpy, TsStyle.Numpy), (TensorStringStyle.CSharp, TsStyle.CSharp) })
                AssertSame(t, x => x.ToString(style, newLine: "\n"), x => x.ToString(tsStyle, newLine: "\n"), $"{style} {what}");
            // TorchSharp's Julia style throws on a matrix without rows (the Min of no rows); ours prints the metadata line
            if (shape.Length >= 2 && shape[^2] == 0 || shape.Length >= 3 && shape.Take(shape.Length - 2).Contains(0)) continue;
            AssertSame(t, x => x.ToString(TensorStringStyle.Julia, newLine: "\n"), x => x.ToString(TsStyle.Julia, newLine: "\n"), $"Julia {what}");
        }
    }

    [Fact]
    public void A_julia_matrix_without_rows_prints_its_metadata_line()
    {
        Assert.Equal("[0x3], type = Float32, device = cpu\n", torch.zeros([0, 3]).ToString(TensorStringStyle.Julia, newLine: "\n"));
    }

    [Theory]
    [InlineData("g5", 100, "")]
    [InlineData("F2", 30, "de-DE")]
    [InlineData("E3", 12, "fr-FR")]
    [InlineData("0.###", 40, "")]
    public void Formats_widths_cultures_and_newlines_follow_the_arguments(string format, int width, string cultureName)
    {
        var culture = CultureInfo.GetCultureInfo(cultureName);
        foreach (ScalarType dtype in new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.Int64, ScalarType.Bool })
            foreach (long[] shape in new long[][] { [9], [4, 11], [2, 3, 12] })
            {
                Tensor t = Values(shape, dtype, width);
                string what = $"{dtype} [{string.Join(",", shape)}] {format} {width} {cultureName}";
                AssertSame(t, x => x.jlstr(format, width, "\r\n", culture), x => TsExtensions.jlstr(x, format, width, "\r\n", culture), "jlstr " + what);
                AssertSame(t, x => x.npstr(format, width, "|", culture), x => TsExtensions.npstr(x, format, width, "|", culture), "npstr " + what);
                AssertSame(t, x => x.cstr(format, width, "\n", culture), x => TsExtensions.cstr(x, format, width, "\n", culture), "cstr " + what);
                AssertSame(t, x => x.str(format, width, "\n", culture, TensorStringStyle.Numpy),
                           x => TsExtensions.str(x, format, width, "\n", culture, TsStyle.Numpy), "str " + what);
                AssertSame(t, x => x.metastr(), x => TsExtensions.metastr(x), "metastr " + what);
            }
    }

    [Fact]
    public void A_strided_view_prints_its_elements_in_index_order()
    {
        Tensor t = Values([5, 9], ScalarType.Float32, 7).t().narrow(0, 1, 7);
        Assert.False(t.is_contiguous());
        foreach (var (style, tsStyle) in new[] { (TensorStringStyle.Julia, TsStyle.Julia), (TensorStringStyle.Numpy, TsStyle.Numpy), (TensorStringStyle.CSharp, TsStyle.CSharp) })
            AssertSame(t, x => x.ToString(style, newLine: "\n"), x => x.ToString(tsStyle, newLine: "\n"), style.ToString());
    }

    [Fact]
    public void Print_options_set_the_default_style_format_width_and_elision_as_torchsharps_do()
    {
        Tensor t = Values([9, 10], ScalarType.Float64, 3);
        try
        {
            foreach (var (style, tsStyle) in new[] { (TensorStringStyle.Numpy, TsStyle.Numpy), (TensorStringStyle.CSharp, TsStyle.CSharp), (TensorStringStyle.Julia, TsStyle.Julia) })
            {
                torch.set_printoptions(style, "F1", 50, "\n", 4, 3);
                ts.set_printoptions(tsStyle, "F1", 50, "\n", 4, 3);
                AssertSame(t, x => x.ToString(true), x => x.ToString(true), $"ToString(true) {style}");
                AssertSame(t, x => x.str(), x => TsExtensions.str(x), $"str() {style}");
                Assert.Equal(tsStyle, (TsStyle)(int)torch.TensorStringStyle);
            }
            torch.set_printoptions(2, 60, "\n", sci_mode: true, maxRows: 5, maxColumns: 5);
            ts.set_printoptions(2, 60, "\n", sci_mode: true, maxRows: 5, maxColumns: 5);
            AssertSame(t, x => x.ToString(TensorStringStyle.Numpy), x => x.ToString(TsStyle.Numpy), "sci_mode");
            Assert.Equal(t.ToString(TensorStringStyle.Metadata), t.ToString(false));
            Assert.Equal("The style cannot be set to 'Default'",
                         Assert.Throws<ArgumentException>(() => torch.TensorStringStyle = TensorStringStyle.Default).Message);
        }
        finally
        {
            torch.set_printoptions(TensorStringStyle.Julia, "g5", 100, Environment.NewLine, 6, 6);
            ts.set_printoptions(TsStyle.Julia, "g5", 100, Environment.NewLine, 6, 6);
        }
    }

    [Fact]
    public void Print_writes_the_styled_string_and_returns_the_tensor()
    {
        Tensor t = Values([2, 3], ScalarType.Int32, 5);
        var previous = Console.Out;
        var sw = new StringWriter();
        Console.SetOut(sw);
        try
        {
            Assert.Same(t, t.print(style: TensorStringStyle.Numpy, newLine: "\n"));
        }
        finally
        {
            Console.SetOut(previous);
        }
        Assert.Equal(Oracle.ToTorch(t).ToString(TsStyle.Numpy, newLine: "\n") + Environment.NewLine, sw.ToString());
    }
}
