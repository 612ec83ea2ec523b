using System.Text;
using System.Text.Json;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;

namespace Wasmcloud.Grains.Workloads;

/// <summary>
/// Turns a Workload into the start request a host understands: config layers materialised (inline, then
/// ConfigMaps, then Secrets; last writer wins), registry credentials resolved from pull secrets, and the Service's
/// DNS names added as host aliases. The result holds secrets and lives only for the call.
/// </summary>
public static class StartCommandBuilder
{
    public static async Task<WorkloadStartCommand> BuildAsync(Workload workload, IResourceStore store, CancellationToken cancellationToken)
    {
        var ns = workload.Namespace;
        var spec = ModelJson.Clone(workload.Spec);
        var credentials = new Dictionary<string, RegistryCredential>();

        foreach (var component in spec.Components ?? [])
        {
            if (component.LocalResources?.Environment is { } environment)
            {
                component.LocalResources.Environment = await MaterialiseAsync(environment, ns, store, cancellationToken);
            }

            if (component.ImagePullSecret is { } pullSecret
                && await ResolveCredentialAsync(component.Image, pullSecret.Name, ns, store, cancellationToken) is { } credential)
            {
                credentials[component.Name] = credential;
            }
        }

        if (spec.Service is { } service)
        {
            if (service.LocalResources?.Environment is { } environment)
            {
                service.LocalResources.Environment = await MaterialiseAsync(environment, ns, store, cancellationToken);
            }

            if (service.ImagePullSecret is { } pullSecret
                && await ResolveCredentialAsync(service.Image, pullSecret.Name, ns, store, cancellationToken) is { } credential)
            {
                credentials[WorkloadStartCommand.ServiceCredentialKey] = credential;
            }
        }

        foreach (var entry in spec.HostInterfaces ?? [])
        {
            var merged = await MaterialiseAsync(entry, ns, store, cancellationToken);
            entry.Config = merged.Config;
            entry.ConfigFrom = null;
            entry.SecretFrom = null;
        }

        if (spec.ServiceName is { } serviceName)
        {
            AddServiceAliases(spec, serviceName, ns);
        }

        return new WorkloadStartCommand(
            workload.Metadata.Uid ?? workload.Key,
            ns,
            workload.Name,
            workload.Metadata.Annotations ?? [],
            spec,
            credentials);
    }

    /// <summary>Names every referenced ConfigMap or Secret that does not exist (the Config condition).</summary>
    public static async Task<IReadOnlyList<string>> FindMissingReferencesAsync(Workload workload, IResourceStore store, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var layers = new List<ConfigLayer>();
        layers.AddRange((workload.Spec.Components ?? []).Select(c => c.LocalResources?.Environment).OfType<ConfigLayer>());
        if (workload.Spec.Service?.LocalResources?.Environment is { } serviceEnvironment)
        {
            layers.Add(serviceEnvironment);
        }

        layers.AddRange(workload.Spec.HostInterfaces ?? []);
        foreach (var layer in layers)
        {
            foreach (var reference in layer.ConfigFrom ?? [])
            {
                if (await store.GetAsync<ConfigMap>(workload.Namespace, reference.Name, cancellationToken) is null)
                {
                    missing.Add($"configmap \"{reference.Name}\"");
                }
            }

            foreach (var reference in layer.SecretFrom ?? [])
            {
                if (await store.GetAsync<Secret>(workload.Namespace, reference.Name, cancellationToken) is null)
                {
                    missing.Add($"secret \"{reference.Name}\"");
                }
            }
        }

        foreach (var pullSecret in (workload.Spec.Components ?? []).Select(c => c.ImagePullSecret).Append(workload.Spec.Service?.ImagePullSecret).OfType<NameReference>())
        {
            if (await store.GetAsync<Secret>(workload.Namespace, pullSecret.Name, cancellationToken) is null)
            {
                missing.Add($"image pull secret \"{pullSecret.Name}\"");
            }
        }

        return [.. missing.Distinct()];
    }

