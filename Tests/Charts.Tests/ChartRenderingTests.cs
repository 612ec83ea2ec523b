using k8s.Models;

namespace Wasmcloud.Charts.Tests;

public sealed class ChartRenderingTests
{
    private const string Silo = "wasmcloud-wasmcloud-orleans-operator";
    private const string SiloNats = "nats://nats.wasmcloud.svc.cluster.local:4222";

    [Theory]
    [MemberData(nameof(Variants.All), MemberType = typeof(Variants))]
    public void Helm_lint_passes(string variant, string values)
    {
        var (code, output, error) = Helm.Run(values, "lint", Helm.ChartPath, "--strict");
        Assert.True(code == 0, $"{variant}: {output}{error}");
    }

    [Theory]
    [MemberData(nameof(Variants.All), MemberType = typeof(Variants))]
    public void Every_document_reads_back_as_a_typed_object_in_a_namespace_when_namespaced(string variant, string values)
    {
        var rendered = Helm.Template(values);
        Assert.NotEmpty(rendered.Objects);
        var clusterScoped = new[] { "ClusterRole", "ClusterRoleBinding" };
        foreach (var obj in rendered.Objects)
        {
            Assert.False(string.IsNullOrEmpty(obj.Metadata.Name), $"{variant}: a {obj.Kind} has no name");
            Assert.True(clusterScoped.Contains(obj.Kind) || !string.IsNullOrEmpty(obj.Metadata.NamespaceProperty), $"{variant}: {obj.Kind} {obj.Metadata.Name} has no namespace");
        }

        var duplicates = rendered.Objects.GroupBy(o => (o.Kind, o.Metadata.NamespaceProperty, o.Metadata.Name)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"{variant}: rendered twice: {string.Join(", ", duplicates)}");
    }

    [Theory]
    [MemberData(nameof(Variants.All), MemberType = typeof(Variants))]
    public void Every_workload_runs_non_root_with_a_read_only_root_and_probes(string variant, string values)
    {
        foreach (var deployment in Helm.Template(values).All<V1Deployment>())
        {
            var pod = deployment.Spec.Template.Spec;
            Assert.True(pod.SecurityContext.RunAsNonRoot, $"{variant}: {deployment.Metadata.Name}");
            Assert.Equal(65532, pod.SecurityContext.RunAsUser);
            foreach (var container in pod.Containers)
            {
                Assert.True(container.SecurityContext.ReadOnlyRootFilesystem, $"{variant}: {deployment.Metadata.Name}");
                Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
                Assert.Contains("ALL", container.SecurityContext.Capabilities.Drop);
                Assert.NotNull(container.ReadinessProbe);
                Assert.NotNull(container.LivenessProbe);
                Assert.NotNull(container.Resources?.Limits?["memory"]);
            }

            // Selectors must match the pod template, or the Deployment is refused.
            foreach (var (key, value) in deployment.Spec.Selector.MatchLabels)
            {
                Assert.Equal(value, deployment.Spec.Template.Metadata.Labels[key]);
            }
        }
    }

