using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

/// <summary>
/// One component's <c>wasi:config/store</c> view (reference §5.4): the workload's <c>wasi:config</c> host interface
/// <c>config</c>, then the component's <c>localResources.config</c>, then its <c>localResources.environment</c>, the
/// last writer winning, as a stock <c>wash host</c> layers them (it copies the environment in). Fixed at workload
/// start and shared, read-only, by every request of the component.
/// </summary>
internal sealed class ComponentConfig
{
    private readonly Dictionary<string, string> _values;

    private ComponentConfig(Dictionary<string, string> values)
    {
        _values = values;
        Entries = [.. values.OrderBy(pair => pair.Key, StringComparer.Ordinal)];
    }

    public static ComponentConfig Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Every key and value, ordered by key so <c>get-all</c> answers the same way every time.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries { get; }

    /// <summary>
    /// Layers the view of one component. Every <c>wasi:config</c> entry counts, in the order the workload lists them
    /// (the operator has already merged each entry's <c>configFrom</c> and <c>secretFrom</c> into its <c>config</c>).
    /// </summary>
    public static ComponentConfig Merge(IEnumerable<WitInterface> hostInterfaces, LocalResources? resources)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in hostInterfaces.Where(i => i.Namespace == "wasi" && i.Package == "config"))
        {
            Layer(values, entry.Config);
        }

        Layer(values, resources?.Config);
        Layer(values, resources?.Environment);
        return values.Count == 0 ? Empty : new ComponentConfig(values);
    }

    public bool TryGet(string key, out string value) => _values.TryGetValue(key, out value!);

    private static void Layer(Dictionary<string, string> values, IEnumerable<KeyValuePair<string, string>>? layer)
    {
        foreach (var (key, value) in layer ?? [])
        {
            values[key] = value;
        }
    }
}
