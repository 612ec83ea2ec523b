using System.Text.Json.Nodes;

namespace Wasmcloud.Silo.Kubernetes.Crds;

/// <summary>One CustomResourceDefinition made from the model: its object, and the file it is committed as.</summary>
public sealed record GeneratedCrd(string Kind, string FileName, JsonObject Definition)
{
    public const string Header = "Generated from the C# model (Grains.Abstractions/Model) by tools/CrdGen; do not edit.\nRefresh with: dotnet run --project tools/CrdGen";

    public string Yaml => CrdYaml.Write(Definition, Header);
}
