using Wasmcloud.HostRuntime.Workloads;

namespace Wasmcloud.HostRuntime.Plugins.Messaging;

/// <summary>
/// The <c>wasmcloud:messaging</c> config of one component (reference §5.4): the component's
/// <c>localResources.config</c> over the interface entry's config. <c>subscriptions</c> is a comma list of subjects
/// (wildcards allowed); <c>consumer_group</c> is <c>broadcast</c> (every replica gets every message) or a queue group
/// name; <c>max_in_flight</c> caps concurrent handler calls per component. Unlike the reference, whose default group is per Workload (so every replica received every message), the
/// default is one queue group per deployment: see <see cref="QueueGroups"/>.
/// </summary>
internal sealed record MessagingSettings
{
    public const string Broadcast = "broadcast";

    /// <summary>Concurrent handler calls per component unless <c>max_in_flight</c> says otherwise (the reference's default, 32).</summary>
    public const int DefaultMaxInFlight = 32;

    /// <summary>The most <c>max_in_flight</c> may ask for: each call holds a guest thread and an instance.</summary>
    public const int MaxMaxInFlight = 1024;

    public IReadOnlyList<string> Subscriptions { get; init; } = [];

    /// <summary>The queue group every subscription joins; null to receive every message (broadcast).</summary>
    public string? QueueGroup { get; init; }

    public int MaxInFlight { get; init; } = DefaultMaxInFlight;

    /// <param name="config">The merged config.</param>
    /// <param name="defaultGroup">The deployment's queue group, used when <c>consumer_group</c> is unset.</param>
    /// <exception cref="WorkloadStartException">A subject or group NATS would refuse.</exception>
    public static MessagingSettings Parse(IReadOnlyDictionary<string, string> config, string defaultGroup)
    {
        var subscriptions = config.TryGetValue("subscriptions", out var list)
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        foreach (var subject in subscriptions)
        {
            if (!IsSubject(subject, wildcards: true))
            {
                throw new WorkloadStartException($"wasmcloud:messaging: subscription '{subject}' is not a NATS subject");
            }
        }

        var maxInFlight = DefaultMaxInFlight;
        if (config.TryGetValue("max_in_flight", out var limit) && !string.IsNullOrWhiteSpace(limit)
            && (!int.TryParse(limit.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out maxInFlight)
                || maxInFlight < 1 || maxInFlight > MaxMaxInFlight))
        {
            throw new WorkloadStartException($"wasmcloud:messaging: max_in_flight '{limit}' is not a whole number from 1 to {MaxMaxInFlight}");
        }

        var group = config.TryGetValue("consumer_group", out var configured) && !string.IsNullOrWhiteSpace(configured)
            ? configured.Trim()
            : defaultGroup;
        if (group == Broadcast)
        {
            return new MessagingSettings { Subscriptions = subscriptions, QueueGroup = null, MaxInFlight = maxInFlight };
        }

        if (!IsSubject(group, wildcards: false))
        {
            throw new WorkloadStartException($"wasmcloud:messaging: consumer_group '{group}' is not a valid queue group name");
        }

        return new MessagingSettings { Subscriptions = subscriptions, QueueGroup = group, MaxInFlight = maxInFlight };
    }

    /// <summary>Dot-separated non-empty tokens without whitespace; <c>*</c> and a final <c>&gt;</c> when wildcards are allowed.</summary>
    public static bool IsSubject(string subject, bool wildcards)
    {
        if (subject.Length == 0 || subject.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var tokens = subject.Split('.');
        for (var t = 0; t < tokens.Length; t++)
        {
            var token = tokens[t];
            if (token.Length == 0)
            {
                return false;
            }

            if (token is "*" or ">" || token.Contains('*') || token.Contains('>'))
            {
                if (!wildcards || (token == ">" && t != tokens.Length - 1) || token is not ("*" or ">"))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
