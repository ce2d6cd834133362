using BenchmarkDotNet.Running;

namespace Autograd.Benchmarks;

/// <summary>
/// Entry point. BenchmarkDotNet's own switches all work (--filter, --job short, --list flat, ...);
/// additionally:
///   --short          the same as --job short (a quick pass: 3 warm-ups, 3 iterations, 1 launch)
///   profile [secs]   no BenchmarkDotNet: tight loops over the tiny cases and the seed step for our
///                    library, printing time and managed bytes allocated per iteration and a
///                    per-stage breakdown (see Profile.cs).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "profile")
            return Profile.Run(args.Skip(1).ToArray());
        var list = new List<string>();
        foreach (string a in args)
        {
            if (a == "--short") { list.Add("--job"); list.Add("short"); }
            else list.Add(a);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(list.ToArray());
        return 0;
    }
}
