using Autograd;
using static Autograd.torch;

namespace Autograd.Tests;

/// <summary>The README's train-save-load-resume cycle, copied verbatim (so it compiles; a second test checks the
/// copy against README.md), run on random data in a temporary folder: the reloaded model has the trained weights
/// and outputs, and trains on.</summary>
public sealed class ReadmeTrainingCycleTests
{
    [Fact]
    public void The_readme_cycle_trains_saves_loads_and_resumes()
    {
        manual_seed(7);
        Tensor images = rand(200, 784), labels = randint(10, [200]);
        string cwd = Directory.GetCurrentDirectory();
        string dir = Directory.CreateTempSubdirectory("agn-readme-").FullName;
        Directory.SetCurrentDirectory(dir);
        try
        {
            manual_seed(1);
            Tensor initial = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)).state_dict()["0.weight"];

            // ---- copied from README.md ("Train, save, load, resume"); keep the two in step -----------------
            torch.manual_seed(1);
            var model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10));
            var opt = torch.optim.Adam(model.parameters(), lr: 1e-3);
            var data = torch.utils.data.TensorDataset(images, labels);                 // images [N, 784], labels [N] int64
            foreach (var batch in torch.utils.data.DataLoader(data, 64, shuffle: true))
            {
                opt.zero_grad();
                nn.functional.cross_entropy(model.call(batch[0]), batch[1]).backward();
                opt.step();
            }
            torch.safetensors.save_file(model.state_dict(), "model.safetensors");      // PyTorch's safetensors reads it

            var resumed = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10));
            resumed.load_state_dict(torch.safetensors.load_file("model.safetensors")); // the same weights: train on
            // ------------------------------------------------------------------------------------------------

            Assert.True(File.Exists(Path.Combine(dir, "model.safetensors")));
            Dictionary<string, Tensor> trained = model.state_dict(), loaded = resumed.state_dict();
            Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], loaded.Keys);
            foreach (var (key, t) in trained) Assert.True(torch.equal(t, loaded[key]), key);
            Assert.False(torch.equal(initial, trained["0.weight"]));   // it trained
            Assert.True(torch.equal(model.call(images), resumed.call(images)));

            // training on from the loaded weights lowers the loss on the data
            var opt2 = torch.optim.Adam(resumed.parameters(), lr: 1e-3);
            double start = nn.functional.cross_entropy(resumed.call(images), labels).item<float>();
            for (int i = 0; i < 20; i++)
            {
                opt2.zero_grad();
                nn.functional.cross_entropy(resumed.call(images), labels).backward();
                opt2.step();
            }
            Assert.True(nn.functional.cross_entropy(resumed.call(images), labels).item<float>() < start);
        }
        finally
        {
            Directory.SetCurrentDirectory(cwd);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_copy_above_is_the_readmes_code()
    {
        string root = RepoRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        int section = readme.IndexOf("## Train, save, load, resume", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no \"Train, save, load, resume\" section");
        int start = readme.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        string block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        string[] source = File.ReadAllLines(Path.Combine(root, "tests/Autograd.Tests/Samples/ReadmeTrainingCycleTests.cs"));
        int from = Array.FindIndex(source, l => l.Contains("// ---- copied from README.md")) + 1;
        int to = Array.FindIndex(source, from, l => l.TrimStart().StartsWith("// -----", StringComparison.Ordinal));
        Assert.True(from > 0 && to > from, "the test's copy is not between its marker lines");
        Assert.Equal(Normalize(block.Split('\n')), Normalize(source[from..to]));
    }

    /// <summary>The lines without indentation or trailing blanks, empty lines dropped.</summary>
    private static string Normalize(IEnumerable<string> lines) =>
        string.Join("\n", lines.Select(l => l.Trim()).Where(l => l.Length > 0));

    /// <summary>The repository's root: the first folder above the test assembly holding Autograd.Native.sln.</summary>
    private static string RepoRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Autograd.Native.sln"))) return d.FullName;
        throw new InvalidOperationException($"no Autograd.Native.sln above {AppContext.BaseDirectory}");
    }
}
