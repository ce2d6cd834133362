using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;

namespace Autograd.Tests;

/// <summary>
/// More calls the fuzzer found giving native statuses, runtime faults or wrong values: add/sub's alpha in
/// every dtype, scatter-like ops with a src of another rank or an index out of range, and indexing with a
/// 0-d bool. Each compares with LibTorch's value or first message line, and a throwing in-place call must
/// leave its operand as it was.
/// </summary>
public class FuzzFindingArgumentTests
{
    /// <summary>LibTorch's answer: the values (as doubles) and dtype, or the first line of its message.</summary>
    private static string Answer(Func<ts.Tensor> call)
    {
        try
        {
            ts.Tensor r = call();
            return $"{string.Join(",", Oracle.Values(r))} {Oracle.Ts(ScalarType.Float64) switch { _ => r.dtype.ToString() }}";
        }
        catch (Exception e) { return e.Message.Split('\n')[0]; }
    }

    private static string Answer(Func<Tensor> call)
    {
        try
        {
            Tensor r = call();
            return $"{string.Join(",", r.to(ScalarType.Float64).ToArray<double>())} {r.dtype}";
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException) { return e.Message; }
    }

    public static TheoryData<ScalarType, string> AlphaCases()
    {
        var data = new TheoryData<ScalarType, string>();
        foreach (ScalarType t in new[] { ScalarType.Int64, ScalarType.Int32, ScalarType.Int16, ScalarType.Int8, ScalarType.Byte, ScalarType.Bool,
                                         ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16 })
            foreach (string alpha in Alphas.Keys) data.Add(t, alpha);
        return data;
    }

    /// <summary>Each alpha as both libraries' scalar: integers past 2^53, at the int64 ends and at the small
    /// integer types' ends (the kernel converts alpha to the dtype), floats that overflow float16/float32, bools.</summary>
    private static readonly Dictionary<string, (TorchSharp.Scalar Theirs, Scalar Ours, TorchSharp.Scalar TheirsNegated)> Alphas = new()
    {
        ["long.MaxValue"] = (long.MaxValue, long.MaxValue, -long.MaxValue),
        ["long.MinValue"] = (long.MinValue, long.MinValue, long.MinValue), // -(-2^63) wraps to itself in LibTorch's Scalar
        ["2^53+1"] = ((1L << 53) + 1, (1L << 53) + 1, -((1L << 53) + 1)),
        ["-(2^53+3)"] = (-((1L << 53) + 3), -((1L << 53) + 3), (1L << 53) + 3),
        ["2^40"] = (1L << 40, 1L << 40, -(1L << 40)),
        ["3"] = (3L, 3L, -3L),
        ["-1"] = (-1L, -1L, 1L),
        ["128"] = (128L, 128L, -128L),
        ["-128"] = (-128L, -128L, 128L),
        ["-255"] = (-255L, -255L, 255L),
        ["-300"] = (-300L, -300L, 300L),
        ["70000"] = (70000L, 70000L, -70000L),
        ["1e300"] = (1e300, 1e300, -1e300),
        ["1e5"] = (1e5, 1e5, -1e5),
        ["65504.0"] = (65504.0, 65504.0, -65504.0),
        ["1.5"] = (1.5, 1.5, -1.5),
        ["NaN"] = (double.NaN, double.NaN, double.NaN),
        ["-Infinity"] = (double.NegativeInfinity, double.NegativeInfinity, double.PositiveInfinity),
        ["true"] = (true, true, true),
        ["false"] = (false, false, false),
    };

    private static readonly long[] A = [1, 0, 1, 3], B = [1, 1, 0, 2];

    [Theory]
    [MemberData(nameof(AlphaCases))]
    public void Add_with_alpha_matches_LibTorch_in_every_dtype(ScalarType t, string alpha)
    {
        var (theirs, ours, _) = Alphas[alpha];
        string expected = Answer(() => ts.tensor(A).to(Oracle.Ts(t)).add(ts.tensor(B).to(Oracle.Ts(t)), theirs));
        Assert.Equal(expected, Answer(() => torch.tensor(A).to(t).add(torch.tensor(B).to(t), ours)));
        Assert.Equal(expected, Answer(() => torch.add(torch.tensor(A).to(t), torch.tensor(B).to(t), ours)));
        AssertInPlace(expected, t, x => x.add_(torch.tensor(B).to(t), ours));
    }

