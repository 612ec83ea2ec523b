using System.Globalization;
using System.Text.Json.Serialization;

namespace Wasmcloud.Silo.Clustering;

/// <summary>
/// One row of the membership table as stored in the <c>MembershipTable</c> object: Orleans' <see cref="MembershipEntry"/>
/// in plain JSON (addresses in their parsable form, times in UTC round-trip format), plus the row's etag.
/// </summary>
public sealed class MemberRecord
{
    [JsonPropertyName("siloAddress")]
    public string SiloAddress { get; set; } = "";

    [JsonPropertyName("siloName")]
    public string? SiloName { get; set; }

    [JsonPropertyName("hostName")]
    public string? HostName { get; set; }

    [JsonPropertyName("status")]
    public string Status { get; set; } = nameof(SiloStatus.None);

    [JsonPropertyName("proxyPort")]
    public int ProxyPort { get; set; }

    [JsonPropertyName("roleName")]
    public string? RoleName { get; set; }

    [JsonPropertyName("updateZone")]
    public int UpdateZone { get; set; }

    [JsonPropertyName("faultZone")]
    public int FaultZone { get; set; }

    [JsonPropertyName("startTime")]
    public string StartTime { get; set; } = "";

    [JsonPropertyName("iAmAliveTime")]
    public string IAmAliveTime { get; set; } = "";

    [JsonPropertyName("suspectTimes")]
    public List<SuspicionRecord>? SuspectTimes { get; set; }

    /// <summary>Changes with every versioned write of this row; <c>UpdateIAmAlive</c> leaves it alone.</summary>
    [JsonPropertyName("etag")]
    public string Etag { get; set; } = "";

    public static MemberRecord From(MembershipEntry entry, string etag) => new()
    {
        SiloAddress = entry.SiloAddress.ToParsableString(),
        SiloName = entry.SiloName,
        HostName = entry.HostName,
        Status = entry.Status.ToString(),
        ProxyPort = entry.ProxyPort,
        RoleName = entry.RoleName,
        UpdateZone = entry.UpdateZone,
        FaultZone = entry.FaultZone,
        StartTime = FormatTime(entry.StartTime),
        IAmAliveTime = FormatTime(entry.IAmAliveTime),
        SuspectTimes = entry.SuspectTimes?.Select(vote => new SuspicionRecord { Silo = vote.Item1.ToParsableString(), Time = FormatTime(vote.Item2) }).ToList(),
        Etag = etag,
    };

    public MembershipEntry ToEntry() => new()
    {
        SiloAddress = Orleans.Runtime.SiloAddress.FromParsableString(SiloAddress),
        SiloName = SiloName ?? "",
        HostName = HostName ?? "",
        Status = Enum.TryParse<SiloStatus>(Status, out var status) ? status : SiloStatus.None,
        ProxyPort = ProxyPort,
        RoleName = RoleName,
        UpdateZone = UpdateZone,
        FaultZone = FaultZone,
        StartTime = ParseTime(StartTime),
        IAmAliveTime = ParseTime(IAmAliveTime),
        SuspectTimes = SuspectTimes?.Select(vote => Tuple.Create(Orleans.Runtime.SiloAddress.FromParsableString(vote.Silo), ParseTime(vote.Time))).ToList(),
    };

    /// <summary>The later of start and last heartbeat, as Orleans' cleanup compares it.</summary>
    public DateTime LastSignOfLife => ParseTime(IAmAliveTime) > ParseTime(StartTime) ? ParseTime(IAmAliveTime) : ParseTime(StartTime);

    public static string FormatTime(DateTime time) =>
        (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture);

    public static DateTime ParseTime(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
            : DateTime.MinValue;
}
