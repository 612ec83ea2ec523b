using Wasmcloud.TestInfrastructure.Platform;

namespace Wasmcloud.Bench.Failover;

/// <summary>What one platform configuration measured.</summary>
public sealed record ProfileResult(
    string Profile,
    PlatformOptions Options,
    TimeSpan ColdDeploy,
    Sample Deploy,
    Sample Detection,
    Sample Failover);
