using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Wasmcloud.Silo.Gateway;

/// <summary>One <c>host:port</c> entry of <see cref="GatewayModeOptions.Silos"/>; the host is an address or a DNS name.</summary>
public sealed record SiloEndpoint(string Host, int Port)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out SiloEndpoint? endpoint)
    {
        endpoint = null;
        var value = text?.Trim() ?? "";
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = value[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host.Length == 0)
        {
            return false;
        }

        endpoint = new SiloEndpoint(host, port);
        return true;
    }
}
