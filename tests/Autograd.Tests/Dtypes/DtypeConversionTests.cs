using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Every stored dtype: creation from C# arrays (TorchSharp's element-type pairing), conversion
/// between every pair bit for bit against LibTorch (float16/bfloat16 round to nearest even, float to
/// integer truncates as x86 does), typed element access, printing and the default dtype.</summary>
public class DtypeConversionTests
{
    private static readonly ScalarType[] All =
    [
        ScalarType.Byte, ScalarType.Int8, ScalarType.Int16, ScalarType.Int32, ScalarType.Int64,
        ScalarType.Float16, ScalarType.Float32, ScalarType.Float64, ScalarType.Bool, ScalarType.BFloat16,
    ];

    public static TheoryData<ScalarType, ScalarType> Pairs()
    {
        var data = new TheoryData<ScalarType, ScalarType>();
        foreach (ScalarType from in All)
            foreach (ScalarType to in All)
                data.Add(from, to);
        return data;
    }

    // ties for float16 (2049, 2051, 1+2^-11) and bfloat16 (257, 259), values past each type's range,
    // subnormals, NaN and infinities, fractions that truncate, negatives that wrap
    private static readonly double[] Sources =
    [
        0, -0.0, 1.5, -2.5, 0.1, 1.0 / 3, 2049, 2051, 1 + 1.0 / 2048, 257, 259, 65504, 65519.99, 65520, 70000,
        1e-8, 6e-8, 3e-8, 1e-40, 3e38, 3.4e38, 1e300, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
        300.7, -1.5, -300.2, 3e9, -3e9, 2.5, 3.5, 1e20, -129, 255.9, 127.5, 32768, -32769, 2147483647.0, 1e-5, 4e-5,
    ];

    private static double[] Values(int repeat)
    {
        var v = new double[Sources.Length * repeat];
        for (int i = 0; i < v.Length; i++) v[i] = Sources[i % Sources.Length];
        return v;
    }

    private static double[] Ours(Tensor t) => t.to(ScalarType.Float64).ToArray<double>();

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Conversion_matches_libtorch_bit_for_bit(ScalarType from, ScalarType to)
    {
        // 1 repeat: LibTorch's scalar loop; 4 repeats (164 elements): its vectorised loop too
        foreach (int repeat in new[] { 1, 4 })
        {
            double[] v = Values(repeat);
            ts.Tensor theirs = ts.tensor(v).to(Oracle.Ts(from));
            Tensor ours = torch.tensor(v).to(from);
            Assert.Equal(Oracle.Values(theirs), Ours(ours)); // the source conversion from float64
            ts.Tensor expected = theirs.to(Oracle.Ts(to));
            Tensor actual = ours.to(to);
            Assert.Equal(to, actual.dtype);
            double[] e = Oracle.Values(expected), a = Ours(actual);
            for (int i = 0; i < e.Length; i++)
                if (!(double.IsNaN(e[i]) && double.IsNaN(a[i])))
                    Assert.True(e[i].Equals(a[i]) && double.IsNegative(e[i]) == double.IsNegative(a[i]),
                                $"{from} -> {to}: element {i} ({v[i]}) is {a[i]}, LibTorch gives {e[i]}");
        }
    }

    [Fact]
    public void Csharp_arrays_give_torchsharps_dtypes()
    {
        Assert.Equal(ScalarType.Int32, torch.tensor(new[] { 1, 2 }).dtype);
        Assert.Equal(ScalarType.Byte, torch.tensor(new byte[] { 1, 255 }).dtype);
        Assert.Equal(ScalarType.Int8, torch.tensor(new sbyte[] { -1, 2 }).dtype);
        Assert.Equal(ScalarType.Int16, torch.tensor(new short[] { -1, 2 }).dtype);
        Assert.Equal(ScalarType.Float16, torch.tensor(new[] { (Half)1.5, (Half)(-2) }).dtype);
        Assert.Equal(ScalarType.Int32, torch.tensor(7).dtype);
        Assert.Equal(ScalarType.Byte, torch.tensor((byte)7).dtype);
        Assert.Equal(ScalarType.Float16, torch.tensor((Half)7).dtype);
        Assert.Equal((sbyte)ts.tensor(new[] { 1, 2 }).dtype, (sbyte)torch.tensor(new[] { 1, 2 }).dtype);
        Assert.Equal((sbyte)ts.tensor(new byte[] { 1 }).dtype, (sbyte)torch.tensor(new byte[] { 1 }).dtype);
        Assert.Equal((sbyte)ts.tensor(new short[] { 1 }).dtype, (sbyte)torch.tensor(new short[] { 1 }).dtype);
        Assert.Equal((sbyte)ts.tensor(new sbyte[] { 1 }).dtype, (sbyte)torch.tensor(new sbyte[] { 1 }).dtype);
        Assert.Equal((sbyte)ts.tensor(new[] { (Half)1 }).dtype, (sbyte)torch.tensor(new[] { (Half)1 }).dtype);
    }

