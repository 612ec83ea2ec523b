using System.Globalization;

namespace Wasmcloud.HostRuntime.Execution.ComponentModel.Http;

/// <summary>
/// A component's <c>localResources.allowedHosts</c> (reference §2.4): where its outgoing HTTP may go. Entries are
/// <c>*</c>, <c>host[:port]</c>, <c>scheme://host[:port][/]</c>, <c>*.suffix[:port]</c> and
/// <c>scheme://*.suffix[:port][/]</c>; no port means any port, no scheme any scheme, <c>*.suffix</c> matches names
/// below the suffix but not the suffix itself. Empty denies everything (fails closed).
/// </summary>
internal sealed class EgressPolicy
{
    private readonly IReadOnlyList<Rule> _rules;

    private EgressPolicy(IReadOnlyList<Rule> rules) => _rules = rules;

    public static EgressPolicy DenyAll { get; } = new([]);

    public bool IsEmpty => _rules.Count == 0;

    /// <summary>Parses every entry; the bad ones are all reported, as the reference does.</summary>
    /// <exception cref="FormatException">One or more entries are not in a recognised form.</exception>
    public static EgressPolicy Parse(IEnumerable<string> entries)
    {
        var rules = new List<Rule>();
        var bad = new List<string>();
        foreach (var entry in entries)
        {
            if (TryParse(entry.Trim(), out var rule))
            {
                rules.Add(rule);
            }
            else
            {
                bad.Add($"'{entry}'");
            }
        }

        return bad.Count == 0 ? new EgressPolicy(rules) : throw new FormatException($"invalid allowedHosts entries: {string.Join(", ", bad)}");
    }

    /// <summary>Whether a request to <paramref name="scheme"/>://<paramref name="host"/>:<paramref name="port"/> is allowed.</summary>
    public bool Allows(string scheme, string host, int port)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return _rules.Any(rule =>
            (rule.Scheme is null || rule.Scheme.Equals(scheme, StringComparison.OrdinalIgnoreCase))
            && (rule.Port is null || rule.Port == port)
            && (rule.Host == "*"
                || (rule.Wildcard ? name.EndsWith("." + rule.Host, StringComparison.Ordinal) : name == rule.Host)));
    }

    private static bool TryParse(string entry, out Rule rule)
    {
        rule = default;
        if (entry == "*")
        {
            rule = new Rule(null, "*", false, null);
            return true;
        }

        string? scheme = null;
        var rest = entry;
        var separator = entry.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0)
        {
            scheme = entry[..separator].ToLowerInvariant();
            if (scheme is not ("http" or "https"))
            {
                return false;
            }

            rest = entry[(separator + 3)..].TrimEnd('/');
        }

        int? port = null;
        var colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 65535)
            {
                return false;
            }

            port = p;
            rest = rest[..colon];
        }

        var wildcard = rest.StartsWith("*.", StringComparison.Ordinal);
        var host = (wildcard ? rest[2..] : rest).ToLowerInvariant();
        if (!IsHostName(host))
        {
            return false;
        }

        rule = new Rule(scheme, host, wildcard, port);
        return true;
    }

    private static bool IsHostName(string host) =>
        host.Length is > 0 and <= 253
        && host.Split('.').All(label => label.Length is > 0 and <= 63
            && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && label[0] != '-' && label[^1] != '-');

    private readonly record struct Rule(string? Scheme, string Host, bool Wildcard, int? Port);
}
