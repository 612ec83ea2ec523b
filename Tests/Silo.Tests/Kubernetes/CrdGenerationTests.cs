using System.Text.Json.Nodes;
using Wasmcloud.Silo.Clustering;
using Wasmcloud.Silo.Kubernetes.Crds;
using Wasmcloud.Silo.Standalone;
using YamlDotNet.RepresentationModel;

namespace Wasmcloud.Silo.Tests.Kubernetes;

public sealed class CrdGenerationTests
{
    private static readonly IReadOnlyDictionary<string, GeneratedCrd> s_crds = CrdGenerator.Generate().ToDictionary(c => c.Kind);

    [Fact]
    public void The_chart_carries_exactly_the_crds_the_model_generates()
    {
        var folder = RepositoryFiles.PathOf(CrdGenerator.ChartCrdsFolder);
        var stale = s_crds.Values
            .Where(crd => !File.Exists(Path.Combine(folder, crd.FileName)) || File.ReadAllText(Path.Combine(folder, crd.FileName)) != crd.Yaml)
            .Select(crd => crd.FileName)
            .ToList();
        var extra = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.yaml").Select(Path.GetFileName).Except(s_crds.Values.Select(c => c.FileName)).ToList()
            : [];

        Assert.True(
            stale.Count == 0 && extra.Count == 0,
            $"{CrdGenerator.ChartCrdsFolder} differs from the model (stale: {string.Join(", ", stale)}; unexpected: {string.Join(", ", extra)}). "
            + "Refresh it with: dotnet run --project tools/CrdGen");
    }

    [Fact]
    public void The_yaml_reads_back_as_the_generated_definition()
    {
        foreach (var crd in s_crds.Values)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(crd.Yaml));
            var parsed = YamlJsonConverter.ToJson(Assert.Single(stream.Documents).RootNode);
            Assert.True(JsonNode.DeepEquals(crd.Definition, parsed), $"{crd.FileName} does not read back as written");
        }
    }

    [Fact]
    public void Names_scope_and_subresources_follow_the_reference()
    {
        foreach (var crd in s_crds.Values.Where(c => c.Kind != KubernetesMembershipTable.Kind))
        {
            var spec = crd.Definition["spec"]!;
            Assert.Equal("runtime.wasmcloud.dev", spec["group"]!.GetValue<string>());
            Assert.Equal("Namespaced", spec["scope"]!.GetValue<string>());
            var version = Assert.Single(spec["versions"]!.AsArray())!;
            Assert.Equal(("v1alpha1", true, true), (version["name"]!.GetValue<string>(), version["served"]!.GetValue<bool>(), version["storage"]!.GetValue<bool>()));
            Assert.NotNull(version["subresources"]!["status"]);
            Assert.DoesNotContain("x-kubernetes-preserve-unknown-fields", crd.Yaml, StringComparison.Ordinal);
        }

        Assert.Equal(["ww"], s_crds["Workload"].Definition["spec"]!["names"]!["shortNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        var scale = Version("WorkloadDeployment")["subresources"]!["scale"]!;
        Assert.Equal(
            (".spec.replicas", ".status.currentReplicas", ".status.selector"),
            (scale["specReplicasPath"]!.GetValue<string>(), scale["statusReplicasPath"]!.GetValue<string>(), scale["labelSelectorPath"]!.GetValue<string>()));
        Assert.Null(Version("WorkloadReplicaSet")["subresources"]!["scale"]);
    }

    [Theory]
    [InlineData("WorkloadDeployment", "Replicas=.spec.replicas", "Ready=.status.conditions[?(@.type==\"Ready\")].status")]
    [InlineData("WorkloadReplicaSet", "Replicas=.spec.replicas", "Ready=.status.conditions[?(@.type==\"Ready\")].status")]
    [InlineData("Workload", "HostID=.status.hostId", "Environment=.status.environment", "Ready=.status.conditions[?(@.type==\"Ready\")].status", "Age=.metadata.creationTimestamp")]
    [InlineData("Host", "HostID=.hostId", "Hostgroup=.metadata.labels.hostgroup", "Environment=.environment", "Ready=.status.conditions[?(@.type==\"Ready\")].status", "Age=.metadata.creationTimestamp")]
    [InlineData("Artifact")]
    public void Printer_columns_follow_the_reference(string kind, params string[] columns)
    {
        var actual = Version(kind)["additionalPrinterColumns"]?.AsArray().Select(c => $"{c!["name"]}={c["jsonPath"]}").ToList() ?? [];
        Assert.Equal(columns, actual);
    }

    [Fact]
    public void Schemas_carry_the_reference_defaults_and_validation()
    {
        var deployment = Schema("WorkloadDeployment")["properties"]!["spec"]!;
        Assert.Equal(1, deployment["properties"]!["replicas"]!["default"]!.GetValue<int>());
        Assert.Equal("RollingUpdate", deployment["properties"]!["deployPolicy"]!["default"]!.GetValue<string>());
        Assert.Contains("template", Required(deployment));
        Assert.Null(deployment["properties"]!["template"]!["properties"]!["metadata"]);

        var workloadSpec = Schema("Workload")["properties"]!["spec"]!["properties"]!;
        var hostInterfaces = workloadSpec["hostInterfaces"]!;
        Assert.Equal(64, hostInterfaces["maxItems"]!.GetValue<int>());
        var hostInterface = hostInterfaces["items"]!;
        Assert.Equal(["interfaces", "namespace", "package"], Required(hostInterface));
        Assert.Equal("^[a-z0-9][a-z0-9-]*$", hostInterface["properties"]!["name"]!["pattern"]!.GetValue<string>());
        // The reference's two CEL rules: no repeated (namespace, package, name, version), one unnamed entry per package.
        var rules = hostInterfaces["x-kubernetes-validations"]!.AsArray();
        Assert.Equal(2, rules.Count);
        Assert.All(rules, r => Assert.StartsWith("self.all(", r!["rule"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Contains(rules, r => r!["message"]!.GetValue<string>().Contains("at most one entry without a name", StringComparison.Ordinal));
        Assert.Equal(1, hostInterface["properties"]!["interfaces"]!["minItems"]!.GetValue<int>());
        Assert.Equal("string", hostInterface["properties"]!["config"]!["additionalProperties"]!["type"]!.GetValue<string>());
        var component = workloadSpec["components"]!["items"]!;
        Assert.Equal(["image", "name"], Required(component));
        Assert.Equal(["Always", "IfNotPresent", "Never"], component["properties"]!["imagePullPolicy"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(0, component["properties"]!["poolSize"]!["minimum"]!.GetValue<int>());

        var host = Schema("Host");
        Assert.Equal(["hostId"], Required(host));
        Assert.Null(host["properties"]!["spec"]);
        Assert.Equal(
            ["osArch", "osKernel", "osName", "systemCPUUsage", "systemMemoryFree", "systemMemoryTotal", "version"],
            Required(host["properties"]!["status"]!));
        Assert.Equal(["image"], Required(Schema("Artifact")["properties"]!["spec"]!));
    }

    private static JsonNode Version(string kind) => s_crds[kind].Definition["spec"]!["versions"]![0]!;

    private static JsonNode Schema(string kind) => Version(kind)["schema"]!["openAPIV3Schema"]!;

    private static List<string> Required(JsonNode schema) => schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToList() ?? [];
}
