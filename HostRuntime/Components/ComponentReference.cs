using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Components;

/// <summary>What to fetch: the image as written in the manifest, the pull policy, and credentials when the workload has a pull secret.</summary>
public sealed record ComponentReference(string Image, ImagePullPolicy PullPolicy = ImagePullPolicy.Unspecified, ImagePullSecret? PullSecret = null)
{
    public override string ToString() => Image;
}
