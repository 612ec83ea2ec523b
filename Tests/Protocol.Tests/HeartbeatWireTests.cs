using Google.Protobuf.WellKnownTypes;
using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Json;

namespace Wasmcloud.Protocol.Tests;

/// <summary>The heartbeat as reference §4.2/§4.3 says a wasmCloud operator expects to read it.</summary>
public sealed class HeartbeatWireTests
{
    private const string FullHeartbeat = """
        {
          "id": "4b1c7a3e-6f0e-4a8e-9a53-2d5f2f0b8c11",
          "hostname": "10.244.0.17",
          "friendlyName": "quiet-otter-4821",
          "version": "2.0.3",
          "labels": { "hostgroup": "default" },
          "startedAt": "2026-11-25T10:15:30Z",
          "osArch": "x86_64",
          "osName": "linux",
          "osKernel": "unix",
          "systemCpuUsage": 12.5,
          "systemMemoryTotal": "16777216000",
          "systemMemoryFree": "8388608000",
          "componentCount": "3",
          "workloadCount": "2",
          "imports": [ { "namespace": "wasi", "package": "http", "version": "0.2.0", "interfaces": [ "outgoing-handler" ] } ],
          "exports": [ { "namespace": "wasi", "package": "http", "interfaces": [ "incoming-handler" ] } ],
          "httpPort": 9191,
          "environment": "tenant-a"
        }
        """;

    [Fact]
    public void Full_heartbeat_encodes_as_the_reference_documents_it()
    {
        var heartbeat = new HostHeartbeat
        {
            Id = "4b1c7a3e-6f0e-4a8e-9a53-2d5f2f0b8c11",
            Hostname = "10.244.0.17",
            FriendlyName = "quiet-otter-4821",
            Version = "2.0.3",
            Labels = { ["hostgroup"] = "default" },
            StartedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 25, 10, 15, 30, TimeSpan.Zero)),
            OsArch = "x86_64",
            OsName = "linux",
            OsKernel = "unix",
            SystemCpuUsage = 12.5f,
            SystemMemoryTotal = 16_777_216_000,
            SystemMemoryFree = 8_388_608_000,
            ComponentCount = 3,
            WorkloadCount = 2,
            Imports = { new WitInterface { Namespace = "wasi", Package = "http", Version = "0.2.0", Interfaces = { "outgoing-handler" } } },
            Exports = { new WitInterface { Namespace = "wasi", Package = "http", Interfaces = { "incoming-handler" } } },
            HttpPort = 9191,
            Environment = "tenant-a",
        };

        JsonAssert.Equivalent(FullHeartbeat, ProtocolJson.Format(heartbeat));
    }

    [Fact]
    public void Zero_counts_and_empty_fields_are_omitted()
    {
        var heartbeat = new HostHeartbeat { Id = "h1", FriendlyName = "calm-fox-1", Labels = { ["hostgroup"] = "default" } };

        JsonAssert.Equivalent("""{ "id": "h1", "friendlyName": "calm-fox-1", "labels": { "hostgroup": "default" } }""", ProtocolJson.Format(heartbeat));
    }

    [Fact]
    public void Reference_heartbeat_decodes_field_by_field()
    {
        var heartbeat = ProtocolJson.Parse<HostHeartbeat>(FullHeartbeat);

        Assert.Equal("4b1c7a3e-6f0e-4a8e-9a53-2d5f2f0b8c11", heartbeat.Id);
        Assert.Equal("quiet-otter-4821", heartbeat.FriendlyName);
        Assert.Equal("default", heartbeat.Labels["hostgroup"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 15, 30, TimeSpan.Zero), heartbeat.StartedAt.ToDateTimeOffset());
        Assert.Equal(12.5f, heartbeat.SystemCpuUsage);
        Assert.Equal(16_777_216_000UL, heartbeat.SystemMemoryTotal);
        Assert.Equal(8_388_608_000UL, heartbeat.SystemMemoryFree);
        Assert.Equal(3UL, heartbeat.ComponentCount);
        Assert.Equal(2UL, heartbeat.WorkloadCount);
        Assert.Equal(9191U, heartbeat.HttpPort);
        Assert.Equal("tenant-a", heartbeat.Environment);
        Assert.Equal("outgoing-handler", Assert.Single(Assert.Single(heartbeat.Imports).Interfaces));
        JsonAssert.Equivalent(FullHeartbeat, ProtocolJson.Format(heartbeat));
    }

    [Fact]
    public void Heartbeat_written_in_snake_case_with_numeric_uint64_is_accepted()
    {
        var heartbeat = ProtocolJson.Parse<HostHeartbeat>("""
            { "id": "h1", "friendly_name": "calm-fox-1", "system_memory_total": 1024, "http_port": 80,
              "started_at": "2026-11-25T10:15:30.250+01:00", "os_kernel": "unix" }
            """);

        Assert.Equal("calm-fox-1", heartbeat.FriendlyName);
        Assert.Equal(1024UL, heartbeat.SystemMemoryTotal);
        Assert.Equal(80U, heartbeat.HttpPort);
        Assert.Equal("unix", heartbeat.OsKernel);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 15, 30, 250, TimeSpan.Zero), heartbeat.StartedAt.ToDateTimeOffset());
    }
}
