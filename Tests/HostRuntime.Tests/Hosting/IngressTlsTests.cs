using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wasmcloud.HostRuntime.Hosting;
using Wasmcloud.HostRuntime.Options;
using Wasmcloud.HostRuntime.Tests.Execution;
using Wasmcloud.HostRuntime.Workloads;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Hosts;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Hosting;

/// <summary>
/// <c>--tls-cert-path</c>/<c>--tls-key-path</c> turn the HTTP ingress into HTTPS with that certificate, and
/// <c>--tls-ca-path</c> admits only clients with a certificate issued by that CA (a host group's <c>http.tls</c>).
/// </summary>
[Collection(HostRuntimeCollection.Name)]
public sealed class IngressTlsTests(HostRuntimeFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ingress-tls-").FullName;

    private static X509Certificate2 Issue(string subject, X509Certificate2? issuer, bool isCa, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, true));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = DateTimeOffset.UtcNow.AddDays(1);
        if (issuer is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        using var signed = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        return signed.CopyWithPrivateKey(key);
    }

    private (string Cert, string Key) WritePem(X509Certificate2 certificate, string name)
    {
        var cert = Path.Combine(_folder, name + ".crt");
        var key = Path.Combine(_folder, name + ".key");
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(key, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (cert, key);
    }

    private Task<InProcessHostRuntime> StartAsync(HttpTlsFiles tls) =>
        InProcessHostRuntime.StartAsync(fixture.Nats.ClientUrl, o => o with { HttpTls = tls }, cancellationToken: TestContext.Current.CancellationToken);

    private static HttpClient Client(InProcessHostRuntime host, X509Certificate2 trusted, X509Certificate2? clientCertificate = null)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == trusted.Thumbprint,
        };
        if (clientCertificate is not null)
        {
            handler.ClientCertificates.Add(clientCertificate);
        }

        return new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{host.GetRequiredService<HttpEndpoint>().Port}") };
    }

    [Fact]
    public async Task The_ingress_speaks_https_with_the_given_certificate()
    {
        using var server = Issue("CN=host", issuer: null, isCa: false, server: true);
        var (cert, key) = WritePem(server, "server");
        await using var host = await StartAsync(new HttpTlsFiles { CertPath = cert, KeyPath = key });
        using var client = Client(host, server);

        Assert.Equal("ok", await client.GetStringAsync("/healthz", TestContext.Current.CancellationToken));

        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.GetRequiredService<HttpEndpoint>().Port}") };
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetStringAsync("/healthz", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task With_a_client_ca_only_clients_holding_a_certificate_it_issued_get_in()
    {
        using var ca = Issue("CN=clients CA", issuer: null, isCa: true, server: false);
        using var otherCa = Issue("CN=other CA", issuer: null, isCa: true, server: false);
        using var server = Issue("CN=host", issuer: null, isCa: false, server: true);
        using var member = Issue("CN=member", ca, isCa: false, server: false);
        using var stranger = Issue("CN=stranger", otherCa, isCa: false, server: false);
        var (cert, key) = WritePem(server, "server");
        var (caFile, _) = WritePem(ca, "ca");
        await using var host = await StartAsync(new HttpTlsFiles { CertPath = cert, KeyPath = key, ClientCaPath = caFile });

        // Refused clients first: the client side may resume a TLS session it already authenticated (with the member's
        // certificate), which would let a later certificate-less request in on the member's identity.
        using (var client = Client(host, server))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("/healthz", TestContext.Current.CancellationToken));
        }

        using (var client = Client(host, server, stranger))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync("/healthz", TestContext.Current.CancellationToken));
        }

        using (var client = Client(host, server, member))
        {
            Assert.Equal("ok", await client.GetStringAsync("/healthz", TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Over_https_http_2_carries_the_response_trailers_a_component_sets()
    {
        using var server = Issue("CN=host", issuer: null, isCa: false, server: true);
        var (cert, key) = WritePem(server, "server");
        await using var host = await StartAsync(new HttpTlsFiles { CertPath = cert, KeyPath = key });
        var name = StartRequests.NewHost("trailers-h2");
        var started = await host.GetRequiredService<WorkloadManager>().StartAsync(StartRequests.Http(Fixtures.HttpTrailers, name), TestContext.Current.CancellationToken);
        Assert.True(started.WorkloadState == WorkloadState.Running, $"start failed: {started.WorkloadState} {started.Message}");
        using var client = Client(host, server);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Host = name;

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20, "body before trailers\n"), (response.StatusCode, response.Version, body));
        Assert.Equal(["5f2b"], response.TrailingHeaders.GetValues("x-checksum"));
        Assert.Equal(["http-trailers"], response.TrailingHeaders.GetValues("x-served-by"));
    }

    [Fact]
    public void Bad_or_half_given_tls_files_are_refused_before_start()
    {
        var notPem = Path.Combine(_folder, "not.pem");
        File.WriteAllText(notPem, "hello");

        var refused = Assert.Throws<CommandLineException>(() => HostRuntimeApplication.Build(new HostRuntimeOptions { HttpAddr = "127.0.0.1:0", HttpTls = new HttpTlsFiles { CertPath = notPem, KeyPath = notPem } }));
        Assert.StartsWith($"--tls-cert-path '{notPem}' / --tls-key-path '{notPem}': not a PEM certificate and its private key", refused.Message);

        var validator = new HostRuntimeOptionsValidator();
        Assert.Contains("--tls-cert-path and --tls-key-path go together: HTTPS needs the certificate and its key.", validator.Validate(null, HostRuntimeCommandLine.Parse(["--tls-cert-path", notPem], _ => null)).Failures!);
        Assert.Contains("--tls-ca-path (client certificates) needs --tls-cert-path and --tls-key-path: mTLS is TLS first.", validator.Validate(null, HostRuntimeCommandLine.Parse(["--tls-ca-path", notPem], _ => null)).Failures!);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
