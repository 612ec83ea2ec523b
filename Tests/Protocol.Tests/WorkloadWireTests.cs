using Wasmcloud.Protocol.V2;
using Wasmcloud.TestInfrastructure.Json;

namespace Wasmcloud.Protocol.Tests;

/// <summary>Start requests and workload replies as reference §4.2/§4.3 describes them.</summary>
public sealed class WorkloadWireTests
{
    private const string StartRequestJson = """
        {
          "workload": {
            "namespace": "default",
            "name": "hello-7d9f-x2k4",
            "annotations": { "team": "edge" },
            "service": {
              "image": "ghcr.io/acme/svc:1.0",
              "localResources": { "environment": { "MODE": "prod" } },
              "maxRestarts": "3",
              "imagePullPolicy": "IMAGE_PULL_POLICY_ALWAYS"
            },
            "witWorld": {
              "components": [
                {
                  "image": "ghcr.io/acme/hello:1.0",
                  "localResources": {
                    "config": { "greeting": "hi" },
                    "environment": { "LOG": "debug" },
                    "volumeMounts": [ { "name": "data", "mountPath": "/data", "readOnly": true } ],
                    "allowedHosts": [ "*.example.com:443" ],
                    "allowedIpNameLookups": [ "example.com" ],
                    "allowedHostLoopbackPorts": [ "5432/tcp" ]
                  },
                  "poolSize": 4,
                  "maxInvocations": 1000,
                  "imagePullSecret": { "username": "robot", "password": "s3cret" },
                  "name": "hello",
                  "imagePullPolicy": "IMAGE_PULL_POLICY_IF_NOT_PRESENT",
                  "maxConcurrency": -1
                }
              ],
              "hostInterfaces": [
                { "namespace": "wasi", "package": "http", "version": "0.2.0", "interfaces": [ "incoming-handler" ],
                  "config": { "host": "hello.example.com", "host-aliases": "hi.example.com" } },
                { "namespace": "wasi", "package": "keyvalue", "interfaces": [ "store" ], "name": "cache" }
              ]
            },
            "volumes": [
              { "name": "data", "hostPath": { "localPath": "/var/data" } },
              { "name": "scratch", "emptyDir": {} }
            ]
          },
          "workloadId": "0f8e5b7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b"
        }
        """;

    private static WorkloadStartRequest BuildStartRequest() => new()
    {
        WorkloadId = "0f8e5b7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
        Workload = new Workload
        {
            Namespace = "default",
            Name = "hello-7d9f-x2k4",
            Annotations = { ["team"] = "edge" },
            Service = new Service
            {
                Image = "ghcr.io/acme/svc:1.0",
                LocalResources = new LocalResources { Environment = { ["MODE"] = "prod" } },
                MaxRestarts = 3,
                ImagePullPolicy = ImagePullPolicy.Always,
            },
            WitWorld = new WitWorld
            {
                Components =
                {
                    new Component
                    {
                        Image = "ghcr.io/acme/hello:1.0",
                        LocalResources = new LocalResources
                        {
                            Config = { ["greeting"] = "hi" },
                            Environment = { ["LOG"] = "debug" },
                            VolumeMounts = { new VolumeMount { Name = "data", MountPath = "/data", ReadOnly = true } },
                            AllowedHosts = { "*.example.com:443" },
                            AllowedIpNameLookups = { "example.com" },
                            AllowedHostLoopbackPorts = { "5432/tcp" },
                        },
                        PoolSize = 4,
                        MaxInvocations = 1000,
                        ImagePullSecret = new ImagePullSecret { Username = "robot", Password = "s3cret" },
                        Name = "hello",
                        ImagePullPolicy = ImagePullPolicy.IfNotPresent,
                        MaxConcurrency = -1,
                    },
                },
                HostInterfaces =
                {
                    new WitInterface
                    {
                        Namespace = "wasi", Package = "http", Version = "0.2.0", Interfaces = { "incoming-handler" },
                        Config = { ["host"] = "hello.example.com", ["host-aliases"] = "hi.example.com" },
                    },
                    new WitInterface { Namespace = "wasi", Package = "keyvalue", Interfaces = { "store" }, Name = "cache" },
                },
            },
            Volumes =
            {
                new Volume { Name = "data", HostPath = new HostPathVolume { LocalPath = "/var/data" } },
                new Volume { Name = "scratch", EmptyDir = new EmptyDirVolume() },
            },
        },
    };

    [Fact]
    public void Start_request_encodes_as_the_reference_documents_it()
    {
        JsonAssert.Equivalent(StartRequestJson, ProtocolJson.Format(BuildStartRequest()));
    }

    [Fact]
    public void Start_request_round_trips()
    {
        var parsed = ProtocolJson.Parse<WorkloadStartRequest>(StartRequestJson);

        Assert.Equal(BuildStartRequest(), parsed);
        Assert.Equal(Volume.VolumeTypeOneofCase.EmptyDir, parsed.Workload.Volumes[1].VolumeTypeCase);
        Assert.Equal(3UL, parsed.Workload.Service.MaxRestarts);
    }

