using System.Text.Json;

namespace Wasmcloud.HostRuntime.Components.Oci.Internal;

/// <summary>
/// The parts of an image manifest or image index a wasm pull reads. One shape serves both: a manifest has layers, an
/// index has manifests. Unknown fields are ignored, as the OCI spec requires.
/// </summary>
internal sealed class OciManifestDocument
{
    private OciManifestDocument(string? mediaType, IReadOnlyList<OciDescriptor> layers, IReadOnlyList<OciDescriptor> manifests)
    {
        MediaType = mediaType;
        Layers = layers;
        Manifests = manifests;
    }

    public string? MediaType { get; }

    public IReadOnlyList<OciDescriptor> Layers { get; }

    public IReadOnlyList<OciDescriptor> Manifests { get; }

    /// <exception cref="FormatException">Not a manifest we can read.</exception>
    public static OciManifestDocument Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("manifest is not a JSON object");
            }

            if (root.TryGetProperty("schemaVersion", out var version) && version.ValueKind == JsonValueKind.Number && version.GetInt32() != 2)
            {
                throw new FormatException($"manifest schemaVersion {version.GetInt32()} is not supported");
            }

            return new OciManifestDocument(
                OptionalString(root, "mediaType"),
                Descriptors(root, "layers"),
                Descriptors(root, "manifests"));
        }
        catch (JsonException e)
        {
            throw new FormatException($"manifest is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException($"manifest has a field of the wrong type: {e.Message}", e);
        }
    }

    private static List<OciDescriptor> Descriptors(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        var descriptors = new List<OciDescriptor>();
        foreach (var item in array.EnumerateArray())
        {
            descriptors.Add(new OciDescriptor(
                OptionalString(item, "mediaType") ?? "",
                OptionalString(item, "digest") ?? "",
                item.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : -1));
        }

        return descriptors;
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
