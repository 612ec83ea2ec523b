using System.Text.Json.Serialization;

namespace Wasmcloud.Grains.Abstractions.Model;

[GenerateSerializer]
[Alias("wasmcloud.ReplicaCounts")]
public sealed class ReplicaCounts
{
    [Id(0)][JsonPropertyName("expected")] public int Expected { get; set; }
    [Id(1)][JsonPropertyName("current")] public int Current { get; set; }
    [Id(2)][JsonPropertyName("ready")] public int Ready { get; set; }
    [Id(3)][JsonPropertyName("unavailable")] public int Unavailable { get; set; }

    public bool SameAs(ReplicaCounts? other) =>
        other is not null && Expected == other.Expected && Current == other.Current && Ready == other.Ready && Unavailable == other.Unavailable;
}
