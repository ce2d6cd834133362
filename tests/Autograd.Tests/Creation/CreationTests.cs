using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>Creation functions against LibTorch (deterministic ones) and against their definitions
/// (random ones: ranges, dtypes, reproducibility under manual_seed).</summary>
public class CreationTests
{
    private static void Same(ts.Tensor expected, Tensor actual)
    {
        Assert.Equal(Oracle.Ts(actual.dtype), expected.dtype);
        Oracle.AssertClose(expected, actual, actual.dtype == ScalarType.Float32 ? ScalarType.Float32 : ScalarType.Float64);
    }

    [Fact]
    public void Arange_matches_libtorch_for_integer_and_floating_ranges()
    {
        Same(ts.arange(5), torch.arange(5));
        Same(ts.arange(2, 11, 3), torch.arange(2, 11, 3));
        Same(ts.arange(10, 0, -3), torch.arange(10, 0, -3));
        Same(ts.arange(0.0, 1.0, 0.1), torch.arange(0.0, 1.0, 0.1));
        Same(ts.arange(-1.5, 2.0, 0.5, ts.ScalarType.Float64), torch.arange(-1.5, 2.0, 0.5, torch.float64));
        Same(ts.arange(3, 3), torch.arange(3, 3)); // empty (a literal 0 would bind to the dtype overload in both libraries)
    }

    // a variable: a constant zero would bind to the dtype overload (C# converts constant 0 to any enum)
    private static readonly double Zero = 0;

    [Fact]
    public void Arange_rejects_zero_and_inconsistent_steps() // LibTorch 2.10's messages
    {
        Assert.Equal("step must be nonzero", Assert.Throws<ArgumentException>(() => torch.arange(1, 5, Zero)).Message);
        Assert.Equal("upper bound and lower bound inconsistent with step sign",
                     Assert.Throws<ArgumentException>(() => torch.arange(0, 5, -1)).Message);
    }

    [Fact]
    public void Linspace_and_eye_match_libtorch()
    {
        Same(ts.linspace(-1, 1, 7), torch.linspace(-1, 1, 7));
        Same(ts.linspace(0, 1, 1), torch.linspace(0, 1, 1));
        Same(ts.linspace(2.5, -3.25, 10, ts.ScalarType.Float64), torch.linspace(2.5, -3.25, 10, torch.float64));
        Same(ts.eye(3), torch.eye(3));
        Same(ts.eye(2, 4), torch.eye(2, 4));
        Same(ts.eye(4, 2, ts.ScalarType.Float64), torch.eye(4, 2, torch.float64));
    }

    [Fact]
    public void Full_zeros_ones_take_pytorchs_default_dtypes()
    {
        Same(ts.full(new long[] { 2, 3 }, 1.5f), torch.full(new long[] { 2, 3 }, 1.5f));
        Assert.Equal(ScalarType.Int64, torch.full(new long[] { 2 }, 7).dtype);    // integer fill -> int64
        Assert.Equal(ScalarType.Bool, torch.full(new long[] { 2 }, true).dtype);  // bool fill -> bool
        Assert.Equal(ScalarType.Float32, torch.ones(2, 3).dtype);
        Assert.Equal(ScalarType.Float32, torch.zeros(2).dtype);
        Same(ts.zeros(2, 0, 3), torch.zeros(2, 0, 3));
        Same(ts.ones_like(ts.zeros(3, 2, ts.ScalarType.Float64)), torch.ones_like(torch.zeros(3, 2, torch.float64)));
        Same(ts.full_like(ts.zeros(2), 4), torch.full_like(torch.zeros(2), 4));
        Assert.Equal(new long[] { 4, 1 }, torch.empty(4, 1).shape);
        Assert.Equal(new long[] { 2, 3 }, torch.empty_like(torch.zeros(2, 3)).shape);
    }

