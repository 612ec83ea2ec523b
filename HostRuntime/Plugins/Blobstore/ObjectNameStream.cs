using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.ObjectStore.Models;

namespace Wasmcloud.HostRuntime.Plugins.Blobstore;

/// <summary>
/// The object behind <c>stream-object-names</c>: a consumer over the bucket's metadata subjects (the last message per
/// object), fetched page by page as the guest reads, so a listing never holds more than one page.
/// Deleted objects keep a metadata message marked deleted; they are skipped.
/// </summary>
internal sealed class ObjectNameStream(INatsJSConsumer consumer)
{
    private bool _ended;

    /// <summary>Up to <paramref name="count"/> names, and whether the listing has ended.</summary>
    public async Task<(List<string> Names, bool Ended)> ReadAsync(int count, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        while (!_ended && names.Count < count)
        {
            var wanted = count - names.Count;
            var fetched = 0;
            await foreach (var message in consumer.FetchNoWaitAsync<NatsMemoryOwner<byte>>(new NatsJSFetchOpts { MaxMsgs = wanted }, cancellationToken: cancellationToken))
            {
                fetched++;
                using var data = message.Data;
                var meta = JsonSerializer.Deserialize<ObjectMetadata>(data.Memory.Span);
                if (meta is { Deleted: false, Name: { } name })
                {
                    names.Add(name);
                }
            }

            _ended = fetched < wanted;
        }

        return (names, _ended);
    }
}
