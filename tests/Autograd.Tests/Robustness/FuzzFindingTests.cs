using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;

namespace Autograd.Tests;

/// <summary>
/// Calls the fuzzer (FuzzTests) found giving native statuses, runtime faults or hangs: each now gives
/// LibTorch's value or message (read from LibTorch here), or the math where LibTorch's own answer is an
/// artefact of its implementation.
/// </summary>
public class FuzzFindingTests
{
    private static string LibTorch(Action call) => Assert.ThrowsAny<Exception>(call).Message.Split('\n')[0];

    [Theory]
    [InlineData(400L)]
    [InlineData(-400L)]
    [InlineData(long.MaxValue - 1)]
    [InlineData(long.MinValue + 1)]
    public void Round_to_more_decimals_than_a_double_holds_gives_LibTorchs_NaN(long decimals)
    {
        double[] v = [0.5, 1, -1.5, 0];
        Oracle.AssertClose(ts.tensor(v).round(decimals), torch.tensor(v).round(decimals), ScalarType.Float64);
        Oracle.AssertClose(ts.tensor(v).to(ts.ScalarType.Float32).round(decimals), torch.tensor(v).to(ScalarType.Float32).round(decimals), ScalarType.Float32);
        Tensor x = torch.tensor(v);
        x.round_(decimals);
        Oracle.AssertClose(ts.tensor(v).round(decimals), x, ScalarType.Float64);
    }

    [Theory]
    [InlineData(170L)]
    [InlineData(171L)] // 171! overflows a double: the factor is infinite from here on
    [InlineData(1000L)]
    public void Polygamma_of_a_high_order_matches_LibTorch(long n)
    {
        double[] v = [0.5, 1, 2, 30, -1.5];
        Oracle.AssertClose(ts.tensor(v).polygamma(n), torch.tensor(v).polygamma(n), ScalarType.Float64);
    }

