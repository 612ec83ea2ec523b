namespace Wasmcloud.Silo.Tests.Reminders;

/// <summary>A grain that keeps one reminder and reports which silo delivered each tick to <see cref="RingProbeTicks"/>.</summary>
[Alias("Wasmcloud.Silo.Tests.Reminders.IRingProbeGrain")]
public interface IRingProbeGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task Register(TimeSpan period);
}
