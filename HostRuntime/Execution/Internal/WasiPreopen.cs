namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>A host directory the guest sees at <paramref name="GuestPath"/> (a workload volume mount).</summary>
internal sealed record WasiPreopen(string HostPath, string GuestPath, bool ReadOnly);
