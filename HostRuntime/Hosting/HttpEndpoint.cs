using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Hosting;

/// <summary>Where HTTP ingress listens; with port 0 the real port is only known once Kestrel has bound it.</summary>
public sealed class HttpEndpoint(HostRuntimeOptions options, IServer server)
{
    public IPEndPoint Configured { get; } = IPEndPoint.Parse(options.HttpAddr);

    /// <summary>The port heartbeats advertise: the configured one, else the bound one, else 0 before binding.</summary>
    public uint Port
    {
        get
        {
            if (Configured.Port != 0)
            {
                return (uint)Configured.Port;
            }

            var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            return bound is not null && Uri.TryCreate(bound, UriKind.Absolute, out var uri) ? (uint)uri.Port : 0;
        }
    }
}
