using System.Collections.Frozen;

namespace Wasmcloud.HostRuntime.Ingress;

/// <summary>
/// The ingress routing table (reference §5.3, <c>DynamicRouter</c>): host name → the workloads serving it. Names are
/// compared case-insensitively without ports; several workloads on one name (replicas) share its traffic at random.
/// Lookups read an immutable snapshot without locking; registrations copy it under a lock, which is fine because
/// they happen once per workload start or stop.
/// </summary>
public sealed class HostRouter
{
    private readonly Lock _writeLock = new();
    private volatile FrozenDictionary<string, Route[]> _routes = FrozenDictionary<string, Route[]>.Empty;

    /// <summary>Every host name currently served, for diagnostics.</summary>
    public IReadOnlyCollection<string> HostNames => _routes.Keys;

    /// <summary>
    /// Serves <paramref name="hostNames"/> with <paramref name="handler"/> until the returned registration is disposed.
    /// Names are normalised here (<see cref="Protocol.HostNames.Normalize"/>); duplicates collapse.
    /// </summary>
    public IDisposable Register(string workloadId, IEnumerable<string> hostNames, IWorkloadHttpHandler handler)
    {
        var names = hostNames.Select(Protocol.HostNames.Normalize).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var route = new Route(workloadId, handler);
        lock (_writeLock)
        {
            var table = new Dictionary<string, Route[]>(_routes, StringComparer.Ordinal);
            foreach (var name in names)
            {
                table[name] = table.TryGetValue(name, out var existing) ? [.. existing, route] : [route];
            }

            _routes = table.ToFrozenDictionary(StringComparer.Ordinal);
        }

        return new Registration(this, route, names);
    }

    /// <summary>The workloads registered for <paramref name="host"/> (port and case ignored), in registration order.</summary>
    public IReadOnlyList<string> WorkloadsFor(string host) =>
        _routes.TryGetValue(Protocol.HostNames.Normalize(host), out var routes) ? routes.Select(r => r.WorkloadId).ToArray() : [];

    /// <summary>Picks one handler for <paramref name="host"/> at random among its replicas; null when none serves it.</summary>
    public IWorkloadHttpHandler? Resolve(string host)
    {
        if (!_routes.TryGetValue(Protocol.HostNames.Normalize(host), out var routes))
        {
            return null;
        }

        return routes.Length == 1 ? routes[0].Handler : routes[Random.Shared.Next(routes.Length)].Handler;
    }

    private void Remove(Route route, string[] names)
    {
        lock (_writeLock)
        {
            var table = new Dictionary<string, Route[]>(_routes, StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (!table.TryGetValue(name, out var existing))
                {
                    continue;
                }

                var remaining = existing.Where(r => !ReferenceEquals(r, route)).ToArray();
                if (remaining.Length == 0)
                {
                    table.Remove(name);
                }
                else
                {
                    table[name] = remaining;
                }
            }

            _routes = table.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }

    private sealed record Route(string WorkloadId, IWorkloadHttpHandler Handler);

    private sealed class Registration(HostRouter router, Route route, string[] names) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                router.Remove(route, names);
            }
        }
    }
}
