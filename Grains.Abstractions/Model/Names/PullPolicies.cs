namespace Wasmcloud.Grains.Abstractions.Model;

/// <summary>The values of <c>imagePullPolicy</c>; unset means the host's default, IfNotPresent.</summary>
public static class PullPolicies
{
    public const string Always = "Always";
    public const string IfNotPresent = "IfNotPresent";
    public const string Never = "Never";
}
