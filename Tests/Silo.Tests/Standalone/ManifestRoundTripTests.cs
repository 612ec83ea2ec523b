using System.Text.Json;
using System.Text.Json.Nodes;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Standalone;
using YamlDotNet.RepresentationModel;

namespace Wasmcloud.Silo.Tests.Standalone;

/// <summary>
/// Every reference manifest survives YAML → model → JSON with no field lost (only CRD defaults added), and the
/// model's JSON is a fixed point.
/// </summary>
public sealed class ManifestRoundTripTests
{
    public static readonly string ReferenceFolder = Path.Combine(AppContext.BaseDirectory, "Standalone", "TestData", "Reference");

    public static TheoryData<string> ManagedDocuments()
    {
        var data = new TheoryData<string>();
        foreach (var (file, index, _) in Documents().Where(d => d.Kind is not null))
        {
            data.Add($"{file}#{index}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ManagedDocuments))]
    public void Yaml_to_model_to_json_loses_no_field(string document)
    {
        var (json, kind) = Load(document);
        var expected = WithCrdDefaults(json.DeepClone().AsObject(), kind);

        var model = (KubeObject)json.Deserialize(kind.Type, ModelJson.Options)!;
        var written = JsonSerializer.SerializeToNode(model, kind.Type, ModelJson.Options);

        Assert.Equal(JsonCanonical.Of(expected), JsonCanonical.Of(written));
    }

    [Theory]
    [MemberData(nameof(ManagedDocuments))]
    public void Model_json_is_stable(string document)
    {
        var (json, kind) = Load(document);
        var once = JsonSerializer.SerializeToNode(json.Deserialize(kind.Type, ModelJson.Options), kind.Type, ModelJson.Options);

        var twice = JsonSerializer.SerializeToNode(once.Deserialize(kind.Type, ModelJson.Options), kind.Type, ModelJson.Options);

        Assert.Equal(JsonCanonical.Of(once), JsonCanonical.Of(twice));
    }

    [Fact]
    public void The_reference_folder_loads_without_errors_or_dropped_fields()
    {
        var parsed = ManifestLoader.ReadFolder(ReferenceFolder);

        Assert.Empty(parsed.Errors);
        Assert.Empty(parsed.Warnings);
        Assert.Equal(8, parsed.Objects.Count);
        var skipped = Assert.Single(parsed.Skipped);
        Assert.Equal(("autoscaler.yaml", 2), (skipped.File, skipped.Line));
        Assert.Contains("HorizontalPodAutoscaler", skipped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reference_fields_arrive_in_the_model()
    {
        var objects = ManifestLoader.ReadFolder(ReferenceFolder).Objects.Select(o => o.Object).ToList();

        var host = objects.OfType<Host>().Single();
        Assert.Equal(("6f1c1a4e-4a42-4f53-9f5b-0d6c5b9c1a11", "10.244.0.17", 8080u, "production"), (host.HostId, host.Hostname, host.HttpPort, host.Environment));

        var plugins = objects.OfType<WorkloadDeployment>().Single(d => d.Name == "plugins").Spec.Template.Spec.HostInterfaces!;
        Assert.Equal(9, plugins.Count);
        Assert.Equal("0.2.0", plugins[3].Version);
        Assert.Equal("0.2.0-draft", plugins[1].Version);
        Assert.Equal(["oci-registry-auth"], plugins[6].SecretFrom!.Select(s => s.Name));
        Assert.Equal(("cache", "cache-kv"), (plugins[7].Name, plugins[7].Config!["bucket"]));
        Assert.Equal("oci-registry.wasmcloud-system,oci-registry.wasmcloud-system.svc,127.0.0.1", plugins[4].Config!["host-aliases"]);

        var workload = objects.OfType<Workload>().Single();
        Assert.Equal(8, workload.Spec.Components![0].LocalResources!.AllowedHosts!.Count);
        Assert.NotNull(workload.Spec.Volumes![0].Ephemeral);
        Assert.Equal("/var/lib/wasm-data", workload.Spec.Volumes[1].HostPath!.Path);
        Assert.Equal("web", workload.Spec.ServiceName);
        Assert.Equal(0, workload.Spec.Service!.MaxRestarts);

        var deployment = objects.OfType<WorkloadDeployment>().Single(d => d.Name == "hello-world");
        Assert.Equal((1, DeployPolicies.RollingUpdate, "default"), (deployment.Spec.Replicas, deployment.Spec.DeployPolicy, deployment.Namespace));
    }

    /// <summary>What the API server would add on create: the CRDs' defaults, and the model writes generation 0.</summary>
    private static JsonObject WithCrdDefaults(JsonObject json, KubeKind kind)
    {
        json["metadata"]!.AsObject().TryAdd("generation", 0);
        var spec = json["spec"] as JsonObject;
        switch (kind.Kind)
        {
            case "WorkloadDeployment":
                spec!.TryAdd("replicas", 1);
                spec.TryAdd("deployPolicy", DeployPolicies.RollingUpdate);
                DefaultService(spec["template"]?["spec"]);
                break;
            case "WorkloadReplicaSet":
                spec!.TryAdd("replicas", 1);
                DefaultService(spec["template"]?["spec"]);
                break;
            case "Workload":
                DefaultService(spec);
                break;
        }

        return json;
    }

    private static void DefaultService(JsonNode? workloadSpec)
    {
        if (workloadSpec?["service"] is JsonObject service)
        {
            service.TryAdd("maxRestarts", 0);
        }
    }

    private static (JsonObject Json, KubeKind Kind) Load(string document)
    {
        var (file, index, kind) = Documents().Single(d => $"{d.File}#{d.Index}" == document);
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(ReferenceFolder, file))));
        return (YamlJsonConverter.ToJson(stream.Documents[index].RootNode)!.AsObject(), kind!);
    }

    private static IEnumerable<(string File, int Index, KubeKind? Kind)> Documents()
    {
        foreach (var path in Directory.EnumerateFiles(ReferenceFolder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            for (var i = 0; i < stream.Documents.Count; i++)
            {
                var json = YamlJsonConverter.ToJson(stream.Documents[i].RootNode)!;
                yield return (Path.GetFileName(path), i, KubeKind.ByKind((string)json["apiVersion"]!, (string)json["kind"]!));
            }
        }
    }
}
