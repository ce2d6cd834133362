using System.Collections;
using Autograd;
using TorchSharp.PyBridge;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>torch.save / torch.load in PyTorch's checkpoint format, checked both ways against TorchSharp.PyBridge
/// (which reads and writes that format for TorchSharp tensors), and our own round trips for what PyBridge's
/// reader does not handle (views into a larger storage, shared storage, lists).</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agn-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => System.IO.Path.Combine(_dir, name);

    private static Dictionary<string, Tensor> SampleStateDict()
    {
        var rng = new Random(Oracle.Seed("checkpoint-sample"));
        double[] Values(int n) => [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 4 - 2)];
        return new Dictionary<string, Tensor>
        {
            ["layers.0.weight"] = torch.tensor(Values(12), [3, 4]).to(ScalarType.Float32),
            ["layers.0.bias"] = torch.tensor(Values(3), [3]).to(ScalarType.Float32),
            ["double"] = torch.tensor(Values(6), [2, 3]),
            ["steps"] = torch.tensor(new long[] { 7, -3, long.MaxValue }),
            ["mask"] = torch.tensor(new[] { true, false, true }),
            ["scalar"] = torch.tensor(2.5f),
            ["empty"] = torch.zeros([0, 5]),
            ["half"] = torch.tensor(new[] { 0.1, 65504, -6.1e-5, double.NegativeInfinity }).half(),
            ["bhalf"] = torch.tensor(new[] { 0.1, 3e38, -1 }).bfloat16().reshape(1, 3),
            ["int32"] = torch.tensor(new[] { int.MinValue, -1, int.MaxValue }),
            ["int16"] = torch.tensor(new short[] { short.MinValue, 7 }),
            ["int8"] = torch.tensor(new sbyte[] { -128, 0, 127 }),
            ["uint8"] = torch.tensor(new byte[] { 0, 128, 255 }),
        };
    }

    private static void AssertSame(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.equal(actual), $"{what}: values differ");
    }

    [Fact]
    public void A_state_dict_saved_here_loads_in_pytorchs_format_reader()
    {
        Dictionary<string, Tensor> sd = SampleStateDict();
        torch.save(sd, PathOf("sd.pt"));
        Hashtable theirs = PyTorchUnpickler.UnpickleStateDict(PathOf("sd.pt"));
        Assert.Equal(sd.Count, theirs.Count);
        foreach (var (key, t) in sd)
        {
            var their = (ts.Tensor)theirs[key]!;
            Assert.Equal(Oracle.Ts(t.dtype), their.dtype);
            Assert.Equal(t.shape, their.shape);
            Assert.Equal(t.to(ScalarType.Float64).ToArray<double>(), Oracle.Values(their));
        }
    }

    [Fact]
    public void A_state_dict_saved_by_pytorchs_format_writer_loads_here_with_its_dtypes()
    {
        var source = new Dictionary<string, ts.Tensor>
        {
            ["f32"] = ts.tensor(new float[] { 1.5f, -2.25f, 3e-8f, float.NaN }),
            ["f64"] = ts.tensor(new double[] { 1e300, -0.0, 2 }).reshape(3, 1),
            ["i64"] = ts.tensor(new long[] { long.MinValue, 0, 5 }),
            ["bool"] = ts.tensor(new[] { true, false }),
            ["f16"] = ts.tensor(new float[] { 0.1f, 65504f, -6.1e-5f }).to(ts.ScalarType.Float16),
            ["bf16"] = ts.tensor(new float[] { 0.1f, 3e38f, -1 }).to(ts.ScalarType.BFloat16),
            ["i32"] = ts.tensor(new int[] { int.MinValue, -1, int.MaxValue }),
            ["u8"] = ts.tensor(new byte[] { 0, 128, 255 }),
            ["i8"] = ts.tensor(new sbyte[] { -128, 0, 127 }),
            ["i16"] = ts.tensor(new short[] { short.MinValue, 7 }),
        };
        PyTorchPickler.PickleStateDict(PathOf("theirs.pt"), source);
        var ours = (Dictionary<string, Tensor>)torch.load(PathOf("theirs.pt"));
        Assert.Equal(source.Keys, ours.Keys);
        foreach (var (key, their) in source)
        {
            Assert.Equal(their.dtype, Oracle.Ts(ours[key].dtype));
            Assert.Equal(their.shape, ours[key].shape);
            // the bytes are LibTorch's own: converted to float64 by LibTorch, they must be the same numbers
            Assert.Equal(Oracle.Values(their), ours[key].to(ScalarType.Float64).ToArray<double>());
        }
    }

    [Fact]
    public void Views_shared_storage_and_lists_round_trip_with_their_layout()
    {
        Tensor base_ = torch.arange(24).to(ScalarType.Float32).reshape(4, 6);
        Tensor view = base_.t()[1..3];           // non-contiguous, offset into the storage
        var list = new List<Tensor> { base_, view, torch.tensor(3L) };
        torch.save(list, PathOf("list.pt"));
        var back = (List<Tensor>)torch.load(PathOf("list.pt"));
        Assert.Equal(3, back.Count);
        for (int i = 0; i < 3; i++) AssertSame(list[i], back[i], $"item {i}");
        Assert.Equal(view.stride(), back[1].stride());
        Assert.Equal(view.storage_offset(), back[1].storage_offset());
        back[0].fill_(-1);                          // shared in the file, shared again after loading
        Assert.Equal(-1f, back[1][0, 0].item<float>());
    }

    [Fact]
    public void A_single_tensor_round_trips_and_keeps_requires_grad()
    {
        Tensor t = torch.randn([3, 2], dtype: ScalarType.Float64).requires_grad_();
        torch.save(t, PathOf("t.pt"));
        var back = (Tensor)torch.load(PathOf("t.pt"));
        AssertSame(t.detach(), back.detach(), "tensor");
        Assert.True(back.requires_grad);
        Assert.True(back.is_leaf);
    }

    [Fact]
    public void A_training_checkpoint_of_nested_values_round_trips_and_pytorchs_reader_reads_it()
    {
        Dictionary<string, Tensor> model = SampleStateDict();
        var checkpoint = new Dictionary<string, object>
        {
            ["model"] = model,
            ["epoch"] = 3L,
            ["loss"] = 0.25,
            ["tag"] = "run-1",
            ["best"] = true,
            ["none"] = null!,
            ["sizes"] = new List<long> { 784, 256, 10 },
            ["pair"] = (0.9, 0.999),
            ["mixed"] = new List<object?> { 1L, "two", torch.ones(2) },
            ["by_index"] = new Dictionary<long, object> { [0] = torch.zeros(3), [5] = 2.5 },
        };
        torch.save(checkpoint, PathOf("ckpt.pt"));

        var back = (Dictionary<string, object?>)torch.load(PathOf("ckpt.pt"));
        Assert.Equal(checkpoint.Keys.ToArray(), back.Keys.ToArray());
        var loadedModel = (Dictionary<string, Tensor>)back["model"]!;
        foreach (var (key, t) in model) AssertSame(t, loadedModel[key], key);
        Assert.Equal(3L, back["epoch"]);
        Assert.Equal(0.25, back["loss"]);
        Assert.Equal("run-1", back["tag"]);
        Assert.Equal(true, back["best"]);
        Assert.Null(back["none"]);
        Assert.Equal([784L, 256, 10], (List<long>)back["sizes"]!);
        Assert.Equal([0.9, 0.999], (object?[])back["pair"]!);
        var mixed = (List<object?>)back["mixed"]!;
        Assert.Equal(1L, mixed[0]);
        Assert.Equal("two", mixed[1]);
        AssertSame(torch.ones(2), (Tensor)mixed[2]!, "mixed[2]");
        var byIndex = (Dictionary<long, object?>)back["by_index"]!;
        Assert.Equal([0L, 5L], byIndex.Keys);
        Assert.Equal(2.5, byIndex[5]);

        // PyTorch's format as PyBridge reads it: plain Python values, nested
        Hashtable theirs = PyTorchUnpickler.UnpickleStateDict(PathOf("ckpt.pt"));
        Assert.Equal(3, Convert.ToInt64(theirs["epoch"]));
        Assert.Equal(0.25, theirs["loss"]);
        Assert.Equal("run-1", theirs["tag"]);
        var theirModel = (IDictionary)theirs["model"]!;
        Assert.Equal(Oracle.Values((ts.Tensor)theirModel["double"]!), model["double"].ToArray<double>());
    }

    [Fact]
    public void Values_pytorch_cannot_hold_are_refused_before_writing()
    {
        File.WriteAllText(PathOf("keep.pt"), "previous");
        var bad = new Dictionary<string, object> { ["ok"] = torch.ones(1), ["bad"] = new Random() };
        Assert.Equal("torch.save writes tensors, numbers, bools, strings, None and lists, tuples and dicts of them, not Random.",
                     Assert.Throws<ArgumentException>(() => torch.save(bad, PathOf("keep.pt"))).Message);
        var badKey = new Dictionary<string, object> { ["d"] = new Dictionary<double, object> { [1.5] = 1L } };
        Assert.Equal("torch.save writes dict keys that are strings or integers, not Double.",
                     Assert.Throws<ArgumentException>(() => torch.save(badKey, PathOf("keep.pt"))).Message);
        Assert.Equal("previous", File.ReadAllText(PathOf("keep.pt")));
    }

    [Fact]
    public void A_failed_save_leaves_an_existing_file_untouched()
    {
        File.WriteAllText(PathOf("keep.pt"), "previous");
        var bad = new Dictionary<string, Tensor> { ["x"] = null! };
        Assert.ThrowsAny<ArgumentException>(() => torch.save(bad, PathOf("keep.pt")));
        Assert.Equal("previous", File.ReadAllText(PathOf("keep.pt")));
        Assert.Single(Directory.GetFiles(_dir));
    }
}
