using System.Reflection;
using Autograd;

namespace Autograd.Tests;

/// <summary>Every public op has an op-table entry: a new Tensor method without parity and gradcheck
/// coverage fails here.</summary>
public class OpTableCoverageTests
{
    /// <summary>Members that are not ops with values to compare: accessors, conversions, creation,
    /// autograd API (tested in EngineTests), element access (tested in behaviour tests).</summary>
    private static readonly HashSet<string> NotOps =
    [
        "ToString", "Equals", "GetHashCode", "GetType", "Dispose", "item", "ToArray", "data", "numel", "dim", "size",
        "stride", "storage_offset", "is_contiguous", "is_floating_point", "equal", "shape",
        "backward", "detach", "detach_", "requires_grad_", "with_requires_grad", "retain_grad",
        "register_hook", "register_post_accumulate_grad_hook", // hooks: HookTests
        "is_inference",                                // a flag, not a value: InferenceModeTests
        "to_type", "float", "double", "long", "bool", // conversions: covered by the "to" cases
        "int", "short", "char", "byte", "half", "bfloat16", "type", "ToHalf", // and every pair in DtypeConversionTests
        "all", "any",                                  // bool reductions to a .NET-checked scalar; EngineTests/behaviour
        "zero_", "fill_", "copy_",                     // in-place writes: behaviour tests
        "resize_",                                     // shape and storage only, no values: MatmulOutTests
        "get_Item", "set_Item",                        // indexers: IndexingBehaviourTests
        "expand_as", "broadcast_to",                   // aliases of expand
        "ToSingle", "ToDouble", "ToInt32", "ToInt64", "ToBoolean", "ToScalar", "allclose", "cpu", "cuda", // scalars, devices: ConvenienceTests
        "AsParameter",                                 // wraps the storage as an nn Parameter: ModuleTests
        // random draws: no gradient, values compared bit for bit with LibTorch in Random/DistributionTests
        "uniform_", "normal_", "random_", "bernoulli", "bernoulli_", "exponential_", "multinomial",
    ];

    [Fact]
    public void Every_public_tensor_op_has_an_op_table_entry()
    {
        var ops = OpTable.All.Select(c => c.Op).ToHashSet();
        var methods = typeof(Tensor).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName || m.Name.StartsWith("get_Item") || m.Name.StartsWith("set_Item"))
            .Select(m => m.Name)
            .Where(n => !NotOps.Contains(n))
            .Distinct()
            .OrderBy(n => n)
            .ToArray();
        string[] missing = methods.Where(n => !ops.Contains(n) && !ops.Contains(n.TrimEnd('_'))).ToArray();
        Assert.True(missing.Length == 0, "ops without an op-table entry: " + string.Join(", ", missing));
    }
}
