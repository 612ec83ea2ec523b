using System.Globalization;

namespace Wasmcloud.TestInfrastructure.Platform;

/// <summary>Manifests as a user writes them, for the standalone silo's manifests folder.</summary>
public static class PlatformManifests
{
    /// <summary>A WorkloadDeployment serving one CGI-style component on <paramref name="hostHeader"/> through wasi:http.</summary>
    public static string HttpDeployment(string name, string image, string hostHeader, int replicas = 1) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            apiVersion: runtime.wasmcloud.dev/v1alpha1
            kind: WorkloadDeployment
            metadata: {name: {{name}}}
            spec:
              replicas: {{replicas}}
              template:
                spec:
                  hostSelector: {hostgroup: default}
                  components: [{name: {{name}}, image: "{{image}}"}]
                  hostInterfaces:
                    - namespace: wasi
                      package: http
                      interfaces: [incoming-handler]
                      config: {host: "{{hostHeader}}"}

            """);
}
