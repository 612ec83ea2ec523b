using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Silo.Feeding;

/// <summary>A change an informer hands on: never a bookmark, always with the object (its last known state for a delete).</summary>
/// <param name="Synthetic">True for a delete inferred by a relist rather than seen on the watch.</param>
public sealed record ResourceEvent(WatchEventType Type, KubeObject Object, bool Synthetic = false);
