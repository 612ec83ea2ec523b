namespace Wasmcloud.Silo.Reminders;

/// <summary>
/// A reminder-table call NATS JetStream did not serve. Reminder calls cross silos (the silo owning a grain's ring range
/// writes its reminders), and Orleans only carries exceptions of types it knows, so this one stands in for the NATS
/// client's: the caller reads the cause in the message instead of a codec error.
/// </summary>
[GenerateSerializer]
[Alias("wasmcloud.reminders.table-error")]
public sealed class ReminderTableException : Exception
{
    public ReminderTableException()
    {
    }

    public ReminderTableException(string message)
        : base(message)
    {
    }

    public ReminderTableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
