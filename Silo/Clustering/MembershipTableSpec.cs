using System.Globalization;
using System.Text.Json.Serialization;

namespace Wasmcloud.Silo.Clustering;

/// <summary>
/// The whole Orleans membership table of one cluster, held in one object so that a row and the table version change
/// in one write (see docs/decisions/kubernetes-membership.md).
/// </summary>
public sealed class MembershipTableSpec
{
    [JsonPropertyName("serviceId")]
    public string ServiceId { get; set; } = "";

    [JsonPropertyName("clusterId")]
    public string ClusterId { get; set; } = "";

    /// <summary>Orleans' table version number, as the last successful writer set it.</summary>
    [JsonPropertyName("version")]
    public int Version { get; set; }

    /// <summary>Counts versioned writes; the table's etag and each row's etag are values it had.</summary>
    [JsonPropertyName("revision")]
    public long Revision { get; set; }

    [JsonPropertyName("members")]
    public List<MemberRecord> Members { get; set; } = [];

    [JsonIgnore]
    public string VersionEtag => Revision.ToString(CultureInfo.InvariantCulture);

    /// <summary>Moves to the next revision with Orleans' new version number; returns the etag the written row gets.</summary>
    public string Advance(int version)
    {
        Revision++;
        Version = version;
        return VersionEtag;
    }

    public MemberRecord? Find(SiloAddress silo)
    {
        var key = silo.ToParsableString();
        return Members.FirstOrDefault(m => m.SiloAddress == key);
    }
}
