namespace Wasmcloud.Grains.Options;

/// <summary>
/// The control plane's notion of "now" (heartbeat ages, condition timestamps). Kept apart from the
/// TimeProvider Orleans itself uses, so tests can move our time without moving Orleans' own.
/// </summary>
public sealed class OperatorClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow();
}
