using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>A core/v1 Event about an object: what a user sees in <c>kubectl describe</c>.</summary>
[GenerateSerializer]
[Alias("wasmcloud.KubeEvent")]
public sealed class KubeEvent : KubeObject
{
    [Id(0)][JsonPropertyName("involvedObject")] public ObjectReference InvolvedObject { get; set; } = new();
    [Id(1)][JsonPropertyName("reason")] public string Reason { get; set; } = "";
    [Id(2)][JsonPropertyName("message")] public string Message { get; set; } = "";
    [Id(3)][JsonPropertyName("type")] public string Type { get; set; } = EventTypes.Normal;
    [Id(4)][JsonPropertyName("action")] public string? Action { get; set; }
    [Id(5)][JsonPropertyName("count")] public int Count { get; set; } = 1;
    [Id(6)][JsonPropertyName("firstTimestamp")] public DateTimeOffset? FirstTimestamp { get; set; }
    [Id(7)][JsonPropertyName("lastTimestamp")] public DateTimeOffset? LastTimestamp { get; set; }
    [Id(8)][JsonPropertyName("source")] public EventSource? Source { get; set; }
    [Id(9)][JsonPropertyName("reportingComponent")] public string? ReportingComponent { get; set; }

    /// <summary>
    /// The first occurrence of an Event about <paramref name="about"/>, reported by this operator, under
    /// <paramref name="metadata"/> (the store names it); its involved object is in the Event's own namespace.
    /// </summary>
    public static KubeEvent First(KubeObject about, ObjectMeta metadata, string type, string reason, string message, string? action, DateTimeOffset now)
    {
        var involved = ObjectReference.To(about);
        involved.Namespace = metadata.Namespace;
        return KubeKind.Stamp(new KubeEvent
        {
            Metadata = metadata,
            InvolvedObject = involved,
            Type = type,
            Reason = reason,
            Message = message,
            Action = action,
            Count = 1,
            FirstTimestamp = now,
            LastTimestamp = now,
            Source = new EventSource { Component = WellKnown.FieldManager },
            ReportingComponent = WellKnown.FieldManager,
        });
    }
}

[GenerateSerializer]
[Alias("wasmcloud.ObjectReference")]
public sealed class ObjectReference
{
    [Id(0)][JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }
    [Id(1)][JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [Id(2)][JsonPropertyName("namespace")] public string? Namespace { get; set; }
    [Id(3)][JsonPropertyName("name")] public string Name { get; set; } = "";
    [Id(4)][JsonPropertyName("uid")] public string? Uid { get; set; }

    public static ObjectReference To(KubeObject obj) => new()
    {
        ApiVersion = obj.ApiVersion,
        Kind = obj.Kind,
        Namespace = obj.Metadata.Namespace,
        Name = obj.Name,
        Uid = obj.Metadata.Uid,
    };
}

[GenerateSerializer]
[Alias("wasmcloud.EventSource")]
public sealed class EventSource
{
    [Id(0)][JsonPropertyName("component")] public string? Component { get; set; }
}

public static class EventTypes
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";
}
