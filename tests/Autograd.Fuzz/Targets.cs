using System.Reflection;

namespace Autograd.Fuzz;

/// <summary>What the fuzzer calls, found by reflection so ops added later are covered without a list:
/// every public method of every public type of the library (<c>torch</c> and its nested static classes
/// such as <c>nn.functional</c> and <c>linalg</c>, every instance method and property getter of
/// <c>Tensor</c>, optimizers, modules, schedulers), and the public constructors of its concrete classes.
/// Sorted by signature, so a seed selects the same calls in every process.</summary>
internal static class Targets
{
    /// <summary>Global state a fuzz call must not change (thread counts, defaults, the seed), and members
    /// that only exist for object identity.</summary>
    private static readonly HashSet<string> Excluded =
    [
        "set_num_threads", "set_num_interop_threads", "set_default_dtype", "set_printoptions", "set_flush_denormal",
        "set_grad_enabled", "GetType", "GetHashCode", "Equals", "ReferenceEquals", "MemberwiseClone", "Finalize",
        "save", "load",
        "seed", // reseeds from entropy: the run would no longer replay from its seed
        "enter_dual_level", "dual_level", // open the process-wide forward AD level for every later call
    ];

    /// <summary>Names of parameters that are file paths: file I/O is not this fuzzer's business (a
    /// hostile path only finds the file system's answers), so methods taking one are left out.</summary>
    private static readonly HashSet<string> PathParameters = ["f", "file", "filename", "path"];

    private static bool TakesPath(MethodBase m) =>
        m.GetParameters().Any(p => p.ParameterType == typeof(string) && PathParameters.Contains(p.Name ?? ""));

    internal static MethodBase[] All()
    {
        var found = new List<MethodBase>();
        var flags = BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (Type t in typeof(torch).Assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (t.IsGenericTypeDefinition) continue;
            foreach (MethodInfo m in t.GetMethods(flags))
                if (!Excluded.Contains(m.Name) && !m.IsSpecialName || m.IsSpecialName && m.Name.StartsWith("get_", StringComparison.Ordinal))
                    if (!m.IsStatic == IsInstanceTarget(t) || m.IsStatic) found.Add(m);
            if (!t.IsAbstract && t != typeof(torch.Tensor) && !(t.IsAbstract && t.IsSealed))
                found.AddRange(t.GetConstructors());
        }
        return [.. found.Where(m => Hostile.Supports(m) && !TakesPath(m) && (m is not MethodInfo mi || !mi.ContainsGenericParameters || mi.IsGenericMethodDefinition))
            .OrderBy(Signature, StringComparer.Ordinal)];
    }

    private static bool IsInstanceTarget(Type t) => !(t.IsAbstract && t.IsSealed); // not a static class

    internal static string Signature(MethodBase m) =>
        $"{Name(m.DeclaringType!)}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})";

    internal static string Name(Type t) => t.DeclaringType is null ? t.Name : $"{Name(t.DeclaringType)}.{t.Name}";
}
