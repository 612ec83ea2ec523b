namespace Wasmcloud.Silo.Tests.Reminders;

public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    public Task Register(TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, period, period);

    public async Task Unregister()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ReminderProbeTicks.Record(this.GetPrimaryKeyString(), RuntimeIdentity);
        return Task.CompletedTask;
    }
}
