using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Grains.Abstractions.Ports;
using Wasmcloud.Protocol;
using Wasmcloud.Silo.Nats.Internal;
using Wasmcloud.TestInfrastructure.Json;
using V2 = Wasmcloud.Protocol.V2;

namespace Wasmcloud.Silo.Tests.Nats.Internal;

public sealed class StartRequestMapperTests
{
    [Fact]
    public void Full_command_becomes_the_reference_start_request()
    {
        var command = new WorkloadStartCommand(
            "0f8e5b7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
            "default",
            "hello-7d9f-x2k4",
            new Dictionary<string, string> { ["team"] = "edge" },
            new WorkloadSpec
            {
                HostSelector = new() { ["hostgroup"] = "default" },
                Components =
                [
                    new WorkloadComponent
                    {
                        Name = "hello",
                        Image = "ghcr.io/acme/hello:1.0",
                        ImagePullSecret = new NameReference { Name = "regcred" },
                        ImagePullPolicy = "IfNotPresent",
                        PoolSize = 4,
                        MaxInvocations = 1000,
                        LocalResources = new LocalResources
                        {
                            Config = new() { ["greeting"] = "hi" },
                            Environment = new ConfigLayer { Config = new() { ["LOG"] = "debug" }, ConfigFrom = [new NameReference { Name = "already-merged" }] },
                            VolumeMounts = [new VolumeMount { Name = "data", MountPath = "/data", ReadOnly = true }],
                            AllowedHosts = ["*.example.com:443"],
                            AllowedIpNameLookups = ["example.com"],
                            AllowedHostLoopbackPorts = ["5432/tcp"],
                        },
                    },
                ],
                HostInterfaces =
                [
                    new HostInterface { Namespace = "wasi", Package = "http", Version = "0.2.0", Interfaces = ["incoming-handler"], Config = new() { ["host"] = "hello.example.com" } },
                    new HostInterface { Namespace = "wasi", Package = "keyvalue", Interfaces = ["store"], Name = "cache" },
                ],
                Service = new WorkloadService
                {
                    Image = "ghcr.io/acme/svc:1.0",
                    ImagePullPolicy = "Always",
                    MaxRestarts = 3,
                    LocalResources = new LocalResources { Environment = new ConfigLayer { Config = new() { ["MODE"] = "prod" } } },
                },
                Volumes =
                [
                    new Volume { Name = "data", HostPath = new HostPathVolume { Path = "/var/data" } },
                    new Volume { Name = "scratch", Ephemeral = new EphemeralVolume() },
                ],
            },
            new Dictionary<string, RegistryCredential>
            {
                ["hello"] = new("robot", "s3cret"),
                [WorkloadStartCommand.ServiceCredentialKey] = new("svc-robot", "svc-s3cret"),
            });

        var json = ProtocolJson.Format(StartRequestMapper.ToRequest(command));

        JsonAssert.Equivalent("""
            {
              "workloadId": "0f8e5b7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
              "workload": {
                "namespace": "default",
                "name": "hello-7d9f-x2k4",
                "annotations": { "team": "edge" },
                "service": {
                  "image": "ghcr.io/acme/svc:1.0",
                  "localResources": { "environment": { "MODE": "prod" } },
                  "maxRestarts": "3",
                  "imagePullSecret": { "username": "svc-robot", "password": "svc-s3cret" },
                  "imagePullPolicy": "IMAGE_PULL_POLICY_ALWAYS"
                },
                "witWorld": {
                  "components": [ {
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
                    "imagePullPolicy": "IMAGE_PULL_POLICY_IF_NOT_PRESENT"
                  } ],
                  "hostInterfaces": [
                    { "namespace": "wasi", "package": "http", "version": "0.2.0", "interfaces": [ "incoming-handler" ], "config": { "host": "hello.example.com" } },
                    { "namespace": "wasi", "package": "keyvalue", "interfaces": [ "store" ], "name": "cache" }
                  ]
                },
                "volumes": [
                  { "name": "data", "hostPath": { "localPath": "/var/data" } },
                  { "name": "scratch", "emptyDir": {} }
                ]
              }
            }
            """, json);
    }

    [Fact]
    public void Minimal_command_omits_everything_unset()
    {
        var command = new WorkloadStartCommand("w", "ns", "n", new Dictionary<string, string>(),
            new WorkloadSpec { Components = [new WorkloadComponent { Name = "c", Image = "i" }] },
            new Dictionary<string, RegistryCredential>());

        JsonAssert.Equivalent(
            """{ "workloadId": "w", "workload": { "namespace": "ns", "name": "n", "witWorld": { "components": [ { "name": "c", "image": "i" } ] } } }""",
            ProtocolJson.Format(StartRequestMapper.ToRequest(command)));
    }

    [Theory]
    [InlineData("Always", V2.ImagePullPolicy.Always)]
    [InlineData("IfNotPresent", V2.ImagePullPolicy.IfNotPresent)]
    [InlineData("Never", V2.ImagePullPolicy.Never)]
    [InlineData("never", V2.ImagePullPolicy.Never)]
    [InlineData(null, V2.ImagePullPolicy.Unspecified)]
    [InlineData("Sometimes", V2.ImagePullPolicy.Unspecified)]
    public void Pull_policy_names_map_to_the_enum(string? policy, V2.ImagePullPolicy expected)
    {
        Assert.Equal(expected, StartRequestMapper.ToPullPolicy(policy));
    }
}