    [Theory]
    [InlineData(1L << 40)]
    [InlineData((1L << 40) + 1)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MaxValue - 1)]
    public void Polygamma_of_an_order_past_int_is_the_signed_infinity_of_its_formula(long n)
    {
        // psi^(n)(x) = (-1)^(n+1) n! zeta(n+1, x): n! is infinite and zeta(n+1, x) >= 1 for 0 < x <= 1. LibTorch
        // truncates n to a 32-bit int (its answer for 2^40 is psi^(0)'s formula), so the math is the reference.
        double sign = n % 2 == 0 ? -1 : 1;
        Assert.Equal(new[] { sign * double.PositiveInfinity, sign * double.PositiveInfinity }, torch.tensor(new[] { 0.5, 1 }).polygamma(n).ToArray<double>());
    }

    [Fact]
    public void Multinomial_checks_its_result_size_before_drawing()
    {
        Tensor p = torch.tensor(new float[] { 1, 2, 3 });
        Assert.Equal(LibTorch(() => ts.tensor(new float[] { 1, 2, 3 }).multinomial(1L << 62, true)),
                     Assert.Throws<ArgumentException>(() => p.multinomial(1L << 62, true)).Message);
        var oom = Assert.Throws<OutOfMemoryException>(() => p.multinomial(1L << 40, true));
        Assert.Equal("DefaultCPUAllocator: not enough memory: you tried to allocate 8796093022208 bytes.", oom.Message);
    }

    [Fact]
    public void One_hot_checks_its_result_size()
    {
        Tensor x = torch.tensor(new long[] { 0, 1, 2 });
        Assert.Equal(LibTorch(() => ts.nn.functional.one_hot(ts.tensor(new long[] { 0, 1, 2 }), 1L << 62)),
                     Assert.Throws<ArgumentException>(() => F.one_hot(x, 1L << 62)).Message);
        var oom = Assert.Throws<OutOfMemoryException>(() => F.one_hot(x, 1L << 40));
        Assert.Equal("DefaultCPUAllocator: not enough memory: you tried to allocate 26388279066624 bytes.", oom.Message);
        Assert.Equal(ts.nn.functional.one_hot(ts.tensor(new long[] { 2, 0 }), 4).data<long>().ToArray(), F.one_hot(torch.tensor(new long[] { 2, 0 }), 4).ToArray<long>());
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData((1L << 53) + 1)] // the first integer a double cannot hold
    public void Full_and_fill_hold_every_int64_exactly(long value)
    {
        Assert.Equal(ts.full([3, 1], value).data<long>().ToArray(), torch.full([3, 1], value).ToArray<long>());
        Tensor x = torch.zeros([2, 2], ScalarType.Int64);
        x.fill_(value);
        Assert.Equal(new[] { value, value, value, value }, x.ToArray<long>());
    }

    [Fact]
    public void Max_pool_with_a_kernel_far_larger_than_the_input_reads_only_the_input()
    {
        // kernel 6148914691236517206, stride = kernel, ceil mode: one window covering the whole row (hand-derived)
        Tensor x = torch.tensor(new float[] { 1, 3, 2 }).reshape(1, 1, 3);
        Assert.Equal(new float[] { 3 }, F.max_pool1d(x, 6148914691236517206, ceil_mode: true).ToArray<float>());
        var (values, indices) = F.max_pool2d_with_indices(x, [1, 6148914691236517206], ceil_mode: true);
        Assert.Equal(new float[] { 3 }, values.ToArray<float>());
        Assert.Equal(new long[] { 1 }, indices.ToArray<long>());
    }

    [Fact]
    public void Embedding_bag_checks_the_weight_and_the_dtypes()
    {
        Tensor ids = torch.tensor(new long[] { 1 }), offsets = torch.tensor(new long[] { 0 });
        Assert.Equal("weight has to be a 2D Tensor, but got Tensor of dimension 0",
                     Assert.Throws<ArgumentException>(() => F.embedding_bag(ids, torch.tensor(1f), offsets)).Message);
        Assert.Equal("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.FloatTensor instead (while checking arguments for embedding_bag)",
                     Assert.Throws<ArgumentException>(() => F.embedding_bag(torch.tensor(new float[] { 1 }), torch.ones(3, 2), offsets)).Message);
        Assert.Equal("Expected tensor for argument #1 'indices' to have the same type as tensor for argument #1 'offsets'; but type torch.LongTensor does not equal torch.BoolTensor (while checking arguments for embedding_bag)",
                     Assert.Throws<ArgumentException>(() => F.embedding_bag(ids, torch.ones(3, 2), torch.tensor(new bool[] { true }))).Message);
        Assert.Equal("Expected tensor for argument #1 'weight' to have one of the following scalar types: Half, BFloat16, Float, Double; but got torch.LongTensor instead (while checking arguments for embedding_bag)",
                     Assert.Throws<ArgumentException>(() => F.embedding_bag(ids, torch.ones([3, 2], ScalarType.Int64), offsets)).Message);
    }

    [Fact]
    public void A_parameter_group_outside_an_optimizer_has_no_momentum_or_betas_yet()
    {
        Assert.Equal("the group has not been added to an optimizer",
                     Assert.Throws<InvalidOperationException>(() => new Modules.SGD.ParamGroup().Momentum).Message);
        Assert.Equal("the group has not been added to an optimizer",
                     Assert.Throws<InvalidOperationException>(() => new Modules.Adam.ParamGroup().Betas).Message);
        Assert.Equal("the group has not been added to an optimizer",
                     Assert.Throws<InvalidOperationException>(() => new Modules.Adamax.ParamGroup().Betas).Message);
        Assert.Equal("the group has not been added to an optimizer",
                     Assert.Throws<InvalidOperationException>(() => new Modules.NAdam.ParamGroup().Betas).Message);
        Assert.Equal("the group has not been added to an optimizer",
                     Assert.Throws<InvalidOperationException>(() => new Modules.RAdam.ParamGroup().Betas).Message);
        Assert.Equal("the group has not been added to an optimizer",
                     Assert.Throws<InvalidOperationException>(() => new Modules.RMSProp.ParamGroup().Momentum).Message);
    }

    [Theory]
    [InlineData(0L, long.MinValue)] // |offset| wraps in LibTorch: a size below the SymInt range
    [InlineData(0L, long.MinValue + 5)] // a size past int64 bytes
    [InlineData(3L, long.MaxValue - 1)]
    public void Diag_of_a_vector_with_an_extreme_offset_gives_LibTorchs_size_message(long n, long offset)
    {
        Assert.Equal(LibTorch(() => ts.zeros(n).diag(offset)),
                     Assert.Throws<ArgumentException>(() => torch.zeros(n).diag(offset)).Message);
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MaxValue)]
    public void Diag_embed_with_an_extreme_offset_gives_LibTorchs_size_message(long offset)
    {
        Assert.Equal(LibTorch(() => ts.zeros(2).diag_embed(offset)),
                     Assert.Throws<ArgumentException>(() => torch.zeros(2).diag_embed(offset)).Message);
    }

    [Fact]
    public void A_size_below_the_SymInt_range_gives_LibTorchs_message()
    {
        long size = -(1L << 62) - 1;
        Assert.Equal(LibTorch(() => ts.zeros(size)), Assert.Throws<ArgumentException>(() => torch.zeros(size)).Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Tril_and_triu_of_a_huge_broadcast_view_fail_in_the_allocator(bool lower)
    {
        // 2^40 elements through a stride-0 view: LibTorch's result does not fit either (its message names
        // the float result's bytes; ours the int64 diagonal offsets', sized first)
        Tensor x = torch.ones(1, 1).expand(1L << 20, 1L << 20);
        ts.Tensor y = ts.ones(1, 1).expand(1L << 20, 1L << 20);
        Assert.Contains("DefaultCPUAllocator: ", LibTorch(() => { _ = lower ? y.tril() : y.triu(); }));
        Assert.StartsWith("DefaultCPUAllocator: not enough memory: you tried to allocate ",
                          Assert.Throws<OutOfMemoryException>(() => { _ = lower ? x.tril() : x.triu(); }).Message);
        Tensor small = torch.arange(12f).reshape(3, 4);
        Oracle.AssertClose(lower ? ts.arange(12f).reshape(3, 4).tril(1) : ts.arange(12f).reshape(3, 4).triu(-1),
                           lower ? small.tril(1) : small.triu(-1), ScalarType.Float32);
    }

    [Theory]
    [InlineData(new long[] { 3, 1 }, 1L << 62)] // numel overflows
    [InlineData(new long[] { 1 }, 1L << 62)] // bytes overflow
    [InlineData(new long[] { 2 }, long.MaxValue)]
    public void Repeat_interleave_by_a_huge_count_gives_LibTorchs_size_message(long[] shape, long repeats)
    {
        Assert.Equal(LibTorch(() => ts.zeros(shape).repeat_interleave(repeats)),
                     Assert.Throws<ArgumentException>(() => torch.zeros(shape).repeat_interleave(repeats)).Message);
    }

    [Fact]
    public void Repeat_interleave_by_counts_whose_sum_wraps_or_cannot_be_allocated_fails_as_LibTorch_does()
    {
        long[] wrapping = [long.MaxValue, 1];
        Assert.Equal(LibTorch(() => ts.zeros(2).repeat_interleave(ts.tensor(wrapping))),
                     Assert.Throws<ArgumentException>(() => torch.zeros(2).repeat_interleave(torch.tensor(wrapping))).Message);
        long[] huge = [1L << 40, 1]; // an index of 2^40 + 1 int64s
        Assert.Contains("you tried to allocate 8796093022216 bytes", LibTorch(() => ts.zeros(2).repeat_interleave(ts.tensor(huge))));
        Assert.Equal("DefaultCPUAllocator: not enough memory: you tried to allocate 8796093022216 bytes.",
                     Assert.Throws<OutOfMemoryException>(() => torch.zeros(2).repeat_interleave(torch.tensor(huge))).Message);
        // a broadcast view's result does not fit either: 2^41 floats
        Assert.Contains("you tried to allocate 8796093022208 bytes", LibTorch(() => ts.zeros(1).expand(1L << 40).repeat_interleave(2)));
        Assert.Equal("DefaultCPUAllocator: not enough memory: you tried to allocate 8796093022208 bytes.",
                     Assert.Throws<OutOfMemoryException>(() => torch.zeros(1).expand(1L << 40).repeat_interleave(2)).Message);
    }

    [Fact]
    public void Unflatten_of_a_0d_input_or_with_a_negative_size_gives_LibTorchs_message()
    {
        // TorchSharp checks dim itself ("Invalid 'dim' argument"); LibTorch's own check is the shape's
        Assert.Equal("Dimension specified as -1 but tensor has no dimensions",
                     Assert.Throws<IndexOutOfRangeException>(() => torch.nn.Unflatten(-1, [5, 1, -2, -1, -5]).forward(torch.tensor(1f))).Message);
        // LibTorch wraps infer_size's message in "unflatten got an unexpected error:"; its first line of cause
        Assert.Contains("invalid shape dimension -2 at index 0 of shape [-2, -1]",
                        Assert.ThrowsAny<Exception>(() => ts.nn.Unflatten(0, [-2, -1]).forward(ts.zeros(4))).Message);
        Assert.Equal("invalid shape dimension -2 at index 0 of shape [-2, -1]",
                     Assert.Throws<ArgumentException>(() => torch.nn.Unflatten(0, [-2, -1]).forward(torch.zeros(4))).Message);
        long[] wrapping = [1L << 62, 4, -1];
        Assert.Equal(LibTorch(() => ts.nn.Unflatten(0, wrapping).forward(ts.zeros(4))),
                     Assert.Throws<ArgumentException>(() => torch.nn.Unflatten(0, wrapping).forward(torch.zeros(4))).Message);
    }

    [Theory]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    [InlineData(1e30)]
    public void Constant_padding_an_int64_tensor_with_a_value_it_cannot_hold_gives_LibTorchs_message(double value)
    {
        Assert.Equal(LibTorch(() => ts.nn.functional.pad(ts.zeros([2, 3], ts.ScalarType.Int64), [1, 1], TorchSharp.PaddingModes.Constant, value)),
                     Assert.Throws<ArgumentException>(() => F.pad(torch.zeros([2, 3], ScalarType.Int64), [1, 1], PaddingModes.Constant, value)).Message);
        Assert.Equal(LibTorch(() => ts.nn.ConstantPad2d(1, value).forward(ts.zeros([2, 3], ts.ScalarType.Int64))),
                     Assert.Throws<ArgumentException>(() => torch.nn.ConstantPad2d(1, value).forward(torch.zeros([2, 3], ScalarType.Int64))).Message);
    }

    [Fact]
    public void Linalg_solve_with_a_0d_right_hand_side_gives_LibTorchs_message()
    {
        foreach (bool left in new[] { true, false })
            Assert.Equal(LibTorch(() => ts.linalg.solve(ts.ones([1, 1, 1, 1, 1], ts.ScalarType.Float64), ts.tensor(1.0), left)),
                         Assert.Throws<ArgumentException>(() => torch.linalg.solve(torch.ones([1, 1, 1, 1, 1], ScalarType.Float64), torch.tensor(1.0), left)).Message);
    }

    [Fact]
    public void Index_add_into_a_0d_tensor_matches_LibTorch()
    {
        Assert.Equal(LibTorch(() => ts.tensor(true).index_add(0, ts.zeros([1, 1, 1, 1, 1], ts.ScalarType.Int64), ts.ones([1, 1, 1, 1, 1], ts.ScalarType.Bool), 1)),
                     Assert.Throws<ArgumentException>(() => torch.tensor(true).index_add(0, torch.zeros([1, 1, 1, 1, 1], ScalarType.Int64), torch.ones([1, 1, 1, 1, 1], ScalarType.Bool), 1)).Message);
        Assert.Equal(LibTorch(() => ts.tensor(1f).index_add(0, ts.zeros([1], ts.ScalarType.Int64), ts.ones(1), 1)),
                     Assert.Throws<ArgumentException>(() => torch.tensor(1f).index_add(0, torch.zeros([1], ScalarType.Int64), torch.ones(1), 1)).Message);
        Oracle.AssertClose(ts.tensor(1f).index_add(0, ts.zeros([1], ts.ScalarType.Int64), ts.tensor(2f), 3),
                           torch.tensor(1f).index_add(0, torch.zeros([1], ScalarType.Int64), torch.tensor(2f), 3), ScalarType.Float32);
        Oracle.AssertClose(ts.tensor(1f).index_add(0, ts.zeros([], ts.ScalarType.Int64), ts.tensor(2f), 1),
                           torch.tensor(1f).index_add(0, torch.zeros([], ScalarType.Int64), torch.tensor(2f), 1), ScalarType.Float32);
    }

    [Fact]
    public void Linalg_lstsq_checks_the_right_hand_sides_dtype_and_rank_with_LibTorchs_messages()
    {
        (ts.Tensor A, ts.Tensor B, Tensor a, Tensor b)[] cases =
        [
            (ts.ones([1, 1, 1, 1, 1]), ts.zeros(0), torch.ones([1, 1, 1, 1, 1]), torch.zeros(0)),
            (ts.ones([1, 1, 1, 1, 1], ts.ScalarType.Float64), ts.zeros(0), torch.ones([1, 1, 1, 1, 1], ScalarType.Float64), torch.zeros(0)),
            (ts.ones([4, 3, 2], ts.ScalarType.Float64), ts.zeros([3], ts.ScalarType.Int64), torch.ones([4, 3, 2], ScalarType.Float64), torch.zeros([3], ScalarType.Int64)),
            (ts.ones(3, 2), ts.tensor(1f), torch.ones(3, 2), torch.tensor(1f)),
        ];
        foreach (var (A, B, a, b) in cases)
            Assert.Equal(LibTorch(() => ts.linalg.lstsq(A, B)), Assert.Throws<ArgumentException>(() => torch.linalg.lstsq(a, b)).Message);
    }
}
