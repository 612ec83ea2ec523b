namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>One silo process of a <see cref="KubernetesPlatform"/>: its pod name (silo name and Lease identity) and HTTP address.</summary>
public sealed record KubernetesSilo(string PodName, Uri Url, PlatformProcess Process)
{
    public bool IsKilled { get; private set; }

    /// <summary>SIGKILL, as when the node under the pod dies.</summary>
    public void Kill()
    {
        IsKilled = true;
        Process.Kill();
    }

    public override string ToString() => Process.ToString();
}
