using System.Text.Json.Nodes;

namespace Wasmcloud.Silo.Clustering;

/// <summary>
/// The CustomResourceDefinition of <see cref="KubernetesMembershipTable"/>'s objects: one per Orleans cluster, all of
/// it in <c>spec</c> (no status subresource: every write is a whole-object replace guarded by resourceVersion).
/// </summary>
public static class MembershipTableCrd
{
    public static JsonObject Definition() => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = $"{KubernetesMembershipTable.Plural}.{KubernetesMembershipTable.Group}" },
        ["spec"] = new JsonObject
        {
            ["group"] = KubernetesMembershipTable.Group,
            ["names"] = new JsonObject
            {
                ["kind"] = KubernetesMembershipTable.Kind,
                ["listKind"] = KubernetesMembershipTable.Kind + "List",
                ["plural"] = KubernetesMembershipTable.Plural,
                ["singular"] = KubernetesMembershipTable.Kind.ToLowerInvariant(),
            },
            ["scope"] = "Namespaced",
            ["versions"] = new JsonArray(new JsonObject
            {
                ["additionalPrinterColumns"] = new JsonArray(
                    Column("Service", ".spec.serviceId", "string"),
                    Column("Cluster", ".spec.clusterId", "string"),
                    Column("Version", ".spec.version", "integer"),
                    Column("Age", ".metadata.creationTimestamp", "date")),
                ["name"] = KubernetesMembershipTable.ApiVersion,
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = Schema() },
                ["served"] = true,
                ["storage"] = true,
            }),
        },
    };

    private static JsonObject Schema() => Object(
        "Orleans cluster membership: the table version and one row per silo incarnation, written by the silos.",
        new JsonObject
        {
            ["apiVersion"] = Scalar("string"),
            ["kind"] = Scalar("string"),
            ["metadata"] = new JsonObject { ["type"] = "object" },
            ["spec"] = Object(
                "The table. Edit with care: silos compare etags before every write.",
                new JsonObject
                {
                    ["clusterId"] = Scalar("string"),
                    ["members"] = new JsonObject
                    {
                        ["items"] = Object("One silo incarnation (address and generation).", Member()),
                        ["type"] = "array",
                    },
                    ["revision"] = Scalar("integer", "int64"),
                    ["serviceId"] = Scalar("string"),
                    ["version"] = Scalar("integer", "int32"),
                },
                "clusterId", "serviceId"),
        });

    private static JsonObject Member()
    {
        var properties = new JsonObject
        {
            ["etag"] = Scalar("string"),
            ["faultZone"] = Scalar("integer", "int32"),
            ["hostName"] = Scalar("string"),
            ["iAmAliveTime"] = Scalar("string"),
            ["proxyPort"] = Scalar("integer", "int32"),
            ["roleName"] = Scalar("string"),
            ["siloAddress"] = Scalar("string"),
            ["siloName"] = Scalar("string"),
            ["startTime"] = Scalar("string"),
            ["status"] = new JsonObject
            {
                ["enum"] = new JsonArray([.. Enum.GetNames<SiloStatus>().Select(n => (JsonNode)n)]),
                ["type"] = "string",
            },
            ["suspectTimes"] = new JsonObject
            {
                ["items"] = Object(null, new JsonObject { ["silo"] = Scalar("string"), ["time"] = Scalar("string") }, "silo", "time"),
                ["type"] = "array",
            },
            ["updateZone"] = Scalar("integer", "int32"),
        };
        return properties;
    }

    private static JsonObject Object(string? description, JsonObject properties, params string[] required)
    {
        var schema = new JsonObject();
        if (description is not null)
        {
            schema["description"] = description;
        }

        schema["properties"] = properties;
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        }

        schema["type"] = "object";
        return schema;
    }

    private static JsonObject Scalar(string type, string? format = null) =>
        format is null ? new JsonObject { ["type"] = type } : new JsonObject { ["format"] = format, ["type"] = type };

    private static JsonObject Column(string name, string jsonPath, string type) => new()
    {
        ["jsonPath"] = jsonPath,
        ["name"] = name,
        ["type"] = type,
    };
}
