using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wasmcloud.HostRuntime.Components;
using Wasmcloud.TestInfrastructure.Oci;
using static Wasmcloud.HostRuntime.Tests.Components.ComponentSourceHarness;

namespace Wasmcloud.HostRuntime.Tests.Components;

/// <summary>HTTPS registries: the system roots do not know the fixture's CA; <c>--oci-ca-path</c> does.</summary>
[Collection(TlsRegistryCollection.Name)]
public sealed class OciTlsTests(TlsRegistryFixture registry)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_extra_ca_makes_the_registry_trusted()
    {
        using var harness = new ComponentSourceHarness(o => o with { AllowInsecureRegistries = false, OciCaPaths = [registry.CaCertificatePath] });
        var content = NewComponent();
        var image = await registry.PushAsync(NewRepository("tls-ca"), "v1", content, cancellationToken: Cancellation);

        var fetched = await harness.FetchAsync(image.Reference);

        Assert.Equal(content, await File.ReadAllBytesAsync(fetched.LocalPath, Cancellation));
    }

    [Fact]
    public async Task Without_the_ca_the_certificate_is_refused()
    {
        using var harness = new ComponentSourceHarness(o => o with { AllowInsecureRegistries = false });
        var image = await registry.PushAsync(NewRepository("tls-no-ca"), "v1", NewComponent(), cancellationToken: Cancellation);

        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync(image.Reference));

        Assert.StartsWith($"failed to pull image '{image.Reference}': cannot reach {registry.Host}", error.Message, StringComparison.Ordinal);
        Assert.Contains("certificate chain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_ca_does_not_vouch_for_the_registry()
    {
        var otherCa = Path.Combine(Directory.CreateTempSubdirectory("other-ca-").FullName, "ca.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=unrelated CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(otherCa, ca.ExportCertificatePem(), Cancellation);
        }

        try
        {
            using var harness = new ComponentSourceHarness(o => o with { AllowInsecureRegistries = false, OciCaPaths = [otherCa] });
            var image = await registry.PushAsync(NewRepository("tls-other-ca"), "v1", NewComponent(), cancellationToken: Cancellation);

            var error = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync(image.Reference));

            Assert.Contains("leads neither to a system root nor to a CA of --oci-ca-path", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(otherCa)!, recursive: true);
        }
    }

    [Fact]
    public async Task An_extra_ca_does_not_excuse_a_wrong_host_name()
    {
        using var harness = new ComponentSourceHarness(o => o with { AllowInsecureRegistries = false, OciCaPaths = [registry.CaCertificatePath] });
        var image = await registry.PushAsync(NewRepository("tls-name"), "v1", NewComponent(), cancellationToken: Cancellation);

        // The certificate names 127.0.0.1 only; localhost reaches the same socket under another name.
        var port = registry.Host.Split(':')[1];
        var reference = $"localhost:{port}/{image.Repository}:v1";
        var error = await Assert.ThrowsAsync<ComponentFetchException>(() => harness.FetchAsync(reference));

        Assert.StartsWith($"failed to pull image '{reference}': cannot reach localhost:{port}", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("the certificate of localhost is issued for another name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_no_certificate_is_refused_up_front()
    {
        var bogus = Path.GetTempFileName();
        try
        {
            File.WriteAllText(bogus, "not a certificate");
            var error = Assert.Throws<InvalidOperationException>(
                () => HostRuntime.Components.Oci.OciRegistryClient.CreateHandler(new HostRuntime.Options.HostRuntimeOptions { OciCaPaths = [bogus] }));
            Assert.Contains(bogus, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bogus);
        }
    }
}
