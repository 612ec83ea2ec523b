using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Grains.Abstractions.State;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Dashboard;

/// <summary>
/// Reads what the pages show: objects from the <see cref="IResourceStore"/> (the API server's truth) and what the
/// grains decided and why from their <c>GetState()</c>. Never reads Secrets.
/// </summary>
internal sealed class DashboardReader(IResourceStore store, IGrainFactory grains, WatchScope scope)
{
    public const int MaxEvents = 20;

    public async Task<Inventory> ReadAsync(CancellationToken cancellationToken)
    {
        // The feeder's namespaces, not the whole cluster: the operator's RBAC may be scoped to exactly those.
        var deployments = scope.ListAsync<WorkloadDeployment>(store, cancellationToken);
        var replicaSets = scope.ListAsync<WorkloadReplicaSet>(store, cancellationToken);
        var workloads = scope.ListAsync<Workload>(store, cancellationToken);
        var hosts = scope.ListAsync<Host>(store, cancellationToken);
        return new Inventory(await deployments, await replicaSets, await workloads, await hosts);
    }

    public Task<Workload?> GetWorkloadAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        store.GetAsync<Workload>(@namespace, name, cancellationToken);

    /// <summary>The Workload grain's decisions, last error and next retry; null when the silo cannot answer in time.</summary>
    public async Task<ReconcilerSnapshot?> GetWorkloadStateAsync(Workload workload, CancellationToken cancellationToken)
    {
        try
        {
            return await grains.GetGrain<IWorkloadGrain>(workload.Key).GetState().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (TimeoutException)
        {
            // A grain busy with a long start must not hang the page; the conditions still tell most of the story.
            return null;
        }
    }

    /// <summary>The most recent Events about <paramref name="about"/>, newest first.</summary>
    public async Task<IReadOnlyList<KubeEvent>> EventsAboutAsync(KubeObject about, CancellationToken cancellationToken)
    {
        var kind = KubeKind.Of(about.GetType()).Kind;
        var events = await store.ListAsync<KubeEvent>(about.Namespace, cancellationToken: cancellationToken);
        return
        [
            .. events
                .Where(e => e.InvolvedObject.Kind == kind && e.InvolvedObject.Name == about.Name
                            && (e.InvolvedObject.Uid is null || about.Metadata.Uid is null || e.InvolvedObject.Uid == about.Metadata.Uid))
                .OrderByDescending(e => e.LastTimestamp ?? e.FirstTimestamp ?? e.Metadata.CreationTimestamp)
                .Take(MaxEvents),
        ];
    }
}
