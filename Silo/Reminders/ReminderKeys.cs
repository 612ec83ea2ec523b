using System.Globalization;
using System.Text;

namespace Wasmcloud.Silo.Reminders;

/// <summary>
/// Where a reminder lives in the KV bucket: <c>{service}.{shard}.{hash}.{grain}.{reminder}</c>, each a dot-separated
/// token of the key (and so of the NATS subject under it). <c>shard</c> is the top byte of the grain's uniform hash
/// as two hex digits and <c>hash</c> all eight, so a hash-ring range read subscribes only to the shards it overlaps
/// (<c>{service}.{shard}.&gt;</c>) and one grain's reminders are one subject filter
/// (<c>{service}.{shard}.{hash}.{grain}.&gt;</c>). NATS keys allow only <c>[-/_=.A-Za-z0-9]</c> and dots split
/// tokens, so the service, grain and reminder tokens are escaped: every other byte of their UTF-8 form, and
/// <c>=</c> itself, becomes <c>=XX</c> (upper-case hex). The escape is injective, so distinct grains never share a key.
/// </summary>
internal static class ReminderKeys
{
    /// <summary>Shards of the hash ring: one per value of the hash's top byte.</summary>
    public const int ShardCount = 256;

    // An empty token would make two adjacent dots, which NATS refuses; a lone '=' is no valid escape, so it is unambiguous.
    private const string EmptyToken = "=";

    public static string ServicePrefix(string serviceId) => Escape(serviceId);

    public static string Key(string serviceId, GrainId grainId, string reminderName)
    {
        var hash = grainId.GetUniformHashCode();
        return $"{Escape(serviceId)}.{Shard(hash)}.{Hash(hash)}.{Escape(grainId.ToString())}.{Escape(reminderName)}";
    }

    /// <summary>Every reminder of one grain.</summary>
    public static string GrainFilter(string serviceId, GrainId grainId)
    {
        var hash = grainId.GetUniformHashCode();
        return $"{Escape(serviceId)}.{Shard(hash)}.{Hash(hash)}.{Escape(grainId.ToString())}.>";
    }

    /// <summary>Every reminder of one service.</summary>
    public static string ServiceFilter(string serviceId) => $"{Escape(serviceId)}.>";

    /// <summary>Every reminder whose grain hash has the given top byte.</summary>
    public static string ShardFilter(string serviceId, int shard) => $"{Escape(serviceId)}.{shard:x2}.>";

    public static int ShardOf(uint hash) => (int)(hash >> 24);

    /// <summary>
    /// The shards holding hashes in Orleans' range <c>(begin, end]</c>, which wraps past zero when
    /// <paramref name="begin"/> &gt;= <paramref name="end"/> (then it is the whole ring when they are equal).
    /// </summary>
    public static IReadOnlyList<int> ShardsOf(uint begin, uint end)
    {
        if (begin >= end)
        {
            // (begin, MAX] ∪ [0, end]; when begin == end that is every hash.
            if (begin == end)
            {
                return Enumerable.Range(0, ShardCount).ToArray();
            }

            var upper = begin == uint.MaxValue ? [] : ContiguousShards(begin + 1, uint.MaxValue);
            return upper.Union(ContiguousShards(0, end)).Order().ToArray();
        }

        return ContiguousShards(begin + 1, end);
    }

    /// <summary>Orleans' ring-range membership: <c>(begin, end]</c>, wrapping when begin &gt;= end.</summary>
    public static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    public static string Escape(string value)
    {
        if (value.Length == 0)
        {
            return EmptyToken;
        }

        StringBuilder? escaped = null;
        var bytes = Encoding.UTF8.GetBytes(value);
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (IsPlain(b))
            {
                escaped?.Append((char)b);
                continue;
            }

            if (escaped is null)
            {
                escaped = new StringBuilder(bytes.Length + 8);
                escaped.Append(Encoding.ASCII.GetString(bytes, 0, i));
            }

            escaped.Append('=').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return escaped?.ToString() ?? value;
    }

    private static int[] ContiguousShards(uint from, uint to) =>
        Enumerable.Range(ShardOf(from), ShardOf(to) - ShardOf(from) + 1).ToArray();

    private static string Shard(uint hash) => ShardOf(hash).ToString("x2", CultureInfo.InvariantCulture);

    private static string Hash(uint hash) => hash.ToString("x8", CultureInfo.InvariantCulture);

    private static bool IsPlain(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'/';
}
