namespace Autograd.Native;

/// <summary>The one place where a native status becomes a .NET exception.</summary>
/// <remarks>
/// The managed layer validates every argument first and throws PyTorch-worded exceptions, so reaching
/// a throw here means a managed check is missing: the message names the native function so the gap
/// is easy to find.
/// </remarks>
internal static class NativeStatus
{
    /// <summary>Throws when <paramref name="status"/> is not <see cref="AgnStatus.Ok"/>.</summary>
    internal static void Check(AgnStatus status, string function)
    {
        if (status != AgnStatus.Ok) Throw(status, function);
    }

    private static void Throw(AgnStatus status, string function) => throw (status switch
    {
        AgnStatus.NullArgument => new ArgumentNullException(function, $"{function}: a required pointer was null."),
        AgnStatus.InvalidArgument => new ArgumentException($"{function}: invalid argument."),
        AgnStatus.Dtype => new ArgumentException($"{function}: unsupported or mismatched dtype."),
        AgnStatus.Shape => new ArgumentException($"{function}: operand shapes do not fit the operation."),
        AgnStatus.OutOfMemory => new OutOfMemoryException($"{function}: native scratch allocation failed."),
        AgnStatus.Index => new IndexOutOfRangeException($"{function}: index out of range."),
        _ => new InvalidOperationException($"{function}: unknown native status {(int)status}."),
    });
}
