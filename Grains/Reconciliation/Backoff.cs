namespace Wasmcloud.Grains.Reconciliation;

/// <summary>Exponential backoff with ±20 % jitter, so a fleet of failing objects does not retry in lockstep.</summary>
public static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var exponent = Math.Clamp(attempt, 0, 30);
        var raw = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(Math.Min(raw * jitter, maxDelay.TotalMilliseconds));
    }
}
