using Wasmcloud.Silo.Kubernetes.Crds;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

public static class FakeApiServerWasmcloud
{
    /// <summary>
    /// Installs the five wasmCloud CRDs as generated from the model, so objects are pruned, defaulted and validated by
    /// the schemas the chart ships, and served with their status and scale subresources.
    /// </summary>
    public static FakeApiServer InstallWasmcloudCrds(this FakeApiServer server)
    {
        foreach (var crd in CrdGenerator.Generate())
        {
            server.InstallCrd(crd.Definition);
        }

        return server;
    }
}
