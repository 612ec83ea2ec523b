using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using V2 = Wasmcloud.Protocol.V2;

namespace Wasmcloud.Silo.Nats.Internal;

/// <summary>
/// Builds the wire <c>WorkloadStartRequest</c> from the operator's command, as the reference operator does: config
/// layers arrive already materialised, credentials go in plain (the NATS link must use TLS), and the resource limits
/// the reference never sets stay unset.
/// </summary>
internal static class StartRequestMapper
{
    public static V2.WorkloadStartRequest ToRequest(WorkloadStartCommand command)
    {
        var spec = command.Spec;
        var workload = new V2.Workload
        {
            Namespace = command.Namespace,
            Name = command.Name,
            WitWorld = new V2.WitWorld(),
        };
        Copy(command.Annotations, workload.Annotations);

        foreach (var component in spec.Components ?? [])
        {
            workload.WitWorld.Components.Add(new V2.Component
            {
                Name = component.Name,
                Image = component.Image,
                LocalResources = ToLocalResources(component.LocalResources),
                PoolSize = component.PoolSize ?? 0,
                MaxInvocations = component.MaxInvocations ?? 0,
                MaxConcurrency = component.MaxConcurrency ?? 0,
                ImagePullPolicy = ToPullPolicy(component.ImagePullPolicy),
                ImagePullSecret = ToSecret(command, component.Name),
            });
        }

        foreach (var hostInterface in spec.HostInterfaces ?? [])
        {
            var wit = new V2.WitInterface
            {
                Namespace = hostInterface.Namespace,
                Package = hostInterface.Package,
                Version = hostInterface.Version ?? "",
                Name = hostInterface.Name ?? "",
            };
            wit.Interfaces.AddRange(hostInterface.Interfaces);
            Copy(hostInterface.Config, wit.Config);
            workload.WitWorld.HostInterfaces.Add(wit);
        }

        if (spec.Service is { } service)
        {
            workload.Service = new V2.Service
            {
                Image = service.Image,
                LocalResources = ToLocalResources(service.LocalResources),
                MaxRestarts = (ulong)Math.Max(0, service.MaxRestarts),
                ImagePullPolicy = ToPullPolicy(service.ImagePullPolicy),
                ImagePullSecret = ToSecret(command, WorkloadStartCommand.ServiceCredentialKey),
            };
        }

        foreach (var volume in spec.Volumes ?? [])
        {
            var wire = new V2.Volume { Name = volume.Name };
            if (volume.HostPath is { } hostPath)
            {
                wire.HostPath = new V2.HostPathVolume { LocalPath = hostPath.Path };
            }
            else if (volume.Ephemeral is not null)
            {
                wire.EmptyDir = new V2.EmptyDirVolume();
            }

            workload.Volumes.Add(wire);
        }

        return new V2.WorkloadStartRequest { WorkloadId = command.WorkloadId, Workload = workload };
    }

    /// <summary>The CRD's policy names; anything else (or nothing) leaves the choice to the host, IfNotPresent.</summary>
    public static V2.ImagePullPolicy ToPullPolicy(string? policy) => policy?.Trim().ToLowerInvariant() switch
    {
        "always" => V2.ImagePullPolicy.Always,
        "ifnotpresent" => V2.ImagePullPolicy.IfNotPresent,
        "never" => V2.ImagePullPolicy.Never,
        _ => V2.ImagePullPolicy.Unspecified,
    };

    private static V2.ImagePullSecret? ToSecret(WorkloadStartCommand command, string key) =>
        command.PullCredentials.TryGetValue(key, out var credential)
            ? new V2.ImagePullSecret { Username = credential.Username, Password = credential.Password }
            : null;

    private static V2.LocalResources? ToLocalResources(LocalResources? resources)
    {
        if (resources is null)
        {
            return null;
        }

        var wire = new V2.LocalResources();
        Copy(resources.Config, wire.Config);

        // The environment layer's configFrom/secretFrom are already merged into its Config by the operator.
        Copy(resources.Environment?.Config, wire.Environment);
        foreach (var mount in resources.VolumeMounts ?? [])
        {
            wire.VolumeMounts.Add(new V2.VolumeMount { Name = mount.Name, MountPath = mount.MountPath, ReadOnly = mount.ReadOnly ?? false });
        }

        wire.AllowedHosts.AddRange(resources.AllowedHosts ?? []);
        wire.AllowedIpNameLookups.AddRange(resources.AllowedIpNameLookups ?? []);
        wire.AllowedHostLoopbackPorts.AddRange(resources.AllowedHostLoopbackPorts ?? []);
        return wire;
    }

    private static void Copy(IEnumerable<KeyValuePair<string, string>>? from, IDictionary<string, string> to)
    {
        foreach (var (key, value) in from ?? [])
        {
            to[key] = value;
        }
    }
}
