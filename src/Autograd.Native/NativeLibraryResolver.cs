using System.Reflection;
using System.Runtime.InteropServices;

namespace Autograd.Native;

/// <summary>
/// Finds <c>autograd_native</c> for this assembly: the path in <c>AUTOGRAD_NATIVE_LIBRARY</c> if set,
/// else <c>runtimes/&lt;rid&gt;/native/</c> beside the assembly (project references and tests), else
/// the runtime's default probing (NuGet's deps.json). Checks the ABI version once at load.
/// </summary>
internal static class NativeLibraryResolver
{
    /// <summary>Environment variable naming the native library file to load instead of the bundled one.</summary>
    internal const string OverrideVariable = "AUTOGRAD_NATIVE_LIBRARY";

    private static int _registered;

    internal static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != NativeMethods.LibraryName) return IntPtr.Zero;
        IntPtr handle = Load(assembly, searchPath);
        CheckAbi(handle);
        return handle;
    }

    private static IntPtr Load(Assembly assembly, DllImportSearchPath? searchPath)
    {
        string? overridePath = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrEmpty(overridePath))
        {
            if (!NativeLibrary.TryLoad(overridePath, out IntPtr h))
                throw new DllNotFoundException($"{OverrideVariable} names '{overridePath}', which could not be loaded.");
            return h;
        }
        string dir = Path.GetDirectoryName(assembly.Location) ?? AppContext.BaseDirectory;
        string file = FileName();
        foreach (string candidate in new[]
                 {
                     Path.Combine(dir, "runtimes", RuntimeIdentifier(), "native", file),
                     Path.Combine(dir, file),
                 })
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out IntPtr h)) return h;
        }
        if (NativeLibrary.TryLoad(NativeMethods.LibraryName, assembly, searchPath, out IntPtr fallback)) return fallback;
        throw new DllNotFoundException(
            $"Could not find the native library '{file}' for {RuntimeIdentifier()} beside {dir} or on the default search path. " +
            $"Build from source (dotnet build runs CMake) or set {OverrideVariable} to its path.");
    }

    private static unsafe void CheckAbi(IntPtr handle)
    {
        var version = (delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "agn_abi_version");
        int actual = version();
        if (actual != NativeMethods.AbiVersion)
            throw new InvalidOperationException(
                $"autograd_native ABI version {actual} does not match the bindings' version {NativeMethods.AbiVersion}: " +
                "the native library and Autograd.Native.dll come from different builds.");
    }

    private static string FileName() =>
        OperatingSystem.IsWindows() ? "autograd_native.dll"
        : OperatingSystem.IsMacOS() ? "libautograd_native.dylib"
        : "libautograd_native.so";

    private static string RuntimeIdentifier()
    {
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        return $"{os}-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
    }
}
