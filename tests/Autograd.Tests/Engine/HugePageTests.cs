using System.Globalization;
using System.Runtime.CompilerServices;
using Autograd;

namespace Autograd.Tests;

/// <summary>Note [Huge pages]: a new storage of 2 MB or more has the whole 2 MB pages inside it advised for
/// transparent huge pages before anything writes it. Checked in /proc/self/smaps, where an advised range is
/// a mapping whose VmFlags carry "hg". Linux with transparent huge pages only (a kernel without them takes no
/// advice); elsewhere the call must still succeed and the values be right.</summary>
public class HugePageTests
{
    private const long HugePage = 2 << 20;

    private static readonly bool KernelHasThp = OperatingSystem.IsLinux() && File.Exists("/sys/kernel/mm/transparent_hugepage/enabled");

    private static unsafe nint Address(Tensor t) => (nint)Unsafe.AsPointer(ref t._storage.Ref);

    /// <summary>Whether the mapping holding <paramref name="lo"/> spans up to <paramref name="hi"/> and is advised.</summary>
    private static bool Advised(long lo, long hi)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-'), space = line.IndexOf(' ');
            if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, null, out long start)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, null, out long end))
            {
                inside = start <= lo && hi <= end;
                continue;
            }
            if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal)) return line.Contains(" hg", StringComparison.Ordinal);
        }
        return false;
    }

    [Theory]
    [InlineData(1_048_576 * 3)]      // 12 MB of float32
    [InlineData(1_048_576 + 12_345)] // just over 4 MB: at least one whole huge page inside
    public void A_large_storage_is_advised_for_huge_pages(int n)
    {
        Tensor t = torch.arange(n, dtype: ScalarType.Float32);
        long start = Address(t), bytes = 4L * n;
        long lo = (start + HugePage - 1) & ~(HugePage - 1), hi = (start + bytes) & ~(HugePage - 1);
        Assert.True(hi > lo);
        if (KernelHasThp) Assert.True(Advised(lo, hi), $"[{lo:x}, {hi:x}) is not advised");
        float[] values = t.ToArray<float>();
        for (int i = 0; i < n; i += 4099) Assert.Equal(i, values[i]);
        Assert.Equal(n - 1, values[^1]);
    }
}
