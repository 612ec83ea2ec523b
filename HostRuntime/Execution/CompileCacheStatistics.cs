namespace Wasmcloud.HostRuntime.Execution;

/// <summary>
/// How compiled artefacts were obtained since the engine started: compiled from Wasm, loaded from the on-disk cache,
/// or shared with a workload already holding them in memory.
/// </summary>
public sealed record CompileCacheStatistics(long Compiled, long DiskHits, long MemoryHits);
