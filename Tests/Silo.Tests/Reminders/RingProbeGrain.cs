using Orleans.Placement;

namespace Wasmcloud.Silo.Tests.Reminders;

/// <summary>
/// Lives on the silo that calls it first (<see cref="PreferLocalPlacementAttribute"/>) and leaves after every tick, so each
/// tick activates it afresh on the silo whose reminder service fired it: where it runs is where its reminder is owned.
/// </summary>
[PreferLocalPlacementAttribute]
public sealed class RingProbeGrain(ILocalSiloDetails silo) : Grain, IRingProbeGrain, IRemindable
{
    public const string ReminderName = "ring-probe";

    public Task Register(TimeSpan period)
    {
        DeactivateOnIdle();
        return this.RegisterOrUpdateReminder(ReminderName, period, period);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        RingProbeTicks.Record(this.GetPrimaryKeyString(), silo.SiloAddress);
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