    [Fact]
    public void Start_request_written_in_snake_case_is_accepted()
    {
        var parsed = ProtocolJson.Parse<WorkloadStartRequest>("""
            {
              "workload_id": "w-1",
              "workload": {
                "namespace": "default",
                "name": "hello",
                "wit_world": {
                  "components": [ { "image": "file:///tmp/hello.wasm", "pool_size": 2, "max_invocations": 5, "max_concurrency": 3,
                                    "image_pull_policy": "IMAGE_PULL_POLICY_NEVER",
                                    "image_pull_secret": { "username": "u", "password": "p" },
                                    "local_resources": { "allowed_hosts": [ "*" ], "volume_mounts": [ { "name": "v", "mount_path": "/v", "read_only": true } ] } } ],
                  "host_interfaces": [ { "namespace": "wasi", "package": "http", "interfaces": [ "incoming-handler" ] } ]
                },
                "service": { "image": "file:///tmp/svc.wasm", "max_restarts": 2 },
                "volumes": [ { "name": "v", "host_path": { "local_path": "/srv" } }, { "name": "e", "empty_dir": {} } ]
              }
            }
            """);

        Assert.Equal("w-1", parsed.WorkloadId);
        var component = Assert.Single(parsed.Workload.WitWorld.Components);
        Assert.Equal(2, component.PoolSize);
        Assert.Equal(5, component.MaxInvocations);
        Assert.Equal(3, component.MaxConcurrency);
        Assert.Equal(ImagePullPolicy.Never, component.ImagePullPolicy);
        Assert.Equal("u", component.ImagePullSecret.Username);
        Assert.Equal("*", Assert.Single(component.LocalResources.AllowedHosts));
        Assert.True(Assert.Single(component.LocalResources.VolumeMounts).ReadOnly);
        Assert.Equal("http", Assert.Single(parsed.Workload.WitWorld.HostInterfaces).Package);
        Assert.Equal(2UL, parsed.Workload.Service.MaxRestarts);
        Assert.Equal("/srv", parsed.Workload.Volumes[0].HostPath.LocalPath);
        Assert.Equal(Volume.VolumeTypeOneofCase.EmptyDir, parsed.Workload.Volumes[1].VolumeTypeCase);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var parsed = ProtocolJson.Parse<WorkloadStartRequest>("""
            { "workloadId": "w-2", "lattice": "default", "workload": { "name": "x", "futureField": { "nested": [ 1, 2 ] },
              "witWorld": { "components": [ { "image": "a", "precompiledUrl": "https://cache/a.cwasm" } ] } } }
            """);

        Assert.Equal("w-2", parsed.WorkloadId);
        Assert.Equal("a", Assert.Single(parsed.Workload.WitWorld.Components).Image);
    }

    [Theory]
    [InlineData("WORKLOAD_STATE_RUNNING", WorkloadState.Running, "Workload started successfully")]
    [InlineData("WORKLOAD_STATE_ERROR", WorkloadState.Error, "failed to pull image for component 'hello': not found")]
    [InlineData("WORKLOAD_STATE_STOPPING", WorkloadState.Stopping, "Workload stopped successfully")]
    [InlineData("WORKLOAD_STATE_NOT_FOUND", WorkloadState.NotFound, "Workload not found: w-3")]
    public void Workload_replies_carry_enum_names(string stateName, WorkloadState state, string message)
    {
        var status = new WorkloadStatus { WorkloadId = "w-3", WorkloadState = state, Message = message };
        var expected = $$"""{ "workloadStatus": { "workloadId": "w-3", "workloadState": "{{stateName}}", "message": "{{message}}" } }""";

        JsonAssert.Equivalent(expected, ProtocolJson.Format(new WorkloadStartResponse { WorkloadStatus = status }));
        JsonAssert.Equivalent(expected, ProtocolJson.Format(new WorkloadStatusResponse { WorkloadStatus = status }));
        JsonAssert.Equivalent(expected, ProtocolJson.Format(new WorkloadStopResponse { WorkloadStatus = status }));
        Assert.Equal(status, ProtocolJson.Parse<WorkloadStatusResponse>(expected).WorkloadStatus);
    }

    [Fact]
    public void Status_and_stop_requests_are_a_bare_workload_id()
    {
        JsonAssert.Equivalent("""{ "workloadId": "w-4" }""", ProtocolJson.Format(new WorkloadStatusRequest { WorkloadId = "w-4" }));
        JsonAssert.Equivalent("""{ "workloadId": "w-4" }""", ProtocolJson.Format(new WorkloadStopRequest { WorkloadId = "w-4" }));
        Assert.Equal("w-4", ProtocolJson.Parse<WorkloadStopRequest>("""{ "workload_id": "w-4" }""").WorkloadId);
    }

    [Fact]
    public void Enum_numbers_are_accepted_on_input()
    {
        var reply = ProtocolJson.Parse<WorkloadStatusResponse>("""{ "workloadStatus": { "workloadState": 2 } }""");

        Assert.Equal(WorkloadState.Running, reply.WorkloadStatus.WorkloadState);
    }
}
