namespace Autograd;

/// <summary>Device kinds, as in TorchSharp. Autograd.Native computes on the CPU only.</summary>
public enum DeviceType
{
    /// <summary>The CPU.</summary>
    CPU = 0,
    /// <summary>CUDA (not supported).</summary>
    CUDA = 1,
}

/// <summary>
/// A compute device. Only the CPU exists here; the type lets TorchSharp code that passes
/// <c>device: torch.CPU</c> compile, and any other device is rejected with <see cref="NotSupportedException"/>.
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

    /// <summary>Parses "cpu" (any other device is not supported).</summary>
    public Device(string description) : this(Parse(description)) { }

    private Device(DeviceType type) : this(type, -1) { }

    private static DeviceType Parse(string description) =>
        description.Trim().Equals("cpu", StringComparison.OrdinalIgnoreCase) ? DeviceType.CPU
        : throw new NotSupportedException($"device '{description}' is not supported: Autograd.Native runs on the CPU.");

    internal static void Check(Device? device)
    {
        if (device is not null && device.type != DeviceType.CPU)
            throw new NotSupportedException($"device {device} is not supported: Autograd.Native runs on the CPU.");
    }

    /// <inheritdoc/>
    public override string ToString() => type == DeviceType.CPU ? "cpu" : $"{type.ToString().ToLowerInvariant()}:{index}";
}
