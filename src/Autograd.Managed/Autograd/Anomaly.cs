namespace Autograd;

/// <summary>
/// PyTorch's anomaly mode: while on, every recorded node keeps the stack trace of the forward call that created it,
/// and a backward node whose output holds NaN stops the pass with PyTorch's message naming the node (the forward
/// trace is in the exception's <c>Data["forward_stack_trace"]</c>). Process-wide, as PyTorch's; off by default,
/// and then costs one static field test per recorded op and per node run.
/// </summary>
internal static class AnomalyMode
{
    internal static volatile bool Enabled;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Node, string> s_traces = new();

    internal static void Record(Node node) => s_traces.AddOrUpdate(node, Environment.StackTrace);

    /// <summary>Throws when an output of <paramref name="node"/>'s backward holds NaN.</summary>
    internal static void Check(Node node, Tensor?[] outputs)
    {
        for (int i = 0; i < outputs.Length; i++)
        {
            if (outputs[i] is not Tensor g || !DType.IsFloating(g._dtype)) continue;
            bool nan;
            using (torch.no_grad()) nan = g.isnan().any().item<bool>();
            if (!nan) continue;
            var ex = new InvalidOperationException($"Function '{node.name()}' returned nan values in its {i}th output.");
            if (s_traces.TryGetValue(node, out string? trace)) ex.Data["forward_stack_trace"] = trace;
            throw ex;
        }
    }
}

/// <summary>Restores the anomaly mode that was active when it was created; returned by
/// <see cref="torch.autograd.detect_anomaly"/>.</summary>
public struct AnomalyModeGuard : IDisposable
{
    private readonly bool _previous;
    private bool _disposed;

    internal AnomalyModeGuard(bool enabled)
    {
        _previous = AnomalyMode.Enabled;
        _disposed = false;
        AnomalyMode.Enabled = enabled;
    }

    /// <summary>Restores the previous mode (once; later calls do nothing).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        AnomalyMode.Enabled = _previous;
    }
}

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>Turns anomaly detection on (in a <c>using</c> block): a backward node returning NaN throws
        /// <c>Function 'DivBackward0' returned nan values in its 0th output.</c>, with the forward call's stack trace
        /// in the exception's <c>Data["forward_stack_trace"]</c>. Slows ops and backward; for debugging.</summary>
        public static AnomalyModeGuard detect_anomaly() => new(true);

        /// <summary>Sets anomaly detection on or off (see <see cref="detect_anomaly"/>).</summary>
        public static void set_detect_anomaly(bool mode) => AnomalyMode.Enabled = mode;

        /// <summary>Whether anomaly detection is on.</summary>
        public static bool is_anomaly_enabled() => AnomalyMode.Enabled;
    }
}
