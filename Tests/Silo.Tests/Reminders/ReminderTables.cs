using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Wasmcloud.Silo.Nats;
using Wasmcloud.Silo.Reminders;

namespace Wasmcloud.Silo.Tests.Reminders;

/// <summary>Builds tables as a silo would: each one its own NATS connection, as separate silos have.</summary>
internal static class ReminderTables
{
    public const string Bucket = "reminder-tests";

    public static JetStreamReminderTable Create(string natsUrl, string serviceId, Action<JetStreamReminderTableOptions>? configure = null)
    {
        var options = new JetStreamReminderTableOptions { Bucket = Bucket };
        configure?.Invoke(options);
        return new JetStreamReminderTable(
            Options.Create(options),
            Options.Create(new ClusterOptions { ServiceId = serviceId, ClusterId = "tests" }),
            Options.Create(new NatsConnectivityOptions { Url = natsUrl }),
            NullLoggerFactory.Instance);
    }

    public static string NewServiceId() => $"svc-{Guid.NewGuid():N}";

    /// <summary>A grain id shaped like ours (type/key), with characters NATS keys do not allow.</summary>
    public static GrainId NewGrainId(string prefix = "workload") =>
        GrainId.Create(prefix, $"ns.with dots/{Guid.NewGuid():N}*>=é");

    public static ReminderEntry Reminder(GrainId grainId, string name) => new()
    {
        GrainId = grainId,
        ReminderName = name,
        StartAt = new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc),
        Period = TimeSpan.FromSeconds(30),
    };
}
