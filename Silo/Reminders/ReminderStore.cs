namespace Wasmcloud.Silo.Reminders;

/// <summary>Where the silo keeps its reminder table (<c>Reminders:Store</c>).</summary>
public enum ReminderStore
{
    /// <summary>Orleans' in-memory table: lost when the silo holding it goes. For one silo whose state is in memory anyway.</summary>
    Memory,

    /// <summary>A NATS JetStream KV bucket (<see cref="JetStreamReminderTable"/>): survives any silo.</summary>
    JetStream,
}
