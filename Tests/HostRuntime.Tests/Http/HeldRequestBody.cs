using System.Net;

namespace Wasmcloud.HostRuntime.Tests.Http;

/// <summary>
/// A request body sent in chunks of unknown length: its first bytes at once, its end only when <paramref name="release"/>
/// completes, so a component that reads its body to the end stays busy with the request until the test lets it go.
/// </summary>
internal sealed class HeldRequestBody(Task release) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync("held "u8.ToArray());
        await stream.FlushAsync();
        await release;
        await stream.WriteAsync("released"u8.ToArray());
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
