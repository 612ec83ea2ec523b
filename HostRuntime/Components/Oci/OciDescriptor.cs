namespace Wasmcloud.HostRuntime.Components.Oci;

/// <summary>A content descriptor of a manifest: what the blob is, its digest and its size in bytes.</summary>
public sealed record OciDescriptor(string MediaType, string Digest, long Size);