    /// <summary>TorchSharp has no sub with alpha; LibTorch's sub is sub_check and then add's kernel with -alpha
    /// (structured sub_out calls add_stub(-alpha)), so the reference is add with the negated Scalar.
    /// Bool operands are refused by sub_check before alpha is looked at.</summary>
    [Theory]
    [MemberData(nameof(AlphaCases))]
    public void Sub_with_alpha_matches_LibTorchs_add_of_the_negated_alpha(ScalarType t, string alpha)
    {
        if (t == ScalarType.Bool) return; // sub_check's refusal, tested with the other sub messages
        var (_, ours, theirsNegated) = Alphas[alpha];
        bool boolAlpha = alpha is "true" or "false"; // alpha_check runs before the negation: a bool alpha is refused as add refuses it
        string expected = boolAlpha
            ? Answer(() => ts.tensor(A).to(Oracle.Ts(t)).add(ts.tensor(B).to(Oracle.Ts(t)), Alphas[alpha].Theirs))
            : Answer(() => ts.tensor(A).to(Oracle.Ts(t)).add(ts.tensor(B).to(Oracle.Ts(t)), theirsNegated));
        Assert.Equal(expected, Answer(() => torch.tensor(A).to(t).sub(torch.tensor(B).to(t), ours)));
        AssertInPlace(expected, t, x => x.sub_(torch.tensor(B).to(t), ours));
    }

    /// <summary>The in-place form gives the same values, or the same message and an untouched operand.</summary>
    private static void AssertInPlace(string expected, ScalarType t, Func<Tensor, Tensor> call)
    {
        Tensor x = torch.tensor(A).to(t);
        string before = Answer(() => x.clone());
        string got = Answer(() => call(x));
        Assert.Equal(expected, got);
        if (got != Answer(() => x)) Assert.Equal(before, Answer(() => x));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(2L)]
    [InlineData(0L)]
    public void Bool_add_with_an_integer_alpha_matches_LibTorch(long alpha)
    {
        bool[] a = [true, false, false, true], b = [true, true, false, false];
        string expected = Answer(() => ts.tensor(a).add(ts.tensor(b), alpha));
        Assert.Equal(expected, Answer(() => torch.tensor(a).add(torch.tensor(b), alpha)));
        Tensor x = torch.tensor(a);
        x.add_(torch.tensor(b), alpha);
        Assert.Equal(expected, Answer(() => x));
    }

    public static TheoryData<string, long[]> ScatterCases()
    {
        var data = new TheoryData<string, long[]>();
        foreach (string src in new[] { "0d", "1d", "2d", "3d" })
            foreach (long[] index in new[] { new long[] { 1, 0, 1, 0, 1, 0 }, [2, 0, 1, 0, 1, 0], [-1, 0, 1, 0, 1, 0] })
                data.Add(src, index);
        return data;
    }

    private static long[] SrcShape(string src) => src switch { "0d" => [], "1d" => [3], "2d" => [2, 3], _ => [2, 3, 1] };

    /// <summary>src of another rank than the index (0-d, 1-d, 3-d) and positions past either end of dim 0:
    /// LibTorch's shape check, rank check and bound check in its order, before anything is written.</summary>
    [Theory]
    [MemberData(nameof(ScatterCases))]
    public void Scatter_like_ops_check_src_rank_and_index_bounds_as_LibTorch_does(string src, long[] index)
    {
        long[] s = SrcShape(src);
        ts.Tensor TI() => ts.tensor(index).reshape(2, 3);
        Tensor UI() => torch.tensor(index).reshape(2, 3);
        ts.Tensor TS() => ts.arange(Math.Max(1, s.Aggregate(1L, (p, q) => p * q)), ts.ScalarType.Float32).reshape(s);
        Tensor US() => torch.arange(Math.Max(1, s.Aggregate(1L, (p, q) => p * q)), ScalarType.Float32).reshape(s);
        Assert.Equal(Answer(() => ts.zeros(2, 3).scatter_add(0, TI(), TS())), Answer(() => torch.zeros(2, 3).scatter_add(0, UI(), US())));
        Assert.Equal(Answer(() => ts.zeros(2, 3).scatter(-2, TI(), TS())), Answer(() => torch.zeros(2, 3).scatter(-2, UI(), US())));
        Assert.Equal(Answer(() => ts.zeros(2, 3).gather(0, TI())), Answer(() => torch.zeros(2, 3).gather(0, UI())));
        // TorchSharp 0.107 has no scatter_reduce: it shares scatter's checks (scatter_meta_impl) in LibTorch
        Assert.Equal(Answer(() => ts.zeros(2, 3).scatter(0, TI(), TS())), Answer(() => torch.zeros(2, 3).scatter_reduce(0, UI(), US(), "amax")));
        Tensor x = torch.zeros(2, 3);
        string inPlace = Answer(() => x.scatter_(0, UI(), US()));
        if (inPlace != Answer(() => x)) Assert.Equal(new float[6], x.ToArray<float>()); // a throwing scatter_ writes nothing
    }

