using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;

namespace Wasmcloud.Silo.Clustering;

/// <summary>For Orleans clients: the gateways of the Active silos in the Kubernetes membership table.</summary>
public sealed class KubernetesGatewayListProvider : IGatewayListProvider
{
    private readonly KubernetesMembershipTable _table;
    private readonly GatewayOptions _gatewayOptions;

    public KubernetesGatewayListProvider(KubernetesMembershipTable table, IOptions<GatewayOptions> gatewayOptions)
    {
        _table = table;
        _gatewayOptions = gatewayOptions.Value;
    }

    public TimeSpan MaxStaleness => _gatewayOptions.GatewayListRefreshPeriod;

    [Obsolete("Orleans no longer reads it; every provider is updatable.")]
    public bool IsUpdatable => true;

    // A client never creates the table: it waits for silos to.
    public Task InitializeGatewayListProvider() => _table.InitializeMembershipTable(tryInitTableVersion: false);

    public async Task<IList<Uri>> GetGateways()
    {
        var table = await _table.ReadAll();
        return
        [
            .. table.Members
                .Select(m => m.Item1)
                .Where(m => m.Status == SiloStatus.Active && m.ProxyPort != 0)
                .Select(m => SiloAddress.New(m.SiloAddress.Endpoint.Address, m.ProxyPort, m.SiloAddress.Generation).ToGatewayUri()),
        ];
    }
}
