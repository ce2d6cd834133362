using Autograd;
using TorchSharp.PyBridge;
using ts = TorchSharp.torch;

namespace Autograd.Tests;

/// <summary>safetensors read and write, checked both ways against TorchSharp.PyBridge's implementation.</summary>
public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agn-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => System.IO.Path.Combine(_dir, name);

    [Fact]
    public void Tensors_saved_here_load_in_pybridge_with_values_and_dtypes()
    {
        var ours = new Dictionary<string, Tensor>
        {
            ["w"] = torch.randn([4, 3]),
            ["d"] = torch.randn([2], dtype: ScalarType.Float64).t(),
            ["n"] = torch.tensor(new long[] { -1, long.MaxValue }),
            ["b"] = torch.tensor(new[] { false, true }),
            ["scalar"] = torch.tensor(1.25f),
            ["transposed"] = torch.arange(6).to(ScalarType.Float32).reshape(2, 3).t(),
            ["half"] = torch.tensor(new[] { 0.1, 65504, -6.1e-5 }).half(),
            ["bhalf"] = torch.tensor(new[] { 0.1, 3e38, -1, 2 }).bfloat16().reshape(2, 2).t(),
            ["int32"] = torch.tensor(new[] { int.MinValue, int.MaxValue }),
            ["int16"] = torch.tensor(new short[] { short.MinValue, 7 }),
            ["int8"] = torch.tensor(new sbyte[] { -128, 127 }),
            ["uint8"] = torch.tensor(new byte[] { 0, 255 }),
        };
        torch.safetensors.save_file(ours, PathOf("ours.safetensors"), new Dictionary<string, string> { ["format"] = "pt" });
        Dictionary<string, ts.Tensor> theirs = Safetensors.LoadStateDict(PathOf("ours.safetensors"));
        Assert.Equal(ours.Keys.Order(), theirs.Keys.Order());
        foreach (var (key, t) in ours)
        {
            Assert.Equal(Oracle.Ts(t.dtype), theirs[key].dtype);
            Assert.Equal(t.shape, theirs[key].shape);
            Assert.Equal(t.to(ScalarType.Float64).ToArray<double>(), Oracle.Values(theirs[key]));
        }
        Assert.Equal("pt", torch.safetensors.load_metadata(PathOf("ours.safetensors"))["format"]);
    }

    [Fact]
    public void Tensors_saved_by_pybridge_load_here_with_their_dtypes()
    {
        var theirs = new Dictionary<string, ts.Tensor>
        {
            ["f32"] = ts.randn(3, 2),
            ["f16"] = ts.tensor(new float[] { 0.5f, -1e-4f, 60000 }).to(ts.ScalarType.Float16),
            ["bf16"] = ts.tensor(new float[] { 0.1f, -3e38f }).to(ts.ScalarType.BFloat16),
            ["i32"] = ts.tensor(new int[] { int.MinValue, 3 }),
            ["u8"] = ts.tensor(new byte[] { 255, 1 }),
            ["i8"] = ts.tensor(new sbyte[] { -128, 1 }),
            ["i16"] = ts.tensor(new short[] { short.MinValue, 1 }),
            ["i64"] = ts.tensor(new long[] { long.MinValue }),
            ["empty"] = ts.zeros(0, 3),
        };
        Safetensors.SaveStateDict(PathOf("theirs.safetensors"), theirs);
        Dictionary<string, Tensor> ours = torch.safetensors.load_file(PathOf("theirs.safetensors"));
        Assert.Equal(theirs.Keys.Order(), ours.Keys.Order());
        foreach (var (key, t) in theirs)
        {
            Assert.Equal(t.dtype, Oracle.Ts(ours[key].dtype));
            Assert.Equal(t.shape, ours[key].shape);
            Assert.Equal(Oracle.Values(t), ours[key].to(ScalarType.Float64).ToArray<double>());
        }
    }

    [Fact]
    public void In_memory_images_round_trip()
    {
        var t = new Dictionary<string, Tensor> { ["a"] = torch.ones([2, 2]), ["b"] = torch.zeros([3], dtype: ScalarType.Int64) };
        Dictionary<string, Tensor> back = torch.safetensors.load(torch.safetensors.save(t));
        Assert.True(back["a"].equal(t["a"]));
        Assert.True(back["b"].equal(t["b"]));
    }

    [Fact]
    public void A_tensor_named_metadata_is_refused()
    {
        var t = new Dictionary<string, Tensor> { ["__metadata__"] = torch.ones(1) };
        Assert.Throws<ArgumentException>(() => torch.safetensors.save(t));
    }
}
