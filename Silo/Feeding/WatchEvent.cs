using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Silo.Feeding;

/// <summary>One event of a watch stream. <see cref="Object"/> is null only for bookmarks.</summary>
public sealed record WatchEvent(WatchEventType Type, KubeObject? Object, string ResourceVersion);
