namespace Wasmcloud.Silo.Standalone;

/// <summary>What one or more manifest files held: the objects, and every problem with its place.</summary>
public sealed class ManifestParseResult
{
    public List<LoadedManifest> Objects { get; } = [];

    /// <summary>Documents that could not be read or did not fit the schema. The other documents still count.</summary>
    public List<ManifestProblem> Errors { get; } = [];

    /// <summary>Documents of kinds the operator does not manage (an HPA, a Deployment…).</summary>
    public List<ManifestProblem> Skipped { get; } = [];

    /// <summary>Fields the schema does not know and that were dropped, as the API server prunes them.</summary>
    public List<ManifestProblem> Warnings { get; } = [];

    public void Add(ManifestParseResult other)
    {
        Objects.AddRange(other.Objects);
        Errors.AddRange(other.Errors);
        Skipped.AddRange(other.Skipped);
        Warnings.AddRange(other.Warnings);
    }
}
