using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Grains.Telemetry;

/// <summary>The few states a Workload is counted in, read from its conditions.</summary>
public static class WorkloadStates
{
    /// <summary>No host yet: waiting for one that fits, or invalid.</summary>
    public const string Pending = "pending";

    /// <summary>On a host, not yet Ready.</summary>
    public const string Starting = "starting";

    public const string Running = "running";

    /// <summary>The host refused or lost it, or its spec is invalid.</summary>
    public const string Failed = "failed";

    /// <summary>Being deleted: stopping on its host before the finalizer is released.</summary>
    public const string Stopping = "stopping";

    public static readonly IReadOnlyList<string> All = [Pending, Starting, Running, Failed, Stopping];

    public static string Of(Workload workload)
    {
        if (workload.IsBeingDeleted)
        {
            return Stopping;
        }

        var conditions = workload.Status?.Conditions;
        if (conditions?.Find(ConditionTypes.Ready) is { IsTrue: true })
        {
            return Running;
        }

        if (conditions?.Find(ConditionTypes.Config) is { Status: ConditionStatus.False }
            || conditions?.Find(ConditionTypes.Placement) is { Status: ConditionStatus.False, Reason: Reasons.StartFailed })
        {
            return Failed;
        }

        return string.IsNullOrEmpty(workload.Status?.HostId) ? Pending : Starting;
    }
}
