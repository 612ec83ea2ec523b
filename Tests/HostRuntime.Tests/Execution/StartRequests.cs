using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Wasm;

namespace Wasmcloud.HostRuntime.Tests.Execution;

/// <summary>Start requests over the fixtures, shaped as the operator sends them.</summary>
internal static class StartRequests
{
    public static string NewId() => Guid.NewGuid().ToString();

    /// <summary>A unique host name, so tests sharing the host never see each other's routes.</summary>
    public static string NewHost(string prefix) => $"{prefix}-{Guid.NewGuid():N}.example.com";

    /// <summary>One component serving wasi:http on <paramref name="host"/>.</summary>
    public static WorkloadStartRequest Http(
        string fixture,
        string host,
        string? aliases = null,
        IDictionary<string, string>? environment = null,
        int memoryLimitMb = 0,
        string? image = null,
        IEnumerable<string>? allowedHosts = null,
        int poolSize = 0,
        int maxInvocations = 0,
        int maxConcurrency = 0)
    {
        var http = new WitInterface { Namespace = "wasi", Package = "http", Version = "0.2.0", Interfaces = { "incoming-handler" }, Config = { ["host"] = host } };
        if (aliases is not null)
        {
            http.Config["host-aliases"] = aliases;
        }

        var resources = new LocalResources { MemoryLimitMb = memoryLimitMb, AllowedHosts = { allowedHosts ?? [] } };
        if (environment is not null)
        {
            resources.Environment.Add(environment);
        }

        return new WorkloadStartRequest
        {
            WorkloadId = NewId(),
            Workload = new Workload
            {
                Namespace = "default",
                Name = fixture,
                WitWorld = new WitWorld
                {
                    Components =
                    {
                        new Component
                        {
                            Name = fixture,
                            Image = image ?? Fixtures.ImageOf(fixture),
                            LocalResources = resources,
                            PoolSize = poolSize,
                            MaxInvocations = maxInvocations,
                            MaxConcurrency = maxConcurrency,
                        },
                    },
                    HostInterfaces = { http },
                },
            },
        };
    }

    /// <summary>A workload with <c>hello</c> as its only component (no HTTP) and the <c>service</c> fixture as its service.</summary>
    public static WorkloadStartRequest WithService(ulong maxRestarts, IDictionary<string, string>? environment = null)
    {
        var service = new Service { Image = Fixtures.ImageOf(Fixtures.Service), MaxRestarts = maxRestarts, LocalResources = new LocalResources() };
        if (environment is not null)
        {
            service.LocalResources.Environment.Add(environment);
        }

        return new WorkloadStartRequest
        {
            WorkloadId = NewId(),
            Workload = new Workload
            {
                Namespace = "default",
                Name = "with-service",
                Service = service,
                WitWorld = new WitWorld { Components = { new Component { Name = "hello", Image = Fixtures.ImageOf(Fixtures.Hello) } } },
            },
        };
    }
}
