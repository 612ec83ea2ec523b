using System.Text.Json.Nodes;

namespace Wasmcloud.Silo.Kubernetes.Crds;

/// <summary>One CustomResourceDefinition made from code: its object, the file it is committed as, and the code it comes from.</summary>
public sealed record GeneratedCrd(string Kind, string FileName, JsonObject Definition, string Source = GeneratedCrd.ModelSource)
{
    public const string ModelSource = "the C# model (Grains.Abstractions/Model)";

    public string Header => $"Generated from {Source} by tools/CrdGen; do not edit.\nRefresh with: dotnet run --project tools/CrdGen";

    public string Yaml => CrdYaml.Write(Definition, Header);
}
