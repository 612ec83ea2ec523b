namespace Wasmcloud.Silo.Feeding;

/// <summary>Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries of many clients spread out.</summary>
public static class Backoff
{
    /// <param name="attempt">1 for the first retry.</param>
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(max.Ticks, initial.Ticks * (double)(1L << exponent));
        var half = ceiling / 2;
        return TimeSpan.FromTicks((long)(half + (Random.Shared.NextDouble() * half)));
    }
}
