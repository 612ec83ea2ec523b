namespace Wasmcloud.HostRuntime.Components.Oci;

/// <summary>What a manifest lookup found: the manifest's digest and the wasm layer to download.</summary>
public sealed record OciResolvedImage(string ManifestDigest, OciDescriptor Layer);
