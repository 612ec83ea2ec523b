using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using Wasmcloud.HostRuntime.Options;

namespace Wasmcloud.Charts.Tests;

/// <summary>
/// Host-group keys of the reference chart and what our hosts make of them: TLS identities in every host namespace,
/// certificate checksums that restart pods, the host config file the host really reads, extra ports, log level,
/// HTTPS, and clear refusals for what the hosts cannot do.
/// </summary>
public sealed class HostGroupTests
{
    private const string Silo = "wasmcloud-wasmcloud-orleans-operator";

    private static (int ExitCode, string Error) TemplateFails(string values)
    {
        var (code, _, error) = Helm.Run(values, "template", Helm.Release, Helm.ChartPath, "--namespace", Helm.Namespace);
        return (code, error);
    }

    /// <summary>What the chart's checksum of certificate Secrets is computed from: each Secret's data as compact JSON with sorted keys.</summary>
    private static string ChecksumOf(params V1Secret[] secrets) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", secrets.Select(secret =>
            "{" + string.Join(",", secret.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"\"{kv.Key}\":\"{Convert.ToBase64String(kv.Value)}\"")) + "}")))));

    private static V1Secret Secret(Rendered rendered, string name, string ns) =>
        Assert.Single(rendered.All<V1Secret>(), s => s.Metadata.Name == name && s.Metadata.NamespaceProperty == ns);

    [Fact]
    public void With_tls_every_host_namespace_gets_the_runtime_and_data_identities_its_pods_mount()
    {
        var rendered = Helm.Template(Variants.TlsTwoNamespaces);

        foreach (var deployment in new[] { rendered.Deployment("hostgroup-default"), rendered.Deployment("hostgroup-edge") })
        {
            var ns = deployment.Metadata.NamespaceProperty;
            var pod = deployment.Spec.Template.Spec;
            foreach (var volume in pod.Volumes.Where(v => v.Secret is not null))
            {
                Assert.Contains(rendered.All<V1Secret>(), s => s.Metadata.Name == volume.Secret.SecretName && s.Metadata.NamespaceProperty == ns);
            }

            // One identity, copied: a host in edge-hosts presents the same certificate NATS maps to wasmcloud-runtime.
            Assert.Equal(Secret(rendered, "wasmcloud-runtime-tls", Helm.Namespace).Data["tls.crt"], Secret(rendered, "wasmcloud-runtime-tls", ns).Data["tls.crt"]);
            Assert.Equal(
                ChecksumOf(Secret(rendered, "wasmcloud-runtime-tls", ns), Secret(rendered, "wasmcloud-data-tls", ns)),
                deployment.Spec.Template.Metadata.Annotations["checksum/certificates"]);
        }

        // The CA key and the silos' and NATS' identities stay in the release namespace.
        Assert.DoesNotContain(rendered.All<V1Secret>(), s => s.Metadata.NamespaceProperty == "edge-hosts" && s.Metadata.Name is "wasmcloud-ca" or "wasmcloud-operator-tls" or "wasmcloud-nats-tls");
    }

    [Fact]
    public void Pods_carry_a_checksum_of_the_certificates_they_mount_so_a_rotation_restarts_them()
    {
        var rendered = Helm.Template(Variants.Tls);

        Assert.Equal(ChecksumOf(Secret(rendered, "wasmcloud-nats-tls", Helm.Namespace)), rendered.Deployment("nats").Spec.Template.Metadata.Annotations["checksum/certificates"]);
        Assert.Equal(ChecksumOf(Secret(rendered, "wasmcloud-operator-tls", Helm.Namespace)), rendered.Deployment(Silo).Spec.Template.Metadata.Annotations["checksum/certificates"]);

        // Fresh certificates (a new install, or Secrets deleted before an upgrade) give new checksums.
        Assert.NotEqual(
            rendered.Deployment("hostgroup-default").Spec.Template.Metadata.Annotations["checksum/certificates"],
            Helm.Template(Variants.Tls).Deployment("hostgroup-default").Spec.Template.Metadata.Annotations["checksum/certificates"]);
    }

    [Fact]
    public void The_nats_config_checksum_covers_the_whole_config_including_the_monitor_port()
    {
        string Checksum(string values) => Helm.Template(values).Deployment("nats").Spec.Template.Metadata.Annotations["checksum/config"];

        Assert.NotEqual(Checksum(Variants.Default), Checksum("nats: { monitorPort: 8223 }"));
        Assert.Equal(Checksum(Variants.Default), Checksum(Variants.Default));
    }

    [Fact]
    public void The_host_config_file_the_chart_writes_is_what_the_host_reads()
    {
        var rendered = Helm.Template(Variants.TwoHostGroups);
        var yaml = rendered.One<V1ConfigMap>("hostgroup-edge-host-config").Data["config.yaml"];

        // Lay out the mounts the pod has (a ConfigMap and a Secret, one file per key) under a temporary root.
        var root = Directory.CreateTempSubdirectory("host-config-").FullName;
        try
        {
            var configDir = Directory.CreateDirectory(Path.Combine(root, "host-plugin-config", "acme-billing")).FullName;
            var secretsDir = Directory.CreateDirectory(Path.Combine(root, "host-plugin-secrets", "acme-billing")).FullName;
            File.WriteAllText(Path.Combine(configDir, "endpoint"), "https://billing.example");
            File.WriteAllText(Path.Combine(secretsDir, "token"), "t0ken");
            var file = Path.Combine(root, "config.yaml");
            File.WriteAllText(file, yaml.Replace("/etc/wasmcloud/", root + "/", StringComparison.Ordinal));

            var config = HostUserConfig.Load(file);

            Assert.Equal(["wasmcloud-example-greeting", "acme-billing"], config.HostPlugins.Select(p => p.Id));
            var billing = config.HostPlugins[1];
            Assert.Equal(new Dictionary<string, string> { ["endpoint"] = "https://billing.example", ["region"] = "eu" }, billing.Config);
            Assert.Equal(new Dictionary<string, string> { ["token"] = "t0ken" }, billing.Secrets);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Log_level_wasm_proposals_and_extra_ports_reach_the_host_its_service_and_its_policy()
    {
        var rendered = Helm.Template("""
            runtime:
              hostGroups:
                - name: default
                  logLevel: debug
                  wasmProposals: [gc, tail-call]
                  ports: [{name: metrics, containerPort: 9090}, {port: 7000, protocol: UDP}]
            """);
        var host = rendered.Container("hostgroup-default");
        Assert.Contains("--log-level=debug", host.Args);
        Assert.Contains("--wasm-proposal=gc", host.Args);
        Assert.Contains("--wasm-proposal=tail-call", host.Args);
        Assert.Equal(
            [("http", 9191, "TCP"), ("metrics", 9090, "TCP"), ("port-7000", 7000, "UDP")],
            host.Ports.Select(p => (p.Name, p.ContainerPort, p.Protocol)));

        var service = rendered.One<V1Service>("hostgroup-default");
        Assert.Equal(
            [("http", 9191, "http"), ("metrics", 9090, "metrics"), ("port-7000", 7000, "port-7000")],
            service.Spec.Ports.Select(p => (p.Name, p.Port, p.TargetPort.Value)));
        var policy = rendered.One<V1NetworkPolicy>("hostgroup-default");
        Assert.Equal([9191, 9090, 7000], policy.Spec.Ingress.SelectMany(i => i.Ports).Select(p => Convert.ToInt32(p.Port.Value)));

        // Without a level the host keeps its default.
        Assert.DoesNotContain(Helm.Template(Variants.Default).Container("hostgroup-default").Args, a => a.StartsWith("--log-level", StringComparison.Ordinal));
    }

    [Fact]
    public void Http_tls_serves_https_from_a_named_or_generated_certificate()
    {
        var named = Helm.Template("""
            runtime:
              hostGroups:
                - name: default
                  http: {enabled: true, port: 9443, tls: {enabled: true, certificate: {secretName: my-cert}}}
            """);
        var host = named.Container("hostgroup-default");
        Assert.Contains("--tls-cert-path=/http-cert/tls.crt", host.Args);
        Assert.Contains("--tls-key-path=/http-cert/tls.key", host.Args);
        var mount = Assert.Single(host.VolumeMounts, m => m.MountPath == "/http-cert");
        Assert.Equal("my-cert", Assert.Single(named.Deployment("hostgroup-default").Spec.Template.Spec.Volumes, v => v.Name == mount.Name).Secret.SecretName);
        Assert.DoesNotContain(named.All<V1Secret>(), s => s.Metadata.Name == "my-cert");

        var generated = Helm.Template("""
            runtime:
              hostGroups:
                - name: default
                  http: {enabled: true, port: 9443, tls: {enabled: true, certificate: {generate: {enabled: true, commonName: hosts.example.com, domains: [hosts.example.com]}}}}
            """);
        var secret = generated.One<V1Secret>("hostgroup-default-http-tls");
        Assert.Equal("kubernetes.io/tls", secret.Type);
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(secret.Data["tls.crt"]));
        Assert.Equal("CN=hosts.example.com", certificate.Subject);
        Assert.Equal(ChecksumOf(secret), generated.Deployment("hostgroup-default").Spec.Template.Metadata.Annotations["checksum/http-certificate"]);
        Assert.Contains("--tls-cert-path=/http-cert/tls.crt", generated.Container("hostgroup-default").Args);
    }

    [Fact]
    public void A_partial_http_block_keeps_the_default_port_and_http_off_serves_none()
    {
        var rendered = Helm.Template("""
            runtime:
              hostGroups:
                - name: default
                  http: {tls: {enabled: true, certificate: {secretName: my-cert}}}
                - name: quiet
                  http: {enabled: false}
            """);

        Assert.Contains($"--http-addr={HostRuntimeOptions.DefaultHttpAddr}", rendered.Container("hostgroup-default").Args);
        Assert.DoesNotContain(rendered.Container("hostgroup-quiet").Args, a => a.StartsWith("--http-addr", StringComparison.Ordinal));
        Assert.DoesNotContain(rendered.All<V1Service>(), s => s.Metadata.Name == "hostgroup-quiet");
    }

    [Fact]
    public void Networking_keys_are_accepted_and_change_nothing_in_the_host_pods()
    {
        var plain = Helm.Template(Variants.Default).Deployment("hostgroup-default");
        var tuned = Helm.Template("""
            runtime:
              hostGroups:
                - name: default
                  replicas: 3
                  networking: {socketEgress: enforce, denyPrivateRanges: true, maxConnections: "100"}
            """).Deployment("hostgroup-default");

        Assert.Equal(plain.Spec.Template.Spec.Containers[0].Args, tuned.Spec.Template.Spec.Containers[0].Args);
    }

    [Theory]
    [InlineData("runtime: {hostGroups: [{name: default, webgpu: {enabled: true}}]}", "runtime.hostGroups[default].webgpu.enabled: this chart's hosts have no WebGPU support")]
    [InlineData("runtime: {hostGroups: [{name: default, http: {tls: {enabled: true}}}]}", "runtime.hostGroups[default].http.tls.enabled: name the certificate's Secret")]
    [InlineData("runtime: {hostGroups: [{name: default, hostPlugins: [{name: audit, image: ghcr.io/x/audit:1}]}]}", "runtime.hostGroups[default].hostPlugins[audit]: image/file name a Wasm component host plugin")]
    [InlineData("runtime: {hostGroups: [{name: default, hostPlugins: [{name: audit, file: /plugins/audit.wasm}]}]}", "runtime.hostGroups[default].hostPlugins[audit]: image/file name a Wasm component host plugin")]
    [InlineData("runtime: {hostGroups: [{name: default, hostPlugins: [{name: audit, allowedHosts: [example.com]}]}]}", "runtime.hostGroups[default].hostPlugins[audit]: allowedHosts/allowedIpNameLookups restrict a sandboxed Wasm plugin")]
    [InlineData("runtime: {hostGroups: [{name: default, hostPlugins: [{config: {a: b}}]}]}", "runtime.hostGroups[default].hostPlugins[]: every entry needs a name")]
    [InlineData("operator: {enabled: false}", "gateway.enabled needs operator.enabled")]
    public void What_the_hosts_or_the_release_cannot_do_is_refused_with_a_message(string values, string expected)
    {
        var (code, error) = TemplateFails(values);

        Assert.NotEqual(0, code);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Without_the_operator_and_gateway_only_hosts_and_nats_remain()
    {
        var rendered = Helm.Template("operator: {enabled: false}\ngateway: {enabled: false}");

        Assert.Equal(["hostgroup-default", "nats"], rendered.All<V1Deployment>().Select(d => d.Metadata.Name).Order(StringComparer.Ordinal));
    }
}
