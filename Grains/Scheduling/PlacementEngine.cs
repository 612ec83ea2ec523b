using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Wasmcloud.Grains.Abstractions.Scheduling;

namespace Wasmcloud.Grains.Scheduling;

/// <summary>
/// Chooses a host for each workload and remembers where every workload went, so that replicas can be spread and
/// capacity accounted for between host heartbeats.
/// </summary>
/// <remarks>
/// Not thread-safe: it lives inside the single, non-reentrant scheduler grain.
/// Ranking, in order: host is not in <see cref="PlacementRequest.AvoidHosts"/>; fewest replicas of the same spread
/// group; most free memory in bands of a twentieth of the host (reported free memory minus what we placed there);
/// fewest workloads (reported plus placed); most free bytes; then a hash of (seed, workload key, host id), so equal
/// inputs always give equal placements.
/// </remarks>
public sealed class PlacementEngine
{
    // Requests with ever-new selectors must not grow the eligibility cache without bound.
    private const int MaxCachedSelectors = 1024;
    private const long GiB = 1L << 30;
    private const long MiB = 1L << 20;

    private readonly ulong _seed;
    private readonly Dictionary<string, HostState> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Assignment> _assignments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<HostState, int>> _replicasByGroup = new(StringComparer.Ordinal);
    private readonly Dictionary<SelectorKey, EligibleHosts> _eligibleCache = [];
    private int _knownHosts;
    private long _decisions;

    // Each Place marks avoided hosts and spread counts on the host objects with a fresh stamp instead of building
    // per-call sets, so the ranking loop does no lookups and allocates nothing.
    private long _stamp;

    public PlacementEngine(int seed = 0)
    {
        _seed = Mix(unchecked((ulong)seed + 0x9E3779B97F4A7C15UL));
    }

    /// <summary>Adds a host or replaces what we know about it. Assignments to it are kept.</summary>
    public void UpsertHost(HostInventoryEntry host)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentException.ThrowIfNullOrEmpty(host.HostId, nameof(host));

        if (!_hosts.TryGetValue(host.HostId, out var state))
        {
            state = new HostState(host.HostId);
            _hosts.Add(host.HostId, state);
        }

