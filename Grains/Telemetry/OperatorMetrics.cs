using System.Diagnostics.Metrics;
using Wasmcloud.Grains.Abstractions.Model;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Grains.Telemetry;

/// <summary>
/// The operator's own instruments on the <see cref="MeterName"/> meter: reconcile passes and their latency per kind,
/// and a census of workloads by state and hosts by readiness. One per silo; grains report what they run, so a
/// cluster-wide count is the sum over silos.
/// </summary>
public sealed class OperatorMetrics : IDisposable
{
    public const string MeterName = "Wasmcloud.Operator";

    public const string ReconcilesName = "wasmcloud.operator.reconciles";
    public const string ReconcileDurationName = "wasmcloud.operator.reconcile.duration";
    public const string WorkloadsName = "wasmcloud.operator.workloads";
    public const string HostsName = "wasmcloud.operator.hosts";

    private readonly Meter _meter;
    private readonly Counter<long> _reconciles;
    private readonly Histogram<double> _reconcileDuration;

    public OperatorMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _reconciles = _meter.CreateCounter<long>(ReconcilesName, "{reconcile}", "Reconcile passes by kind and result");
        _reconcileDuration = _meter.CreateHistogram<double>(
            ReconcileDurationName, "s", "How long one reconcile pass took, by kind",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _meter.CreateObservableGauge(WorkloadsName, Workloads.Observe, "{workload}", "Workloads by state, as this silo's grains last saw them");
        _meter.CreateObservableGauge(HostsName, Hosts.Observe, "{host}", "Hosts by readiness, as this silo's grains last saw them");
    }

    /// <summary>Workload states, each reported even when zero so dashboards see the series.</summary>
    public StateCensus Workloads { get; } = new("state", WorkloadStates.All);

    /// <summary>Host readiness: <c>ready="true"</c> or <c>ready="false"</c>.</summary>
    public StateCensus Hosts { get; } = new("ready", ["true", "false"]);

    /// <summary>The census an object kind reports into; null for kinds nobody counts.</summary>
    public StateCensus? CensusOf(Type kind) =>
        kind == typeof(Workload) ? Workloads : kind == typeof(Host) ? Hosts : null;

    public void RecordReconcile(string kind, string result, TimeSpan elapsed)
    {
        var tags = new System.Diagnostics.TagList { { "kind", kind }, { "result", result } };
        _reconciles.Add(1, tags);
        _reconcileDuration.Record(elapsed.TotalSeconds, new System.Diagnostics.TagList { { "kind", kind } });
    }

    public void Dispose() => _meter.Dispose();
}
