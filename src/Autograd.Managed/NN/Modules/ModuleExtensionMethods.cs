namespace Autograd;

/// <summary>TorchSharp's typed <c>to</c> conversions of a module (they return the module's own type).</summary>
public static class ModuleExtensionMethods
{
    /// <summary>Converts the module's floating parameters and buffers to <paramref name="type"/> in place; returns it.</summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> is not floating.</exception>
    public static T to<T>(this T module, ScalarType type, bool non_blocking = false) where T : torch.nn.Module =>
        (T)module._to(type, non_blocking);

    /// <summary>Converts to <paramref name="type"/> on <paramref name="device"/> (only the CPU exists).</summary>
    public static T to<T>(this T module, Device device, ScalarType type, bool non_blocking = false) where T : torch.nn.Module =>
        (T)module._to(device, non_blocking)._to(type, non_blocking);

    /// <summary>Moves to <paramref name="device"/>: only the CPU exists.</summary>
    public static T to<T>(this T module, Device device, bool non_blocking = false) where T : torch.nn.Module =>
        (T)module._to(device, non_blocking);

    /// <summary>Moves to the device named <paramref name="device"/> (e.g. "cpu"): only the CPU exists.</summary>
    public static T to<T>(this T module, string device, bool non_blocking = false) where T : torch.nn.Module =>
        (T)module._to(new Device(device), non_blocking);

    /// <summary>Moves to a device kind: only the CPU exists.</summary>
    public static T to<T>(this T module, DeviceType deviceType, int deviceIndex = -1, bool non_blocking = false)
        where T : torch.nn.Module =>
        (T)module._to(new Device(deviceType, deviceIndex), non_blocking);

    /// <summary>Converts to <paramref name="other"/>'s dtype (and device: the CPU).</summary>
    public static T to<T>(this T module, torch.Tensor other, bool non_blocking = false) where T : torch.nn.Module =>
        module.to(other.dtype, non_blocking);

    /// <summary>Moves to the CPU, where everything already is.</summary>
    public static T cpu<T>(this T module, bool non_blocking = false) where T : torch.nn.Module => module;

    /// <summary>Converts floating parameters and buffers to float32.</summary>
    public static T @float<T>(this T module, bool non_blocking = false) where T : torch.nn.Module =>
        module.to(ScalarType.Float32, non_blocking);

    /// <summary>Converts floating parameters and buffers to float64.</summary>
    public static T @double<T>(this T module, bool non_blocking = false) where T : torch.nn.Module =>
        module.to(ScalarType.Float64, non_blocking);
}
