namespace Wasmcloud.Silo.Hosting;

/// <summary>Where the operator lives: Host objects are kept in this namespace.</summary>
public sealed class OperatorOptions
{
    public const string SectionName = "Operator";

    public const string DefaultNamespace = "wasmcloud-system";

    public string Namespace { get; set; } = DefaultNamespace;
}
