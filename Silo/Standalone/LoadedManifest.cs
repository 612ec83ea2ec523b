using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Silo.Standalone;

/// <summary>An object read from a manifest, and where its document starts.</summary>
public sealed record LoadedManifest(KubeObject Object, string File, int Line);
