using NATS.Client.Core;

namespace Wasmcloud.HostRuntime.Plugins.Messaging;

/// <summary>
/// <c>wasmcloud:messaging</c> for one component: the consumer side (publish, request) over the data connection, and
/// the settings its handler subscriptions use. Failures come back as messages for the WIT <c>result</c>, never traps.
/// </summary>
internal sealed class MessagingBinding(DataConnection data, MessagingSettings settings)
{
    /// <summary>The longest <c>request</c> timeout honoured, whatever the guest asks; the store's deadline also applies.</summary>
    public static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromMinutes(1);

    public MessagingSettings Settings { get; } = settings;

    public DataConnection Data { get; } = data;

    /// <summary>Null when published, else why not.</summary>
    public async Task<string?> PublishAsync(BrokerMessage message, CancellationToken cancellationToken)
    {
        if (!MessagingSettings.IsSubject(message.Subject, wildcards: false))
        {
            return $"'{message.Subject}' is not a subject to publish to";
        }

        if (message.ReplyTo is { } reply && !MessagingSettings.IsSubject(reply, wildcards: false))
        {
            return $"'{reply}' is not a reply subject";
        }

        try
        {
            await Data.Connection.PublishAsync(message.Subject, message.Body, replyTo: message.ReplyTo, cancellationToken: cancellationToken);
            return null;
        }
        catch (NatsException e)
        {
            return $"publish to '{message.Subject}' failed: {e.Message}";
        }
    }

    /// <summary>The reply, or why there is none (no responders, timeout).</summary>
    public async Task<(BrokerMessage? Reply, string? Error)> RequestAsync(string subject, byte[] body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!MessagingSettings.IsSubject(subject, wildcards: false))
        {
            return (null, $"'{subject}' is not a subject to send a request to");
        }

        if (timeout <= TimeSpan.Zero || timeout > MaxRequestTimeout)
        {
            timeout = MaxRequestTimeout;
        }

        try
        {
            var reply = await Data.Connection.RequestAsync<byte[], byte[]>(
                subject,
                body,
                replyOpts: new NatsSubOpts { Timeout = timeout },
                cancellationToken: cancellationToken);
            return (new BrokerMessage(reply.Subject, reply.Data ?? [], null), null);
        }
        catch (NatsNoRespondersException)
        {
            return (null, $"no responders on '{subject}'");
        }
        catch (NatsNoReplyException)
        {
            return (null, $"no reply on '{subject}' within {timeout.TotalMilliseconds:0} ms");
        }
        catch (NatsException e)
        {
            return (null, $"request to '{subject}' failed: {e.Message}");
        }
    }
}
