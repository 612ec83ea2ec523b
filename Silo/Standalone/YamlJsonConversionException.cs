namespace Wasmcloud.Silo.Standalone;

/// <summary>A YAML construct JSON cannot express (a non-scalar key, a duplicate key, runaway alias nesting).</summary>
public sealed class YamlJsonConversionException : Exception
{
    public YamlJsonConversionException() { }

    public YamlJsonConversionException(string message) : base(message) { }

    public YamlJsonConversionException(string message, Exception inner) : base(message, inner) { }

    public YamlJsonConversionException(int line, string message) : base(message) => Line = line;

    /// <summary>The 1-based line of the offending node.</summary>
    public int Line { get; }
}
