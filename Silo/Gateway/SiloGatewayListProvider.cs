using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Messaging;

namespace Wasmcloud.Silo.Gateway;

/// <summary>
/// Orleans' gateway list for the gateway process: <see cref="GatewayModeOptions.Silos"/>, with DNS names resolved on
/// every refresh, so a headless Service name follows silo pods as they come and go. A name that does not resolve
/// (the silos are not up yet) contributes nothing this round.
/// </summary>
public sealed partial class SiloGatewayListProvider(IOptions<GatewayModeOptions> options, ILogger<SiloGatewayListProvider> logger) : IGatewayListProvider
{
    private readonly GatewayModeOptions _options = options.Value;

    public TimeSpan MaxStaleness => _options.SiloListRefreshPeriod;

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public async Task<IList<Uri>> GetGateways()
    {
        var gateways = new List<Uri>();
        foreach (var text in _options.Silos)
        {
            if (!SiloEndpoint.TryParse(text, out var silo))
            {
                continue;
            }

            if (IPAddress.TryParse(silo.Host, out var literal))
            {
                gateways.Add(ToGatewayUri(new IPEndPoint(literal, silo.Port)));
                continue;
            }

            try
            {
                foreach (var address in await Dns.GetHostAddressesAsync(silo.Host))
                {
                    gateways.Add(ToGatewayUri(new IPEndPoint(address, silo.Port)));
                }
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                LogUnresolved(logger, silo.Host, ex.Message);
            }
        }

        return gateways;
    }

    private static Uri ToGatewayUri(IPEndPoint endpoint) => SiloAddress.New(endpoint, 0).ToGatewayUri();

    [LoggerMessage(EventId = 800, Level = LogLevel.Warning, Message = "Silo gateway name {Host} did not resolve: {Reason}")]
    private static partial void LogUnresolved(ILogger logger, string host, string reason);
}
