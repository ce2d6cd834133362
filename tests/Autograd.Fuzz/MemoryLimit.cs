using System.Runtime.InteropServices;

namespace Autograd.Fuzz;

/// <summary>Caps the fuzzer's memory, so every impossibly large allocation fails at once, in the allocator
/// (where the library turns it into PyTorch's message), and no fuzz call can take the machine's memory.</summary>
internal static partial class MemoryLimit
{
    private const int RlimitData = 2; // RLIMIT_DATA: private writable mappings (brk, mmap), Linux 4.7+

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current, Max;
    }

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRLimit(int resource, in RLimit limit);

    /// <summary>Sets the cap to <paramref name="megabytes"/> (0: none). Skipped, with a note, where it cannot
    /// hold: off Linux, and under ASan, whose shadow mapping alone exceeds any such cap.</summary>
    internal static void Apply(int megabytes)
    {
        if (megabytes <= 0) return;
        if (!OperatingSystem.IsLinux() || (Environment.GetEnvironmentVariable("LD_PRELOAD") ?? "").Contains("asan", StringComparison.Ordinal))
        {
            Console.WriteLine("NOTE no RLIMIT_DATA cap here (not Linux, or ASan: use its max_allocation_size_mb)");
            return;
        }
        ulong bytes = (ulong)megabytes << 20;
        if (SetRLimit(RlimitData, new RLimit { Current = bytes, Max = bytes }) != 0)
            throw new InvalidOperationException($"setrlimit(RLIMIT_DATA) failed: errno {Marshal.GetLastPInvokeError()}");
    }
}
