namespace Wasmcloud.HostRuntime.Plugins.Secrets;

/// <summary>
/// <c>wasmcloud:secrets</c> for one workload: the values of its <c>wasmcloud:secrets</c> entry's config, which the
/// operator materialises from the entry's <c>secretFrom</c> Secrets (and ConfigMaps and inline config, last writer
/// wins) when it builds the start command (reference §2.4, §5.4). No external backend. Values are never logged and
/// never part of a message.
/// </summary>
internal sealed class SecretsBinding(IReadOnlyDictionary<string, string> values)
{
    public bool Contains(string key) => values.ContainsKey(key);

    public string Reveal(SecretHandle secret) => values[secret.Key];

    public override string ToString() => $"{values.Count} secrets";
}
