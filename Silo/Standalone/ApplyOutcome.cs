namespace Wasmcloud.Silo.Standalone;

/// <summary>What applying one manifest object did to the store.</summary>
public enum ApplyOutcome
{
    Unchanged,
    Created,
    Updated,
}
