using System.Globalization;

namespace Wasmcloud.Bench.KeyValueCounter;

/// <summary>One measured scenario: how many operations, how long in all, and each operation's latency.</summary>
internal sealed record Measurement(string Scenario, int Concurrency, int Operations, TimeSpan Elapsed, IReadOnlyList<TimeSpan> Latencies)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    public string Row(double? baseline)
    {
        var sorted = Latencies.Order().ToArray();
        string Ms(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))].TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture);
        var relative = baseline is { } b ? (PerSecond / b).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {Scenario} | {Concurrency} | {Operations} | {PerSecond:0} | {relative} | {Ms(0.5)} | {Ms(0.99)} |");
    }
}
