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

    private static void Throw(AgnStatus status, string function)
    {
        string message = $"{function}: {Describe(status)}.";
        throw status switch
        {
            AgnStatus.NullArgument => new ArgumentNullException(function, message),
            AgnStatus.InvalidArgument or AgnStatus.Dtype or AgnStatus.Shape or AgnStatus.Overflow => new ArgumentException(message),
            AgnStatus.OutOfMemory => new OutOfMemoryException(message),
            AgnStatus.Index => new IndexOutOfRangeException(message),
            _ => new InvalidOperationException(message),
        };
    }

    /// <summary>The library's own text for <paramref name="status"/> (agn_status_string).</summary>
    internal static unsafe string Describe(AgnStatus status) =>
        System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)NativeMethods.agn_status_string((int)status)) ?? "unknown status";
}
