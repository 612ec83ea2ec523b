using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Wasmcloud.Grains.Abstractions.Model;
using Wasmcloud.Silo.Feeding;

namespace Wasmcloud.Silo.Tests.Feeding;

public sealed class GrainDispatcherTests : IAsyncDisposable
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly FakeGrainFactory _grains = new();
    private readonly GrainDispatcher _dispatcher;

    public GrainDispatcherTests() =>
        _dispatcher = new GrainDispatcher(
            _grains.Factory,
            Options.Create(new FeederOptions { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(5), MaxDispatchAttempts = 5 }),
            TimeProvider.System,
            NullLogger<GrainDispatcher>.Instance);

    public ValueTask DisposeAsync() => _dispatcher.DisposeAsync();

    [Fact]
    public async Task Each_kind_reaches_its_grain_and_its_parents()
    {
        var deployment = Stored(TestObjects.Deployment("web"));
        var replicaSet = Stored(TestObjects.ReplicaSet("web-1", deployment));
        var workload = Stored(TestObjects.Workload("web-1-a", replicaSet));
        workload.Spec.Kubernetes = new KubernetesSpec { Service = new NameReference { Name = "web" } };
        var host = Stored(TestObjects.Host("exotic-toes-5866", "6f1c1a4e-4a42-4f53-9f5b-0d6c5b9c1a11"));
        var artifact = Stored(TestObjects.Artifact("art"));
        var service = Stored(new Service { Metadata = new ObjectMeta { Name = "web", Namespace = "default" } });

        foreach (var obj in new KubeObject[] { deployment, replicaSet, workload, host, artifact, service })
        {
            await Dispatch(WatchEventType.Added, obj);
        }

        Assert.Equal(
            [
                "IWorkloadDeploymentGrain(default/web).Upsert",
                "IWorkloadReplicaSetGrain(default/web-1).Upsert",
                "IWorkloadDeploymentGrain(default/web).ChildChanged",
                "IWorkloadGrain(default/web-1-a).Upsert",
                "IWorkloadReplicaSetGrain(default/web-1).ChildChanged",
                "IServiceEndpointsGrain(default/web).WorkloadChanged",
                "IHostGrain(6f1c1a4e-4a42-4f53-9f5b-0d6c5b9c1a11).Upsert",
                "IArtifactGrain(default/art).Upsert",
                "IServiceEndpointsGrain(default/web).Refresh",
            ],
            _grains.CallNames);
        Assert.Same(workload, _grains.Calls[3].Arguments[0]);
    }

    [Fact]
    public async Task Deletes_remove_and_tell_the_parents()
    {
        var deployment = Stored(TestObjects.Deployment("web"));
        var replicaSet = Stored(TestObjects.ReplicaSet("web-1", deployment));
        var workload = Stored(TestObjects.Workload("web-1-a", replicaSet));
        workload.Spec.Kubernetes = new KubernetesSpec { Service = new NameReference { Name = "web" } };
        var host = Stored(TestObjects.Host("exotic-toes-5866", "h1"));

        foreach (var obj in new KubeObject[] { workload, replicaSet, deployment, host })
        {
            await Dispatch(WatchEventType.Deleted, obj);
        }

        Assert.Equal(
            [
                "IWorkloadGrain(default/web-1-a).Remove",
                "IWorkloadReplicaSetGrain(default/web-1).ChildRemoved",
                "IServiceEndpointsGrain(default/web).WorkloadRemoved",
                "IWorkloadReplicaSetGrain(default/web-1).Remove",
                "IWorkloadDeploymentGrain(default/web).ChildRemoved",
                "IWorkloadDeploymentGrain(default/web).Remove",
                "IHostGrain(h1).Remove",
            ],
            _grains.CallNames);
        Assert.Equal("web-1-a", _grains.Calls[1].Arguments[0]);
    }

    [Fact]
    public async Task A_workload_moving_to_another_service_leaves_the_old_one()
    {
        var workload = Stored(TestObjects.Workload("w"));
        workload.Spec.Kubernetes = new KubernetesSpec { Service = new NameReference { Name = "old" } };
        await Dispatch(WatchEventType.Added, workload);
        var moved = Stored(TestObjects.Workload("w"));
        moved.Metadata.Uid = workload.Metadata.Uid;
        moved.Spec.Kubernetes = new KubernetesSpec { Service = new NameReference { Name = "new" } };
        await Dispatch(WatchEventType.Modified, moved);

        Assert.Equal(
            [
                "IWorkloadGrain(default/w).Upsert", "IServiceEndpointsGrain(default/old).WorkloadChanged",
                "IWorkloadGrain(default/w).Upsert", "IServiceEndpointsGrain(default/old).WorkloadRemoved", "IServiceEndpointsGrain(default/new).WorkloadChanged",
            ],
            _grains.CallNames);
    }

    [Fact]
    public async Task A_failed_call_is_retried_without_repeating_the_calls_that_landed()
    {
        var failures = 2;
        _grains.Behavior = call => call.Method == "ChildChanged" && Interlocked.Decrement(ref failures) >= 0
            ? Task.FromException(new TimeoutException("silo busy"))
            : Task.CompletedTask;
        var deployment = Stored(TestObjects.Deployment("web"));

        await Dispatch(WatchEventType.Added, Stored(TestObjects.ReplicaSet("web-1", deployment)));

        Assert.Equal(
            [
                "IWorkloadReplicaSetGrain(default/web-1).Upsert",
                "IWorkloadDeploymentGrain(default/web).ChildChanged",
                "IWorkloadDeploymentGrain(default/web).ChildChanged",
                "IWorkloadDeploymentGrain(default/web).ChildChanged",
            ],
            _grains.CallNames);
    }

    [Fact]
    public async Task Changes_stay_in_order_per_object_while_other_objects_proceed()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _grains.Behavior = call => call.Key == "default/slow" && call.Method == "Upsert" ? held.Task : Task.CompletedTask;
        var slow = Stored(TestObjects.Artifact("slow"));

        await _dispatcher.HandleAsync(new ResourceEvent(WatchEventType.Added, slow), _ct);
        await _dispatcher.HandleAsync(new ResourceEvent(WatchEventType.Deleted, slow), _ct);
        await _dispatcher.HandleAsync(new ResourceEvent(WatchEventType.Added, Stored(TestObjects.Artifact("fast"))), _ct);
        await AsyncStreams.EventuallyAsync(() => _grains.CallNames.Contains("IArtifactGrain(default/fast).Upsert"), "the other object was delivered");

        Assert.DoesNotContain("IArtifactGrain(default/slow).Remove", _grains.CallNames);
        held.SetResult();
        await _dispatcher.WhenIdleAsync(_ct);
        var slowCalls = _grains.CallNames.Where(c => c.Contains("slow", StringComparison.Ordinal)).ToList();
        Assert.Equal(["IArtifactGrain(default/slow).Upsert", "IArtifactGrain(default/slow).Remove"], slowCalls);
    }

    private async Task Dispatch(WatchEventType type, KubeObject obj)
    {
        await _dispatcher.HandleAsync(new ResourceEvent(type, obj), _ct);
        await _dispatcher.WhenIdleAsync(_ct);
    }

    private static T Stored<T>(T obj) where T : KubeObject
    {
        KubeKind.Stamp(obj);
        obj.Metadata.Uid = Guid.NewGuid().ToString();
        return obj;
    }
}
