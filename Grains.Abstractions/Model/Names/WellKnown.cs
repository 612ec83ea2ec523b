namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>Group, labels, annotations and finalizers, spelled exactly as the reference operator spells them.</summary>
public static class WellKnown
{
    public const string Group = "runtime.wasmcloud.dev";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;

    public const string WorkloadDeploymentLabel = "runtime.wasmcloud.dev/workload-deployment";
    public const string TemplateHashAnnotation = "runtime.wasmcloud.dev/workload-replica-set-generation";
    public const string HostGroupLabel = "hostgroup";
    public const string HostPodLabel = "wasmcloud.com/hostgroup";
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string RouteManagerLabel = "wasmcloud.dev/route-manager";
    public const string EndpointSliceManagedByLabel = "endpointslice.kubernetes.io/managed-by";

    public const string WorkloadFinalizer = "runtime.wasmcloud.dev/workload-finalizer";
    public const string HostFinalizer = "runtime.wasmcloud.dev/host-finalizer";
    public const string ArtifactFinalizer = "runtime.wasmcloud.dev/artifact-finalizer";
    public const string PodHostFinalizer = "runtime.wasmcloud.dev/pod-host-finalizer";

    public const string ArtifactImagePrefix = "artifact://";
    public const string FieldManager = "wasmcloud-orleans-operator";
}
