using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Workloads;

/// <summary>
/// Checks what can be checked without running anything (components, images, local files, host paths, volume
/// references) and then holds nothing. The Wasmtime executor runs it first; tests of the control protocol use it
/// alone. Failures read like the reference's.
/// </summary>
public sealed class ValidatingWorkloadExecutor : IWorkloadExecutor
{
    public Task<IRunningWorkload> StartAsync(WorkloadStartRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var workload = request.Workload ?? throw new WorkloadStartException("start request has no workload");
        var components = workload.WitWorld?.Components ?? [];
        if (components.Count == 0)
        {
            throw new WorkloadStartException($"workload '{workload.Namespace}/{workload.Name}' has no components");
        }

        var volumes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var volume in workload.Volumes)
        {
            CheckVolume(volume);
            if (!volumes.Add(volume.Name))
            {
                throw new WorkloadStartException($"volume '{volume.Name}' is defined twice");
            }
        }

        for (var i = 0; i < components.Count; i++)
        {
            var component = components[i];
            var name = component.Name is { Length: > 0 } n ? n : $"#{i}";
            CheckImage($"component '{name}'", component.Image);
            CheckMounts($"component '{name}'", component.LocalResources, volumes);
        }

        if (workload.Service is { } service)
        {
            CheckImage("service", service.Image);
            CheckMounts("service", service.LocalResources, volumes);
        }

        return Task.FromResult<IRunningWorkload>(new ValidatedWorkload(components.Count));
    }

    private static void CheckImage(string owner, string image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            throw new WorkloadStartException($"failed to pull image for {owner}: image reference is empty");
        }

        if (image.StartsWith("file://", StringComparison.Ordinal))
        {
            var path = Uri.TryCreate(image, UriKind.Absolute, out var uri) ? uri.LocalPath : image["file://".Length..];
            if (!File.Exists(path))
            {
                throw new WorkloadStartException($"failed to pull image for {owner}: file not found: {path}");
            }
        }
    }

    private static void CheckVolume(Volume volume)
    {
        if (string.IsNullOrEmpty(volume.Name))
        {
            throw new WorkloadStartException("a volume has no name");
        }

        switch (volume.VolumeTypeCase)
        {
            case Volume.VolumeTypeOneofCase.HostPath when !Directory.Exists(volume.HostPath.LocalPath):
                throw new WorkloadStartException($"hostPath volume '{volume.Name}': '{volume.HostPath.LocalPath}' is not an existing directory");
            case Volume.VolumeTypeOneofCase.None:
                throw new WorkloadStartException($"volume '{volume.Name}' is neither hostPath nor emptyDir");
        }
    }

    private static void CheckMounts(string owner, LocalResources? resources, HashSet<string> volumes)
    {
        foreach (var mount in resources?.VolumeMounts ?? [])
        {
            if (!volumes.Contains(mount.Name))
            {
                throw new WorkloadStartException($"invalid local_resources for {owner}: volume mount '{mount.Name}' names no volume of the workload");
            }
        }
    }

    private sealed class ValidatedWorkload(int componentCount) : IRunningWorkload
    {
        public int ComponentCount { get; } = componentCount;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
