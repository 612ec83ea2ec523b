namespace Wasmcloud.Silo.Standalone;

/// <summary>One load of the manifests folder: what was read and what it did to the store.</summary>
public sealed class ManifestLoadReport(ManifestParseResult parsed)
{
    public ManifestParseResult Parsed { get; } = parsed;

    public int Created { get; private set; }

    public int Updated { get; private set; }

    public int Unchanged { get; private set; }

    public int Deleted { get; internal set; }

    /// <summary>Objects the store refused.</summary>
    public List<ManifestProblem> ApplyErrors { get; } = [];

    internal void Count(ApplyOutcome outcome)
    {
        switch (outcome)
        {
            case ApplyOutcome.Created:
                Created++;
                break;
            case ApplyOutcome.Updated:
                Updated++;
                break;
            default:
                Unchanged++;
                break;
        }
    }
}
