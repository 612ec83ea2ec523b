using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>
/// How a component's instances serve calls (reference §2.4, §5.2 item 7), from the component's <c>poolSize</c>,
/// <c>maxInvocations</c> and <c>maxConcurrency</c>. <see cref="PoolSize"/> 0 is the ephemeral policy: a fresh store
/// and instance per call. Otherwise up to <see cref="PoolSize"/> warm instances serve calls, each retired after
/// <see cref="MaxInvocations"/> calls (0: never), and calls beyond the pool's capacity get one-shot stores.
/// </summary>
/// <remarks>
/// A wasi:http 0.2 instance is synchronous: its store runs one call at a time, and a second call cannot enter it
/// until the first returns. So an instance serves one call at a time whatever <see cref="RequestedConcurrency"/>
/// says; the pool's capacity is <see cref="PoolSize"/> calls at once, and a call beyond it is never queued behind a
/// busy instance but served by a one-shot store.
/// </remarks>
internal sealed record InstancePolicy(int PoolSize, int MaxInvocations, int RequestedConcurrency)
{
    /// <summary>A fresh instance per call.</summary>
    public static readonly InstancePolicy Ephemeral = new(0, 0, 1);

    public bool IsPooled => PoolSize > 0;

    /// <summary>Calls one instance serves at once: always 1 (see the remarks).</summary>
    public int EffectiveConcurrency => 1;

    /// <summary>
    /// The policy of <paramref name="component"/>. The wire fields are signed (proto <c>sint32</c>): a negative pool
    /// size is ephemeral, a negative invocation limit unlimited, and a concurrency of 0 or less the default, 1.
    /// </summary>
    public static InstancePolicy Of(Component component) => new(
        Math.Max(0, component.PoolSize),
        Math.Max(0, component.MaxInvocations),
        component.MaxConcurrency > 0 ? component.MaxConcurrency : 1);
}
