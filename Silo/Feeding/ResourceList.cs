using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Silo.Feeding;

/// <summary>A consistent snapshot of one kind, and the resourceVersion to watch from so nothing after it is missed.</summary>
public sealed record ResourceList(IReadOnlyList<KubeObject> Items, string ResourceVersion);
