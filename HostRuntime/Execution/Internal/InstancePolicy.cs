using Wasmcloud.Protocol.V2;

namespace Wasmcloud.HostRuntime.Execution.Internal;

/// <summary>
/// How a component's instances serve calls (reference §2.4, §5.2 item 7), from the component's <c>poolSize</c>,
/// <c>maxInvocations</c> and <c>maxConcurrency</c>. <see cref="PoolSize"/> 0 is the ephemeral policy: a fresh store
/// and instance per call. Otherwise up to <see cref="WarmCapacity"/> warm instances serve calls, each retired after
/// <see cref="MaxInvocations"/> calls (0: never), and calls beyond that capacity get one-shot stores.
/// </summary>
/// <remarks>
/// The reference lets each of its <see cref="PoolSize"/> instances serve <see cref="MaxConcurrency"/> calls at once.
/// A wasi:http 0.2 instance here is synchronous (concurrency support is off in the engine): its store runs one call at
/// a time. The nearest equivalent a user can notice is the same number of warm calls at once: each of the
/// <see cref="PoolSize"/> warm slots grows, on demand, to as many as <see cref="MaxConcurrency"/> sibling instances,
/// each kept warm and retired like any other. What differs: siblings share no guest state, whereas the reference's
/// concurrent calls on one instance share its memory (docs/decisions/wasi-http-components.md).
/// </remarks>
internal sealed record InstancePolicy(int PoolSize, int MaxInvocations, int MaxConcurrency)
{
    /// <summary>A fresh instance per call.</summary>
    public static readonly InstancePolicy Ephemeral = new(0, 0, 1);

    public bool IsPooled => PoolSize > 0;

    /// <summary>
    /// Warm instances the pool may hold, which is also how many calls it serves at once before a call gets a one-shot
    /// store: <see cref="PoolSize"/> × <see cref="MaxConcurrency"/>, made lazily.
    /// </summary>
    public int WarmCapacity => (int)Math.Min(int.MaxValue, (long)PoolSize * Math.Max(1, MaxConcurrency));

    /// <summary>
    /// The policy of <paramref name="component"/>. The wire fields are signed (proto <c>sint32</c>): a negative pool
    /// size is ephemeral, a negative invocation limit unlimited, and a concurrency of 0 or less the default, 1.
    /// </summary>
    public static InstancePolicy Of(Component component) => new(
        Math.Max(0, component.PoolSize),
        Math.Max(0, component.MaxInvocations),
        component.MaxConcurrency > 0 ? component.MaxConcurrency : 1);
}
