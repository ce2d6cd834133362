using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>The out= overloads of the pointwise ops: values against TorchSharp's out-of-place ops (0.107 has no
/// out= for them), bit-equality of the direct write with our own out-of-place op, and PyTorch's out= rules as
/// TensorIterator applies them: resize_output, the cast of the result type to out's dtype, no internal or partial
/// overlap, the autograd rule, the version bump.</summary>
public class PointwiseOutTests
{
    private delegate Tensor Ours(Tensor a, Tensor b, Tensor? @out);

    /// <summary>Binary cases: ours with out, TorchSharp's out-of-place; b is ignored by the scalar forms.
    /// Rounded division uses TorchSharp's instance div: its static torch.div(a, b, mode) ignores the mode in 0.107
    /// (7.5 / 2 with trunc gave 3.75).</summary>
    private static readonly (string Name, Ours Op, Func<ts.Tensor, ts.Tensor, ts.Tensor> Theirs)[] BinaryCases =
    [
        ("add", (a, b, o) => torch.add(a, b, o), (a, b) => ts.add(a, b)),
        ("add alpha", (a, b, o) => torch.add(a, b, 2, o), (a, b) => ts.add(a, b, 2)),
        ("sub", (a, b, o) => torch.sub(a, b, o), (a, b) => ts.sub(a, b)),
        ("sub alpha", (a, b, o) => torch.sub(a, b, 3, o), (a, b) => ts.sub(a, ts.mul(b, 3))),
        ("mul", (a, b, o) => torch.mul(a, b, o), (a, b) => ts.mul(a, b)),
        ("div", (a, b, o) => torch.div(a, b, o), (a, b) => ts.div(a, b)),
        ("div trunc", (a, b, o) => torch.div(a, b, RoundingMode.trunc, o), (a, b) => a.div(b, ts.RoundingMode.trunc)),
        ("div floor", (a, b, o) => torch.div(a, b, RoundingMode.floor, o), (a, b) => a.div(b, ts.RoundingMode.floor)),
        ("add scalar", (a, _, o) => torch.add(a, 2, o), (a, _) => ts.add(a, 2)),
        ("sub scalar", (a, _, o) => torch.sub(a, 3, o), (a, _) => ts.sub(a, 3)),
        ("mul scalar", (a, _, o) => torch.mul(a, -3, o), (a, _) => ts.mul(a, -3)),
        ("div scalar", (a, _, o) => torch.div(a, 4, o), (a, _) => ts.div(a, 4)),
        ("div scalar floor", (a, _, o) => torch.div(a, -4, RoundingMode.floor, o), (a, _) => a.div(-4, ts.RoundingMode.floor)),
        ("pow", (a, b, o) => torch.pow(a, b.abs(), o), (a, b) => ts.pow(a, b.abs())), // int64: no negative exponents
        ("pow scalar", (a, _, o) => torch.pow(a, 3, o), (a, _) => ts.pow(a, 3)),
        ("maximum", (a, b, o) => torch.maximum(a, b, o), (a, b) => ts.maximum(a, b)),
        ("minimum", (a, b, o) => torch.minimum(a, b, o), (a, b) => ts.minimum(a, b)),
        ("clamp", (a, _, o) => torch.clamp(a, -2, 5, o), (a, _) => ts.clamp(a, -2, 5)),
        ("clamp min", (a, _, o) => torch.clamp(a, -2, null, o), (a, _) => ts.clamp_min(a, -2)),
    ];

    private static readonly (string Name, Func<Tensor, Tensor?, Tensor> Op, Func<ts.Tensor, ts.Tensor> Theirs)[] UnaryCases =
    [
        ("exp", torch.exp, ts.exp), ("log", torch.log, ts.log), ("log1p", torch.log1p, ts.log1p),
        ("sqrt", torch.sqrt, ts.sqrt), ("rsqrt", torch.rsqrt, ts.rsqrt), ("abs", torch.abs, ts.abs),
        ("sign", torch.sign, ts.sign), ("sin", torch.sin, ts.sin), ("cos", torch.cos, ts.cos),
        ("tanh", torch.tanh, ts.tanh), ("sigmoid", torch.sigmoid, ts.sigmoid), ("neg", torch.neg, ts.neg),
    ];

