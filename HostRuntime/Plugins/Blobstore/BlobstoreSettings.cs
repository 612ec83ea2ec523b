using Wasmcloud.HostRuntime.Plugins.KeyValue;
using Wasmcloud.HostRuntime.Workloads;

namespace Wasmcloud.HostRuntime.Plugins.Blobstore;

/// <summary>
/// The <c>wasi:blobstore</c> entry's config (reference §5.4): <c>buckets</c>, a comma list of the containers (object
/// store buckets) the component may use, any other name being refused; <c>read_only</c> (<c>"true"</c>) refusing every
/// write, delete and container change. <c>backend</c> may only be <c>nats</c> (or unset), as for keyvalue.
/// </summary>
internal sealed record BlobstoreSettings
{
    /// <summary>Null: any container may be used.</summary>
    public IReadOnlySet<string>? AllowedContainers { get; init; }

    public bool ReadOnly { get; init; }

    /// <exception cref="WorkloadStartException">A value of the wrong form.</exception>
    public static BlobstoreSettings Parse(IReadOnlyDictionary<string, string> config)
    {
        Backends.Check("wasi:blobstore", config);
        var settings = new BlobstoreSettings();
        if (config.TryGetValue("buckets", out var buckets) && !string.IsNullOrWhiteSpace(buckets))
        {
            var names = buckets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            if (names.FirstOrDefault(n => !KeyValueSettings.IsBucketName(n)) is { } bad)
            {
                throw new WorkloadStartException($"wasi:blobstore: buckets entry '{bad}' is not a JetStream bucket name (letters, digits, '-' and '_')");
            }

            settings = settings with { AllowedContainers = names };
        }

        if (config.TryGetValue("read_only", out var readOnly))
        {
            settings = settings with
            {
                ReadOnly = readOnly.Trim().ToLowerInvariant() switch
                {
                    "true" => true,
                    "false" or "" => false,
                    _ => throw new WorkloadStartException($"wasi:blobstore: read_only '{readOnly}' is not true or false"),
                },
            };
        }

        return settings;
    }
}
