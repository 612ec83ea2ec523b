using Wasmcloud.Grains.Abstractions.Grains;
using Wasmcloud.Grains.Abstractions.Ingress;

namespace Wasmcloud.Grains.Ingress;

/// <summary>
/// Holds the gateway's routing table as last published and wakes the gateways' long polls when it changes. The
/// publisher recomputes whole tables from the objects it watches, so this grain needs no storage: after a silo loss
/// its new activation has a new stamp and no table, which the publisher notices and fills.
/// </summary>
public sealed class IngressRoutesGrain : Grain, IIngressRoutesGrain
{
    /// <summary>Long polls are cut here whatever the caller asks, well inside Orleans' default 30 s response timeout.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(20);

    private readonly Guid _activation = Guid.NewGuid();
    private IngressRouteUpdate? _current;
    private TaskCompletionSource<IngressRouteUpdate> _next = NewSignal();

    public Task<IngressRouteStamp> Publish(IngressRouteTable table)
    {
        var update = new IngressRouteUpdate(new IngressRouteStamp(_activation, (_current?.Stamp.Version ?? 0) + 1), table);
        _current = update;
        var waiting = _next;
        _next = NewSignal();
        waiting.TrySetResult(update);
        return Task.FromResult(update.Stamp);
    }

    public Task<IngressRouteStamp> GetStamp() => Task.FromResult(_current?.Stamp ?? IngressRouteStamp.None);

    public async Task<IngressRouteUpdate?> WaitForChange(IngressRouteStamp known, TimeSpan maxWait)
    {
        if (_current is { } current && current.Stamp != known)
        {
            return current;
        }

        var wait = maxWait < TimeSpan.Zero ? TimeSpan.Zero : maxWait > MaxWait ? MaxWait : maxWait;
        try
        {
            return await _next.Task.WaitAsync(wait);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static TaskCompletionSource<IngressRouteUpdate> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
