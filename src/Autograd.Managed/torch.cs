namespace Autograd;

/// <summary>
/// PyTorch's <c>torch</c> namespace as a static class (spelled as TorchSharp spells it): creation
/// functions, grad-mode control, dtype aliases and functional forms of every op. The members are
/// spread over the op files (<c>partial</c>); this file holds the dtype aliases and grad mode.
/// </summary>
public static partial class torch
{
    /// <summary>torch.float32.</summary>
    public const ScalarType float32 = ScalarType.Float32;
    /// <summary>torch.float (float32).</summary>
    public const ScalarType @float = ScalarType.Float32;
    /// <summary>torch.float64.</summary>
    public const ScalarType float64 = ScalarType.Float64;
    /// <summary>torch.double (float64).</summary>
    public const ScalarType @double = ScalarType.Float64;
    /// <summary>torch.int64.</summary>
    public const ScalarType int64 = ScalarType.Int64;
    /// <summary>torch.long (int64).</summary>
    public const ScalarType @long = ScalarType.Int64;
    /// <summary>torch.bool.</summary>
    public const ScalarType @bool = ScalarType.Bool;
    /// <summary>torch.uint8.</summary>
    public const ScalarType uint8 = ScalarType.Byte;
    /// <summary>torch.int8.</summary>
    public const ScalarType int8 = ScalarType.Int8;
    /// <summary>torch.int16.</summary>
    public const ScalarType int16 = ScalarType.Int16;
    /// <summary>torch.short (int16).</summary>
    public const ScalarType @short = ScalarType.Int16;
    /// <summary>torch.int32.</summary>
    public const ScalarType int32 = ScalarType.Int32;
    /// <summary>torch.int (int32).</summary>
    public const ScalarType @int = ScalarType.Int32;
    /// <summary>torch.float16.</summary>
    public const ScalarType float16 = ScalarType.Float16;
    /// <summary>torch.half (float16).</summary>
    public const ScalarType half = ScalarType.Float16;
    /// <summary>torch.bfloat16.</summary>
    public const ScalarType bfloat16 = ScalarType.BFloat16;

    /// <summary>The CPU device.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>Disables history recording on this thread until the returned guard is disposed.</summary>
    public static GradModeGuard no_grad() => new(false);

    /// <summary>Enables history recording on this thread until the returned guard is disposed.</summary>
    public static GradModeGuard enable_grad(bool enabled = true) => new(enabled);

    /// <summary>Sets history recording on this thread until the returned guard is disposed.</summary>
    public static GradModeGuard set_grad_enabled(bool mode = true) => new(mode);

    /// <summary>Whether history recording is enabled on this thread.</summary>
    public static bool is_grad_enabled() => GradMode.IsEnabled;

    /// <summary>Sets the number of threads native kernels use above their grain size.</summary>
    public static void set_num_threads(int num) =>
        Native.NativeStatus.Check(Native.NativeMethods.agn_set_num_threads(num >= 1 ? num
            : throw new ArgumentOutOfRangeException(nameof(num), "Number of threads must be positive")), "agn_set_num_threads");

    /// <summary>The number of threads native kernels use.</summary>
    public static int get_num_threads() => Native.NativeMethods.agn_get_num_threads();

    /// <summary>PyTorch's <c>torch.set_flush_denormal</c>: with <paramref name="mode"/> true, subnormal
    /// floating-point values (below 1.18e-38 in float32, 2.23e-308 in float64) are read as zero and
    /// results that would be subnormal are written as zero; false restores IEEE behaviour. Subnormal
    /// arithmetic is roughly ten times slower on x86 (an optimizer's moments decay into that range when
    /// a gradient stays near zero), which this avoids. Returns true if the CPU supports it (x86 with
    /// SSE3), false otherwise, and then changes nothing.</summary>
    /// <remarks>As in PyTorch, it is a setting of the calling thread's floating-point unit: it applies to
    /// every operation this thread runs, including the library's kernels on its worker threads (they
    /// take the calling thread's setting for each call, so results do not depend on the thread count),
    /// and to this thread's own .NET floating-point code. Other threads keep their own setting.</remarks>
    public static bool set_flush_denormal(bool mode) => Native.NativeMethods.agn_set_flush_denormal(mode ? 1 : 0) != 0;
}
