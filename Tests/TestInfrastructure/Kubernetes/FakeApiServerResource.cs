using System.Text.Json.Nodes;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>
/// One REST resource the fake API server serves: where it lives, whether it is namespaced, which subresources it
/// has and, for custom resources installed from a CRD, the structural schema objects are defaulted and checked against.
/// </summary>
public sealed record FakeApiServerResource(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"group/version/plural": the key objects are stored under.</summary>
    public string Key => $"{Group}/{Version}/{Plural}";

    public bool HasStatus { get; init; }

    public FakeApiServerScale? Scale { get; init; }

    /// <summary>The <c>openAPIV3Schema</c> of a CRD version; null serves objects as they come.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>
    /// Custom resources keep <c>apiVersion</c>/<c>kind</c> on every list item; built-in types leave them off, which
    /// clients must cope with.
    /// </summary>
    public bool IsCustom { get; init; }

    /// <summary>Registered by a test or by creating a CRD, rather than guessed from the first object created.</summary>
    public bool Known { get; init; } = true;

    public string ListKind => Kind + "List";
}
