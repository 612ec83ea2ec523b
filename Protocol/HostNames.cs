using System.Net;

namespace Wasmcloud.Protocol;

/// <summary>Host names as the host's router and the silo's gateway compare them: lower case, without a port (reference §5.3, commit acb1510b1).</summary>
public static class HostNames
{
    /// <summary>Trims, lower-cases and strips a port: <c>Hello.Example.com:8080</c> → <c>hello.example.com</c>, <c>[::1]:80</c> → <c>[::1]</c>.</summary>
    public static string Normalize(string host)
    {
        var text = host.Trim();
        if (text.StartsWith('['))
        {
            // An IPv6 literal keeps its brackets; only what follows the closing bracket can be a port.
            var close = text.IndexOf(']', StringComparison.Ordinal);
            return (close < 0 ? text : text[..(close + 1)]).ToLowerInvariant();
        }

        var colon = text.LastIndexOf(':');
        if (colon >= 0 && text.IndexOf(':', StringComparison.Ordinal) == colon)
        {
            text = text[..colon];
        }

        return text.TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>
    /// An RFC 1123 host name (labels of letters, digits and inner hyphens, 1–63 characters, 253 in all) or an IPv4
    /// address; the reference refuses anything else as a workload's <c>host</c>.
    /// </summary>
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > 253)
        {
            return false;
        }

        if (IPAddress.TryParse(name, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return true;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }
}
