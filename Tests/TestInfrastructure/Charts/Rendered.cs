using k8s;
using k8s.Models;

namespace Wasmcloud.TestInfrastructure.Charts;

/// <summary>The documents of one rendering.</summary>
public sealed record Rendered(string Yaml, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects)
{
    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T One<T>(string name) where T : IKubernetesObject<V1ObjectMeta> =>
        Objects.OfType<T>().Where(o => o.Metadata.Name == name).ToList() is [var one]
            ? one
            : throw new InvalidOperationException($"not exactly one {typeof(T).Name} named {name} in the rendering");

    public V1Deployment Deployment(string name) => One<V1Deployment>(name);

    public V1Container Container(string deployment) => Deployment(deployment).Spec.Template.Spec.Containers.Single();
}
