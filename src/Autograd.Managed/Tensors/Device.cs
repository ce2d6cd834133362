namespace Autograd;

/// <summary>Device kinds, as in TorchSharp. Autograd.Native computes on the CPU only.</summary>
public enum DeviceType
{
    /// <summary>The CPU.</summary>
    CPU = 0,
    /// <summary>CUDA (not supported).</summary>
    CUDA = 1,
    /// <summary>Apple's Metal Performance Shaders (not supported; TorchSharp's value).</summary>
    MPS = 13,
}

/// <summary>
/// A compute device. Only the CPU computes here; the type lets TorchSharp code that passes
/// <c>device: torch.CPU</c> (or names CUDA) compile. Describing a CUDA device works, as in PyTorch;
/// using one throws PyTorch's <c>Torch not compiled with CUDA enabled</c> (<see cref="NotSupportedException"/>).
/// </summary>
public sealed class Device
{
    /// <summary>The device kind.</summary>
    public DeviceType type { get; }
    /// <summary>The device index (-1 for the CPU).</summary>
    public int index { get; }

    /// <summary>Creates a device description.</summary>
    public Device(DeviceType type, int index = -1)
    {
        this.type = type;
        this.index = index;
    }

    /// <summary>Parses "cpu", "cuda" or "cuda:N" (other device kinds are not supported).</summary>
    public Device(string description) : this(Parse(description, out int index), index) { }

    private Device(DeviceType type) : this(type, -1) { }

    private static DeviceType Parse(string description, out int index)
    {
        string d = description.Trim().ToLowerInvariant();
        index = -1;
        if (d == "cpu") return DeviceType.CPU;
        if (d == "cuda") return DeviceType.CUDA;
        if (d.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(d.AsSpan(5), out index) && index >= 0) return DeviceType.CUDA;
        throw new NotSupportedException($"device '{description}' is not supported: Autograd.Native runs on the CPU.");
    }

    /// <summary>PyTorch's error for a CUDA request in a build without CUDA.</summary>
    internal static NotSupportedException NoCuda() => new("Torch not compiled with CUDA enabled");

    internal static void Check(Device? device)
    {
        if (device is null || device.type == DeviceType.CPU) return;
        if (device.type == DeviceType.CUDA) throw NoCuda();
        throw new NotSupportedException($"device {device} is not supported: Autograd.Native runs on the CPU.");
    }

    /// <inheritdoc/>
    public override string ToString() =>
        type == DeviceType.CPU ? "cpu" : index < 0 ? type.ToString().ToLowerInvariant() : $"{type.ToString().ToLowerInvariant()}:{index}";
}
