using System.Reflection;

namespace Autograd.Fuzz;

/// <summary>What the fuzzer calls: every public method of <c>torch</c> and its nested static classes
/// (functional, linalg, ...), every public instance method and property of <c>Tensor</c>, and the
/// public constructors and methods of the other public classes nested in <c>torch</c> (optimizers,
/// modules). Sorted by signature, so a seed selects the same calls in every process.</summary>
internal static class Targets
{
    /// <summary>Global state a fuzz call must not change (thread counts, defaults), and members that
    /// only exist for object identity or printing.</summary>
    private static readonly HashSet<string> Excluded =
    [
        "set_num_threads", "set_num_interop_threads", "set_default_dtype", "set_printoptions", "set_flush_denormal",
        "set_grad_enabled", "GetType", "GetHashCode", "Equals", "ReferenceEquals", "MemberwiseClone", "Finalize",
        "save", "load",
    ];

    internal static MethodBase[] All()
    {
        var found = new List<MethodBase>();
        var flags = BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (Type t in Nested(typeof(torch)))
        {
            if (t.IsGenericTypeDefinition) continue;
            foreach (MethodInfo m in t.GetMethods(flags))
                if (!Excluded.Contains(m.Name) && !m.IsSpecialName || m.IsSpecialName && m.Name.StartsWith("get_", StringComparison.Ordinal))
                    if (!m.IsStatic == IsInstanceTarget(t) || m.IsStatic) found.Add(m);
            if (!t.IsAbstract && t != typeof(torch.Tensor) && !(t.IsAbstract && t.IsSealed))
                found.AddRange(t.GetConstructors());
        }
        return [.. found.Where(m => Hostile.Supports(m) && (m is not MethodInfo mi || !mi.ContainsGenericParameters || mi.IsGenericMethodDefinition))
            .OrderBy(Signature, StringComparer.Ordinal)];
    }

    private static bool IsInstanceTarget(Type t) => !(t.IsAbstract && t.IsSealed); // not a static class

    private static IEnumerable<Type> Nested(Type t)
    {
        yield return t;
        foreach (Type n in t.GetNestedTypes(BindingFlags.Public))
            foreach (Type x in Nested(n)) yield return x;
    }

    internal static string Signature(MethodBase m) =>
        $"{Name(m.DeclaringType!)}.{m.Name}({string.Join(", ", m.GetParameters().Select(p => p.ParameterType.Name))})";

    internal static string Name(Type t) => t.DeclaringType is null ? t.Name : $"{Name(t.DeclaringType)}.{t.Name}";
}
