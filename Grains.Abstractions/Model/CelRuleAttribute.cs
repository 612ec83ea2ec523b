namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>
/// A CEL validation rule the API server checks on this field (<c>x-kubernetes-validations</c> in the generated CRD),
/// as the reference CRD declares it with kubebuilder markers. The operator validates the same constraint in code too,
/// because a CRD may be installed without it (or served by an API server without CEL).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;

    public string Message { get; } = message;
}