    [Fact]
    public void Negative_sizes_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => torch.zeros(2, -1));
        Assert.Equal("Trying to create tensor with negative dimension -1: [2, -1]", ex.Message);
    }

    [Fact]
    public void Tensor_from_csharp_data_in_every_form()
    {
        Same(ts.tensor(new float[,] { { 1, 2 }, { 3, 4 } }), torch.tensor(new float[,] { { 1, 2 }, { 3, 4 } }));
        Same(ts.tensor(new double[,,] { { { 1 }, { 2 } } }), torch.tensor(new double[,,] { { { 1 }, { 2 } } }));
        Same(ts.tensor(new long[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 }), torch.tensor(new long[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 }));
        Same(ts.tensor(new List<float> { 1, 2, 3 }), torch.tensor(new List<float> { 1, 2, 3 }));
        Same(ts.tensor(new[] { true, false }), torch.tensor(new[] { true, false }));
        // C# int data is int32, as in TorchSharp
        Same(ts.tensor(new[] { 1, 2 }), torch.tensor(new[] { 1, 2 }));
        Assert.Equal(new long[] { 1, 2 }, torch.tensor(new[] { 1, 2 }).ToArray<long>());
        var ex = Assert.Throws<ArgumentException>(() => torch.tensor(new float[] { 1, 2, 3 }, new long[] { 2, 2 }));
        Assert.Equal("shape '[2, 2]' is invalid for input of size 3", ex.Message);
    }

    [Fact]
    public void From_array_shares_memory_with_the_callers_array()
    {
        float[] data = { 1, 2, 3, 4 };
        Tensor t = torch.from_array(data, new long[] { 2, 2 });
        data[3] = 40;
        Assert.Equal(40f, t[1, 1].item<float>());
        using (torch.no_grad()) t.mul_(2);
        Assert.Equal(new float[] { 2, 4, 6, 80 }, data);
    }

    [Fact]
    public void Random_functions_respect_ranges_dtypes_and_seeds()
    {
        torch.manual_seed(123);
        Tensor a = torch.rand(1000);
        torch.manual_seed(123);
        Tensor b = torch.rand(1000);
        Assert.Equal(a.ToArray<float>(), b.ToArray<float>());
        Assert.All(a.ToArray<float>(), v => Assert.InRange(v, 0f, 1f));
        Assert.True(a.ToArray<float>().Distinct().Count() > 900); // not a constant fill

        Tensor n = torch.randn(20000, dtype: torch.float64);
        double mean = n.mean().item<double>(), std = n.std().item<double>();
        Assert.InRange(mean, -0.05, 0.05); // 20000 samples: the standard error of the mean is 0.007
        Assert.InRange(std, 0.95, 1.05);

        Tensor r = torch.randint(-3, 4, new long[] { 1000 });
        Assert.Equal(ScalarType.Int64, r.dtype);
        Assert.All(r.ToArray<long>(), v => Assert.InRange(v, -3L, 3L));
        Assert.Equal(7, r.ToArray<long>().Distinct().Count());
        Assert.Equal(new long[] { 3, 2 }, torch.randn_like(torch.zeros(3, 2)).shape);
        Assert.True(torch.rand(2, requires_grad: true).is_leaf);
    }

    [Fact]
    public void Conversions_match_libtorch()
    {
        double[] v = { -2.7, -0.5, 0, 0.5, 2.7 };
        Same(ts.tensor(v).to(ts.ScalarType.Int64), torch.tensor(v).to(torch.int64));  // truncation toward zero
        Same(ts.tensor(v).to(ts.ScalarType.Bool), torch.tensor(v).to(torch.@bool));
        Same(ts.tensor(v).to(ts.ScalarType.Float32), torch.tensor(v).@float());
        Assert.Equal(2.7, torch.tensor(v)[4].item<double>());
        Assert.Equal(new double[] { -2.7, -0.5, 0, 0.5, 2.7 }, torch.tensor(v).data<double>().ToArray());
    }

    // Large storage starts on a cache line (Storage.Allocate): kernels reading it with 64-byte vectors
    // would otherwise split every load across two lines. torch.tensor copies the caller's data into
    // such storage; its values are the caller's, element for element.
    [Fact]
    public unsafe void Tensor_from_large_data_is_cache_line_aligned_and_holds_the_data()
    {
        for (int extra = 1; extra <= 4; extra++) // several sizes: one array could start aligned by chance
        {
            Tensor u = torch.tensor(new float[256 * 256 + extra]);
            Assert.Equal(0, (nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref u._storage.Ref) % 64);
        }
        float[] values = Enumerable.Range(0, 256 * 256).Select(i => i * 0.25f - 7).ToArray();
        Tensor t = torch.tensor(values, [256, 256]);
        Assert.Equal(0, (nint)System.Runtime.CompilerServices.Unsafe.AsPointer(ref t._storage.Ref) % 64);
        Assert.Equal(values, t.data<float>().ToArray());
        values[0] = 1e6f; // a copy: the caller's array is not shared
        Assert.Equal(-7f, t[0, 0].item<float>());
    }
}