    [Fact]
    public void The_silo_cluster_has_three_pods_with_orleans_ports_downward_api_and_probes()
    {
        var rendered = Helm.Template(Variants.Default);
        var deployment = rendered.Deployment(Silo);
        Assert.Equal(3, deployment.Spec.Replicas);
        var pod = deployment.Spec.Template.Spec;
        Assert.Equal("wasmcloud-runtime-operator", pod.ServiceAccountName);
        rendered.One<V1ServiceAccount>("wasmcloud-runtime-operator");

        var silo = Assert.Single(pod.Containers);
        Assert.Equal("ghcr.io/wasmcloud-orleans/silo:0.1.0", silo.Image);
        Assert.Equal("Wasmcloud.Silo.dll", silo.Args[0]);
        var ports = silo.Ports.ToDictionary(p => p.Name, p => p.ContainerPort);
        Assert.Equal(11111, ports["silo"]);
        Assert.Equal(30000, ports["gateway"]);
        Assert.Equal(8080, ports["http"]);

        // The ports the process is told to use are the ports the pod declares.
        Assert.Contains($"--Orleans:SiloPort={ports["silo"]}", silo.Args);
        Assert.Contains($"--Orleans:GatewayPort={ports["gateway"]}", silo.Args);
        Assert.Contains($"--urls=http://0.0.0.0:{ports["http"]}", silo.Args);
        Assert.Contains($"--Nats:Url={SiloNats}", silo.Args);
        Assert.DoesNotContain(silo.Args, a => a.StartsWith("--watch-namespaces", StringComparison.Ordinal) || a.StartsWith("--standalone", StringComparison.Ordinal));

        Assert.Equal("/healthz", silo.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", silo.ReadinessProbe.HttpGet.Path);
        Assert.Equal("http", silo.LivenessProbe.HttpGet.Port.Value);

        var env = silo.Env.ToDictionary(e => e.Name);
        Assert.Equal("metadata.namespace", env["OPERATOR_NAMESPACE"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.name", env["POD_NAME"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("status.podIP", env["POD_IP"].ValueFrom.FieldRef.FieldPath);
        // Three silos of one Orleans cluster, named after the release, meeting in the Kubernetes membership table.
        Assert.Equal(3, rendered.Deployment(Silo).Spec.Replicas);
        Assert.Equal(("wasmcloud", "wasmcloud-wasmcloud-orleans"), (env["ORLEANS_SERVICE_ID"].Value, env["ORLEANS_CLUSTER_ID"].Value));
        Assert.Contains(silo.VolumeMounts, m => m.MountPath == "/tmp");
    }

    [Fact]
    public void Silo_services_pdb_and_optional_service_monitor()
    {
        var rendered = Helm.Template(Variants.Default);
        var siloLabels = rendered.Deployment(Silo).Spec.Template.Metadata.Labels;
        bool SelectsSilos(IDictionary<string, string> selector) => selector.All(kv => siloLabels.TryGetValue(kv.Key, out var v) && v == kv.Value);

        var metrics = rendered.One<V1Service>("wasmcloud-wasmcloud-orleans-metrics");
        Assert.True(SelectsSilos(metrics.Spec.Selector));
        Assert.Equal(8443, Assert.Single(metrics.Spec.Ports).Port);
        var dashboard = rendered.One<V1Service>("wasmcloud-wasmcloud-orleans-dashboard");
        Assert.True(SelectsSilos(dashboard.Spec.Selector));
        Assert.Equal("http", Assert.Single(dashboard.Spec.Ports).TargetPort.Value);
        var cluster = rendered.One<V1Service>("wasmcloud-wasmcloud-orleans-silo");
        Assert.Equal("None", cluster.Spec.ClusterIP);
        Assert.Equal(new[] { 11111, 30000 }, cluster.Spec.Ports.Select(p => p.Port));

        var pdb = rendered.One<V1PodDisruptionBudget>(Silo);
        Assert.True(SelectsSilos(pdb.Spec.Selector.MatchLabels));
        Assert.Equal(1, pdb.Spec.MaxUnavailable.Value is string s ? int.Parse(s) : Convert.ToInt32(pdb.Spec.MaxUnavailable.Value));

        Assert.Empty(rendered.All<ServiceMonitor>());
        var monitored = Helm.Template("operator: { serviceMonitor: { enabled: true } }");
        var monitor = Assert.Single(monitored.All<ServiceMonitor>());
        Assert.Equal(Silo, monitor.Metadata.Name);
    }

    [Fact]
    public void Scrapers_reach_the_silos_metrics_path_on_its_http_port_with_a_bearer_token()
    {
        var rendered = Helm.Template("operator: { serviceMonitor: { enabled: true } }");
        var silo = rendered.Container(Silo);
        var httpPort = Assert.Single(silo.Ports, p => p.Name == "http").ContainerPort;
        Assert.Contains($"--urls=http://0.0.0.0:{httpPort}", silo.Args);

        var service = rendered.One<V1Service>("wasmcloud-wasmcloud-orleans-metrics");
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal("http", port.TargetPort.Value);

        // The ServiceMonitor picks the metrics Service by its labels and scrapes the silo's /metrics (the path the
        // silo serves and its SubjectAccessReview names) through the Service's named port, sending its token.
        var monitor = Assert.Single(rendered.All<ServiceMonitor>());
        var spec = System.Text.Json.JsonSerializer.SerializeToNode(monitor.Spec)!;
        var selector = spec["selector"]!["matchLabels"]!.AsObject();
        Assert.All(selector, label => Assert.Equal(label.Value!.GetValue<string>(), service.Metadata.Labels[label.Key]));
        var endpoint = Assert.Single(spec["endpoints"]!.AsArray())!;
        Assert.Equal(port.Name, endpoint["port"]!.GetValue<string>());
        Assert.Equal("/metrics", endpoint["path"]!.GetValue<string>());
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/token", endpoint["bearerTokenFile"]!.GetValue<string>());
    }

    [Fact]
    public void The_silo_watches_host_pods_wherever_a_host_group_runs()
    {
        Assert.Contains("--host-namespaces=wasmcloud", Helm.Template(Variants.Default).Container(Silo).Args);
        Assert.Contains("--host-namespaces=wasmcloud,edge-hosts", Helm.Template(Variants.TwoHostGroups).Container(Silo).Args);
    }

    [Fact]
    public void The_default_host_group_has_three_hardened_pods_serving_http_on_9191()
    {
        var rendered = Helm.Template(Variants.Default);
        var deployment = rendered.Deployment("hostgroup-default");
        Assert.Equal(3, deployment.Spec.Replicas);
        var labels = deployment.Spec.Template.Metadata.Labels;
        Assert.Equal("default", labels["hostgroup"]);
        Assert.Equal("default", labels["wasmcloud.com/hostgroup"]);

        var pod = deployment.Spec.Template.Spec;
        Assert.False(pod.AutomountServiceAccountToken);
        var host = Assert.Single(pod.Containers);
        Assert.Equal("ghcr.io/wasmcloud-orleans/host:0.1.0", host.Image);
        Assert.Equal("host", host.Args[0]);
        Assert.Contains("--host-group=default", host.Args);
        Assert.Contains("--host-name=$(WASMCLOUD_HOST_IP)", host.Args);
        Assert.Contains($"--scheduler-nats-url={SiloNats}", host.Args);
        Assert.Contains($"--data-nats-url={SiloNats}", host.Args);

        var http = Assert.Single(host.Ports);
        Assert.Equal(("http", 9191), (http.Name, http.ContainerPort));
        Assert.Contains("--http-addr=0.0.0.0:9191", host.Args);
        Assert.Equal("http", host.ReadinessProbe.TcpSocket.Port.Value);

        // The OCI cache is an emptyDir mounted where --oci-cache-dir points.
        var cacheDir = Assert.Single(host.Args, a => a.StartsWith("--oci-cache-dir=", StringComparison.Ordinal))["--oci-cache-dir=".Length..];
        var mount = Assert.Single(host.VolumeMounts, m => m.MountPath == cacheDir);
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == mount.Name).EmptyDir);

        var service = rendered.One<V1Service>("hostgroup-default");
        Assert.Equal(9191, Assert.Single(service.Spec.Ports).Port);
        Assert.Equal("default", service.Spec.Selector["wasmcloud.com/hostgroup"]);
    }

    [Fact]
    public void Two_host_groups_get_a_deployment_service_and_plugin_configuration_each()
    {
        var rendered = Helm.Template(Variants.TwoHostGroups);
        var groups = rendered.All<V1Deployment>().Where(d => d.Spec.Template.Metadata.Labels.ContainsKey("wasmcloud.com/hostgroup")).ToList();
        Assert.Equal(new[] { "hostgroup-default", "hostgroup-edge" }, groups.Select(d => d.Metadata.Name).Order());

        var edge = rendered.Deployment("hostgroup-edge");
        Assert.Equal("edge-hosts", edge.Metadata.NamespaceProperty);
        Assert.Equal(2, edge.Spec.Replicas);
        var host = rendered.Container("hostgroup-edge");
        Assert.Contains("--http-addr=0.0.0.0:8080", host.Args);
        Assert.Equal(8080, Assert.Single(host.Ports).ContainerPort);
        Assert.DoesNotContain(host.Args, a => a.StartsWith("--host-plugin", StringComparison.Ordinal));
        Assert.Contains("--user-config=/etc/wasmcloud/host-config/config.yaml", host.Args);

        // Every entry is a host.hostPlugins[] entry of the file the host reads, with the folders its ConfigMap and
        // Secret are mounted at.
        var config = rendered.All<V1ConfigMap>().Single(c => c.Metadata.Name == "hostgroup-edge-host-config");
        Assert.Contains("config.yaml", config.Data.Keys);
        var mounts = host.VolumeMounts.ToDictionary(m => m.MountPath, m => m.Name);
        var volumes = edge.Spec.Template.Spec.Volumes.ToDictionary(v => v.Name);
        Assert.Equal("billing-settings", volumes[mounts["/etc/wasmcloud/host-plugin-config/acme-billing"]].ConfigMap.Name);
        Assert.Equal("billing-credentials", volumes[mounts["/etc/wasmcloud/host-plugin-secrets/acme-billing"]].Secret.SecretName);
        Assert.Equal(config.Metadata.Name, volumes[mounts["/etc/wasmcloud/host-config"]].ConfigMap.Name);

        var service = rendered.All<V1Service>().Single(s => s.Metadata.Name == "hostgroup-edge");
        Assert.Equal("edge-hosts", service.Metadata.NamespaceProperty);
        Assert.Equal(8080, Assert.Single(service.Spec.Ports).Port);

        // The hosts' service account exists in the group's namespace.
        Assert.Contains(rendered.All<V1ServiceAccount>(), sa => sa.Metadata.NamespaceProperty == "edge-hosts" && sa.Metadata.Name == edge.Spec.Template.Spec.ServiceAccountName);
    }

    [Fact]
    public void Nats_runs_with_jetstream_on_its_store_volume()
    {
        var rendered = Helm.Template(Variants.Default);
        var nats = rendered.Container("nats");
        var config = rendered.One<V1ConfigMap>("wasmcloud-wasmcloud-orleans-nats-config").Data["nats.conf"];
        Assert.Contains("jetstream", config);
        Assert.Contains("store_dir: \"/data/jetstream\"", config);
        Assert.Contains(nats.VolumeMounts, m => "/data/jetstream".StartsWith(m.MountPath, StringComparison.Ordinal) && m.MountPath != "/");
        var service = rendered.One<V1Service>("nats");
        Assert.Equal(4222, Assert.Single(service.Spec.Ports).Port);
    }

    [Fact]
    public void Nats_keeps_its_jetstream_store_on_a_claim_that_outlives_the_release_when_persistence_is_on()
    {
        Assert.Empty(Helm.Template(Variants.Default).All<V1PersistentVolumeClaim>());

        var rendered = Helm.Template(Variants.PersistentNats);
        var claim = rendered.One<V1PersistentVolumeClaim>("wasmcloud-wasmcloud-orleans-nats-jetstream");
        Assert.Equal("fast-ssd", claim.Spec.StorageClassName);
        Assert.Equal("20Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Equal("keep", claim.Metadata.Annotations["helm.sh/resource-policy"]);
        var store = Assert.Single(rendered.Deployment("nats").Spec.Template.Spec.Volumes, v => v.Name == "jetstream");
        Assert.Equal(claim.Metadata.Name, store.PersistentVolumeClaim?.ClaimName);
        Assert.Null(store.EmptyDir);

        var existing = Helm.Template("nats: { jetstream: { persistence: { enabled: true, existingClaim: nats-data } } }");
        Assert.Empty(existing.All<V1PersistentVolumeClaim>());
        Assert.Equal("nats-data", Assert.Single(existing.Deployment("nats").Spec.Template.Spec.Volumes, v => v.Name == "jetstream").PersistentVolumeClaim?.ClaimName);
    }

    [Fact]
    public void Nats_off_uses_the_external_urls_and_renders_no_server()
    {
        var rendered = Helm.Template(Variants.ExternalNats);
        Assert.DoesNotContain(rendered.Objects, o => o.Metadata.Name.Contains("nats", StringComparison.Ordinal));
        Assert.Contains("--Nats:Url=nats://control.example.net:4222", rendered.Container(Silo).Args);
        var host = rendered.Container("hostgroup-default");
        Assert.Contains("--scheduler-nats-url=nats://control.example.net:4222", host.Args);
        Assert.Contains("--data-nats-url=nats://data.example.net:4222", host.Args);
    }

    [Fact]
    public void Nats_off_without_urls_is_refused_with_a_message()
    {
        var (code, _, error) = Helm.Run("nats: { enabled: false }", "template", Helm.Release, Helm.ChartPath, "--namespace", Helm.Namespace);
        Assert.NotEqual(0, code);
        Assert.Contains("global.nats.schedulerUrl", error);
    }

    [Fact]
    public void Tls_gives_operator_runtime_and_data_their_own_identities()
    {
        var rendered = Helm.Template(Variants.Tls);
        var secrets = rendered.All<V1Secret>().Select(s => s.Metadata.Name).Order().ToList();
        Assert.Equal(new[] { "wasmcloud-ca", "wasmcloud-data-tls", "wasmcloud-nats-tls", "wasmcloud-operator-tls", "wasmcloud-runtime-tls" }, secrets);
        Assert.Contains("verify_and_map: true", rendered.One<V1ConfigMap>("wasmcloud-wasmcloud-orleans-nats-config").Data["nats.conf"]);

        var host = rendered.Deployment("hostgroup-default").Spec.Template.Spec;
        Assert.Contains(host.Volumes, v => v.Secret?.SecretName == "wasmcloud-runtime-tls");
        Assert.Contains(host.Volumes, v => v.Secret?.SecretName == "wasmcloud-data-tls");
        Assert.Contains("--scheduler-nats-tls-cert=/runtime-cert/tls.crt", host.Containers[0].Args);
        Assert.Contains("--data-nats-tls-cert=/data-cert/tls.crt", host.Containers[0].Args);
        Assert.Contains(rendered.Deployment(Silo).Spec.Template.Spec.Volumes, v => v.Secret?.SecretName == "wasmcloud-operator-tls");
        Assert.StartsWith("--Nats:Url=tls://", Assert.Single(rendered.Container(Silo).Args, a => a.StartsWith("--Nats:Url=", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_gateway_is_the_silo_image_in_gateway_mode_and_disappears_when_disabled()
    {
        var rendered = Helm.Template(Variants.Default);
        var gateway = rendered.Container("wasmcloud-wasmcloud-orleans-gateway");
        Assert.Equal(rendered.Container(Silo).Image, gateway.Image);
        Assert.Equal("Wasmcloud.Silo.dll", gateway.Args[0]);
        Assert.Contains("--gateway", gateway.Args);
        Assert.Contains("--urls=http://0.0.0.0:8000", gateway.Args);
        Assert.False(rendered.Deployment("wasmcloud-wasmcloud-orleans-gateway").Spec.Template.Spec.AutomountServiceAccountToken);
        var service = Assert.Single(rendered.One<V1Service>("wasmcloud-wasmcloud-orleans-gateway").Spec.Ports);
        Assert.Equal(80, service.Port);
        Assert.Equal("http", service.TargetPort.Value);
        Assert.Equal(8000, Assert.Single(gateway.Ports, p => p.Name == "http").ContainerPort);
        Assert.Equal("/readyz", gateway.ReadinessProbe.HttpGet.Path);

        // The gateway follows the silos through their Orleans gateway port, by the headless Service that lists every
        // silo pod, and the silo network policy lets gateway pods in on that port.
        var siloGatewayPort = Assert.Single(rendered.Container(Silo).Ports, p => p.Name == "gateway").ContainerPort;
        Assert.Contains($"--Gateway:Silos:0=wasmcloud-wasmcloud-orleans-silo.wasmcloud.svc.cluster.local:{siloGatewayPort}", gateway.Args);
        Assert.Contains(rendered.One<V1Service>("wasmcloud-wasmcloud-orleans-silo").Spec.Ports, p => p.Port == siloGatewayPort);
        var gatewayLabels = rendered.Deployment("wasmcloud-wasmcloud-orleans-gateway").Spec.Template.Metadata.Labels;
        Assert.Contains(
            rendered.One<V1NetworkPolicy>(Silo).Spec.Ingress,
            rule => rule.FromProperty?.Any(peer => peer.PodSelector?.MatchLabels?.All(kv => gatewayLabels.TryGetValue(kv.Key, out var v) && v == kv.Value) == true) == true
                    && rule.Ports.Any(p => Convert.ToInt32(p.Port.Value) == siloGatewayPort));
        Assert.DoesNotContain(gateway.Args, a => a.StartsWith("--Gateway:FallbackEndpoint", StringComparison.Ordinal));

        // Same cluster identity as the silos, or their gateways turn the client away.
        var siloEnv = rendered.Container(Silo).Env.ToDictionary(e => e.Name, e => e.Value);
        var gatewayEnv = gateway.Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal(siloEnv["ORLEANS_SERVICE_ID"], gatewayEnv["ORLEANS_SERVICE_ID"]);
        Assert.Equal(siloEnv["ORLEANS_CLUSTER_ID"], gatewayEnv["ORLEANS_CLUSTER_ID"]);
        Assert.DoesNotContain("--IngressRoutes:Enabled=false", rendered.Container(Silo).Args);

        var withFallback = Helm.Template("gateway: { fallbackEndpoint: 'http://default-backend.web:8080' }");
        Assert.Contains("--Gateway:FallbackEndpoint=http://default-backend.web:8080", withFallback.Container("wasmcloud-wasmcloud-orleans-gateway").Args);

        var off = Helm.Template(Variants.GatewayOff);
        Assert.DoesNotContain(off.Objects, o => o.Metadata.Name.Contains("gateway", StringComparison.Ordinal));
        Assert.DoesNotContain("--gateway", off.Yaml);

        // Nobody follows the routing table, so the silos do not compute it.
        Assert.Contains("--IngressRoutes:Enabled=false", off.Container(Silo).Args);
    }

    [Fact]
    public void Host_pods_mount_extra_volumes_for_registry_cas_and_workload_host_paths()
    {
        var rendered = Helm.Template("""
            runtime:
              ociCaPaths: [/etc/registry-ca/ca.crt]
              volumes: [{name: registry-ca, configMap: {name: registry-ca}}]
              volumeMounts: [{name: registry-ca, mountPath: /etc/registry-ca, readOnly: true}]
              hostGroups:
                - name: default
                  volumes: [{name: shared, persistentVolumeClaim: {claimName: shared-data}}]
                  volumeMounts: [{name: shared, mountPath: /data/shared}]
            """);
        var pod = rendered.Deployment("hostgroup-default").Spec.Template.Spec;
        var host = Assert.Single(pod.Containers);
        Assert.Contains("--oci-ca-path=/etc/registry-ca/ca.crt", host.Args);
        Assert.Contains(pod.Volumes, v => v.Name == "registry-ca" && v.ConfigMap?.Name == "registry-ca");
        Assert.Contains(pod.Volumes, v => v.Name == "shared" && v.PersistentVolumeClaim?.ClaimName == "shared-data");
        Assert.Contains(host.VolumeMounts, m => m.Name == "registry-ca" && m.MountPath == "/etc/registry-ca" && m.ReadOnlyProperty == true);
        Assert.Contains(host.VolumeMounts, m => m.Name == "shared" && m.MountPath == "/data/shared");
        Assert.All(host.VolumeMounts, m => Assert.Contains(pod.Volumes, v => v.Name == m.Name));
    }

    [Fact]
    public void Network_policies_admit_each_host_groups_http_port_and_can_be_turned_off()
    {
        var rendered = Helm.Template(Variants.TwoHostGroups);
        var policies = rendered.All<V1NetworkPolicy>().ToDictionary(p => p.Metadata.Name);
        Assert.Contains(8080, policies["hostgroup-edge"].Spec.Ingress.SelectMany(i => i.Ports).Select(p => Convert.ToInt32(p.Port.Value)));
        Assert.Contains(9191, policies["hostgroup-default"].Spec.Ingress.SelectMany(i => i.Ports).Select(p => Convert.ToInt32(p.Port.Value)));
        Assert.Contains(4222, policies["wasmcloud-wasmcloud-orleans-nats"].Spec.Ingress.SelectMany(i => i.Ports).Select(p => Convert.ToInt32(p.Port.Value)));
        var silo = policies["wasmcloud-wasmcloud-orleans-operator"].Spec.Ingress.SelectMany(i => i.Ports).Select(p => Convert.ToInt32(p.Port.Value)).ToList();
        Assert.Contains(11111, silo);
        Assert.Contains(30000, silo);
        Assert.Contains(8080, silo);

        Assert.Empty(Helm.Template("networkPolicy: { enabled: false }").All<V1NetworkPolicy>());
    }
}