    /// <summary>Seeded operands of <paramref name="shape"/>: values in [1, 9] (positive for log/sqrt, nonzero
    /// divisors; integers for int64), negated at odd positions unless <paramref name="positive"/>.</summary>
    private static (Tensor, ts.Tensor) Operand(long[] shape, ScalarType dtype, string id, bool positive = false)
    {
        var rng = new Random(Oracle.Seed(id + dtype));
        double[] v = Enumerable.Range(0, (int)shape.Aggregate(1L, (x, y) => x * y))
            .Select(i => (dtype == ScalarType.Int64 ? rng.Next(1, 10) : 1 + 8 * rng.NextDouble()) * (positive || i % 2 == 0 ? 1 : -1)).ToArray();
        return (torch.tensor(v, shape).to(dtype), ts.tensor(v, shape).to(Oracle.Ts(dtype)));
    }

    /// <summary>Starting outs: the result's shape and dtype, empty, a wrong non-empty shape, a wider dtype.</summary>
    private static IEnumerable<Tensor> Outs(long[] shape, ScalarType result)
    {
        yield return torch.full(shape, 7.0, result);
        yield return torch.empty([0], result);
        yield return torch.full([5], 7.0, result);
        if (result != ScalarType.Float64) yield return torch.full(shape, 7.0, ScalarType.Float64);
    }

    private static void AssertWritten(ts.Tensor expected, Tensor @out, Tensor returned, int version, string what)
    {
        Assert.Same(@out, returned);
        Oracle.AssertClose(expected.to(Oracle.Ts(@out.dtype)), @out, @out.dtype, Oracle.Rtol(DTypeOf(expected)), what);
        Assert.Equal(version + 1, @out._storage.Version);
    }

    private static ScalarType DTypeOf(ts.Tensor t) => (ScalarType)(sbyte)t.dtype;

