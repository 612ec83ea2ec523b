namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>Condition types per kind, in the order the reference evaluates them.</summary>
public static class ConditionTypes
{
    public const string Ready = "Ready";
    public const string Sync = "Sync";

    // WorkloadDeployment: Artifact, Sync, Deploy, Scale, Ready.
    public const string Artifact = "Artifact";
    public const string Deploy = "Deploy";
    public const string Scale = "Scale";

    // WorkloadReplicaSet: ScaleUp, ScaleDown, Ready.
    public const string ScaleUp = "ScaleUp";
    public const string ScaleDown = "ScaleDown";

    // Workload: Config, HostSelection, Placement, Sync, Ready.
    public const string Config = "Config";
    public const string HostSelection = "HostSelection";
    public const string Placement = "Placement";

    // Host: Reporting, Ready.
    public const string Reporting = "Reporting";

    // Artifact: Sync, Published, Ready.
    public const string Published = "Published";

    public static readonly IReadOnlyList<string> WorkloadDeployment = [Artifact, Sync, Deploy, Scale, Ready];
    public static readonly IReadOnlyList<string> WorkloadReplicaSet = [ScaleUp, ScaleDown, Ready];
    public static readonly IReadOnlyList<string> Workload = [Config, HostSelection, Placement, Sync, Ready];
    public static readonly IReadOnlyList<string> Host = [Reporting, Ready];
    public static readonly IReadOnlyList<string> ArtifactKind = [Sync, Published, Ready];
}
