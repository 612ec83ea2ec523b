using System.Net;
using System.Net.Sockets;
using Wasmcloud.Grains.Abstractions.Ingress;
using Wasmcloud.Grains.Abstractions.Model;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Ingress;

/// <summary>
/// What the gateway needs from the objects the feeder sees, kept small: per Workload its host names and, while it is
/// Ready, its host; per Host its HTTP address while it is Ready. Heartbeats rewrite Host objects every few seconds,
/// so only changes of those fields count as changes.
/// </summary>
public sealed class IngressRouteIndex
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, WorkloadRoute> _workloads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _hostAddresses = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = NewSignal();
    private long _version;

    /// <summary>Goes up by one per change that alters the table.</summary>
    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    /// <summary>Completes at the next change after this call.</summary>
    public Task Changed
    {
        get
        {
            lock (_lock)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>Takes a Workload or Host as it now is; <paramref name="removed"/> when it was deleted.</summary>
    public void Observe(KubeObject obj, bool removed)
    {
        switch (obj)
        {
            case Workload workload:
                var names = removed ? [] : WorkloadHostNames.Of(workload);
                var route = names.Count == 0 ? null : new WorkloadRoute(names, ReadyHost(workload));
                Change(() => route is null ? _workloads.Remove(workload.Key) : Put(_workloads, workload.Key, route));
                break;
            case Host host when host.HostId.Length > 0:
                // A known host that is not Ready keeps a null address: its replicas count as not ready.
                Change(() => removed ? _hostAddresses.Remove(host.HostId) : Put(_hostAddresses, host.HostId, ReadyAddress(host)));
                break;
        }
    }

    /// <summary>The table as it stands: every claimed name, with the addresses of Ready hosts running a Ready replica.</summary>
    public (long Version, IngressRouteTable Table) Snapshot()
    {
        lock (_lock)
        {
            var routes = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            foreach (var route in _workloads.Values)
            {
                var address = route.HostId is { } hostId && _hostAddresses.TryGetValue(hostId, out var a) ? a : null;
                foreach (var name in route.Names)
                {
                    if (!routes.TryGetValue(name, out var backends))
                    {
                        routes[name] = backends = new SortedSet<string>(StringComparer.Ordinal);
                    }

                    if (address is not null)
                    {
                        backends.Add(address);
                    }
                }
            }

            var table = new IngressRouteTable
            {
                Routes = routes.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value], StringComparer.Ordinal),
            };
            return (_version, table);
        }
    }

    /// <summary>Runs <paramref name="mutate"/> under the lock; when it reports a change, bumps the version and wakes waiters.</summary>
    private void Change(Func<bool> mutate)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            if (!mutate())
            {
                return;
            }

            _version++;
            signal = _changed;
            _changed = NewSignal();
        }

        signal.TrySetResult();
    }

    private static bool Put<TValue>(Dictionary<string, TValue> map, string key, TValue value)
    {
        if (map.TryGetValue(key, out var current) && Equals(current, value))
        {
            return false;
        }

        map[key] = value;
        return true;
    }

    private static string? ReadyHost(Workload workload) =>
        !workload.IsBeingDeleted && workload.Status is { HostId: { Length: > 0 } hostId } status && status.Conditions.IsTrue(ConditionTypes.Ready)
            ? hostId
            : null;

    private static string? ReadyAddress(Host host)
    {
        if (host.IsBeingDeleted || host.Status?.Conditions.IsTrue(ConditionTypes.Ready) != true
            || string.IsNullOrEmpty(host.Hostname) || host.HttpPort is not (> 0 and <= 65535))
        {
            return null;
        }

        var name = IPAddress.TryParse(host.Hostname, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
            ? $"[{ip}]"
            : host.Hostname;
        return $"{name}:{host.HttpPort}";
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record WorkloadRoute(IReadOnlyList<string> Names, string? HostId)
    {
        public bool Equals(WorkloadRoute? other) =>
            other is not null && HostId == other.HostId && Names.SequenceEqual(other.Names, StringComparer.Ordinal);

        public override int GetHashCode() => HashCode.Combine(HostId, Names.Count);
    }
}
