namespace Wasmcloud.HostRuntime.Components;

/// <summary>A component on local disk; <see cref="Digest"/> is <c>sha256:…</c> of its bytes.</summary>
public sealed record FetchedComponent(string Image, string LocalPath, string Digest);