    [Fact]
    public void Binary_ops_write_their_result_into_every_starting_out()
    {
        foreach (var (name, op, theirs) in BinaryCases)
            foreach (ScalarType dtype in new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.Int64 })
                foreach (long[] sb in new long[][] { [3, 4], [4], [] }) // same shape, broadcast, 0-d
                {
                    var (a, ta) = Operand([3, 4], dtype, name + "a");
                    var (b, tb) = Operand(sb, dtype, name + "b");
                    ts.Tensor expected = theirs(ta, tb);
                    foreach (Tensor @out in Outs(expected.shape, DTypeOf(expected)))
                    {
                        int version = @out._storage.Version;
                        AssertWritten(expected, @out, op(a, b, @out), version, $"{name} {dtype} b{sb.Length}-d into {@out.dtype}");
                    }
                }
    }

    [Fact]
    public void Unary_ops_write_their_result_into_every_starting_out()
    {
        foreach (var (name, op, theirs) in UnaryCases)
            foreach (ScalarType dtype in new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.Int64 })
            {
                bool positive = name is "log" or "sqrt" or "rsqrt" or "log1p";
                var (x, tx) = Operand([3, 4], dtype, name, positive);
                ts.Tensor expected = theirs(tx);
                foreach (Tensor @out in Outs(expected.shape, DTypeOf(expected)))
                {
                    int version = @out._storage.Version;
                    AssertWritten(expected, @out, op(x, @out), version, $"{name} {dtype} into {@out.dtype}");
                }
            }
    }

    [Fact]
    public void The_direct_write_has_the_bits_of_the_usual_op()
    {
        foreach (ScalarType dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var (a, _) = Operand([3, 4], dtype, "bits a");
            var (b, _) = Operand([4], dtype, "bits b");
            foreach (var (name, op, _) in BinaryCases)
                Assert.True(Bits(op(a, b, null)).SequenceEqual(Bits(op(a, b, torch.empty([3, 4], dtype)))), $"{name} {dtype}");
            var (p, _) = Operand([3, 4], dtype, "bits p", positive: true);
            foreach (var (name, op, _) in UnaryCases)
                Assert.True(Bits(op(p, null)).SequenceEqual(Bits(op(p, torch.empty([3, 4], dtype)))), $"{name} {dtype}");
        }
    }

    /// <summary>Exact bit patterns (float32 widens to float64 exactly), so NaNs and signed zeros compare too.</summary>
    private static long[] Bits(Tensor t) => t.to(ScalarType.Float64).ToArray<double>().Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Fact]
    public void A_strided_out_is_written_through_its_strides_and_its_neighbours_keep_their_values()
    {
        var (a, ta) = Operand([3, 4], ScalarType.Float32, "strided a");
        var (b, tb) = Operand([3, 4], ScalarType.Float32, "strided b");
        Tensor transposed = torch.full(4, 3, 9.0f).t(); // [3, 4], strides (1, 3)
        torch.mul(a, b, transposed);
        Oracle.AssertClose(ts.mul(ta, tb), transposed, ScalarType.Float32);
        Assert.Equal([1L, 3L], transposed.stride());

        Tensor big = torch.full(3, 3, 4, 9.0f);
        torch.exp(a, big[1]); // contiguous, at an offset
        Oracle.AssertClose(ts.exp(ta), big[1], ScalarType.Float32);
        Assert.All(big[0].ToArray<float>(), v => Assert.Equal(9.0f, v));
        Assert.All(big[2].ToArray<float>(), v => Assert.Equal(9.0f, v));

        Tensor wide = torch.full(3, 4, 9.0); // float64 out of a float32 result: computed, then cast
        torch.add(a, b, wide.t().t());
        Oracle.AssertClose(ts.add(ta, tb).to(ts.float64), wide, ScalarType.Float64, Oracle.Rtol(ScalarType.Float32));
    }

    [Fact]
    public void An_out_that_is_an_input_is_written_as_the_in_place_op()
    {
        var (a, ta) = Operand([3, 4], ScalarType.Float64, "alias a");
        var (b, tb) = Operand([4], ScalarType.Float64, "alias b");
        torch.sub(a, b, 2, a);
        Oracle.AssertClose(ts.sub(ta, ts.mul(tb, 2)), a, ScalarType.Float64);
        torch.tanh(a, a);
        Oracle.AssertClose(ts.tanh(ts.sub(ta, ts.mul(tb, 2))), a, ScalarType.Float64);
        // out is the smaller, broadcast operand: resized (storage grown) only after the result is taken
        var (c, tc) = Operand([4], ScalarType.Float64, "alias c");
        var (d, td) = Operand([2, 4], ScalarType.Float64, "alias d");
        torch.mul(d, c, c);
        Oracle.AssertClose(ts.mul(td, tc), c, ScalarType.Float64);
    }

    [Fact]
    public void Partial_overlap_with_an_input_is_refused_and_leaves_out_unchanged()
    {
        const string Partial = "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.";
        Tensor x = torch.arange(6.0f);
        Assert.Equal(Partial, Assert.Throws<ArgumentException>(() => torch.add(x.narrow(0, 0, 5), 1, x.narrow(0, 1, 5))).Message);
        Tensor m = torch.arange(9.0f).view(3, 3);
        Assert.Equal(Partial, Assert.Throws<ArgumentException>(() => torch.exp(m, m.t())).Message); // same bytes, other strides
        Assert.Equal(Partial, Assert.Throws<ArgumentException>(() => torch.mul(m, m, m.view(9))).Message);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => (float)i), x.ToArray<float>());
        Assert.Equal(Enumerable.Range(0, 9).Select(i => (float)i), m.ToArray<float>());
        // with gaps (a step) PyTorch cannot tell, and does not refuse; the result is the op's on the old values
        Tensor y = torch.arange(8.0f);
        Tensor evens = y[torch.TensorIndex.Slice(null, null, 2)];
        torch.neg(evens, y.narrow(0, 2, 4));
        Assert.Equal([0f, 1f, -0f, -2f, -4f, -6f, 6f, 7f], y.ToArray<float>());
    }

    [Fact]
    public void Out_is_refused_where_history_would_be_needed()
    {
        Tensor w = torch.ones(2, 2, requires_grad: true), x = torch.ones(2, 2), o = torch.zeros(2, 2);
        const string Tail = "(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.";
        Assert.Equal("add" + Tail, Assert.Throws<InvalidOperationException>(() => torch.add(w, x, o)).Message);
        Assert.Equal("mul" + Tail, Assert.Throws<InvalidOperationException>(() => torch.mul(x, 2, w)).Message);
        Assert.Equal("sigmoid" + Tail, Assert.Throws<InvalidOperationException>(() => torch.sigmoid(w, o)).Message);
        Assert.All(o.ToArray<float>(), v => Assert.Equal(0f, v));
        using (torch.no_grad())
        {
            torch.add(w, x, o); // fine without grad mode, as in PyTorch
            torch.mul(x, 3, w);
        }
        Assert.All(o.ToArray<float>(), v => Assert.Equal(2f, v));
        Assert.All(w.ToArray<float>(), v => Assert.Equal(3f, v));
        Tensor r = torch.add(w, x, null); // out=None: the usual op, with history
        Assert.Equal("AddBackward0", r.grad_fn!.name());
    }

    [Fact]
    public void Writing_a_saved_tensor_through_out_fails_its_backward()
    {
        Tensor w = torch.ones(2, 2, requires_grad: true), x = torch.ones(2, 2);
        Tensor y = w * x; // saves x
        torch.exp(torch.ones(2, 2), x);
        var e = Assert.Throws<InvalidOperationException>(() => y.sum().backward());
        Assert.Contains("has been modified by an inplace operation", e.Message);
    }

    [Fact]
    public void Bad_calls_have_pytorchs_messages_and_leave_out_unchanged()
    {
        Tensor o = torch.full(2, 3, 5.0f), lo = torch.full(2, 3, 5L);
        void Unchanged()
        {
            Assert.Equal([2L, 3L], o.shape);
            Assert.All(o.ToArray<float>(), v => Assert.Equal(5f, v));
            Assert.All(lo.ToArray<long>(), v => Assert.Equal(5L, v));
        }
        Assert.Equal("The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1",
            Assert.Throws<ArgumentException>(() => torch.add(torch.ones(2, 3), torch.ones(2, 4), o)).Message);
        Unchanged();
        Assert.Equal("result type Float can't be cast to the desired output type Long",
            Assert.Throws<ArgumentException>(() => torch.exp(torch.ones(2, 3), lo)).Message);
        Assert.Equal("result type Float can't be cast to the desired output type Long",
            Assert.Throws<ArgumentException>(() => torch.div(torch.ones(2, 3, ScalarType.Int64), 2, lo)).Message); // true division
        Unchanged();
        Assert.StartsWith("unsupported operation: more than one element of the written-to tensor refers to a single memory location",
            Assert.Throws<ArgumentException>(() => torch.add(torch.ones(2, 3), 1, torch.zeros(3).expand(2, 3))).Message);
        Assert.Equal("Boolean alpha only supported for Boolean results.",
            Assert.Throws<ArgumentException>(() => torch.add(torch.ones(2, 3), torch.ones(2, 3), true, o)).Message);
        Assert.Equal("torch.clamp: At least one of 'min' or 'max' must not be None",
            Assert.Throws<ArgumentException>(() => torch.clamp(torch.ones(2, 3), null, null, o)).Message);
        Assert.StartsWith("Subtraction, the `-` operator, with two bool tensors is not supported.",
            Assert.Throws<ArgumentException>(() => torch.sub(torch.ones(2, 3, ScalarType.Bool), torch.ones(2, 3, ScalarType.Bool), o)).Message);
        Unchanged();
    }

    [Fact]
    public void LibTorch_words_the_cast_error_as_we_do()
    {
        static string First(Action a) { try { a(); } catch (Exception e) { return e.Message.Split('\n')[0]; } return "no error"; }
        // TorchSharp 0.107 has no out= here; its in-place exp_ on an int64 tensor runs the same TensorIterator cast check
        Assert.Equal(First(() => ts.ones(2, 3, ts.int64).exp_()),
            Assert.Throws<ArgumentException>(() => torch.exp(torch.ones(2, 3), torch.zeros(2, 3, ScalarType.Int64))).Message);
    }

    [Fact]
    public void The_direct_write_allocates_nothing()
    {
        Tensor a = torch.ones(1000), b = torch.ones(1000), o = torch.empty([1000]);
        for (int i = 0; i < 3; i++) { torch.add(a, b, o); torch.exp(a, o); } // JIT and first-call work out of the way
        long before = GC.GetAllocatedBytesForCurrentThread();
        torch.add(a, b, o);
        torch.exp(a, o);
        long direct = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, direct); // the out-of-place add allocates a 4000-byte array and a tensor
    }
}