    [Fact]
    public void Multidimensional_and_shared_arrays_keep_their_values()
    {
        var h = new Half[,] { { (Half)1.5, (Half)2 }, { (Half)(-3), (Half)0.099975586 } };
        Tensor t = torch.tensor(h);
        Assert.Equal([2L, 2], t.shape);
        Assert.Equal([1.5, 2, -3, 0.099975586], t.to(ScalarType.Float64).ToArray<double>().Select(x => Math.Round(x, 9)));
        byte[] pixels = [0, 128, 255];
        Tensor shared = torch.from_array(pixels);
        pixels[1] = 7;
        Assert.Equal(ScalarType.Byte, shared.dtype);
        Assert.Equal([0, 7, 255], shared.data<byte>().ToArray());
        Half[] halves = [(Half)1, (Half)2];
        Tensor sharedHalf = torch.from_array(halves);
        halves[0] = (Half)5;
        Assert.Equal((Half)5, sharedHalf[0].item<Half>());
        Assert.Equal([1, 2, 3, 4], torch.tensor(new[,] { { 1, 2 }, { 3, 4 } }).data<int>().ToArray());
    }

    [Fact]
    public void Conversion_methods_name_their_dtypes()
    {
        Tensor x = torch.tensor(new[] { 1.7, -2.5, 300.0 });
        Assert.Equal(ScalarType.Int32, x.@int().dtype);
        Assert.Equal(ScalarType.Int16, x.@short().dtype);
        Assert.Equal(ScalarType.Int8, x.@char().dtype);
        Assert.Equal(ScalarType.Byte, x.@byte().dtype);
        Assert.Equal(ScalarType.Float16, x.half().dtype);
        Assert.Equal(ScalarType.BFloat16, x.bfloat16().dtype);
        Assert.Equal(ScalarType.Int16, x.type(torch.int16).dtype);
        Assert.Equal([1, -2, 300], x.@int().data<int>().ToArray());
        Assert.Equal([1, 254, 44], x.@byte().@int().data<int>().ToArray()); // through int64: -2 and 300 wrap
    }

    [Fact]
    public void Factories_take_every_dtype()
    {
        foreach (ScalarType t in All)
        {
            Assert.Equal(t, torch.zeros([2, 3], t).dtype);
            Assert.Equal(t, torch.ones([2], t).dtype);
            Assert.Equal(t, torch.empty([2], t).dtype);
            Assert.Equal(t, torch.full([2], 1, t).dtype);
            Assert.Equal(Oracle.Values(ts.ones(2, Oracle.Ts(t))), Ours(torch.ones([2], t)));
            if (t != ScalarType.Bool)
                Assert.Equal(Oracle.Values(ts.arange(0, 7, 2, Oracle.Ts(t))), Ours(torch.arange(0, 7, 2, t)));
        }
        Assert.Equal(Oracle.Values(ts.full(3, 0.1, ts.ScalarType.Float16)), Ours(torch.full([3], 0.1, torch.float16)));
        Assert.Equal(Oracle.Values(ts.full(3, -5, ts.ScalarType.Byte)), Ours(torch.full([3], -5, torch.uint8)));
    }

    [Fact]
    public void Scalars_that_overflow_the_dtype_are_refused_with_libtorchs_message()
    {
        Assert.Equal("value cannot be converted to type uint8_t without overflow",
                     Assert.Throws<ArgumentException>(() => torch.full([2], 300, torch.uint8)).Message);
        Assert.Equal("value cannot be converted to type int8_t without overflow",
                     Assert.Throws<ArgumentException>(() => torch.full([2], -129, torch.int8)).Message);
        Assert.Equal("value cannot be converted to type at::Half without overflow",
                     Assert.Throws<ArgumentException>(() => torch.full([2], 70000.0, torch.float16)).Message);
        Assert.Throws<System.Runtime.InteropServices.ExternalException>(() => ts.full(2, 300, ts.ScalarType.Byte));
        Assert.Throws<System.Runtime.InteropServices.ExternalException>(() => ts.full(2, 70000.0, ts.ScalarType.Float16));
    }

