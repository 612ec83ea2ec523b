using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Wasmcloud.Silo.Clustering;

/// <summary>
/// The object name of one cluster's table: <c>{serviceId}.{clusterId}</c> when that is already a valid object name,
/// else its letters and digits, lowercased and joined by '-', with a hash of the original so two IDs that clean to the same text stay apart.
/// </summary>
public static partial class MembershipTableName
{
    private const int MaxLength = 253;

    public static string For(string serviceId, string clusterId)
    {
        var raw = $"{serviceId}.{clusterId}";
        if (raw.Length <= MaxLength && ValidName().IsMatch(raw))
        {
            return raw;
        }

        var cleaned = Invalid().Replace(raw.ToLowerInvariant(), "-").Trim('-');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)))[..10];
        var head = cleaned.Length > MaxLength - 11 ? cleaned[..(MaxLength - 11)].TrimEnd('-') : cleaned;
        return head.Length == 0 ? hash : $"{head}-{hash}";
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex ValidName();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex Invalid();
}
