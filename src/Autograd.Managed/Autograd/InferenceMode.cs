namespace Autograd;

/// <summary>
/// Note [Inference mode]: thread-local, like grad mode. Entering it disables grad mode; storage allocated
/// while it is on is marked as inference storage, and every tensor on such storage is an inference tensor
/// (a view of a normal tensor made inside the mode stays normal, as in PyTorch, because it shares normal
/// storage). Outside the mode an inference tensor cannot be saved for backward (<see cref="SavedTensor"/>),
/// modified in place (<see cref="CheckInplace"/>) or made to require grad. The mark sits in the storage's
/// padding, and allocation tests a process-wide count of open scopes before the thread-local flag, so code
/// that never enters the mode pays one static read per allocation.
/// </summary>
internal static class InferenceMode
{
    [ThreadStatic] private static bool t_enabled;
    private static int s_openScopes; // guards with mode on, over all threads: the fast test at allocation

    internal static bool IsEnabled => t_enabled;

    /// <summary>Whether storage allocated now is inference storage.</summary>
    internal static bool Allocating => Volatile.Read(ref s_openScopes) != 0 && t_enabled;

    internal static bool Enter(bool enabled)
    {
        bool previous = t_enabled;
        if (enabled) Interlocked.Increment(ref s_openScopes);
        t_enabled = enabled;
        return previous;
    }

    internal static void Exit(bool entered, bool previous)
    {
        t_enabled = previous;
        if (entered) Interlocked.Decrement(ref s_openScopes);
    }

    /// <summary>PyTorch's check before an in-place write (also out=): an inference tensor is writable only
    /// inside inference mode.</summary>
    internal static void CheckInplace(Tensor self)
    {
        if (self._storage.IsInference && !t_enabled)
            throw new InvalidOperationException(
                "Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal " +
                "tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.");
    }

    internal const string SavedMessage =
        "Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode in computation tracked by " +
        "autograd. To work around this, you can make a clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` " +
        "instead of `torch.inference_mode()`.";
}

/// <summary>Restores the inference mode and grad mode that were active when it was created. Returned by
/// <see cref="torch.inference_mode"/>; use it in a <c>using</c> block. Guards nest.</summary>
public struct InferenceModeGuard : IDisposable
{
    private readonly bool _entered, _previous;
    private GradModeGuard _grad;
    private bool _disposed;

    internal InferenceModeGuard(bool mode)
    {
        // PyTorch's InferenceMode(mode): grad mode is the opposite of the inference flag
        _grad = new GradModeGuard(!mode);
        _entered = mode;
        _previous = InferenceMode.Enter(mode);
        _disposed = false;
    }

    /// <summary>Restores the previous modes (once per guard variable; later calls do nothing).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        InferenceMode.Exit(_entered, _previous);
        _grad.Dispose();
    }
}

public static partial class torch
{
    /// <summary>
    /// Enters inference mode on this thread until the returned guard is disposed (PyTorch's
    /// <c>torch.inference_mode</c>): no history is recorded, and tensors allocated inside are inference tensors
    /// (<see cref="Tensor.is_inference"/>), which cannot later be saved for backward, modified in place or
    /// made to require grad outside the mode. <c>inference_mode(false)</c> leaves the mode and enables grad mode
    /// for the scope. Guards nest.
    /// </summary>
    public static InferenceModeGuard inference_mode(bool mode = true) => new(mode);

    /// <summary>Whether inference mode is on for this thread.</summary>
    public static bool is_inference_mode_enabled() => InferenceMode.IsEnabled;

    /// <summary>Whether <paramref name="input"/> is an inference tensor (see <see cref="inference_mode"/>).</summary>
    public static bool is_inference(Tensor input) => input.is_inference();

    public partial class Tensor
    {
        /// <summary>Whether this is an inference tensor: its memory was allocated inside
        /// <see cref="torch.inference_mode"/>.</summary>
        public bool is_inference() => _storage.IsInference;
    }
}