    [Fact]
    public void Item_and_data_demand_the_element_type_as_torchsharp_does()
    {
        Tensor x = torch.tensor(new long[] { 3 });
        string theirs = Assert.Throws<ArgumentException>(() => ts.tensor(new long[] { 3 }).item<float>()).Message;
        Assert.Equal(theirs, Assert.Throws<ArgumentException>(() => x.item<float>()).Message);
        Assert.Equal("Single is not compatible with Int64", theirs);
        Assert.Throws<ArgumentException>(() => x.data<int>());
        Assert.Equal(3L, x.item<long>());
        Assert.Equal(3f, x.ToSingle()); // the conversions convert
        Assert.Equal((Half)2.5, torch.tensor(new[] { 2.5 }).half().item<Half>());
        Assert.Equal((short)-4, torch.tensor(new short[] { -4 }).item<short>());
        Assert.Equal((Half)2.5, torch.tensor(2.5).ToHalf());
        Assert.Throws<ArgumentException>(() => torch.tensor(new[] { 2.5 }).bfloat16().item<float>());
    }

    [Fact]
    public void Only_floating_tensors_require_grad()
    {
        Assert.True(torch.ones([2], torch.float16).requires_grad_().requires_grad);
        Assert.True(torch.ones([2], torch.bfloat16, requires_grad: true).requires_grad);
        foreach (ScalarType t in new[] { ScalarType.Byte, ScalarType.Int8, ScalarType.Int16, ScalarType.Int32 })
            Assert.Equal("only Tensors of floating point and complex dtype can require gradients",
                         Assert.Throws<InvalidOperationException>(() => torch.ones([2], t).requires_grad_()).Message);
    }

    [Fact]
    public void Printing_shows_pytorchs_repr_for_each_dtype()
    {
        Assert.Equal("tensor([  0, 128, 255], dtype=torch.uint8)", torch.tensor(new byte[] { 0, 128, 255 }).ToString());
        Assert.Equal("tensor([-1,  2], dtype=torch.int8)", torch.tensor(new sbyte[] { -1, 2 }).ToString());
        Assert.Equal("tensor([1, 2], dtype=torch.int32)", torch.tensor(new[] { 1, 2 }).ToString());
        Assert.Equal("tensor([1, 2], dtype=torch.int16)", torch.tensor(new short[] { 1, 2 }).ToString());
        Assert.Equal("tensor([0.1000, 2.0000], dtype=torch.float16)", torch.tensor(new[] { 0.1, 2 }).half().ToString());
        Assert.Equal("tensor([1., 2.], dtype=torch.bfloat16)", torch.tensor(new[] { 1.0, 2 }).bfloat16().ToString());
        Assert.Equal("tensor(3.1406, dtype=torch.bfloat16)", torch.tensor(Math.PI).bfloat16().ToString()); // 3.140625
    }

    [Fact]
    public void Default_dtype_drives_factories_promotion_and_printing()
    {
        Assert.Equal(ScalarType.Float32, torch.get_default_dtype());
        try
        {
            torch.set_default_dtype(torch.float64);
            ts.set_default_dtype(ts.ScalarType.Float64);
            Assert.Equal(ScalarType.Float64, torch.get_default_dtype());
            Assert.Equal(ScalarType.Float64, torch.zeros([2]).dtype);
            // PyTorch: a wrapped floating scalar takes the default dtype. TorchSharp's set_default_dtype only
            // changes its own factories (its int64 * 2.5 stays float32), so this is checked against the rule.
            Assert.Equal(ScalarType.Float64, (torch.tensor(new long[] { 1 }) * 2.5).dtype);
            Assert.Equal(ScalarType.Float64, torch.tensor(new[] { 1 }).exp().dtype);
            Assert.Equal("tensor([1., 2.])", torch.tensor(new[] { 1.0, 2 }).ToString());
            Assert.Equal("tensor([1., 2.], dtype=torch.float32)", torch.tensor(new[] { 1f, 2 }).ToString());
            Assert.Equal("only floating-point types are supported as the default type",
                         Assert.Throws<ArgumentException>(() => torch.set_default_dtype(torch.int32)).Message);
        }
        finally
        {
            torch.set_default_dtype(torch.float32);
            ts.set_default_dtype(ts.ScalarType.Float32);
        }
    }
}
