namespace Wasmcloud.HostRuntime.Components.Oci;

/// <summary>The media types a wasm pull deals with.</summary>
public static class OciMediaTypes
{
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    /// <summary>The layer <c>wash push</c> writes.</summary>
    public const string WasmLayer = "application/wasm";

    /// <summary>The older layer type of wasm-to-oci, still on many published components.</summary>
    public const string LegacyWasmLayer = "application/vnd.module.wasm.content.layer.v1+wasm";

    /// <summary>The config blob type of the wasm OCI artifact layout.</summary>
    public const string WasmConfig = "application/vnd.wasm.config.v0+json";

    public static IReadOnlyList<string> WasmLayers { get; } = [WasmLayer, LegacyWasmLayer];

    public static IReadOnlyList<string> Manifests { get; } = [ImageManifest, DockerManifest, ImageIndex, DockerManifestList];

    public static bool IsWasmLayer(string? mediaType) => mediaType is WasmLayer or LegacyWasmLayer;

    public static bool IsIndex(string? mediaType) => mediaType is ImageIndex or DockerManifestList;
}
