using System.Text.RegularExpressions;
using Wasmcloud.HostRuntime.Workloads;

namespace Wasmcloud.HostRuntime.Plugins.KeyValue;

/// <summary>
/// The <c>wasi:keyvalue</c> entry's config (reference §5.4: JetStream KV, <c>open(name)</c> creates or opens bucket
/// <c>name</c>), with our additions:
/// <list type="bullet">
/// <item><c>bucket</c>: every <c>open</c> uses this bucket whatever the identifier (as a named multi-backend entry does).</item>
/// <item><c>buckets</c>: a comma list of the identifiers the component may open; others get <c>access-denied</c>.</item>
/// <item><c>create</c>: <c>"false"</c> opens existing buckets only; a missing one is <c>no-such-store</c>.</item>
/// <item><c>backend</c>: the multiplexed plugins' key (reference §5.4); this host has JetStream only, so <c>nats</c> or unset.</item>
/// </list>
/// </summary>
internal sealed partial record KeyValueSettings
{
    public string? Bucket { get; init; }

    /// <summary>Null: any identifier may be opened.</summary>
    public IReadOnlySet<string>? AllowedIdentifiers { get; init; }

    public bool CreateBuckets { get; init; } = true;

    /// <exception cref="WorkloadStartException">A value of the wrong form.</exception>
    public static KeyValueSettings Parse(IReadOnlyDictionary<string, string> config)
    {
        Backends.Check("wasi:keyvalue", config);
        var settings = new KeyValueSettings();
        if (config.TryGetValue("bucket", out var bucket) && !string.IsNullOrWhiteSpace(bucket))
        {
            if (!IsBucketName(bucket.Trim()))
            {
                throw new WorkloadStartException($"wasi:keyvalue: bucket '{bucket}' is not a JetStream bucket name (letters, digits, '-' and '_')");
            }

            settings = settings with { Bucket = bucket.Trim() };
        }

        if (config.TryGetValue("buckets", out var buckets) && !string.IsNullOrWhiteSpace(buckets))
        {
            settings = settings with
            {
                AllowedIdentifiers = buckets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
            };
        }

        if (config.TryGetValue("create", out var create))
        {
            settings = settings with
            {
                CreateBuckets = create.Trim().ToLowerInvariant() switch
                {
                    "true" or "" => true,
                    "false" => false,
                    _ => throw new WorkloadStartException($"wasi:keyvalue: create '{create}' is not true or false"),
                },
            };
        }

        return settings;
    }

    public static bool IsBucketName(string name) => BucketName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex BucketName();
}
