using System.Globalization;
using System.Text.Json.Nodes;

namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>Manifests as a user writes them, for the standalone silo's manifests folder.</summary>
public static class PlatformManifests
{
    /// <summary>
    /// A WorkloadDeployment serving one CGI-style component, named like the deployment, on <paramref name="hostHeader"/>
    /// through wasi:http; <paramref name="pullSecret"/> names a Secret with registry credentials.
    /// </summary>
    public static string HttpDeployment(string name, string image, string hostHeader, int replicas = 1, string? pullSecret = null) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            apiVersion: runtime.wasmcloud.dev/v1alpha1
            kind: WorkloadDeployment
            metadata: {name: {{name}}}
            spec:
              replicas: {{replicas}}
              template:
                spec:
                  hostSelector: {hostgroup: default}
                  components:
                    - name: {{name}}
                      image: "{{image}}"
            {{(pullSecret is null ? "" : $"          imagePullSecret: {{name: {pullSecret}}}\n")}}      hostInterfaces:
                    - namespace: wasi
                      package: http
                      interfaces: [incoming-handler]
                      config: {host: "{{hostHeader}}"}

            """);

    /// <summary>
    /// A bare Workload (no deployment above it) serving one CGI-style component on <paramref name="hostHeader"/>: its
    /// name, and so its grain, is the one given rather than a generated one.
    /// </summary>
    public static string HttpWorkload(string name, string image, string hostHeader) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            apiVersion: runtime.wasmcloud.dev/v1alpha1
            kind: Workload
            metadata: {name: {{name}}}
            spec:
              hostSelector: {hostgroup: default}
              components:
                - name: {{name}}
                  image: "{{image}}"
              hostInterfaces:
                - namespace: wasi
                  package: http
                  interfaces: [incoming-handler]
                  config: {host: "{{hostHeader}}"}

            """);

    /// <summary>A <c>kubernetes.io/dockerconfigjson</c> Secret holding one registry login, as <c>kubectl create secret docker-registry</c> writes it.</summary>
    public static string DockerConfigSecret(string name, string registry, string username, string password)
    {
        var dockerConfig = new JsonObject
        {
            ["auths"] = new JsonObject { [registry] = new JsonObject { ["username"] = username, ["password"] = password } },
        };
        // JSON is valid YAML, so the whole Secret is written as JSON and needs no YAML quoting rules.
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["type"] = "kubernetes.io/dockerconfigjson",
            ["stringData"] = new JsonObject { [".dockerconfigjson"] = dockerConfig.ToJsonString() },
        }.ToJsonString() + "\n";
    }
}
