using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Wasmcloud.HostRuntime.Execution;

/// <summary>
/// Fuel metering (<c>--enable-meters</c>, <c>--fuel-per-request</c>): what each call's store is given, and the
/// <see cref="FuelConsumedName"/> counter on the <see cref="MeterName"/> meter that adds up what guests burnt, per
/// workload and component. Exists only when the engine meters fuel: with fuel consumption on, a store that is given
/// none stops at its first instruction, so every store of a metering engine is given <see cref="Grant"/>.
/// </summary>
public sealed class FuelMeter : IDisposable
{
    public const string MeterName = "Wasmcloud.Host";
    public const string FuelConsumedName = "wasmcloud.host.fuel.consumed";

    /// <summary>What a store without a budget gets: more than any guest burns in the host's lifetime.</summary>
    public const ulong Unlimited = ulong.MaxValue;

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _consumed;

    public FuelMeter(long perRequest)
    {
        PerRequest = perRequest > 0 ? (ulong)perRequest : null;
        _consumed = _meter.CreateCounter<long>(FuelConsumedName, "{fuel}", "Fuel burnt by guest code (about one unit per Wasm instruction), by workload and component");
    }

    /// <summary>The budget of one request or message; null: none.</summary>
    public ulong? PerRequest { get; }

    /// <summary>The fuel a call's store starts with.</summary>
    public ulong Grant => PerRequest ?? Unlimited;

    public void Record(string workloadId, string component, ulong consumed)
    {
        if (consumed > 0)
        {
            _consumed.Add((long)Math.Min(consumed, long.MaxValue), new TagList { { "workload.id", workloadId }, { "component", component } });
        }
    }

    public void Dispose() => _meter.Dispose();
}
