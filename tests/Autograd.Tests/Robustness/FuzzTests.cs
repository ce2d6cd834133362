using System.Diagnostics;

namespace Autograd.Tests;

/// <summary>
/// The hostile-argument fuzzer (tests/Autograd.Fuzz) over every public op, in a child process: a native
/// crash there ends the child, not the test run, and is reported with the call that caused it (the runner
/// prints each call before making it). Seeded, so a failure replays with the same calls:
/// <c>dotnet tests/Autograd.Fuzz/bin/Debug/net10.0/Autograd.Fuzz.dll --seed N --calls N</c>.
/// </summary>
public class FuzzTests
{
    /// <summary>A few thousand calls take a few seconds; the limit only stops a hang from blocking the run.</summary>
    private const int Calls = 4000, TimeoutSeconds = 120;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Hostile_arguments_to_every_public_op_neither_crash_nor_give_bad_outcomes(int seed)
    {
        (int exit, string[] lines) = Run(seed);
        string? done = lines.LastOrDefault(l => l.StartsWith("DONE ", StringComparison.Ordinal));
        string? lastCall = lines.LastOrDefault(l => l.StartsWith("CALL ", StringComparison.Ordinal));
        Assert.True(done is not null, $"the fuzzer died (exit {exit}) during or after: {lastCall}\n{Tail(lines)}");
        string[] bad = [.. lines.Where(l => l.StartsWith("BAD ", StringComparison.Ordinal) || l.StartsWith("HANG ", StringComparison.Ordinal))];
        Assert.True(bad.Length == 0 && exit == 0, $"{done} (exit {exit})\n{string.Join('\n', bad)}");
        Assert.Equal(Calls, Count(done, "calls") + Count(done, "skipped")); // the run went to the end
    }

    [Fact]
    public void The_same_seed_makes_the_same_calls()
    {
        string[] Calls(string[] lines) => [.. lines.Where(l => l.StartsWith("CALL ", StringComparison.Ordinal)).Take(300)];
        Assert.Equal(Calls(Run(7, 300).Lines), Calls(Run(7, 300).Lines));
    }

    private static (int Exit, string[] Lines) Run(int seed, int calls = Calls)
    {
        // the runner is referenced by this project, so it is built with it and its assembly sits beside the
        // tests; it runs on the tests' own runtime and dependency files, which list everything it needs
        string dir = AppContext.BaseDirectory, name = "Autograd.Tests";
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[]
                 {
                     "exec", "--runtimeconfig", Path.Combine(dir, name + ".runtimeconfig.json"), "--depsfile", Path.Combine(dir, name + ".deps.json"),
                     Path.Combine(dir, "Autograd.Fuzz.dll"), "--seed", seed.ToString(), "--calls", calls.ToString(),
                 })
            start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        Task stdout = Task.Run(() => { while (p.StandardOutput.ReadLine() is string l) lines.Add(l); });
        if (!p.WaitForExit(TimeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        stdout.Wait();
        lines.AddRange(stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "STDERR " + l));
        return (p.ExitCode, [.. lines]);
    }

    private static int Count(string done, string key) =>
        int.Parse(done.Split(' ').First(w => w.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..]);

    private static string Tail(string[] lines) => string.Join('\n', lines.TakeLast(20));
}
