using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Grains.Validation;

/// <summary>
/// The checks the reference leaves to CRD validation and CEL rules, made again here because standalone manifests
/// and older CRD copies skip admission. Each message names the field, so the False condition says what to fix.
/// </summary>
public static class WorkloadSpecValidator
{
    public static IReadOnlyList<string> Validate(WorkloadSpec spec)
    {
        var errors = new List<string>();
        if ((spec.Components is null || spec.Components.Count == 0) && spec.Service is null)
        {
            errors.Add("spec.components: at least one component (or a service) is required");
        }

        var names = new HashSet<string>();
        foreach (var (component, index) in (spec.Components ?? []).Select((c, i) => (c, i)))
        {
            if (string.IsNullOrWhiteSpace(component.Name))
            {
                errors.Add($"spec.components[{index}].name is required");
            }
            else if (!names.Add(component.Name))
            {
                errors.Add($"spec.components[{index}].name \"{component.Name}\" is used twice");
            }

            if (string.IsNullOrWhiteSpace(component.Image))
            {
                errors.Add($"spec.components[{index}].image is required");
            }

            if (component.PoolSize < 0 || component.MaxInvocations < 0 || component.MaxConcurrency < 0)
            {
                errors.Add($"spec.components[{index}]: poolSize, maxInvocations and maxConcurrency must not be negative");
            }

            ValidatePullPolicy(component.ImagePullPolicy, $"spec.components[{index}].imagePullPolicy", errors);
        }

        if (spec.Service is { } service)
        {
            if (string.IsNullOrWhiteSpace(service.Image))
            {
                errors.Add("spec.service.image is required");
            }

            ValidatePullPolicy(service.ImagePullPolicy, "spec.service.imagePullPolicy", errors);
        }

        ValidateHostInterfaces(spec.HostInterfaces ?? [], errors);
        return errors;
    }

    public static IReadOnlyList<string> ValidateDeployment(WorkloadDeploymentSpec spec)
    {
        var errors = new List<string>();
        if (spec.DeployPolicy is not (DeployPolicies.RollingUpdate or DeployPolicies.Recreate))
        {
            errors.Add($"spec.deployPolicy \"{spec.DeployPolicy}\" is not one of RollingUpdate, Recreate");
        }

        if (spec.Replicas < 0)
        {
            errors.Add("spec.replicas must not be negative");
        }

        errors.AddRange(Validate(spec.Template.Spec));
        return errors;
    }

    private static void ValidateHostInterfaces(List<HostInterface> interfaces, List<string> errors)
    {
        if (interfaces.Count > 64)
        {
            errors.Add("spec.hostInterfaces: at most 64 entries");
        }

        var seen = new HashSet<(string, string, string?, string?)>();
        var unnamed = new HashSet<(string, string)>();
        foreach (var (entry, index) in interfaces.Select((e, i) => (e, i)))
        {
            if (string.IsNullOrWhiteSpace(entry.Namespace) || string.IsNullOrWhiteSpace(entry.Package))
            {
                errors.Add($"spec.hostInterfaces[{index}]: namespace and package are required");
            }

            if (entry.Interfaces.Count == 0)
            {
                errors.Add($"spec.hostInterfaces[{index}].interfaces: at least one interface is required");
            }

            if (!seen.Add((entry.Namespace, entry.Package, entry.Name, entry.Version)))
            {
                errors.Add($"spec.hostInterfaces[{index}]: duplicate entry {entry.Namespace}:{entry.Package}"
                    + (entry.Name is null ? "" : $" named \"{entry.Name}\"") + (entry.Version is null ? "" : $"@{entry.Version}"));
            }
            else if (entry.Name is null && !unnamed.Add((entry.Namespace, entry.Package)))
            {
                errors.Add($"spec.hostInterfaces[{index}]: more than one unnamed entry for {entry.Namespace}:{entry.Package}");
            }
        }
    }

    private static void ValidatePullPolicy(string? policy, string field, List<string> errors)
    {
        if (policy is not (null or "" or "Always" or "IfNotPresent" or "Never"))
        {
            errors.Add($"{field} \"{policy}\" is not one of Always, IfNotPresent, Never");
        }
    }
}
