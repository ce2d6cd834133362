using BenchmarkDotNet.Running;

namespace Autograd.Benchmarks;

/// <summary>
/// Entry point. BenchmarkDotNet's own switches all work (--filter, --job short, --list flat, ...);
/// additionally:
///   --short          the same as --job short (a quick pass: 3 warm-ups, 3 iterations, 1 launch)
///   --outOfProcess   use BenchmarkDotNet's default toolchain (a generated project per job, rebuilt
///                    from source, one process per benchmark). Without it we run in process
///                    (BenchmarkDotNet's --inProcess): the assemblies measured are exactly the ones
///                    `dotnet run` just built, and a concurrent edit elsewhere in the shared tree (or a
///                    native rebuild) cannot break or change the run half-way.
///   userloop [reps] no BenchmarkDotNet: the goal rows as a user times them, Stopwatch loops
///                    alternating between the libraries, medians of reps (see UserLoop.cs).
///   profile [secs]   no BenchmarkDotNet: tight loops over the tiny cases and the seed step for our
///                    library, printing time and managed bytes allocated per iteration and a
///                    per-stage breakdown (see Profile.cs).
///   profile matmul [secs]  matmul N = 64/256/1024: a.matmul(b) against the native kernel alone, with
///                    and without a fresh output, and TorchSharp (see ProfileMatmul.cs).
///   profile gcguest [steps] [heapGB] [batch]  an app holding a large live heap trains an MLP: the GC's
///                    collections and pauses during training (AUTOGRAD_BUFFER_POOL=0: without the pool;
///                    see GcGuest.cs).
///   profile checkpoint [layers] [width] [batch]  peak managed memory of backward through a deep MLP with and
///                    without torch.utils.checkpoint (see CheckpointMemory.cs).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 1 && args[0] == "profile" && args[1] == "matmul")
            return ProfileMatmul.Run(args.Skip(2).ToArray());
        if (args.Length > 1 && args[0] == "profile" && args[1] == "gcguest")
            return GcGuest.Run(args.Skip(2).ToArray());
        if (args.Length > 1 && args[0] == "profile" && args[1] == "checkpoint")
            return CheckpointMemory.Run(args.Skip(2).ToArray());
        if (args.Length > 0 && args[0] == "userloop")
            return UserLoop.Run(args.Skip(1).ToArray());
        if (args.Length > 0 && args[0] == "profile")
            return Profile.Run(args.Skip(1).ToArray());
        var list = new List<string>();
        bool outOfProcess = false;
        foreach (string a in args)
        {
            if (a == "--short") { list.Add("--job"); list.Add("short"); }
            else if (a == "--outOfProcess") outOfProcess = true;
            else list.Add(a);
        }
        if (!outOfProcess && !list.Contains("--inProcess") && !list.Contains("-i")) list.Add("--inProcess");
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(list.ToArray());
        return 0;
    }
}
