using Wasmtime;

namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>How to run one WASI command: its process environment, stdio, limits and filesystem view.</summary>
internal sealed record WasiCommandSettings
{
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>A file to read as stdin; null gives the guest an empty stdin.</summary>
    public string? StandardInputPath { get; init; }

    /// <summary>Runs on a Wasmtime thread while the caller waits; must neither block on the caller nor throw, except to close the stream.</summary>
    public WasiOutputCallback? StandardOutput { get; init; }

    public WasiOutputCallback? StandardError { get; init; }

    /// <summary>Ceiling for each linear memory of the instance.</summary>
    public long MemoryLimitBytes { get; init; }

    /// <summary>Wall-clock budget, enforced at epoch ticks; null runs until cancelled.</summary>
    public TimeSpan? Timeout { get; init; }

    public IReadOnlyList<WasiPreopen> Preopens { get; init; } = [];

    /// <summary>
    /// Whether <c>--fuel-per-request</c> applies (a CGI request, an initialisation); a service runs for as long as it
    /// likes. Either way a metering engine's store is given fuel, since without any it stops at once.
    /// </summary>
    public bool PerRequestFuel { get; init; }
}
