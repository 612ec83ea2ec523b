using Wasmcloud.HostRuntime.Workloads;

namespace Wasmcloud.HostRuntime.Plugins;

/// <summary>
/// The <c>backend</c> key of a keyvalue or blobstore entry (reference §5.4: the multiplexed plugins take <c>nats</c>,
/// <c>redis</c>, <c>filesystem</c> or in-memory). This host stores everything in JetStream on the data NATS, so it
/// refuses the others at start rather than quietly writing to JetStream what the manifest says goes to Redis.
/// </summary>
internal static class Backends
{
    public const string Nats = "nats";

    /// <exception cref="WorkloadStartException">The entry asks for a backend this host does not have.</exception>
    public static void Check(string package, IReadOnlyDictionary<string, string> config)
    {
        if (config.TryGetValue("backend", out var backend) && backend.Trim() is { Length: > 0 } asked
            && !string.Equals(asked, Nats, StringComparison.OrdinalIgnoreCase))
        {
            throw new WorkloadStartException($"{package}: backend '{asked}' is not available on this host; the only backend is '{Nats}' (JetStream on the data NATS)");
        }
    }
}