    private static async Task<ConfigLayer> MaterialiseAsync(ConfigLayer layer, string ns, IResourceStore store, CancellationToken cancellationToken)
    {
        var merged = new Dictionary<string, string>(layer.Config ?? []);
        foreach (var reference in layer.ConfigFrom ?? [])
        {
            var map = await store.GetAsync<ConfigMap>(ns, reference.Name, cancellationToken)
                ?? throw new ResourceNotFoundException($"configmap \"{reference.Name}\" not found");
            foreach (var (key, value) in map.Data ?? [])
            {
                merged[key] = value;
            }
        }

        foreach (var reference in layer.SecretFrom ?? [])
        {
            var secret = await store.GetAsync<Secret>(ns, reference.Name, cancellationToken)
                ?? throw new ResourceNotFoundException($"secret \"{reference.Name}\" not found");
            foreach (var (key, value) in SecretValues(secret))
            {
                merged[key] = value;
            }
        }

        return new ConfigLayer { Config = merged };
    }

    internal static IEnumerable<KeyValuePair<string, string>> SecretValues(Secret secret)
    {
        foreach (var (key, value) in secret.Data ?? [])
        {
            yield return new(key, Encoding.UTF8.GetString(Convert.FromBase64String(value)));
        }

        foreach (var pair in secret.StringData ?? [])
        {
            yield return pair;
        }
    }

    private static async Task<RegistryCredential?> ResolveCredentialAsync(string image, string secretName, string ns, IResourceStore store, CancellationToken cancellationToken)
    {
        var secret = await store.GetAsync<Secret>(ns, secretName, cancellationToken)
            ?? throw new ResourceNotFoundException($"image pull secret \"{secretName}\" not found");
        var values = SecretValues(secret).ToDictionary(p => p.Key, p => p.Value);
        if (!values.TryGetValue(".dockerconfigjson", out var dockerConfig))
        {
            throw new InvalidOperationException($"image pull secret \"{secretName}\" is not of type kubernetes.io/dockerconfigjson");
        }

        var registry = RegistryOf(image);
        using var document = JsonDocument.Parse(dockerConfig);
        if (!document.RootElement.TryGetProperty("auths", out var auths))
        {
            return null;
        }

        foreach (var auth in auths.EnumerateObject())
        {
            if (!SameRegistry(auth.Name, registry))
            {
                continue;
            }

            var entry = auth.Value;
            if (entry.TryGetProperty("username", out var user) && entry.TryGetProperty("password", out var password))
            {
                return new RegistryCredential(user.GetString() ?? "", password.GetString() ?? "");
            }

            if (entry.TryGetProperty("auth", out var encoded))
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.GetString() ?? ""));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? null : new RegistryCredential(pair[..colon], pair[(colon + 1)..]);
            }
        }

        return null;
    }

    /// <summary>The registry host of an image reference, normalised the way Docker does (<c>ubuntu</c> → docker.io).</summary>
    internal static string RegistryOf(string image)
    {
        var reference = image.Contains("://", StringComparison.Ordinal) ? image[(image.IndexOf("://", StringComparison.Ordinal) + 3)..] : image;
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return "docker.io";
        }

        var first = reference[..slash];
        return first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"
            ? first
            : "docker.io";
    }

    private static bool SameRegistry(string authKey, string registry)
    {
        var key = authKey.Replace("https://", "", StringComparison.Ordinal).Replace("http://", "", StringComparison.Ordinal).TrimEnd('/');
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            key = key[..slash];
        }

        static string Canonical(string host) => host is "index.docker.io" or "registry-1.docker.io" ? "docker.io" : host;
        return Canonical(key) == Canonical(registry);
    }

    private static void AddServiceAliases(WorkloadSpec spec, string service, string ns)
    {
        // The reference injects only the middle two although its docs promise all four; a Service is reachable by each.
        string[] aliases = [service, $"{service}.{ns}", $"{service}.{ns}.svc", $"{service}.{ns}.svc.cluster.local"];
        foreach (var entry in spec.HostInterfaces ?? [])
        {
            if (!entry.Is("wasi", "http") || !entry.Interfaces.Contains("incoming-handler"))
            {
                continue;
            }

            entry.Config ??= [];
            var existing = entry.Config.TryGetValue("host-aliases", out var current) && !string.IsNullOrWhiteSpace(current)
                ? current.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [];
            entry.Config["host-aliases"] = string.Join(',', existing.Concat(aliases).Distinct(StringComparer.OrdinalIgnoreCase));
        }
    }
}
