using Autograd;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>The out= overloads of matmul / mm / bmm / mv / dot (values against TorchSharp's out-of-place
/// products, which have no out= in 0.107) and resize_, with PyTorch's out= rules: resize_output, the dtype
/// check, the autograd check, the version bump; and outputs that share memory with an operand.</summary>
public class MatmulOutTests
{
    public static TheoryData<long[], long[]> Shapes => new()
    {
        { [5, 7], [7, 3] },       // mm
        { [6], [6] },             // dot: a 0-d out
        { [4, 6], [6] },          // mv
        { [6], [6, 3] },          // vector @ matrix
        { [2, 4, 5], [2, 5, 3] }, // bmm
        { [3, 1, 4, 5], [2, 5, 6] }, // broadcast batches
        { [2, 4, 5], [5] },       // batched @ vector
        { [5], [3, 5, 2] },       // vector @ batched
        { [4, 0], [0, 3] },       // K = 0: zeros
    };

    private static (Tensor, Tensor, ts.Tensor) Operands(long[] sa, long[] sb, ScalarType dtype)
    {
        var rng = new Random(Oracle.Seed($"mmout{string.Join(",", sa)}x{string.Join(",", sb)}{dtype}"));
        double[] Values(long[] s) => Enumerable.Range(0, (int)s.Aggregate(1L, (x, y) => x * y)).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        double[] va = Values(sa), vb = Values(sb);
        Tensor a = torch.tensor(va, sa).to(dtype), b = torch.tensor(vb, sb).to(dtype);
        ts.Tensor expected = ts.tensor(va, sa).to(Oracle.Ts(dtype)).matmul(ts.tensor(vb, sb).to(Oracle.Ts(dtype)));
        return (a, b, expected);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Writes_the_product_into_out_of_every_starting_shape(long[] sa, long[] sb)
    {
        foreach (ScalarType dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            var (a, b, expected) = Operands(sa, sb, dtype);
            long[] shape = expected.shape;
            // right shape; empty (PyTorch's recommended reuse: resized silently); wrong non-empty shape (resized)
            foreach (Tensor @out in new[] { torch.full(shape, 7.0, dtype), torch.empty([0], dtype), torch.full([3, 3], 7.0, dtype) })
            {
                int version = @out._storage.Version;
                Tensor r = torch.matmul(a, b, @out);
                Assert.Same(@out, r);
                Oracle.AssertClose(expected, @out, dtype, what: $"{dtype} {string.Join(",", sa)} @ {string.Join(",", sb)}");
                Assert.True(@out.is_contiguous());
                Assert.Equal(version + 1, @out._storage.Version);
            }
        }
    }

    [Fact]
    public void The_named_products_take_out_too()
    {
        var (a, b, expected) = Operands([4, 5], [5, 3], ScalarType.Float64);
        Oracle.AssertClose(expected, torch.mm(a, b, torch.empty([0], ScalarType.Float64)), ScalarType.Float64);
        var (a3, b3, e3) = Operands([2, 4, 5], [2, 5, 3], ScalarType.Float64);
        Oracle.AssertClose(e3, torch.bmm(a3, b3, torch.empty([2, 4, 3], ScalarType.Float64)), ScalarType.Float64);
        var (m, v, ev) = Operands([4, 5], [5], ScalarType.Float64);
        Oracle.AssertClose(ev, torch.mv(m, v, torch.empty([4], ScalarType.Float64)), ScalarType.Float64);
        var (x, y, ed) = Operands([5], [5], ScalarType.Float64);
        Oracle.AssertClose(ed, torch.dot(x, y, torch.empty([], ScalarType.Float64)), ScalarType.Float64);
    }

    [Fact]
    public void A_strided_out_is_written_through_its_strides_and_its_neighbours_keep_their_values()
    {
        var (a, b, expected) = Operands([5, 7], [7, 3], ScalarType.Float32);
        Tensor buffer = torch.full(3, 5, 9.0f);
        Tensor transposed = buffer.t(); // [5, 3], strides (1, 5)
        torch.mm(a, b, transposed);
        Oracle.AssertClose(expected, transposed, ScalarType.Float32);
        Assert.Equal([1L, 5L], transposed.stride());

        var (a3, b3, e3) = Operands([2, 4, 5], [2, 5, 3], ScalarType.Float32);
        Tensor big = torch.full(3, 2, 4, 3, 9.0f);
        Tensor middle = big[1]; // contiguous, at an offset
        torch.matmul(a3, b3, middle);
        Oracle.AssertClose(e3, big[1], ScalarType.Float32);
        Assert.All(big[0].ToArray<float>(), v => Assert.Equal(9.0f, v));
        Assert.All(big[2].ToArray<float>(), v => Assert.Equal(9.0f, v));

        Tensor batchT = torch.full(2, 3, 4, 9.0f).transpose(1, 2); // non-contiguous batched out
        torch.bmm(a3, b3, batchT);
        Oracle.AssertClose(e3, batchT, ScalarType.Float32);
    }

    [Fact]
    public void A_null_out_is_pytorchs_out_none()
    {
        Tensor w = torch.ones(2, 3, requires_grad: true);
        Tensor r = torch.matmul(w, torch.ones(3, 2), null); // the usual product, history included
        Assert.Equal("MmBackward0", r.grad_fn!.name());
        Assert.All(r.ToArray<float>(), v => Assert.Equal(3f, v));
        Assert.Equal([2L, 2L], torch.mm(w, torch.ones(3, 2), null).shape);
    }

    [Fact]
    public void An_out_sharing_memory_with_an_operand_gets_the_product_of_the_old_values()
    {
        var (a, b, expected) = Operands([4, 4], [4, 4], ScalarType.Float64);
        torch.mm(a, b, a);
        Oracle.AssertClose(expected, a, ScalarType.Float64);
        var (c, d, e2) = Operands([2, 3, 3], [2, 3, 3], ScalarType.Float64);
        torch.matmul(c, d, d);
        Oracle.AssertClose(e2, d, ScalarType.Float64);
        // out is an operand of another shape: resized (and its storage grown) only after the product is taken
        var (x, y, e3) = Operands([2, 3], [3, 5], ScalarType.Float64);
        torch.mm(x, y, x);
        Oracle.AssertClose(e3, x, ScalarType.Float64);
        var (v, w, e4) = Operands([4], [4, 6], ScalarType.Float32);
        torch.matmul(v, w, w.view(-1).narrow(0, 0, 6)); // a view of an operand, written while the operand is read
        Oracle.AssertClose(e4, w.view(-1).narrow(0, 0, 6), ScalarType.Float32);
    }

    [Fact]
    public void Out_is_refused_where_history_would_be_needed()
    {
        Tensor w = torch.ones(2, 2, requires_grad: true), x = torch.ones(2, 2), o = torch.zeros(2, 2);
        const string Tail = "(): functions with out=... arguments don't support automatic differentiation, but one of the arguments requires grad.";
        Assert.Equal("matmul" + Tail, Assert.Throws<InvalidOperationException>(() => torch.matmul(w, x, o)).Message);
        Assert.Equal("mm" + Tail, Assert.Throws<InvalidOperationException>(() => torch.mm(x, x, w)).Message);
        Assert.Equal("bmm" + Tail, Assert.Throws<InvalidOperationException>(() => torch.bmm(w.unsqueeze(0), x.unsqueeze(0), o)).Message);
        Assert.All(o.ToArray<float>(), v => Assert.Equal(0f, v));
        using (torch.no_grad())
        {
            torch.mm(w, x, o); // fine without grad mode, as in PyTorch
            torch.mm(x, x, w);
        }
        Assert.All(o.ToArray<float>(), v => Assert.Equal(2f, v));
        Assert.All(w.ToArray<float>(), v => Assert.Equal(2f, v));
    }

    [Fact]
    public void Writing_a_saved_tensor_through_out_fails_its_backward()
    {
        Tensor w = torch.ones(2, 2, requires_grad: true), x = torch.ones(2, 2);
        Tensor y = w * x; // saves x
        torch.mm(torch.ones(2, 2), torch.ones(2, 2), x);
        var e = Assert.Throws<InvalidOperationException>(() => y.sum().backward());
        Assert.Contains("has been modified by an inplace operation", e.Message);
    }

    [Fact]
    public void Bad_calls_have_pytorchs_messages_and_leave_out_unchanged()
    {
        Tensor a = torch.ones(2, 3), o = torch.full(2, 2, 5.0f);
        var dtype = Assert.Throws<ArgumentException>(() => torch.mm(a, torch.ones(3, 2), torch.zeros(2, 2, ScalarType.Float64)));
        Assert.Equal("Expected out tensor to have dtype float, but got double instead", dtype.Message);
        var shape = Assert.Throws<ArgumentException>(() => torch.mm(a, torch.ones(2, 3), o));
        Assert.Equal("mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)", shape.Message);
        Assert.Throws<ArgumentException>(() => torch.matmul(torch.tensor(1.0f), a, o));
        var expanded = Assert.Throws<ArgumentException>(() => torch.mm(a, torch.ones(3, 2), torch.zeros(1, 2).expand(2, 2)));
        Assert.StartsWith("unsupported operation: more than one element of the written-to tensor refers to a single memory location", expanded.Message);
        Assert.Equal([2L, 2L], o.shape);
        Assert.All(o.ToArray<float>(), v => Assert.Equal(5f, v));
    }

    [Fact]
    public void LibTorch_names_the_dtypes_of_a_mixed_product_as_we_do()
    {
        string? libtorch = null;
        try { ts.mm(ts.ones(2, 2), ts.ones(2, 2, ts.float64)); } catch (Exception e) { libtorch = e.Message.Split('\n')[0]; }
        var ours = Assert.Throws<ArgumentException>(() => torch.mm(torch.ones(2, 2), torch.ones(2, 2, ScalarType.Float64)));
        Assert.Equal(libtorch, ours.Message);
    }

    [Fact]
    public void An_out_sharing_a_callers_array_is_written_in_place_and_never_grown()
    {
        float[] user = new float[6];
        Tensor view = torch.from_array(user, [2, 3]);
        torch.mm(torch.ones(2, 4), torch.ones(4, 3), view);
        Assert.All(user, v => Assert.Equal(4f, v));
        var e = Assert.Throws<InvalidOperationException>(() => torch.mm(torch.ones(3, 4), torch.ones(4, 3), view));
        Assert.Equal("Trying to resize storage that is not resizable", e.Message);
        Assert.Equal([2L, 3L], view.shape);
    }

    [Fact]
    public void Resizing_a_non_empty_out_warns_once_with_pytorchs_text()
    {
        var captured = new StringWriter();
        TextWriter previous = Console.Error;
        Ops.OutArgument.ResetWarningForTests();
        Console.SetError(captured);
        try
        {
            torch.mm(torch.ones(2, 2), torch.ones(2, 2), torch.zeros(3));
            torch.mm(torch.ones(2, 2), torch.ones(2, 2), torch.zeros(5));
            torch.mm(torch.ones(2, 2), torch.ones(2, 2), torch.empty([0])); // empty: silent
        }
        finally { Console.SetError(previous); }
        Assert.Equal(
            "UserWarning: An output with one or more elements was resized since it had shape [3], which does not match the required output shape [2, 2]. " +
            "This behavior is deprecated, and in a future PyTorch release outputs will not be resized unless they have zero elements. " +
            "You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements with t.resize_(0)." + Environment.NewLine,
            captured.ToString());
    }

    [Fact]
    public void Resize_follows_pytorch()
    {
        Tensor t = torch.arange(4.0f);
        Tensor v = t.view(2, 2);
        Assert.Same(t, t.resize_(2, 3)); // grows: the old elements kept
        Assert.Equal([2L, 3L], t.shape);
        Assert.Equal([3L, 1L], t.stride());
        Assert.Equal([0f, 1f, 2f, 3f], t.ToArray<float>()[..4]);
        t[1, 2] = torch.tensor(8.0f);
        v[0, 0] = torch.tensor(5.0f); // the view shares the grown storage
        Assert.Equal(5f, t[0, 0].item<float>());
        t.resize_(1); // shrinks in place
        Assert.Equal([5f], t.ToArray<float>());
        t.resize_(2, 3);
        Assert.Equal(8f, t[1, 2].item<float>()); // the storage kept its size

        Tensor tr = torch.zeros(2, 3).t();
        tr.resize_(3, 2); // same shape: strides kept
        Assert.Equal([1L, 3L], tr.stride());
        Tensor row = torch.arange(6.0f).view(2, 3)[1];
        row.resize_(2); // at its offset
        Assert.Equal([3f, 4f], row.ToArray<float>());

        Assert.Equal("cannot resize variables that require grad",
            Assert.Throws<InvalidOperationException>(() => torch.zeros(2, requires_grad: true).resize_(3)).Message);
        Assert.Equal("Trying to create tensor with negative dimension -1: [-1]",
            Assert.Throws<ArgumentException>(() => torch.zeros(2).resize_(-1)).Message);
        Assert.Equal("Trying to resize storage that is not resizable",
            Assert.Throws<InvalidOperationException>(() => torch.from_array(new float[2]).resize_(3)).Message);
        Assert.Equal([0L], torch.zeros(2).resize_(0).shape);
        Assert.Throws<ArgumentNullException>(() => torch.zeros(2).resize_(null!));
    }
}
