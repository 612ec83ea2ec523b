using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Standalone;
using Wasmcloud.TestInfrastructure.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace Wasmcloud.Silo.Tests.Kubernetes;

/// <summary>
/// Every manifest we ship or test with is one an API server serving the generated CRDs accepts, and accepts whole:
/// the schema prunes nothing the manifest says (pruning is silent on a real cluster, so this is where it shows).
/// </summary>
public sealed class SampleManifestTests : IClassFixture<FakeApiServerFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly FakeApiServerFixture _fixture;

    public SampleManifestTests(FakeApiServerFixture fixture)
    {
        _fixture = fixture;
        fixture.Server.InstallWasmcloudCrds();
    }

    public static TheoryData<string> Manifests()
    {
        var files = Directory.GetFiles(RepositoryFiles.PathOf("samples"), "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(RepositoryFiles.PathOf("Tests/Silo.Tests/Standalone/TestData"), "*.yaml", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(RepositoryFiles.Root, f))
            .Order(StringComparer.Ordinal);
        return [.. files];
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public async Task The_api_server_accepts_every_document_without_pruning_it(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(await File.ReadAllTextAsync(RepositoryFiles.PathOf(file), _ct)));
        var ns = FakeApiServerFixture.NewNamespace();
        var index = 0;
        foreach (var document in stream.Documents)
        {
            var source = YamlJsonConverter.ToJson(document.RootNode)!.AsObject();
            var metadata = source["metadata"] as JsonObject ?? [];
            source["metadata"] = metadata;
            // Excerpts of the reference (the autoscaler) carry no name; any name will do for the schema.
            metadata["name"] ??= $"document-{index++}";
            metadata.Remove("namespace");

            var apiVersion = source["apiVersion"]!.GetValue<string>();
            var kind = source["kind"]!.GetValue<string>();
            var known = KubeKind.ByKind(apiVersion, kind);
            var (group, version) = apiVersion.Contains('/', StringComparison.Ordinal) ? (apiVersion.Split('/')[0], apiVersion.Split('/')[1]) : ("", apiVersion);
            var plural = known?.Plural ?? kind.ToLowerInvariant() + "s";

            var created = await _fixture.Client.CustomObjects.CreateNamespacedCustomObjectAsync(source, group, version, ns, plural, cancellationToken: _ct);
            var stored = JsonSerializer.SerializeToNode(created);

            var submitted = (JsonObject)source.DeepClone();
            // The status subresource ignores status on create; everything else must survive.
            submitted.Remove("status");
            var dropped = ManifestParser.DroppedFields(submitted, stored).ToList();
            Assert.True(dropped.Count == 0, $"{file}: {kind} {metadata["name"]} lost {string.Join(", ", dropped)}");
        }
    }
}
