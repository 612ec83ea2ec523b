using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Wasmcloud.TestInfrastructure.Kubernetes;

/// <summary>One open watch stream: the lines still to send, and the faults a test can put on it.</summary>
public sealed class FakeApiServerWatcher
{
    private readonly CancellationTokenSource _aborted = new();
    private volatile TaskCompletionSource? _stall;

    internal FakeApiServerWatcher(FakeApiServerResource resource, string? @namespace, FakeApiServerSelector selector, bool bookmarks)
    {
        Resource = resource;
        Namespace = @namespace;
        Selector = selector;
        Bookmarks = bookmarks;
    }

    public FakeApiServerResource Resource { get; }

    /// <summary>The namespace watched; null for all.</summary>
    public string? Namespace { get; }

    public FakeApiServerSelector Selector { get; }

    public bool Bookmarks { get; }

    public bool IsStalled => _stall is not null;

    /// <summary>Lines queued for the stream. Unbounded: a slow reader must never hold up a writer.</summary>
    internal Channel<string> Lines { get; } = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Fires when the connection is to be cut rather than ended cleanly.</summary>
    internal CancellationToken Aborted => _aborted.Token;

    internal bool Matches(FakeApiServerResource resource, JsonObject obj) =>
        resource.Key == Resource.Key
        && (Namespace is null || obj["metadata"]?["namespace"]?.GetValue<string>() == Namespace)
        && Selector.Matches(obj);

    /// <summary>Stops sending anything while keeping the connection open: a hung watch.</summary>
    internal void Stall() => _stall ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    internal void Resume() => Interlocked.Exchange(ref _stall, null)?.TrySetResult();

    /// <summary>Ends the stream: cleanly after what is queued, or by cutting the connection.</summary>
    internal void Drop(bool abort)
    {
        Lines.Writer.TryComplete();
        if (abort)
        {
            _aborted.Cancel();
        }

        Resume();
    }

    internal async Task WaitWhileStalledAsync(CancellationToken cancellationToken)
    {
        while (_stall is { } stall)
        {
            await stall.Task.WaitAsync(cancellationToken);
        }
    }
}
