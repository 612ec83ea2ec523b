namespace Wasmcloud.Silo.Tests.Reminders;

/// <summary>A grain that keeps one reminder and reports its ticks to <see cref="ReminderProbeTicks"/>.</summary>
[Alias("Wasmcloud.Silo.Tests.Reminders.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task Register(TimeSpan period);

    [Alias("Unregister")]
    Task Unregister();
}
