using Wasmcloud.Grains.Abstractions.Model;

namespace Wasmcloud.Grains.Artifacts;

internal static class ArtifactStatusExtensions
{
    public static bool IsPublished(this ArtifactStatus? status) => status?.Conditions.IsTrue(ConditionTypes.Published) == true;
}
