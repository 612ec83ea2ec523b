using System.Diagnostics;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Bench.PlacementGrains;

/// <summary>
/// Watches Workloads and WorkloadDeployments the way <c>kubectl get -w</c> would, through the store's watch, and
/// timestamps when each workload first shows a host in its status (placed) and when it turns Ready. It sees only
/// what the API holds, so a placement counts once the grain has written it back.
/// </summary>
internal sealed class RolloutTracker
{
    private readonly Lock _lock = new();
    private readonly long _origin;
    private readonly int _expectedWorkloads;
    private readonly int _expectedDeployments;
    private readonly Dictionary<string, TimeSpan> _placedAt = new(StringComparer.Ordinal);
    private readonly HashSet<string> _readyWorkloads = new(StringComparer.Ordinal);
    private readonly HashSet<string> _readyDeployments = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<TimeSpan> _allReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, long> _writesByKind = new(StringComparer.Ordinal);
    private TimeSpan? _allWorkloadsReadyAt;
    private long _workloadEvents;

    /// <param name="origin">A <see cref="Stopwatch.GetTimestamp"/> value all times are measured from.</param>
    public RolloutTracker(long origin, int expectedWorkloads, int expectedDeployments)
    {
        _origin = origin;
        _expectedWorkloads = expectedWorkloads;
        _expectedDeployments = expectedDeployments;
    }

    /// <summary>Completes with the time from the origin at which every workload and every deployment was Ready.</summary>
    public Task<TimeSpan> AllReady => _allReady.Task;

    public TimeSpan? AllWorkloadsReadyAt
    {
        get
        {
            lock (_lock)
            {
                return _allWorkloadsReadyAt;
            }
        }
    }

    public (int Placed, int ReadyWorkloads, int ReadyDeployments, long WorkloadEvents) Counts
    {
        get
        {
            lock (_lock)
            {
                return (_placedAt.Count, _readyWorkloads.Count, _readyDeployments.Count, _workloadEvents);
            }
        }
    }

    /// <summary>When each workload was first seen placed, relative to the origin.</summary>
    public IReadOnlyList<TimeSpan> PlacementTimes()
    {
        lock (_lock)
        {
            var times = _placedAt.Values.ToList();
            times.Sort();
            return times;
        }
    }

    /// <summary>Writes seen per kind (creates, updates, deletes): how much the control plane wrote to the API.</summary>
    public IReadOnlyDictionary<string, long> WritesByKind
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, long>(_writesByKind);
            }
        }
    }

    /// <param name="everyKind">Also watch the other kinds, to count writes per kind; costs the store a copy per change.</param>
    public Task RunAsync(IResourceWatchSource source, string fromResourceVersion, bool everyKind, CancellationToken cancellationToken) =>
        Task.WhenAll(KubeKind.All
            .Where(k => everyKind
                ? k.Type != typeof(Pod) && k.Type != typeof(ConfigMap) && k.Type != typeof(Secret)
                : k.Type == typeof(Workload) || k.Type == typeof(WorkloadDeployment))
            .Select(kind => Task.Run(() => WatchAsync(source, kind, fromResourceVersion, cancellationToken), CancellationToken.None)));

    private async Task WatchAsync(IResourceWatchSource source, KubeKind kind, string fromResourceVersion, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in source.WatchAsync(kind, null, fromResourceVersion, cancellationToken))
            {
                var now = Stopwatch.GetElapsedTime(_origin);
                if (change.Type != WatchEventType.Bookmark)
                {
                    lock (_lock)
                    {
                        _writesByKind[kind.Kind] = _writesByKind.GetValueOrDefault(kind.Kind) + 1;
                    }
                }

                switch (change.Object)
                {
                    case Workload workload:
                        Observe(workload, change.Type == WatchEventType.Deleted, now);
                        break;
                    case WorkloadDeployment deployment:
                        Observe(deployment, change.Type == WatchEventType.Deleted, now);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Observe(Workload workload, bool deleted, TimeSpan now)
    {
        lock (_lock)
        {
            _workloadEvents++;
            var key = workload.Key;
            if (!deleted && !string.IsNullOrEmpty(workload.Status?.HostId))
            {
                _placedAt.TryAdd(key, now);
            }

            if (!deleted && workload.Status?.Conditions.IsTrue(ConditionTypes.Ready) == true)
            {
                _readyWorkloads.Add(key);
            }
            else
            {
                _readyWorkloads.Remove(key);
            }

            CheckDone(now);
        }
    }

    private void Observe(WorkloadDeployment deployment, bool deleted, TimeSpan now)
    {
        lock (_lock)
        {
            var ready = !deleted
                && deployment.Status?.Conditions.Find(ConditionTypes.Ready) is { IsTrue: true } condition
                && condition.ObservedGeneration == deployment.Metadata.Generation
                && deployment.Status.Replicas?.Ready == deployment.Spec.Replicas
                && deployment.Status.PreviousReplicaSet is null;
            if (ready)
            {
                _readyDeployments.Add(deployment.Key);
            }
            else
            {
                _readyDeployments.Remove(deployment.Key);
            }

            CheckDone(now);
        }
    }

    private void CheckDone(TimeSpan now)
    {
        if (_readyWorkloads.Count >= _expectedWorkloads)
        {
            _allWorkloadsReadyAt ??= now;
        }

        if (_readyWorkloads.Count >= _expectedWorkloads && _readyDeployments.Count >= _expectedDeployments)
        {
            _allReady.TrySetResult(now);
        }
    }
}
