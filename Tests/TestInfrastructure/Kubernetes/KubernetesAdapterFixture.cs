using Microsoft.Extensions.Logging.Abstractions;
using Wasmcloud.Silo.Kubernetes;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>
/// The fake API server with the wasmCloud CRDs installed, and the silo's Kubernetes adapters pointed at it through
/// the real KubernetesClient. Lists are paged small so paging is always exercised; silent watches give up quickly.
/// </summary>
public class KubernetesAdapterFixture : FakeApiServerFixture
{
    public KubernetesOptions Options { get; } = new() { ListPageSize = 2, WatchIdleTimeout = TimeSpan.FromSeconds(2), WatchTimeout = TimeSpan.FromMinutes(1) };

    public KubernetesResourceStore Store { get; private set; } = null!;

    public KubernetesWatchSource Source { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Server.InstallWasmcloudCrds();
        Store = new KubernetesResourceStore(Client, TimeProvider.System, NullLogger<KubernetesResourceStore>.Instance);
        Source = new KubernetesWatchSource(Client, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<KubernetesWatchSource>.Instance);
    }
}
