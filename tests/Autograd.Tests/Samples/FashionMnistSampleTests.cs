using System.IO.Compression;
using Autograd.Samples.FashionMnist;

namespace Autograd.Tests;

/// <summary>The FashionMnist sample's pieces: the idx reader, the data's absence, the command line, and the
/// checkpoint cycle (train, save, resume where it stopped).</summary>
public sealed class FashionMnistSampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agn-fashion-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static byte[] IdxBytes(byte[] header, byte[] data) => [.. header, .. data];

    [Fact]
    public void Idx_reads_raw_and_gzipped_files()
    {
        // two 2x3 "images": magic 0 0 8 3, sizes 2, 2, 3 (big-endian)
        byte[] bytes = IdxBytes([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3], [.. Enumerable.Range(0, 12).Select(i => (byte)(i * 20))]);
        File.WriteAllBytes(PathOf("raw"), bytes);
        using (var gz = new GZipStream(File.Create(PathOf("packed.gz")), CompressionLevel.Fastest)) gz.Write(bytes);
        foreach (string f in new[] { "raw", "packed.gz" })
        {
            (int[] shape, byte[] data) = Idx.Read(PathOf(f));
            Assert.Equal([2, 2, 3], shape);
            Assert.Equal(bytes[16..], data);
        }
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 8, 1, 0, 0, 0, 1, 7 }, "bad magic")]
    [InlineData(new byte[] { 0, 0, 13, 1, 0, 0, 0, 1, 7, 7, 7, 7 }, "not unsigned bytes")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 5, 7, 7 }, "ends before")]
    [InlineData(new byte[] { 0, 0, 8 }, "ends before")]
    public void Idx_refuses_damaged_files_naming_them(byte[] bytes, string reason)
    {
        File.WriteAllBytes(PathOf("bad"), bytes);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(PathOf("bad")));
        Assert.Contains(PathOf("bad"), e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Missing_data_says_how_to_get_it()
    {
        var e = Assert.Throws<DataMissingException>(() => FashionMnistData.Load(_dir));
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains(_dir, e.Message);
        Assert.False(FashionMnistData.Exists(_dir));
    }

    [Fact]
    public void The_program_exits_nonzero_without_a_stack_trace_on_missing_data_and_bad_arguments()
    {
        Assert.Equal(1, Run(["--data", _dir], out string err));
        Assert.Contains("apt-get install dataset-fashion-mnist", err);
        Assert.DoesNotContain("   at ", err);
        Assert.Equal(2, Run(["--model", "rnn"], out err));
        Assert.Contains("--model must be mlp or cnn", err);
        Assert.Equal(2, Run(["--epochs", "0"], out _));
        Assert.Equal(2, Run(["--lr", "fast"], out _));
        Assert.Equal(1, Run(["--resume", PathOf("none.safetensors")], out err));
        Assert.Contains("no such checkpoint", err);
    }

    [Fact]
    public void Options_parse_every_flag()
    {
        Options o = Options.Parse(["--model", "CNN", "--epochs", "3", "--batch-size", "32", "--lr", "0.002", "--limit", "100",
                                   "--out", "o", "--seed", "-5", "--resume", "r.safetensors", "somewhere"]);
        Assert.Equal(new Options
        {
            Model = "cnn", Epochs = 3, BatchSize = 32, LearningRate = 0.002, Limit = 100, Out = "o", Seed = -5,
            Resume = "r.safetensors", Data = "somewhere",
        }, o);
        Assert.Throws<UsageException>(() => Options.Parse(["a", "b"]));
        Assert.Throws<UsageException>(() => Options.Parse(["--limit"]));
    }

    [Fact]
    public void A_resumed_run_continues_from_the_saved_state()
    {
        FashionMnistData data = SampleData.Require();
        var config = new RunConfig("mlp", 64, 1e-3, 256, 3);
        Trainer first = Trainer.Start(config, data);
        first.TrainEpoch();
        string path = first.SaveCheckpoint(_dir);
        Assert.Equal(PathOf("mlp-epoch1.safetensors"), path);

        Checkpoint saved = Checkpoint.Load(path);
        Assert.Equal(config, saved.Config);
        Assert.Equal(1, saved.Epoch);
        Assert.Equal(first.History.Epochs, saved.History.Epochs);
        Assert.Equal(first.History.Steps, saved.History.Steps);

        // something else draws from the default generator in between: the checkpoint puts it back
        torch.manual_seed(99);
        torch.randn(10);
        Trainer resumed = Trainer.Resume(saved, data);
        Assert.Equal(1, resumed.Epoch);
        foreach (var (key, t) in first.Model.state_dict())
            Assert.True(torch.equal(t, resumed.Model.state_dict()[key]), key);
        Assert.Equal(first.Optimizer.param_groups[0].LearningRate, resumed.Optimizer.param_groups[0].LearningRate);
        Assert.True(torch.equal(first.LoaderGenerator.get_state(), resumed.LoaderGenerator.get_state()));
        Assert.True(torch.equal(saved.DefaultRng, torch.get_rng_state()));
        (double loss, double accuracy) = resumed.Evaluate();
        Assert.Equal(first.History.Epochs[0].TestLoss, loss, 6);
        Assert.Equal(first.History.Epochs[0].TestAccuracy, accuracy);

        EpochRecord second = resumed.TrainEpoch();
        Assert.Equal(2, second.Epoch);
        Assert.Equal(2, resumed.History.Epochs.Count);
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("cnn")]
    public void A_resumed_run_trains_on_exactly_as_an_uninterrupted_one(string model)
    {
        // weights, Adam's moments and step, learning rate, batch order and dropout draws all come back: the second
        // epoch after a resume is the uninterrupted run's second epoch, bit for bit
        FashionMnistData data = SampleData.Require();
        var config = new RunConfig(model, 32, 1e-3, 96, 5);
        Trainer straight = Trainer.Start(config, data);
        straight.TrainEpoch();
        straight.TrainEpoch();

        Trainer first = Trainer.Start(config, data);
        first.TrainEpoch();
        string path = first.SaveCheckpoint(_dir);
        torch.manual_seed(99);
        torch.randn(10);
        Trainer resumed = Trainer.Resume(Checkpoint.Load(path), data);
        resumed.TrainEpoch();

        foreach (var (key, t) in straight.Model.state_dict())
            Assert.True(torch.equal(t, resumed.Model.state_dict()[key]), key);
        Assert.Equal(straight.History.Epochs[1].TrainLoss, resumed.History.Epochs[1].TrainLoss);
        Assert.Equal(straight.Optimizer.param_groups[0].LearningRate, resumed.Optimizer.param_groups[0].LearningRate);
        var expected = (Dictionary<long, Dictionary<string, object>>)straight.Optimizer.state_dict()["state"];
        var actual = (Dictionary<long, Dictionary<string, object>>)resumed.Optimizer.state_dict()["state"];
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (i, s) in expected)
        {
            Assert.Equal(s["step"], actual[i]["step"]);
            Assert.True(torch.equal((Tensor)s["exp_avg_sq"], (Tensor)actual[i]["exp_avg_sq"]), $"exp_avg_sq of {i}");
        }
    }

    [Fact]
    public void A_checkpoint_that_is_not_the_samples_is_refused()
    {
        torch.safetensors.save_file(new Dictionary<string, Tensor> { ["w"] = torch.ones(2) }, PathOf("other.safetensors"));
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(PathOf("other.safetensors")));
        Assert.Contains("not a checkpoint of this sample", e.Message);
    }

    [Fact]
    public void The_program_trains_saves_resumes_and_draws_the_curves()
    {
        SampleData.Require();
        string outDir = PathOf("out");
        Assert.Equal(0, Run(["--limit", "128", "--epochs", "1", "--out", outDir], out _));
        Assert.True(File.Exists(Path.Combine(outDir, "mlp-epoch1.safetensors")));
        Assert.Equal(0, Run(["--resume", Path.Combine(outDir, "mlp-epoch1.safetensors"), "--epochs", "2", "--out", outDir], out _));
        Assert.True(File.Exists(Path.Combine(outDir, "mlp-epoch2.safetensors")));
        Assert.Equal(2, Checkpoint.Load(Path.Combine(outDir, "mlp-epoch2.safetensors")).History.Epochs.Count);
        byte[] png = File.ReadAllBytes(Path.Combine(outDir, "mlp-curves.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(png.Length > 10_000, $"a {png.Length}-byte PNG");
    }

    /// <summary>Runs the sample's Main in-process (its output captured); returns the exit code.</summary>
    private static int Run(string[] args, out string stderr)
    {
        TextWriter oldOut = Console.Out, oldErr = Console.Error;
        var err = new StringWriter();
        try
        {
            Console.SetOut(TextWriter.Null);
            Console.SetError(err);
            var main = typeof(Options).Assembly.EntryPoint!;
            return (int)main.Invoke(null, [args])!;
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
            stderr = err.ToString();
        }
    }
}
