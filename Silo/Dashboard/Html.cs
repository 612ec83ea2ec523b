using System.Globalization;
using System.Text.Encodings.Web;
using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Silo.Dashboard;

/// <summary>Every value that reaches a page goes through here: object names and host messages are user input.</summary>
internal static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>Encodes a path segment inside an attribute value (a link to a workload).</summary>
    public static string Segment(string text) => E(Uri.EscapeDataString(text));

    /// <summary>The CSS class and the <c>data-ready</c> value for a Ready condition status: green, red or amber.</summary>
    public static string ReadyClass(string? status) => status switch
    {
        ConditionStatus.True => "ok",
        ConditionStatus.False => "bad",
        _ => "wait",
    };

    /// <summary>
    /// A host that is not Ready takes no work and its workloads are being moved: red, whether it said False or went
    /// silent (Unknown). Amber is for objects still converging, which a dead host is not.
    /// </summary>
    public static string HostReadyClass(string? status) => status == ConditionStatus.True ? "ok" : "bad";

    public static string ReadyAttributes(string? status, string? cssClass = null) =>
        $"class=\"{cssClass ?? ReadyClass(status)}\" data-ready=\"{E(status ?? ConditionStatus.Unknown)}\"";

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? E(t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)) : "-";

    public static string Ago(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } t)
        {
            return "never";
        }

        var seconds = Math.Max(0, (now - t).TotalSeconds);
        return seconds < 120
            ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0}s ago")
            : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0}m ago");
    }

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