    [Theory]
    [InlineData(new long[] { 1, 0, 1 })]
    [InlineData(new long[] { 2, 0, 1 })]
    [InlineData(new long[] { -1, 0, 1 })]
    public void Index_add_of_a_position_out_of_range_gives_LibTorchs_message(long[] index)
    {
        Assert.Equal(Answer(() => ts.zeros(2, 2).index_add(0, ts.tensor(index), ts.ones(3, 2), 1)),
                     Answer(() => torch.zeros(2, 2).index_add(0, torch.tensor(index), torch.ones(3, 2), 1)));
    }

    /// <summary>A 0-d bool among several tensor indices adds a dim of size 1 at its place, indexed by [0] when
    /// true and by nothing when false (so it broadcasts only with empty indices).</summary>
    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 2)]
    [InlineData(true, 0)]
    public void Indexing_with_a_0d_bool_among_tensors_matches_LibTorch(bool mask, int n)
    {
        long[] i = [.. new long[] { 1, 2 }.Take(n)], j = [.. new long[] { 0, 1 }.Take(n)];
        Assert.Equal(Answer(() => ts.arange(24).reshape(4, 3, 2).index(ts.tensor(i), ts.tensor(j), ts.tensor(mask))),
                     Answer(() => torch.arange(24).reshape(4, 3, 2).index(torch.tensor(i), torch.tensor(j), torch.tensor(mask))));
        Assert.Equal(Answer(() => ts.arange(24).reshape(4, 3, 2).index(ts.tensor(mask), ts.tensor(i))),
                     Answer(() => torch.arange(24).reshape(4, 3, 2).index(torch.tensor(mask), torch.tensor(i))));
        string Put(ts.Tensor x) { string r = Answer(() => x.index_put_(ts.tensor(7L), ts.tensor(i), ts.tensor(j), ts.tensor(mask))); return r + " / " + Answer(() => x); }
        string PutOurs(Tensor x) { string r = Answer(() => x.index_put_(torch.tensor(7L), torch.tensor(i), torch.tensor(j), torch.tensor(mask))); return r + " / " + Answer(() => x); }
        Assert.Equal(Put(ts.zeros(new long[] { 4, 3, 2 }, ts.ScalarType.Int64)), PutOurs(torch.zeros([4, 3, 2], ScalarType.Int64)));
    }

    [Theory]
    [InlineData(new long[] { 1 }, new long[] { 2 })]
    [InlineData(new long[] { 3 }, new long[] { 3 })]
    public void Scatter_of_a_0d_src_along_a_vector_index_matches_LibTorch(long[] index, long[] self)
    {
        Assert.Equal(Answer(() => ts.zeros(self).scatter_add(0, ts.tensor(index), ts.tensor(5f))), Answer(() => torch.zeros(self).scatter_add(0, torch.tensor(index), torch.tensor(5f))));
        Assert.Equal(Answer(() => ts.zeros(self).scatter(0, ts.tensor(index), ts.tensor(5f))), Answer(() => torch.zeros(self).scatter(0, torch.tensor(index), torch.tensor(5f))));
    }

    [Fact]
    public void Tensordot_over_a_dim_of_a_0d_tensor_gives_LibTorchs_message()
    {
        Assert.Equal(Answer(() => ts.tensordot(ts.tensor(2f), ts.ones(4, 3, 2), [0], [2])), Answer(() => torch.tensordot(torch.tensor(2f), torch.ones(4, 3, 2), [0], [2])));
        Assert.Equal(Answer(() => ts.tensordot(ts.ones(2), ts.ones(4, 3, 2), [1], [2])), Answer(() => torch.tensordot(torch.ones(2), torch.ones(4, 3, 2), [1], [2])));
    }

    /// <summary>LibTorch takes any eps: var + eps below zero or NaN gives NaN, and a negative eps above -var
    /// just scales the result.</summary>
    [Theory]
    [InlineData(-1e308)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(-0.5)]
    public void Layer_norm_with_a_negative_or_NaN_eps_matches_LibTorch(double eps)
    {
        double[] x = [1, 2, 4, -3, 0.5, 7];
        foreach (ScalarType t in new[] { ScalarType.Float64, ScalarType.Float32 })
            Oracle.AssertClose(ts.nn.functional.layer_norm(ts.tensor(x).reshape(2, 3).to(Oracle.Ts(t)), [3], eps: eps),
                               F.layer_norm(torch.tensor(x).reshape(2, 3).to(t), [3], eps: eps), t);
    }

    public static TheoryData<string> BatchNormCases() => [.. BatchNormParameters.Keys];

    /// <summary>Parameters LibTorch's CPU kernel refuses after the size checks pass: a dtype other than the
    /// input's (the first given one decides which message), running statistics of another rank; and shapes
    /// it takes (a weight of C elements in any shape). Each: running_mean, running_var, weight, bias as
    /// (shape, dtype), null when not given.</summary>
    private static readonly Dictionary<string, (long[], ScalarType)?[]> BatchNormParameters = new()
    {
        ["running_var float64"] = [([4], ScalarType.Float32), ([4], ScalarType.Float64), null, null],
        ["weight float64"] = [([4], ScalarType.Float32), ([4], ScalarType.Float32), ([4], ScalarType.Float64), null],
        ["bias float64 only"] = [null, null, null, ([4], ScalarType.Float64)],
        ["running_mean int64, weight float64"] = [([4], ScalarType.Int64), ([4], ScalarType.Float32), ([4], ScalarType.Float64), null],
        ["running_var int64"] = [([4], ScalarType.Float32), ([4], ScalarType.Int64), null, null],
        ["running_var [2, 2]"] = [([4], ScalarType.Float32), ([2, 2], ScalarType.Float32), null, null],
        ["running_mean [4, 1]"] = [([4, 1], ScalarType.Float32), ([4], ScalarType.Float32), null, null],
        ["weight [2, 2]"] = [([4], ScalarType.Float32), ([4], ScalarType.Float32), ([2, 2], ScalarType.Float32), ([4, 1], ScalarType.Float32)],
    };

    [Theory]
    [MemberData(nameof(BatchNormCases))]
    public void Batch_norm_checks_its_parameters_before_updating_the_running_statistics(string name)
    {
        (long[], ScalarType)?[] spec = BatchNormParameters[name];
        double[] fill = [0.5, 2, 1.5, -1]; // running_mean, running_var, weight, bias
        foreach (bool training in new[] { true, false })
        {
            ts.Tensor?[] theirs = [.. spec.Select((p, k) => p is var (shape, t) ? ts.full(shape, fill[k], Oracle.Ts(t)) : null)];
            Tensor?[] ours = [.. spec.Select((p, k) => p is var (shape, t) ? torch.full(shape, fill[k], t) : null)];
            ts.Tensor? expected = null;
            string? message = null;
            try { expected = ts.nn.functional.batch_norm(ts.arange(24f).reshape(3, 4, 2), theirs[0], theirs[1], theirs[2], theirs[3], training); }
            catch (Exception e) { message = e.Message.Split('\n')[0]; }
            if (message is not null && !training && theirs[0] is null) continue; // evaluation needs the running statistics
            Func<Tensor> call = () => F.batch_norm(torch.arange(24f).reshape(3, 4, 2), ours[0], ours[1], ours[2], ours[3], training);
            if (message is not null)
                Assert.Equal(message, Assert.ThrowsAny<ArgumentException>(call).Message);
            else
                Oracle.AssertClose(expected!, call(), ScalarType.Float32);
            for (int k = 0; k < 2; k++) // the running statistics: LibTorch's update, or untouched when it throws
                if (theirs[k] is not null) Oracle.AssertClose(theirs[k]!, ours[k]!, ScalarType.Float32, what: $"running statistic {k}");
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(-1, true)]
    public void Unique_of_a_0d_tensor_along_a_dim_answers_as_libtorch(int dim, bool consecutive)
    {
        Tensor x = torch.tensor(3.5);
        ts.Tensor tx = ts.tensor(3.5);
        string Parts(Func<Tensor> f) => Answer(f);
        if (consecutive)
        {
            Assert.Equal(Answer(() => tx.unique_consecutive(true, true, dim).output), Parts(() => x.unique_consecutive(true, true, dim).output));
            Assert.Equal(Answer(() => tx.unique_consecutive(true, true, dim).inverse_indices!), Parts(() => x.unique_consecutive(true, true, dim).inverse_indices!));
            Assert.Equal(Answer(() => tx.unique_consecutive(true, true, dim).counts!), Parts(() => x.unique_consecutive(true, true, dim).counts!));
        }
        else
        {
            Assert.Equal(Answer(() => tx.unique(true, true, true, dim).output), Parts(() => x.unique(true, true, true, dim).output));
            Assert.Equal(Answer(() => tx.unique(true, true, true, dim).inverse_indices!), Parts(() => x.unique(true, true, true, dim).inverse_indices!));
            Assert.Equal(Answer(() => tx.unique(true, true, true, dim).counts!), Parts(() => x.unique(true, true, true, dim).counts!));
        }
    }
}
