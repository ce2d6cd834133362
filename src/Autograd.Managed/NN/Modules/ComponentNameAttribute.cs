namespace Autograd.Utils;

/// <summary>The name a field registers under in <c>Module.RegisterComponents()</c> (and so its key in
/// <c>state_dict()</c>) instead of the field's own name, as TorchSharp's attribute of the same name.</summary>
[AttributeUsage(AttributeTargets.Field)]
public class ComponentNameAttribute : Attribute
{
    /// <summary>The component's name.</summary>
    public string Name { get; set; } = "";
}
