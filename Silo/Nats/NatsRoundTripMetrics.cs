using System.Diagnostics;
using System.Diagnostics.Metrics;
using Wasmcloud.Grains.Telemetry;

namespace Wasmcloud.Silo.Nats;

/// <summary>
/// Every request the operator sends a host over NATS (start, status, stop, heartbeat probe): how long until the
/// answer, by command and outcome. The histogram's count is the number of round trips.
/// </summary>
public sealed class NatsRoundTripMetrics
{
    public const string RoundTripDurationName = "wasmcloud.operator.nats.request.duration";

    /// <summary>The host answered with a message we could read.</summary>
    public const string Answered = "answered";

    /// <summary>The host answered with something that is not the expected message.</summary>
    public const string Invalid = "invalid";

    /// <summary>Nobody listens on the host's subject.</summary>
    public const string NoResponders = "no_responders";

    /// <summary>No answer within the command's timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The request could not be sent (our connection is down or closed).</summary>
    public const string Failed = "failed";

    private readonly Histogram<double> _duration;

    public NatsRoundTripMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(OperatorMetrics.MeterName);
        _duration = meter.CreateHistogram<double>(
            RoundTripDurationName, "s", "Operator-to-host NATS requests by command and outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
    }

    public void Record(string command, string outcome, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, new TagList { { "command", command }, { "outcome", outcome } });
}
