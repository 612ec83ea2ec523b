namespace Wasmcloud.Protocol;

/// <summary>The NATS subjects of the operator ↔ host protocol (reference §4.1). There is no lattice prefix.</summary>
public static class Subjects
{
    /// <summary>Hosts publish their heartbeat on <c>runtime.operator.heartbeat.&lt;hostId&gt;</c>.</summary>
    public const string HeartbeatPrefix = "runtime.operator.heartbeat";

    /// <summary>What the operator subscribes to for every host's heartbeat.</summary>
    public const string AllHeartbeats = HeartbeatPrefix + ".>";

    /// <summary>Commands go to <c>runtime.host.&lt;hostId&gt;.&lt;command&gt;</c>.</summary>
    public const string HostPrefix = "runtime.host";

    public static string Heartbeat(string hostId) => $"{HeartbeatPrefix}.{RequireToken(hostId)}";

    /// <summary>The host's single subscription: every command addressed to it.</summary>
    public static string HostCommands(string hostId) => $"{HostPrefix}.{RequireToken(hostId)}.>";

    public static string HostCommand(string hostId, string command) => $"{HostPrefix}.{RequireToken(hostId)}.{command}";

    /// <summary>The host id of a heartbeat subject, or null when the subject is not one.</summary>
    public static string? HostIdOfHeartbeat(string subject)
    {
        if (!subject.StartsWith(HeartbeatPrefix + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var id = subject[(HeartbeatPrefix.Length + 1)..];
        return IsToken(id) ? id : null;
    }

    /// <summary>The command of a host subject: every token after the third, joined with dots (reference §4.1).</summary>
    public static string? CommandOf(string subject)
    {
        var tokens = subject.Split('.', 4);
        return tokens.Length == 4 && tokens[0] == "runtime" && tokens[1] == "host" ? tokens[3] : null;
    }

    /// <summary>True for a non-empty subject token free of separators, wildcards and whitespace.</summary>
    public static bool IsToken(string value) =>
        value.Length > 0 && !value.AsSpan().ContainsAny(NotInToken);

    private static readonly System.Buffers.SearchValues<char> NotInToken = System.Buffers.SearchValues.Create(".*> \t\r\n");

    private static string RequireToken(string hostId) =>
        IsToken(hostId) ? hostId : throw new ArgumentException($"'{hostId}' is not a valid subject token.", nameof(hostId));
}
