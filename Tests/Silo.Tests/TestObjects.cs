using Wasmcloud.Grains.Abstractions.Model;
using Host = Wasmcloud.Grains.Abstractions.Model.Host;

namespace Wasmcloud.Silo.Tests;

/// <summary>Small, valid objects of each kind for tests.</summary>
internal static class TestObjects
{
    public static WorkloadDeployment Deployment(string name, int replicas = 1, string @namespace = "default") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = @namespace, Labels = new() { ["app"] = name } },
        Spec = new WorkloadDeploymentSpec
        {
            Replicas = replicas,
            Template = new WorkloadTemplate
            {
                Spec = new WorkloadSpec
                {
                    HostSelector = new() { ["hostgroup"] = "default" },
                    Components = [new WorkloadComponent { Name = name, Image = "ghcr.io/wasmcloud/components/hello-world:0.1.0" }],
                },
            },
        },
    };

    public static WorkloadReplicaSet ReplicaSet(string name, KubeObject? owner = null, string @namespace = "default") => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = @namespace,
            OwnerReferences = owner is null ? null : [OwnerReference.ControllerOf(owner)],
        },
        Spec = new WorkloadReplicaSetSpec { Replicas = 1 },
    };

    public static Workload Workload(string name, KubeObject? owner = null, string? finalizer = null, string @namespace = "default") => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = @namespace,
            OwnerReferences = owner is null ? null : [OwnerReference.ControllerOf(owner)],
            Finalizers = finalizer is null ? null : [finalizer],
        },
        Spec = new WorkloadSpec { HostSelector = new() { ["hostgroup"] = "default" } },
    };

    public static Host Host(string name, string hostId, string @namespace = "wasmcloud-system") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = @namespace, Labels = new() { ["hostgroup"] = "default" } },
        HostId = hostId,
        Hostname = "10.0.0.1",
        HttpPort = 8080,
    };

    public static Artifact Artifact(string name, string @namespace = "default") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = @namespace },
        Spec = new ArtifactSpec { Image = "ghcr.io/wasmcloud/components/hello-world:0.1.0" },
    };
}
