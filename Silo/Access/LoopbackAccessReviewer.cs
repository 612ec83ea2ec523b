using System.Net;

namespace Wasmcloud.Silo.Access;

/// <summary>
/// Standalone mode has no identity provider, so only this machine may look: the default URL already binds to
/// 127.0.0.1, and this keeps a <c>--urls http://0.0.0.0:8080</c> from exposing the pages by accident.
/// </summary>
public sealed class LoopbackAccessReviewer : IAccessReviewer
{
    public Task<AccessVerdict> ReviewAsync(HttpContext context, string nonResourcePath, CancellationToken cancellationToken) =>
        Task.FromResult(IsLoopback(context.Connection.RemoteIpAddress) ? AccessVerdict.Allowed : AccessVerdict.Forbidden);

    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
