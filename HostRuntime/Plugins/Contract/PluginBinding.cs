namespace Wasmcloud.HostRuntime.Plugins.Contract;

/// <summary>
/// What a plugin learns when a component of a workload binds to it. <see cref="Config"/> is the workload's
/// <c>hostInterfaces</c> entry config (already merged by the operator from <c>config</c>, <c>configFrom</c> and
/// <c>secretFrom</c>), overridden by the component's <c>localResources.config</c>.
/// </summary>
public sealed record PluginBinding(
    string WorkloadId,
    string WorkloadNamespace,
    string WorkloadName,
    string ComponentName,
    IReadOnlyDictionary<string, string> Config);
