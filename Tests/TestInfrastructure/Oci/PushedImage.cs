namespace Wasmcloud.TestInfrastructure.Oci;

/// <summary>What <see cref="RegistryFixture.PushAsync"/> wrote: references by tag and by digest, and the layer's digest.</summary>
public sealed record PushedImage(string Registry, string Repository, string Tag, string ManifestDigest, string LayerDigest, long LayerSize)
{
    public string Reference => $"{Registry}/{Repository}:{Tag}";

    public string DigestReference => $"{Registry}/{Repository}@{ManifestDigest}";
}
