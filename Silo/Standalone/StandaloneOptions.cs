namespace Wasmcloud.Silo.Standalone;

/// <summary>Standalone mode: no Kubernetes; manifests come from a folder, state lives in memory.</summary>
public sealed class StandaloneOptions
{
    public const string SectionName = "Standalone";

    public bool Enabled { get; set; }

    /// <summary>Folder of <c>*.yaml</c>/<c>*.yml</c> manifests, read recursively; relative to the working directory. None when empty.</summary>
    public string? ManifestsPath { get; set; }

    /// <summary>Re-apply manifests when files in the folder change.</summary>
    public bool WatchManifests { get; set; } = true;

    /// <summary>Quiet time after the last file change before re-applying; editors write files in several steps.</summary>
    public TimeSpan ManifestDebounce { get; set; } = TimeSpan.FromMilliseconds(250);
}
