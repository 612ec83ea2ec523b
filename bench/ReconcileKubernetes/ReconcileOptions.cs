namespace Wasmcloud.Bench.ReconcileKubernetes;

/// <summary>What one run applies and how long it may take.</summary>
internal sealed record ReconcileOptions(int Deployments, int Replicas, int Hosts, int Namespaces, int ApplyConcurrency, int TimeoutSeconds)
{
    public int Workloads => Deployments * Replicas;
}
