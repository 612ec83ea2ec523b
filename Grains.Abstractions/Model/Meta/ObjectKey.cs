namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>The "namespace/name" key used for namespaced grains.</summary>
public static class ObjectKey
{
    public static string Of(string @namespace, string name) => $"{@namespace}/{name}";

    public static (string Namespace, string Name) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
    }
}
