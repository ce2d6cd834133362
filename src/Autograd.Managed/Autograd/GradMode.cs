namespace Autograd;

/// <summary>
/// Thread-local grad mode (PyTorch's GradMode): when disabled, ops record no graph. Each thread starts
/// enabled. Guards returned by <see cref="torch.no_grad"/>, <see cref="torch.enable_grad"/> and
/// <see cref="torch.set_grad_enabled"/> restore the previous mode on <see cref="IDisposable.Dispose"/>,
/// so they nest.
/// </summary>
internal static class GradMode
{
    [ThreadStatic] private static bool t_disabled;

    internal static bool IsEnabled => !t_disabled;

    internal static void Set(bool enabled) => t_disabled = !enabled;
}

/// <summary>Restores the grad mode that was active when it was created. Returned by
/// <see cref="torch.no_grad"/> and friends; use it in a <c>using</c> block. A struct, so a
/// <c>using (torch.no_grad())</c> in a training loop allocates nothing.</summary>
public struct GradModeGuard : IDisposable
{
    private readonly bool _previous;
    private bool _disposed;

    internal GradModeGuard(bool enabled)
    {
        _previous = GradMode.IsEnabled;
        _disposed = false;
        GradMode.Set(enabled);
    }

    /// <summary>Restores the previous grad mode (once per guard variable; later calls do nothing).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        GradMode.Set(_previous);
    }
}
