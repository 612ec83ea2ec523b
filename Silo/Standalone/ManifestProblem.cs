namespace Wasmcloud.Silo.Standalone;

/// <summary>Something wrong or ignored in a manifest, located well enough to fix it.</summary>
/// <param name="File">The file, relative to the manifests folder when it is inside it.</param>
/// <param name="Line">1-based line in that file.</param>
/// <param name="Path">The JSON path of the offending field, when the problem is one field.</param>
public sealed record ManifestProblem(string File, int Line, string Message, string? Path = null)
{
    public override string ToString() => Path is null ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: {Message} (at {Path})";
}
