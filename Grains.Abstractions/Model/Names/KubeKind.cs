namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>How a model type maps onto the Kubernetes API: group/version, kind and plural.</summary>
public sealed record KubeKind(Type Type, string Group, string Version, string Kind, string Plural, bool HasStatus)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    private static readonly Dictionary<Type, KubeKind> s_byType = new KubeKind[]
    {
        new(typeof(WorkloadDeployment), WellKnown.Group, WellKnown.Version, "WorkloadDeployment", "workloaddeployments", true),
        new(typeof(WorkloadReplicaSet), WellKnown.Group, WellKnown.Version, "WorkloadReplicaSet", "workloadreplicasets", true),
        new(typeof(Workload), WellKnown.Group, WellKnown.Version, "Workload", "workloads", true),
        new(typeof(Host), WellKnown.Group, WellKnown.Version, "Host", "hosts", true),
        new(typeof(Artifact), WellKnown.Group, WellKnown.Version, "Artifact", "artifacts", true),
        new(typeof(Service), "", "v1", "Service", "services", false),
        new(typeof(ConfigMap), "", "v1", "ConfigMap", "configmaps", false),
        new(typeof(Secret), "", "v1", "Secret", "secrets", false),
        new(typeof(Pod), "", "v1", "Pod", "pods", false),
        new(typeof(KubeEvent), "", "v1", "Event", "events", false),
        new(typeof(EndpointSlice), "discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", false),
    }.ToDictionary(k => k.Type);

    public static IReadOnlyCollection<KubeKind> All => s_byType.Values;

    public static KubeKind Of<T>() where T : KubeObject => s_byType[typeof(T)];

    public static KubeKind Of(Type type) => s_byType[type];

    public static KubeKind? ByKind(string apiVersion, string kind) =>
        s_byType.Values.FirstOrDefault(k => k.Kind == kind && k.ApiVersion == apiVersion);

    /// <summary>Fills in apiVersion and kind of a freshly made object.</summary>
    public static T Stamp<T>(T obj) where T : KubeObject
    {
        var kind = Of(obj.GetType());
        obj.ApiVersion = kind.ApiVersion;
        obj.Kind = kind.Kind;
        return obj;
    }
}
