namespace Wasmcloud.Grains.Abstractions.Ingress;

public static class IngressRoutes
{
    /// <summary>The key of the one routes grain per cluster, which silo publishers and gateways both address.</summary>
    public const string GrainKey = "cluster";
}