        var previous = state.Entry;
        state.Entry = host;
        if (previous is null)
        {
            _knownHosts++;
            _eligibleCache.Clear();
        }
        else if (ChangesEligibility(previous, host))
        {
            // Heartbeats mostly change free memory and counts, which the ranking reads live from the entry; only
            // readiness, environment and labels decide who is eligible, so only they cost a cache rebuild.
            _eligibleCache.Clear();
        }
    }

    /// <summary>Forgets a host and drops the assignments to it.</summary>
    /// <returns>The keys of the workloads that were assigned to the host, in ordinal order.</returns>
    public IReadOnlyList<string> RemoveHost(string hostId)
    {
        ArgumentNullException.ThrowIfNull(hostId);
        if (!_hosts.Remove(hostId, out var host))
        {
            return [];
        }

        if (host.Entry is not null)
        {
            _knownHosts--;
            _eligibleCache.Clear();
        }

        var evicted = new List<string>(host.Workloads);
        evicted.Sort(StringComparer.Ordinal);
        foreach (var workloadKey in evicted)
        {
            var assignment = _assignments[workloadKey];
            _assignments.Remove(workloadKey);
            RemoveReplica(assignment.SpreadGroup, host);
        }

        return evicted;
    }

    /// <summary>
    /// Chooses a host and records the assignment. A workload that was already assigned is released first, so it
    /// moves (and does not count against its own old host); if no host fits, it ends up assigned nowhere.
    /// </summary>
    public PlacementDecision Place(PlacementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.WorkloadKey, nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegative(request.MemoryBytes, nameof(request));

        _decisions++;
        Release(request.WorkloadKey);

        var eligible = GetEligibleHosts(request.HostSelector, request.Environment);
        var candidates = eligible.ReadyHosts;
        if (candidates.Length == 0)
        {
            return PlacementDecision.NoHost(ExplainNoHost(request, eligible));
        }

        var stamp = ++_stamp;
        MarkAvoidedHosts(request.AvoidHosts, stamp);
        MarkReplicasOfGroup(request.SpreadGroup, stamp);
        var workloadHash = Mix(_seed ^ StableHash(request.WorkloadKey));

        var best = candidates[0];
        var bestRank = RankOf(best, stamp);
        var avoidedCandidates = bestRank.Avoided ? 1 : 0;
        for (var i = 1; i < candidates.Length; i++)
        {
            var host = candidates[i];
            var rank = RankOf(host, stamp);
            if (rank.Avoided)
            {
                avoidedCandidates++;
            }

            if (IsBetter(rank, host, bestRank, best, workloadHash))
            {
                best = host;
                bestRank = rank;
            }
        }

        AddAssignment(request.WorkloadKey, best, request.SpreadGroup, request.MemoryBytes);
        var explanation = ExplainPlacement(
            best, bestRank, candidates.Length, _knownHosts, avoidedCandidates, request.SpreadGroup is not null);
        return new PlacementDecision(best.HostId, best.Entry!.Environment, explanation);
    }

    /// <summary>
    /// Records an assignment made earlier, e.g. when rebuilding from the store after activation. The host need not
    /// be known yet: its inventory may arrive later and the assignment will count against it.
    /// </summary>
    public void Assign(string workloadKey, string hostId, string? spreadGroup, long memoryBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(workloadKey);
        ArgumentException.ThrowIfNullOrEmpty(hostId);
        ArgumentOutOfRangeException.ThrowIfNegative(memoryBytes);

        Release(workloadKey);
        if (!_hosts.TryGetValue(hostId, out var host))
        {
            host = new HostState(hostId);
            _hosts.Add(hostId, host);
        }

        AddAssignment(workloadKey, host, spreadGroup, memoryBytes);
    }

    /// <summary>The workload no longer occupies its host. Unknown keys are ignored.</summary>
    public void Release(string workloadKey)
    {
        ArgumentNullException.ThrowIfNull(workloadKey);
        if (!_assignments.Remove(workloadKey, out var assignment))
        {
            return;
        }

        var host = assignment.Host;
        host.Workloads.Remove(workloadKey);
        host.PlacedMemoryBytes -= assignment.MemoryBytes;
        RemoveReplica(assignment.SpreadGroup, host);

        // A host we only knew from Assign and never heard from is just a placeholder; drop it once empty.
        if (host.Entry is null && host.Workloads.Count == 0)
        {
            _hosts.Remove(host.HostId);
        }
    }

    public string? HostOf(string workloadKey)
    {
        ArgumentNullException.ThrowIfNull(workloadKey);
        return _assignments.TryGetValue(workloadKey, out var assignment) ? assignment.Host.HostId : null;
    }

    /// <summary>
    /// Known hosts ordered by name, the number of workloads assigned to every host (including hosts assigned to
    /// but not heard from yet), and the number of Place calls so far.
    /// </summary>
    public SchedulerSnapshot Snapshot()
    {
        var hosts = new List<HostInventoryEntry>(_knownHosts);
        var placedPerHost = new Dictionary<string, int>(_hosts.Count, StringComparer.Ordinal);
        foreach (var host in _hosts.Values)
        {
            if (host.Entry is not null)
            {
                hosts.Add(host.Entry);
            }

            placedPerHost[host.HostId] = host.Workloads.Count;
        }

        hosts.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.HostId, b.HostId);
        });
        return new SchedulerSnapshot(hosts, placedPerHost, _decisions);
    }

    private static Rank RankOf(HostState host, long stamp)
    {
        var entry = host.Entry!;

        // Reported free memory is the baseline and everything we placed there is subtracted, even though a later
        // report may already include some of it. Counting a running workload twice only makes a busy host look a
        // little busier; not counting starts still in flight would pile a burst of placements onto one host.
        var free = entry.MemoryFreeBytes - host.PlacedMemoryBytes;
        return new Rank(
            Avoided: host.AvoidStamp == stamp,
            Replicas: host.ReplicaStamp == stamp ? host.ReplicasOfGroup : 0,
            FreeBand: FreeBand(free, entry.MemoryTotalBytes),
            Workloads: entry.ReportedWorkloads + host.Workloads.Count,
            FreeBytes: free);
    }

    /// <summary>
    /// Free memory in coarse bands: a twentieth of the host when its size is known, else 256 MiB steps. Reported free
    /// memory moves by a few bytes on every heartbeat; compared exactly, it would let one host win every placement of a
    /// burst and never let the workload count speak. Within a band, the host with fewer workloads is preferred.
    /// </summary>
    private static long FreeBand(long free, long total) =>
        total > 0 ? (long)Math.Floor(20.0 * free / total) : Math.DivRem(free, 256L << 20).Quotient - (free < 0 ? 1 : 0);

    private static bool IsBetter(in Rank rank, HostState host, in Rank bestRank, HostState best, ulong workloadHash)
    {
        if (rank.Avoided != bestRank.Avoided)
        {
            return !rank.Avoided;
        }

        if (rank.Replicas != bestRank.Replicas)
        {
            return rank.Replicas < bestRank.Replicas;
        }

        if (rank.FreeBand != bestRank.FreeBand)
        {
            return rank.FreeBand > bestRank.FreeBand;
        }

        if (rank.Workloads != bestRank.Workloads)
        {
            return rank.Workloads < bestRank.Workloads;
        }

        if (rank.FreeBytes != bestRank.FreeBytes)
        {
            return rank.FreeBytes > bestRank.FreeBytes;
        }

        // Hashing per workload (not a fixed host order) keeps identical hosts from attracting every tie.
        var tie = Mix(workloadHash ^ host.IdHash);
        var bestTie = Mix(workloadHash ^ best.IdHash);
        return tie != bestTie ? tie < bestTie : string.CompareOrdinal(host.HostId, best.HostId) < 0;
    }

    private void MarkAvoidedHosts(IReadOnlyCollection<string> avoidHosts, long stamp)
    {
        if (avoidHosts.Count == 0)
        {
            return;
        }

        foreach (var hostId in avoidHosts)
        {
            if (_hosts.TryGetValue(hostId, out var host))
            {
                host.AvoidStamp = stamp;
            }
        }
    }

    private void MarkReplicasOfGroup(string? spreadGroup, long stamp)
    {
        if (spreadGroup is null || !_replicasByGroup.TryGetValue(spreadGroup, out var replicasPerHost))
        {
            return;
        }

        foreach (var (host, replicas) in replicasPerHost)
        {
            host.ReplicaStamp = stamp;
            host.ReplicasOfGroup = replicas;
        }
    }

    private void AddAssignment(string workloadKey, HostState host, string? spreadGroup, long memoryBytes)
    {
        _assignments.Add(workloadKey, new Assignment(host, spreadGroup, memoryBytes));
        host.Workloads.Add(workloadKey);
        host.PlacedMemoryBytes += memoryBytes;
        if (spreadGroup is null)
        {
            return;
        }

        if (!_replicasByGroup.TryGetValue(spreadGroup, out var replicasPerHost))
        {
            replicasPerHost = [];
            _replicasByGroup.Add(spreadGroup, replicasPerHost);
        }

        ref var replicas = ref CollectionsMarshal.GetValueRefOrAddDefault(replicasPerHost, host, out _);
        replicas++;
    }

    private void RemoveReplica(string? spreadGroup, HostState host)
    {
        if (spreadGroup is null || !_replicasByGroup.TryGetValue(spreadGroup, out var replicasPerHost))
        {
            return;
        }

        ref var replicas = ref CollectionsMarshal.GetValueRefOrNullRef(replicasPerHost, host);
        if (Unsafe.IsNullRef(ref replicas))
        {
            return;
        }

        if (--replicas == 0)
        {
            replicasPerHost.Remove(host);
            if (replicasPerHost.Count == 0)
            {
                _replicasByGroup.Remove(spreadGroup);
            }
        }
    }

    private EligibleHosts GetEligibleHosts(IReadOnlyDictionary<string, string> selector, string? environment)
    {
        var key = new SelectorKey(selector, environment);
        if (_eligibleCache.TryGetValue(key, out var eligible))
        {
            return eligible;
        }

        if (_eligibleCache.Count >= MaxCachedSelectors)
        {
            _eligibleCache.Clear();
        }

        eligible = FilterHosts(selector, environment);
        _eligibleCache.Add(key.Freeze(), eligible);
        return eligible;
    }

    private EligibleHosts FilterHosts(IReadOnlyDictionary<string, string> selector, string? environment)
    {
        var required = new KeyValuePair<string, string>[selector.Count];
        var index = 0;
        foreach (var pair in selector)
        {
            required[index++] = pair;
        }

        var ready = new List<HostState>();
        int matchingSelector = 0, matchingEnvironment = 0;
        foreach (var host in _hosts.Values)
        {
            var entry = host.Entry;
            if (entry is null || !HasLabels(entry.Labels, required))
            {
                continue;
            }

            matchingSelector++;
            if (environment is not null && !string.Equals(entry.Environment, environment, StringComparison.Ordinal))
            {
                continue;
            }

            matchingEnvironment++;
            if (entry.Ready)
            {
                ready.Add(host);
            }
        }

        return new EligibleHosts([.. ready], matchingSelector, matchingEnvironment);
    }

    private static bool HasLabels(IReadOnlyDictionary<string, string> labels, KeyValuePair<string, string>[] required)
    {
        foreach (var (key, value) in required)
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ChangesEligibility(HostInventoryEntry previous, HostInventoryEntry current)
    {
        if (previous.Ready != current.Ready
            || !string.Equals(previous.Environment, current.Environment, StringComparison.Ordinal))
        {
            return true;
        }

        if (ReferenceEquals(previous.Labels, current.Labels))
        {
            return false;
        }

        if (previous.Labels.Count != current.Labels.Count)
        {
            return true;
        }

        foreach (var (key, value) in current.Labels)
        {
            if (!previous.Labels.TryGetValue(key, out var old) || !string.Equals(old, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string ExplainPlacement(HostState host, in Rank rank, int eligible, int knownHosts, int avoided, bool spread)
    {
        var entry = host.Entry!;
        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        text.AppendLiteral("placed on ");
        text.AppendFormatted(entry.Name);
        text.AppendLiteral(" (");
        text.AppendFormatted(host.HostId);
        text.AppendLiteral("): ");
        text.AppendFormatted(eligible);
        text.AppendLiteral(" of ");
        text.AppendFormatted(knownHosts);
        text.AppendLiteral(knownHosts == 1 ? " host eligible" : " hosts eligible");

        if (rank.Avoided)
        {
            text.AppendLiteral("; every one of them recently refused or lost this workload, so retrying one");
        }
        else if (avoided > 0)
        {
            text.AppendLiteral("; skipped ");
            text.AppendFormatted(avoided);
            text.AppendLiteral(avoided == 1 ? " host that" : " hosts that");
            text.AppendLiteral(" recently refused or lost this workload");
        }

        if (spread)
        {
            text.AppendLiteral("; ");
            text.AppendFormatted(rank.Replicas);
            text.AppendLiteral(rank.Replicas == 1 ? " replica" : " replicas");
            text.AppendLiteral(" of this group there");
        }

        text.AppendLiteral("; ");
        AppendBytes(ref text, rank.FreeBytes);
        text.AppendLiteral(", ");
        text.AppendFormatted(rank.Workloads);
        text.AppendLiteral(rank.Workloads == 1 ? " workload" : " workloads");
        return text.ToStringAndClear();
    }

    private static void AppendBytes(ref DefaultInterpolatedStringHandler text, long freeBytes)
    {
        var magnitude = Math.Abs(freeBytes);
        if (magnitude >= GiB)
        {
            text.AppendFormatted(magnitude / (double)GiB, "0.0");
            text.AppendLiteral(" GiB");
        }
        else
        {
            text.AppendFormatted(magnitude / MiB);
            text.AppendLiteral(" MiB");
        }

        text.AppendLiteral(freeBytes < 0 ? " overcommitted" : " free");
    }

    private string ExplainNoHost(PlacementRequest request, EligibleHosts eligible)
    {
        var text = new StringBuilder("no suitable host: ");
        if (_knownHosts == 0)
        {
            return text.Append("no hosts known yet").ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"{_knownHosts} {(_knownHosts == 1 ? "host" : "hosts")} known");
        var selector = request.HostSelector;
        var environment = request.Environment;
        var selectorText = selector.Count == 0 ? null : FormatSelector(selector);

        if (selectorText is not null && eligible.MatchingSelector == 0)
        {
            text.Append("; 0 match hostSelector ").Append(selectorText);
            AppendSelectorHint(text, selector);
            return text.ToString();
        }

        if (environment is not null && eligible.MatchingEnvironment == 0)
        {
            if (selectorText is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"; {eligible.MatchingSelector} match hostSelector {selectorText} but");
            }
            else
            {
                text.Append(';');
            }

            text.Append(CultureInfo.InvariantCulture, $" none in environment \"{environment}\"");
            AppendEnvironmentHint(text);
            return text.ToString();
        }

        if (selectorText is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {eligible.MatchingEnvironment} match hostSelector {selectorText}");
        }
        else if (environment is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {eligible.MatchingEnvironment}");
        }

        if (environment is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" in environment \"{environment}\"");
        }

        return text.Append(" but none is ready").ToString();
    }

    // A failed placement churns until someone fixes a label or a host, so naming the values that do exist saves a
    // trip to kubectl. Only runs on failure, hence the freedom to scan every host.
    private void AppendSelectorHint(StringBuilder text, IReadOnlyDictionary<string, string> selector)
    {
        foreach (var (key, value) in selector)
        {
            var seen = new SortedSet<string>(StringComparer.Ordinal);
            var matched = false;
            foreach (var host in _hosts.Values)
            {
                if (host.Entry?.Labels.TryGetValue(key, out var actual) == true)
                {
                    matched |= string.Equals(actual, value, StringComparison.Ordinal);
                    seen.Add(actual);
                }
            }

            if (matched)
            {
                continue;
            }

            if (seen.Count == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" (no host has label \"{key}\")");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $" ({key} values seen: {JoinFirst(seen)})");
            }

            return;
        }

        // Every entry matches some host, just never all on the same host.
        text.Append(" (each label matches some host, but no host has them all)");
    }

    private void AppendEnvironmentHint(StringBuilder text)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var host in _hosts.Values)
        {
            if (host.Entry?.Environment is { } environment)
            {
                seen.Add(environment);
            }
        }

        text.Append(seen.Count == 0 ? " (no host declares an environment)" : $" (environments seen: {JoinFirst(seen)})");
    }

    private static string JoinFirst(SortedSet<string> values)
    {
        const int Shown = 8;
        var joined = string.Join(", ", values.Take(Shown));
        return values.Count > Shown ? $"{joined}, … {values.Count - Shown} more" : joined;
    }

    private static string FormatSelector(IReadOnlyDictionary<string, string> selector)
    {
        var pairs = new List<string>(selector.Count);
        foreach (var (key, value) in selector)
        {
            pairs.Add($"{key}={value}");
        }

        pairs.Sort(StringComparer.Ordinal);
        return "{" + string.Join(", ", pairs) + "}";
    }

    // Tie-breaks must be reproducible across processes, which string.GetHashCode (randomised per process) is not.
    private static ulong StableHash(string value)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }

        return hash;
    }

    // SplitMix64's finaliser: FNV alone leaves the high bits poorly mixed for short ids.
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    private sealed class HostState
    {
        public HostState(string hostId)
        {
            HostId = hostId;
            IdHash = Mix(StableHash(hostId));
        }

        public string HostId { get; }

        public ulong IdHash { get; }

        /// <summary>Null while we know the host only from <see cref="Assign"/>.</summary>
        public HostInventoryEntry? Entry { get; set; }

        public HashSet<string> Workloads { get; } = new(StringComparer.Ordinal);

        public long PlacedMemoryBytes { get; set; }

        public long AvoidStamp { get; set; }

        public long ReplicaStamp { get; set; }

        public int ReplicasOfGroup { get; set; }
    }

    private readonly record struct Assignment(HostState Host, string? SpreadGroup, long MemoryBytes);

    private readonly record struct Rank(bool Avoided, int Replicas, long FreeBand, long Workloads, long FreeBytes);

    private sealed record EligibleHosts(HostState[] ReadyHosts, int MatchingSelector, int MatchingEnvironment);

    /// <summary>Order-insensitive, allocation-free key over a request's selector and environment.</summary>
    private readonly struct SelectorKey : IEquatable<SelectorKey>
    {
        private readonly IReadOnlyDictionary<string, string> _selector;
        private readonly string? _environment;
        private readonly int _hash;

        public SelectorKey(IReadOnlyDictionary<string, string> selector, string? environment)
            : this(selector, environment, HashOf(selector, environment))
        {
        }

        private SelectorKey(IReadOnlyDictionary<string, string> selector, string? environment, int hash)
        {
            _selector = selector;
            _environment = environment;
            _hash = hash;
        }

        /// <summary>A copy the cache can keep even if the caller later mutates its dictionary.</summary>
        public SelectorKey Freeze() =>
            new(new Dictionary<string, string>(_selector, StringComparer.Ordinal), _environment, _hash);

        public bool Equals(SelectorKey other)
        {
            if (_hash != other._hash
                || _selector.Count != other._selector.Count
                || !string.Equals(_environment, other._environment, StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var (key, value) in _selector)
            {
                if (!other._selector.TryGetValue(key, out var otherValue)
                    || !string.Equals(value, otherValue, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is SelectorKey other && Equals(other);

        public override int GetHashCode() => _hash;

        private static int HashOf(IReadOnlyDictionary<string, string> selector, string? environment)
        {
            // Summing per-entry hashes makes the key independent of enumeration order.
            var hash = environment is null ? 0 : StringComparer.Ordinal.GetHashCode(environment);
            if (selector.Count == 0)
            {
                return hash;
            }

            if (selector is Dictionary<string, string> dictionary)
            {
                // Enumerating through the interface would box the enumerator on every placement.
                foreach (var (key, value) in dictionary)
                {
                    hash += HashCode.Combine(key, value);
                }

                return hash;
            }

            foreach (var (key, value) in selector)
            {
                hash += HashCode.Combine(key, value);
            }

            return hash;
        }
    }
}
