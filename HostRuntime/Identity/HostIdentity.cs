using System.Reflection;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.HostRuntime.Identity;

/// <summary>Who this host is for its whole life; a restart is a new host (new id and name), as in the reference.</summary>
public sealed record HostIdentity
{
    public const string HostGroupLabel = "hostgroup";

    public required string HostId { get; init; }
    public required string FriendlyName { get; init; }
    public required string Hostname { get; init; }
    public required IReadOnlyDictionary<string, string> Labels { get; init; }
    public required string Environment { get; init; }
    public required string Version { get; init; }
    public required DateTimeOffset StartedAt { get; init; }

    public static HostIdentity Create(HostRuntimeOptions options, TimeProvider time) => new()
    {
        HostId = Guid.NewGuid().ToString(),
        FriendlyName = FriendlyNameGenerator.Next(),
        Hostname = options.HostName ?? System.Net.Dns.GetHostName(),
        Labels = new Dictionary<string, string> { [HostGroupLabel] = options.HostGroup },
        Environment = options.Environment,
        Version = RuntimeVersion,
        StartedAt = time.GetUtcNow(),
    };

    /// <summary>The informational version without the source-revision suffix the SDK appends.</summary>
    public static string RuntimeVersion { get; } =
        (typeof(HostIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
