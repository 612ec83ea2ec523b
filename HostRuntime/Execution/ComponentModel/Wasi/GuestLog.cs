using System.Text;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Wasi;

/// <summary>
/// Where a component's <c>wasi:logging</c> lines go: the host's log, tagged with the workload's namespace, name and ID
/// and the component (reference §5.4). Whatever the guest sends becomes a log line and never a trap: unknown levels are
/// logged as information, and a context or message longer than its cap is cut short with a note of what was dropped,
/// so one chatty guest cannot flood the log with megabyte lines. Shared by every request of the component.
/// </summary>
internal sealed partial class GuestLog(ILogger logger, string workloadNamespace, string workloadName, string workloadId, string component)
{
    public const int MaxMessageBytes = 8 * 1024;
    public const int MaxContextBytes = 256;

    /// <summary>Logs one line; <paramref name="level"/> is the WIT enum case name (<c>trace</c> … <c>critical</c>).</summary>
    public void Write(string level, ReadOnlySpan<byte> context, ReadOnlySpan<byte> message)
    {
        var logLevel = LevelOf(level);
        if (!logger.IsEnabled(logLevel))
        {
            return;
        }

        var contextText = Capped(context, MaxContextBytes);
        var messageText = Capped(message, MaxMessageBytes);
        LogGuest(logLevel, workloadNamespace, workloadName, workloadId, component, contextText, messageText);
    }

    public static LogLevel LevelOf(string level) => level switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        _ => LogLevel.Information,
    };

    /// <summary>The UTF-8 text, cut at a character boundary at most <paramref name="maxBytes"/> in, noting the rest.</summary>
    public static string Capped(ReadOnlySpan<byte> utf8, int maxBytes)
    {
        if (utf8.Length <= maxBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var cut = maxBytes;
        while (cut > 0 && (utf8[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return $"{Encoding.UTF8.GetString(utf8[..cut])}… ({utf8.Length - cut} more bytes dropped)";
    }

    [LoggerMessage(EventId = 5140, Message = "Workload {WorkloadNamespace}/{Workload} ({WorkloadId}) component '{Component}' [{Context}]: {Message}")]
    private partial void LogGuest(LogLevel level, string workloadNamespace, string workload, string workloadId, string component, string context, string message);
}
