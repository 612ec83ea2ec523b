using System.Collections.Concurrent;

namespace Wasmcloud.HostRuntime.Tests.Components;

/// <summary>Sits between the registry client and the network: records every request and can hold them all until released.</summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly ConcurrentQueue<string> _requests = new();
    private TaskCompletionSource _gate = CompletedGate();
    private int _waiting;

    public RecordingHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>Method and path of every request, in order.</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>Requests held at the gate right now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public int ManifestRequests => _requests.Count(r => r.Contains("/manifests/", StringComparison.Ordinal));

    public int BlobRequests => _requests.Count(r => r.Contains("/blobs/", StringComparison.Ordinal));

    /// <summary>From now on, requests wait until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue($"{request.Method} {request.RequestUri?.AbsolutePath}");
        Interlocked.Increment(ref _waiting);
        try
        {
            await _gate.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }
}
