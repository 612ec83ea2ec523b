using System.Text.Json.Nodes;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Clustering;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Kubernetes.Crds;

/// <summary>
/// The five CustomResourceDefinitions of <c>runtime.wasmcloud.dev/v1alpha1</c>, made from the model so the chart
/// cannot drift from the code: schemas by <see cref="CrdSchemaBuilder"/>, printer columns, short names and
/// subresources as reference §2 lists them. Plus the Orleans membership table's own (<see cref="MembershipTableCrd"/>).
/// </summary>
public static class CrdGenerator
{
    public const string ChartCrdsFolder = "charts/wasmcloud-orleans/crds";

    private const string ReadyPath = ".status.conditions[?(@.type==\"Ready\")].status";

    public static IReadOnlyList<GeneratedCrd> Generate() =>
    [
        Crd(KubeKind.Of<WorkloadDeployment>(), [], [Column("Replicas", ".spec.replicas", "integer"), Column("Ready", ReadyPath)],
            scale: new JsonObject { ["labelSelectorPath"] = ".status.selector", ["specReplicasPath"] = ".spec.replicas", ["statusReplicasPath"] = ".status.currentReplicas" }),
        Crd(KubeKind.Of<WorkloadReplicaSet>(), [], [Column("Replicas", ".spec.replicas", "integer"), Column("Ready", ReadyPath)]),
        Crd(KubeKind.Of<Workload>(), ["ww"],
            [Column("HostID", ".status.hostId"), Column("Environment", ".status.environment"), Column("Ready", ReadyPath), Column("Age", ".metadata.creationTimestamp", "date")]),
        Crd(KubeKind.Of<Host>(), [],
            [Column("HostID", ".hostId"), Column("Hostgroup", ".metadata.labels.hostgroup"), Column("Environment", ".environment"), Column("Ready", ReadyPath), Column("Age", ".metadata.creationTimestamp", "date")]),
        Crd(KubeKind.Of<Artifact>(), [], []),
        new GeneratedCrd(KubernetesMembershipTable.Kind, $"{KubernetesMembershipTable.Group}_{KubernetesMembershipTable.Plural}.yaml", Sorted(MembershipTableCrd.Definition()), "Silo/Clustering/MembershipTableCrd.cs"),
    ];

    private static GeneratedCrd Crd(KubeKind kind, string[] shortNames, JsonObject[] columns, JsonObject? scale = null)
    {
        var names = new JsonObject
        {
            ["kind"] = kind.Kind,
            ["listKind"] = kind.Kind + "List",
            ["plural"] = kind.Plural,
        };
        if (shortNames.Length > 0)
        {
            names["shortNames"] = new JsonArray([.. shortNames.Select(s => (JsonNode)s)]);
        }

        names["singular"] = kind.Kind.ToLowerInvariant();

        var subresources = new JsonObject();
        if (scale is not null)
        {
            subresources["scale"] = scale;
        }

        subresources["status"] = new JsonObject();

        var version = new JsonObject();
        if (columns.Length > 0)
        {
            version["additionalPrinterColumns"] = new JsonArray([.. columns]);
        }

        version["name"] = kind.Version;
        version["schema"] = new JsonObject { ["openAPIV3Schema"] = CrdSchemaBuilder.ForRoot(kind.Type) };
        version["served"] = true;
        version["storage"] = true;
        version["subresources"] = subresources;

        var definition = new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = $"{kind.Plural}.{kind.Group}" },
            ["spec"] = new JsonObject
            {
                ["group"] = kind.Group,
                ["names"] = names,
                ["scope"] = "Namespaced",
                ["versions"] = new JsonArray(version),
            },
        };
        return new GeneratedCrd(kind.Kind, $"{kind.Group}_{kind.Plural}.yaml", Sorted(definition));
    }

    /// <summary>Keys in alphabetical order at every level, as controller-gen writes them; lists keep their order.</summary>
    private static JsonObject Sorted(JsonObject obj) =>
        new([.. obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))]);

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => Sorted(obj),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

    private static JsonObject Column(string name, string jsonPath, string type = "string") => new()
    {
        ["jsonPath"] = jsonPath,
        ["name"] = name,
        ["type"] = type,
    };
}
